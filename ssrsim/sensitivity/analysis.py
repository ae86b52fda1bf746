"""Global sensitivity analysis with SALib, run through the experiment runner.

For each scenario: Morris screening over the free parameters (those whose source is an assumption,
within their plausible ranges), then Sobol first- and total-order indices for the parameters that
Morris ranks highest. SALib samples and analyses; the runner runs the samples as explicit design
points (parallel, resumable, on local processes or Dask), one store per scenario and method under
the output folder. Every run of a sample shares the experiment's seed (common random numbers), so
differences between runs come from the parameters alone; the indices are those of one realisation
of the model's randomness.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from ssrsim.errors import InputError, did_you_mean
from ssrsim.experiment import Design, ExperimentSpec, run_experiment
from ssrsim.fields import Count
from ssrsim.limits import MAX_QUARTERS
from ssrsim.outcomes import COLUMNS
from ssrsim.salib import points, problem_of, ranges
from ssrsim.scenario import InputValue, Scenario, Value, load_scenario
from ssrsim.strategy import load_strategy
from ssrsim.tomlfile import read_toml, validated


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MorrisSettings(_Strict):
    # bounded so that the sample SALib draws before anything is checked stays small
    trajectories: Count = Field(default=10, ge=2, le=1_000)
    levels: Count = Field(default=4, ge=2, le=100)


class SobolSettings(_Strict):
    samples: Count = Field(default=64, ge=4, le=16_384)  # N
    top: Count = Field(default=8, ge=2, le=1_000)

    @field_validator("samples")
    @classmethod
    def _power_of_two(cls, samples: int) -> int:
        """Saltelli's scheme keeps its convergence properties only for N a power of two (SALib warns)."""
        if samples & (samples - 1):
            raise ValueError(f"samples must be a power of two (4, 8, 16, ..., 16384), not {samples}")
        return samples


class SensitivitySpec(_Strict):
    title: str = ""
    scenarios: tuple[str, ...] = Field(min_length=1)
    strategies: tuple[str, ...] = Field(min_length=1)
    outcomes: tuple[str, ...] = Field(default=("trust", "accountability"), min_length=1)
    seed: Count = Field(default=0, ge=0, le=2**63 - 1)
    horizon: Count = Field(default=80, ge=1, le=MAX_QUARTERS)
    parameters: Literal["assumptions"] | tuple[str, ...] = "assumptions"
    overrides: dict[str, InputValue] = {}
    morris: MorrisSettings = MorrisSettings()
    sobol: SobolSettings = SobolSettings()


def load_sensitivity(path: str | Path) -> SensitivitySpec:
    """A sensitivity file: a [sensitivity] table (see experiments/sensitivity.toml), checked in full
    before anything runs: outcomes, strategies, scenarios and the parameters to screen."""
    path = Path(path)
    data = read_toml(path)
    if set(data) != {"sensitivity"}:
        raise InputError(
            "a sensitivity file holds one [sensitivity] table",
            file=path,
            key=", ".join(sorted(set(data) - {"sensitivity"})) or None,
            hint="see experiments/sensitivity.toml.",
        )
    spec = validated(SensitivitySpec, data["sensitivity"], file=path, prefix="sensitivity")
    for name in spec.outcomes:
        if name not in COLUMNS:
            raise InputError(
                f"unknown outcome '{name}'",
                file=path,
                key="sensitivity.outcomes",
                allowed=", ".join(COLUMNS),
                hint=did_you_mean(name, COLUMNS),
            )
    for strategy in spec.strategies:
        with _located(path, "sensitivity.strategies"):
            load_strategy(strategy)
    for scenario in spec.scenarios:
        with _located(path, "sensitivity.scenarios"):
            loaded = load_scenario(scenario)
        with _located(path, "sensitivity.parameters"):
            free_parameters(loaded, spec.parameters)
    return spec


@contextmanager
def _located(path: Path, key: str) -> Iterator[None]:
    """An error that names no file of its own is about the sensitivity file, at ``key``."""
    try:
        yield
    except InputError as exc:
        if exc.file is not None:
            raise
        raise InputError(exc.problem, file=path, key=exc.key or key, allowed=exc.allowed, hint=exc.hint) from None


