"""A ready EMA Workbench model of a scenario: its free parameters as uncertainties, strategies as a lever.

::

    from ema_workbench import SequentialEvaluator, perform_experiments
    from ssrsim.ema import model

    ssr = model("kyrgyzstan", strategies=["no_aid", "holistic"], horizon=40, n_citizens=2000)
    with SequentialEvaluator(ssr) as evaluator:
        experiments, outcomes = perform_experiments(ssr, scenarios=100, policies=policies(ssr), evaluator=evaluator)

The uncertainties are the scenario's free parameters (no source measures them) within their
plausible ranges, as :meth:`ssrsim.scenario.Scenario.free_parameters` gives them; EMA's own
"scenario" is a draw of those, so the country is a constant named ``country``. Every experiment runs
with the same ``seed`` (common random numbers), so strategies differ by what they do, not by luck.
Needs the ``ema`` extra: ``pip install ssrsim[ema]``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ssrsim import resources
from ssrsim.api import simulate
from ssrsim.errors import InputError
from ssrsim.experiment.spec import DEFAULT_OUTCOMES
from ssrsim.outcomes import COLUMNS
from ssrsim.scenario import Scenario, load_scenario

with warnings.catch_warnings():  # EMA warns at import about optional engines it does not need here
    warnings.simplefilter("ignore")
    from ema_workbench import (
        CategoricalParameter,
        Constant,
        IntegerParameter,
        Model,
        RealParameter,
        Sample,
        ScalarOutcome,
    )

#: Outcomes a strategy should raise or lower; the rest are recorded for information.
MAXIMISE = frozenset({"trust", "trust_independent", "accountability", "crime_reporting", "practice_now", "real_change"})
MINIMISE = frozenset({"corruption", "abuse", "reform_gap", "casualties"})


def run(country: str, strategy: str, seed: int, horizon: int, **params: Any) -> dict[str, float]:
    """What EMA calls for each experiment: the outcomes at the end of one run."""
    result = simulate(country, strategy, rng=seed, horizon=horizon, **params)
    return {name: float(result[name]) for name in COLUMNS}


def model(
    scenario: str | Path | Scenario = "kyrgyzstan",
    *,
    strategies: Sequence[str] | None = None,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    seed: int = 0,
    horizon: int | None = None,
    **fixed: Any,
) -> Model:
    """An EMA ``Model`` of ``scenario``: uncertainties, the ``strategy`` lever, ``outcomes`` and constants.

    ``strategies`` are shipped names (default: all); ``fixed`` parameter values (``n_citizens=2000``)
    become constants and leave the uncertainties.
    """
    spec = load_scenario(scenario)
    spec.values(fixed)  # unknown names and bad values fail here, not in the middle of a sweep
    for name in outcomes:
        if name not in COLUMNS:
            raise InputError(f"unknown outcome '{name}'", key="outcomes", allowed=", ".join(COLUMNS))
    choices = list(strategies) if strategies is not None else resources.available("strategies")
    if not choices:
        raise InputError("the lever needs at least one strategy", key="strategies", hint="e.g. strategies=['no_aid'].")
    for name in choices:
        resources.resolve(name, "strategies")
    ema_model = Model(re.sub(r"\W", "_", f"ssrsim_{spec.name}"), function=run)
    ema_model.uncertainties = [
        IntegerParameter(name, int(lo), int(hi)) if kind is int else RealParameter(name, lo, hi)
        for name, (lo, hi, kind) in spec.free_parameters().items()
        if name not in fixed
    ]
    ema_model.levers = [CategoricalParameter("strategy", choices)]
    ema_model.outcomes = [ScalarOutcome(name, kind=_direction(name)) for name in outcomes]
    steps = horizon if horizon is not None else int(spec.parameters["horizon"].value)
    ema_model.constants = [
        Constant("country", spec.load_as),
        Constant("seed", seed),
        Constant("horizon", steps),
        *(Constant(name, value) for name, value in fixed.items()),
    ]
    return ema_model


def policies(ema_model: Model) -> list[Sample]:
    """One EMA policy per strategy of the model's lever, named after it: every strategy meets every scenario."""
    return [Sample(name=c.name, strategy=c.value) for c in ema_model.levers["strategy"].categories]


def _direction(outcome: str) -> int:
    if outcome in MAXIMISE:
        return ScalarOutcome.MAXIMIZE
    return ScalarOutcome.MINIMIZE if outcome in MINIMISE else ScalarOutcome.INFO
