"""SALib problems from a scenario's free parameters, and the model as SALib's function of a sample.

::

    from SALib.analyze import sobol
    from SALib.sample import sobol as sample
    from ssrsim import salib

    problem = salib.problem("kyrgyzstan")          # the free parameters within their plausible ranges
    X = sample.sample(problem, 64, calc_second_order=False)
    Y = salib.evaluate(problem, X, scenario="kyrgyzstan", strategy="holistic", outcome="trust", horizon=40)
    indices = sobol.analyze(problem, Y, calc_second_order=False)

Regional shares and donors' programme shares vary one by one like any other free parameter; the
model rescales each group to add up to one where it uses it, so a row's share is a weight against the
others of its group. Whole-number parameters are rounded when the model runs; SALib sees a
continuous input, so the indices describe that step function.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ssrsim.api import simulate
from ssrsim.errors import InputError, did_you_mean
from ssrsim.inputs import RngLike, resolve_seed
from ssrsim.outcomes import COLUMNS
from ssrsim.scenario import Scenario, Value, load_scenario

#: Name -> (low, high, kind): what a problem varies and whether the model rounds it.
Ranges = dict[str, tuple[float, float, type]]


def ranges(scenario: str | Path | Scenario, names: Sequence[str] | None = None, *, key: str = "names") -> Ranges:
    """The scenario's free parameters, or the ``names`` chosen, each with its plausible range (a chosen
    parameter may rest on a paper rather than an assumption). ``key`` names the input in errors."""
    spec = load_scenario(scenario)
    if names is None:
        return spec.free_parameters()
    if not names:
        raise InputError("a SALib problem needs at least one parameter", key=key)
    chosen: Ranges = {}
    for name in names:
        p = spec.parameters.get(name)
        if p is None:
            raise InputError(
                f"unknown parameter '{name}' for scenario '{spec.name}'",
                key=key,
                hint=did_you_mean(name, spec.parameters) or f"run 'ssrsim show {spec.name}' to list them.",
            )
        if p.definition.kind is bool or p.range is None or p.range[0] >= p.range[1]:
            raise InputError(
                f"'{name}' has no plausible range to vary in scenario '{spec.name}'",
                key=key,
                hint="give it a range = [low, high] in the scenario file, or leave it out.",
            )
        chosen[name] = (p.range[0], p.range[1], p.definition.kind)
    return chosen


def problem(scenario: str | Path | Scenario = "kyrgyzstan", names: Sequence[str] | None = None) -> dict[str, Any]:
    """SALib's problem dictionary over ``ranges(scenario, names)``."""
    return problem_of(ranges(scenario, names))


def problem_of(free: Ranges) -> dict[str, Any]:
    """SALib's problem dictionary over given ranges."""
    return {"num_vars": len(free), "names": list(free), "bounds": [[lo, hi] for lo, hi, _ in free.values()]}


def points(sample: np.ndarray, free: Ranges) -> list[dict[str, Value]]:
    """SALib's sample rows as parameter values, whole-number parameters rounded."""
    kinds = [kind for _, _, kind in free.values()]
    return [
        {name: (round(v) if kind is int else float(v)) for name, v, kind in zip(free, row, kinds, strict=True)}
        for row in sample
    ]


def evaluate(
    problem: dict[str, Any],
    sample: np.ndarray,
    *,
    scenario: str | Path | Scenario = "kyrgyzstan",
    strategy: str = "status_quo",
    outcome: str = "trust",
    rng: RngLike = 0,
    horizon: int | None = None,
    **fixed: Any,
) -> np.ndarray:
    """``outcome`` at the end of one run per sample row, all with the same seed (common random numbers),
    so that differences between rows come from the parameters alone. ``fixed`` values hold for every row."""
    if outcome not in COLUMNS:
        raise InputError(f"unknown outcome '{outcome}'", key="outcome", hint=did_you_mean(outcome, COLUMNS))
    free = ranges(scenario, problem["names"])
    try:
        sample = np.asarray(sample, dtype=float)
    except (TypeError, ValueError):
        sample = np.empty(0)  # ragged rows or text: refused below
    if sample.ndim != 2 or sample.shape[1] != len(free):
        raise InputError(
            f"the sample has shape {sample.shape}, not one row of {len(free)} numbers per run",
            key="sample",
            allowed=f"one row per run and one column per parameter of the problem: (rows, {len(free)})",
            hint="sample with the same problem you pass here.",
        )
    if clash := sorted(set(fixed) & set(free)):
        raise InputError(
            f"{', '.join(clash)} {'is' if len(clash) == 1 else 'are'} both varied by the problem and fixed",
            key=", ".join(clash),
            hint="leave it out of the keywords, or out of the problem's names.",
        )
    seed = resolve_seed(rng)
    return np.array(
        [
            simulate(scenario, strategy, rng=seed, horizon=horizon, **fixed, **point)[outcome]
            for point in points(sample, free)
        ]
    )
