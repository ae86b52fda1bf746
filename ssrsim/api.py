"""``simulate``: one run in one call, for tools that want a function of parameters to numbers.

EMA Workbench, SALib, optimisers and notebooks need no model object: they give a scenario, a
strategy, a seed, a horizon and parameter values, and read the outcomes at the end of the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssrsim.inputs import RngLike
from ssrsim.scenario import Scenario
from ssrsim.strategy import Strategy


def simulate(
    scenario: str | Path | Scenario = "kyrgyzstan",
    strategy: str | Path | Strategy = "status_quo",
    rng: RngLike = None,
    horizon: int | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Run ``scenario`` under ``strategy`` for ``horizon`` quarters (default: the scenario's) and
    return every outcome at the end, with the ``scenario``, ``strategy`` and ``seed`` that reproduce it.

    ``params`` are scenario parameters by their flat names (``political_will=0.4``); ``rng=None``
    draws a seed, which the result records.
    """
    from ssrsim.model import SSRModel  # Mesa: loaded when a run is asked for, not on import
    from ssrsim.outcomes import COLUMNS

    if horizon is not None:
        params["horizon"] = horizon
    model = SSRModel(scenario, strategy, rng=rng, **params)
    model.run_for(int(model.scenario.horizon))
    final = model.outcomes.current
    return {
        "scenario": model.scenario_name,
        "strategy": model.strategy.name,
        "seed": model.seed,
        **{name: final[name] for name in COLUMNS},
    }