def free_parameters(
    scenario: Scenario, chosen: Literal["assumptions"] | tuple[str, ...]
) -> dict[str, tuple[float, float, type]]:
    """Name -> (low, high, kind) of the parameters to screen: every free parameter, or the chosen few."""
    free = (
        scenario.free_parameters()
        if chosen == "assumptions"
        else ranges(scenario, chosen, key="sensitivity.parameters")
    )
    if len(free) < 2:
        raise InputError(
            f"scenario '{scenario.name}' has fewer than two parameters to screen",
            key="sensitivity.parameters",
            hint="list at least two parameters that have a plausible range.",
        )
    return free


def _finals(
    spec: SensitivitySpec, scenario: str, points: list[dict[str, Value]], out: Path, **run: Any
) -> dict[str, pd.DataFrame]:
    """Strategy -> final outcomes, one row per sample row in SALib's order.

    Rounding whole-number parameters can make sample rows coincide; each distinct point runs once
    and its result serves every row that asked for it.
    """
    keys = [tuple(point.items()) for point in points]
    distinct = list(dict.fromkeys(keys))
    position = {key: index for index, key in enumerate(distinct)}
    rows = [position[key] for key in keys]
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
        design=Design(points=[dict(key) for key in distinct]),
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
    return {
        strategy: frame.set_index("point").loc[rows, list(spec.outcomes)]
        for strategy, frame in finals.groupby("strategy")
    }


def _indices(
    spec: SensitivitySpec,
    scenario: str,
    free: dict[str, tuple[float, float, type]],
    sample: np.ndarray,
    folder: Path,
    analyse: Callable[[np.ndarray], Mapping[str, Any]],
    keys: tuple[str, ...],
    **run: Any,
) -> list[dict[str, Any]]:
    """Rows of indices (``keys`` of SALib's result) per strategy, outcome and parameter."""
    rows = []
    for strategy, frame in _finals(spec, scenario, points(sample, free), folder, **run).items():
        for outcome in spec.outcomes:
            result = analyse(frame[outcome].to_numpy())
            for i, name in enumerate(free):
                labels = {"scenario": scenario, "strategy": strategy, "outcome": outcome, "parameter": name}
                rows.append(labels | {key: float(result[key][i]) for key in keys})
    return rows


def morris(spec: SensitivitySpec, out: Path, **run: Any) -> pd.DataFrame:
    """Elementary effects: mu* (mean absolute effect) with its confidence, and sigma."""
    rows = []
    levels = spec.morris.levels
    for scenario in spec.scenarios:
        loaded = load_scenario(scenario)
        free = free_parameters(loaded, spec.parameters)
        problem = problem_of(free)
        sample = morris_sample.sample(problem, spec.morris.trajectories, num_levels=levels, seed=spec.seed)

        def analyse(y: np.ndarray, problem: dict[str, Any] = problem, sample: np.ndarray = sample) -> Any:
            return morris_analyze.analyze(problem, sample, y, num_levels=levels, seed=spec.seed)

        keys = ("mu_star", "mu_star_conf", "sigma")
        rows += _indices(spec, scenario, free, sample, out / "morris" / loaded.name, analyse, keys, **run)
    return pd.DataFrame(rows)


def top_parameters(screening: pd.DataFrame, scenario: str, top: int) -> list[str]:
    """The ``top`` parameters with the largest mu*, normalised per strategy and outcome, summed."""
    frame = screening[screening["scenario"] == scenario].copy()
    scale = frame.groupby(["strategy", "outcome"])["mu_star"].transform("max").replace(0.0, 1.0)
    frame["weight"] = frame["mu_star"] / scale
    return frame.groupby("parameter")["weight"].sum().sort_values(ascending=False).index[:top].tolist()


def sobol(spec: SensitivitySpec, screening: pd.DataFrame, out: Path, **run: Any) -> pd.DataFrame:
    """First-order and total-order Sobol indices, with confidence, for the top screened parameters."""
    rows = []
    for scenario in spec.scenarios:
        loaded = load_scenario(scenario)
        free_all = free_parameters(loaded, spec.parameters)
        free = {name: free_all[name] for name in top_parameters(screening, scenario, spec.sobol.top)}
        problem = problem_of(free)
        sample = sobol_sample.sample(problem, spec.sobol.samples, calc_second_order=False, seed=spec.seed)

        def analyse(y: np.ndarray, problem: dict[str, Any] = problem) -> Any:
            return sobol_analyze.analyze(problem, y, calc_second_order=False, seed=spec.seed)

        keys = ("S1", "S1_conf", "ST", "ST_conf")
        rows += _indices(spec, scenario, free, sample, out / "sobol" / loaded.name, analyse, keys, **run)
    return pd.DataFrame(rows)
