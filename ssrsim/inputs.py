"""How ``SSRModel``'s arguments become a scenario, checked parameter values and a recorded seed.

Mesa's tools call a model in three ways, and each must rebuild the same run: ``mesa.batch_run``
passes flat keywords and ``rng`` (``None``, an integer, a NumPy integer); SolaraViz's Reset passes a
``mesa.experimental.scenarios.Scenario`` as ``scenario=`` and the controls' values as keywords; and a
user may pass a model's own ``model.scenario`` to rebuild it. Whatever ``rng`` is, the run is driven by
one integer seed, drawn here when none is given, so that every run can be repeated from ``model.seed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from ssrsim.errors import InputError
from ssrsim.scenario import Scenario, Value, load_scenario

#: What ``rng`` may be, as in Mesa: nothing (draw a seed), a seed, or a NumPy generator to draw one from.
RngLike = int | np.integer | np.random.Generator | np.random.BitGenerator | np.random.SeedSequence | None
#: Key under which a model's Mesa scenario records its country, so the scenario alone rebuilds the run.
COUNTRY_KEY = "country"
#: Seeds are drawn below this bound: they fit any integer column and read well.
SEED_BOUND = 2**32


@dataclass(frozen=True)
class ModelInputs:
    """A model's scenario, its parameter values (overrides applied and checked) and its seed."""

    spec: Scenario
    values: dict[str, Value]
    seed: int

    def mesa_scenario(self) -> MesaScenario:
        """The Mesa scenario a model keeps: every parameter value, the seed and the country."""
        return MesaScenario(rng=self.seed, **self.values, **{COUNTRY_KEY: self.spec.load_as})


def resolve_seed(rng: Any) -> int:
    """The integer seed of a run: ``rng`` itself, one drawn from a NumPy generator, or a fresh one."""
    if isinstance(rng, bool):
        raise _seed_error(rng)
    if isinstance(rng, int | np.integer):
        if rng < 0:
            raise _seed_error(rng)
        return int(rng)
    if rng is None or isinstance(rng, np.random.Generator | np.random.BitGenerator | np.random.SeedSequence):
        return int(np.random.default_rng(rng).integers(SEED_BOUND))
    raise _seed_error(rng)


def _seed_error(rng: object) -> InputError:
    return InputError(
        f"rng must be a whole number of at least 0, a NumPy generator or None, not {rng!r}",
        key="rng",
        hint="give an integer seed such as rng=7: the same seed gives the same results; "
        "with rng=None a seed is drawn and kept in model.seed.",
    )


def model_inputs(
    scenario: str | Path | Scenario | MesaScenario | None,
    country: str | Path | Scenario | None,
    rng: Any,
    overrides: Mapping[str, Any],
    fallback: str = "kyrgyzstan",
) -> ModelInputs:
    """Resolve ``SSRModel``'s arguments.

    ``scenario`` is a scenario name, path or object, or a Mesa ``Scenario`` whose values are
    overrides (keywords win over them) and whose ``rng`` is the seed; ``country`` names the scenario
    when ``scenario`` is a Mesa scenario (as SolaraViz passes) or is left out; with neither, the
    ``fallback`` scenario runs.
    """
    carried: dict[str, Any] = {}
    if isinstance(scenario, MesaScenario):
        carried = {name: value for name, value in scenario if name != "rng"}
        scenario_rng = scenario.rng
        if scenario_rng is not None and rng is not None and not _same_seed(rng, scenario_rng):
            raise InputError(
                f"rng={rng!r} differs from the Mesa scenario's rng={scenario_rng!r}",
                key="rng",
                hint="give the seed once, either as rng= or in the scenario.",
            )
        rng = rng if rng is not None else scenario_rng
        scenario = None
    named = carried.pop(COUNTRY_KEY, None)
    if scenario is not None and country is not None:
        raise InputError(
            "the scenario is named twice, as scenario= and as country=",
            key="country",
            hint="give country= only with a Mesa Scenario object (as SolaraViz passes), or use scenario= alone.",
        )
    if "seed" in overrides:
        raise InputError(
            "SSRModel takes its seed as rng=, as Mesa 3 models do, not seed=",
            key="seed",
            hint=f"write rng={overrides['seed']!r}; with mesa.batch_run, vary 'rng' instead of 'seed'.",
        )
    source = scenario if scenario is not None else country if country is not None else named
    spec = load_scenario(source if source is not None else fallback)
    values = spec.values({**carried, **overrides})
    return ModelInputs(spec, values, resolve_seed(rng))


def _same_seed(a: object, b: object) -> bool:
    """Whether two seeds are the same integer (generators are compared as objects)."""
    if isinstance(a, int | np.integer) and isinstance(b, int | np.integer):
        return int(a) == int(b)
    return a is b
