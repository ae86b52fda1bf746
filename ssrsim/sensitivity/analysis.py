"""Global sensitivity analysis with SALib, run through the experiment runner.

For each scenario: Morris screening over the free parameters (those whose source is an assumption,
within their plausible ranges), then Sobol first- and total-order indices for the parameters that
Morris ranks highest. SALib samples and analyses; the runner runs the samples as explicit design
points (parallel, resumable, on local processes or Dask), one store per scenario and method under
the output folder. Every run of a sample shares the experiment's seed (common random numbers), so
the indices measure the parameters, not sampling noise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from ssrsim.errors import InputError, did_you_mean
from ssrsim.experiment import Design, ExperimentSpec, run_experiment
from ssrsim.scenario import Scenario, load_scenario
from ssrsim.tomlfile import read_toml, validated


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MorrisSettings(_Strict):
    trajectories: int = Field(default=10, ge=2)
    levels: int = Field(default=4, ge=2)


class SobolSettings(_Strict):
    samples: int = Field(default=64, ge=4)  # N; SALib wants a power of two
    top: int = Field(default=8, ge=2)


class SensitivitySpec(_Strict):
    title: str = ""
    scenarios: tuple[str, ...] = Field(min_length=1)
    strategies: tuple[str, ...] = Field(min_length=1)
    outcomes: tuple[str, ...] = ("trust", "accountability")
    seed: int = Field(default=0, ge=0)
    horizon: int = Field(default=80, ge=1)
    parameters: Literal["assumptions"] | tuple[str, ...] = "assumptions"
    overrides: dict[str, float | int | bool] = {}
    morris: MorrisSettings = MorrisSettings()
    sobol: SobolSettings = SobolSettings()


def load_sensitivity(path: str | Path) -> SensitivitySpec:
    """A sensitivity file: a [sensitivity] table (see experiments/sensitivity.toml)."""
    path = Path(path)
    data = read_toml(path)
    if set(data) != {"sensitivity"}:
        raise InputError(
            "a sensitivity file holds one [sensitivity] table",
            file=path,
            key=", ".join(sorted(set(data) - {"sensitivity"})) or None,
            hint="see experiments/sensitivity.toml.",
        )
    return validated(SensitivitySpec, data["sensitivity"], file=path, prefix="sensitivity")


def free_parameters(scenario: Scenario, chosen: Literal["assumptions"] | tuple[str, ...]) -> dict[str, tuple]:
    """Name -> (low, high, kind) of the parameters to screen: every assumption, or the chosen few."""
    free = scenario.free_parameters()
    if chosen != "assumptions":
        for name in chosen:
            if name not in scenario.parameters:
                raise InputError(
                    f"unknown parameter '{name}' for scenario '{scenario.name}'",
                    key="sensitivity.parameters",
                    hint=did_you_mean(name, scenario.parameters),
                )
        free = {name: free[name] if name in free else _range(scenario, name) for name in chosen}
        free = {name: bounds for name, bounds in free.items() if bounds is not None}
    if len(free) < 2:
        raise InputError(
            f"scenario '{scenario.name}' has fewer than two parameters to screen",
            key="sensitivity.parameters",
            hint="list at least two parameters that have a plausible range.",
        )
    return free


def _range(scenario: Scenario, name: str) -> tuple[float, float, type] | None:
    """A chosen parameter's plausible range, even where its source is a paper rather than an assumption."""
    p = scenario.parameters[name]
    if p.definition.kind is bool or p.range is None or p.range[0] >= p.range[1]:
        return None
    return (p.range[0], p.range[1], p.definition.kind)


def _problem(free: dict[str, tuple]) -> dict:
    return {"num_vars": len(free), "names": list(free), "bounds": [[lo, hi] for lo, hi, _ in free.values()]}


def _points(sample: np.ndarray, free: dict[str, tuple]) -> list[dict]:
    """SALib rows as design points; whole-number parameters rounded."""
    kinds = [kind for _, _, kind in free.values()]
    return [
        {name: (round(v) if kind is int else float(v)) for name, v, kind in zip(free, row, kinds, strict=True)}
        for row in sample
    ]


def _finals(spec: SensitivitySpec, scenario: str, points: list[dict], out: Path, **run) -> pd.DataFrame:
    """Final outcomes per design point and strategy, from a run of the points through the runner."""
    experiment = ExperimentSpec(
        title=f"sensitivity: {scenario}",
        scenarios=(scenario,),
        strategies=spec.strategies,
        baseline=spec.strategies[0],
        replications=1,
        horizon=spec.horizon,
        seed=spec.seed,
        outcomes=spec.outcomes,
        overrides=spec.overrides,
        design=Design(points=points),
        heatmap_outcome=spec.outcomes[0],
    )
    sweep = run_experiment(experiment, out, **run)
    if sweep.failed:
        first = sweep.store.runs().query("status == 'error'").iloc[0]
        raise InputError(
            f"{sweep.failed} of {sweep.total} sensitivity runs failed; the first: {first['error_message']}",
            file=out,
            hint="narrow the parameters or their plausible ranges; every run's error is in the store.",
        )
    finals = sweep.store.series(spec.outcomes, final_only=True)
    return finals.sort_values(["strategy", "point"])


def morris(spec: SensitivitySpec, out: Path, **run) -> pd.DataFrame:
    """Elementary effects: mu* (mean absolute effect) with its confidence, and sigma."""
    rows = []
    for scenario in spec.scenarios:
        free = free_parameters(load_scenario(scenario), spec.parameters)
        problem = _problem(free)
        sample = morris_sample.sample(problem, spec.morris.trajectories, num_levels=spec.morris.levels, seed=spec.seed)
        finals = _finals(spec, scenario, _points(sample, free), out / "morris" / scenario, **run)
        for strategy, frame in finals.groupby("strategy"):
            for outcome in spec.outcomes:
                result = morris_analyze.analyze(
                    problem, sample, frame[outcome].to_numpy(), num_levels=spec.morris.levels, seed=spec.seed
                )
                for i, name in enumerate(problem["names"]):
                    rows.append(
                        {
                            "scenario": scenario,
                            "strategy": strategy,
                            "outcome": outcome,
                            "parameter": name,
                            "mu_star": float(result["mu_star"][i]),
                            "mu_star_conf": float(result["mu_star_conf"][i]),
                            "sigma": float(result["sigma"][i]),
                        }
                    )
    return pd.DataFrame(rows)


def top_parameters(screening: pd.DataFrame, scenario: str, top: int) -> list[str]:
    """The ``top`` parameters with the largest mu*, normalised per strategy and outcome, summed."""
    frame = screening[screening["scenario"] == scenario].copy()
    scale = frame.groupby(["strategy", "outcome"])["mu_star"].transform("max").replace(0.0, 1.0)
    frame["weight"] = frame["mu_star"] / scale
    return frame.groupby("parameter")["weight"].sum().sort_values(ascending=False).index[:top].tolist()


def sobol(spec: SensitivitySpec, screening: pd.DataFrame, out: Path, **run) -> pd.DataFrame:
    """First-order and total-order Sobol indices, with confidence, for the top screened parameters."""
    rows = []
    for scenario in spec.scenarios:
        free_all = free_parameters(load_scenario(scenario), spec.parameters)
        chosen = top_parameters(screening, scenario, spec.sobol.top)
        free = {name: free_all[name] for name in chosen}
        problem = _problem(free)
        sample = sobol_sample.sample(problem, spec.sobol.samples, calc_second_order=False, seed=spec.seed)
        finals = _finals(spec, scenario, _points(sample, free), out / "sobol" / scenario, **run)
        for strategy, frame in finals.groupby("strategy"):
            for outcome in spec.outcomes:
                result = sobol_analyze.analyze(
                    problem, frame[outcome].to_numpy(), calc_second_order=False, seed=spec.seed
                )
                for i, name in enumerate(problem["names"]):
                    rows.append(
                        {
                            "scenario": scenario,
                            "strategy": strategy,
                            "outcome": outcome,
                            "parameter": name,
                            "S1": float(result["S1"][i]),
                            "S1_conf": float(result["S1_conf"][i]),
                            "ST": float(result["ST"][i]),
                            "ST_conf": float(result["ST_conf"][i]),
                        }
                    )
    return pd.DataFrame(rows)
