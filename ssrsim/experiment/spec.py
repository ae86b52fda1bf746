"""Experiments: scenarios x strategies x a parameter design x replications, and the outcomes to keep.

An :class:`ExperimentSpec` comes from a TOML file (:func:`load_experiment`, format in
``docs/experiments.md``) or is built in code, for example from a SALib sample::

    spec = ExperimentSpec(
        scenarios=("kyrgyzstan",),
        strategies=("no_aid", "holistic"),
        replications=20,
        design=Design(points=[{"political_will": 0.2}, {"political_will": 0.4}]),
    )
    runs = spec.runs()

:meth:`ExperimentSpec.runs` checks every name and value against the scenarios and strategies (an
``InputError`` naming the file and key otherwise) and expands the experiment into :class:`RunSpec`
objects, each with an id derived from its inputs. Replication k has the same seed under every
strategy and design point (common random numbers, see :mod:`ssrsim.experiment.seeds`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictInt, ValidationInfo, field_validator

from ssrsim import resources
from ssrsim.errors import InputError, did_you_mean
from ssrsim.experiment.design import Design
from ssrsim.experiment.identity import run_id, scenario_hash, strategy_hash
from ssrsim.experiment.seeds import design_rng, replication_seed
from ssrsim.limits import MAX_QUARTERS, MAX_REPLICATIONS, check_replications, check_run_count
from ssrsim.outcomes import COLUMNS, CORE
from ssrsim.scenario import SHARES, InputValue, Scenario, Value, coerce, load_scenario
from ssrsim.strategy import Strategy, load_strategy
from ssrsim.tomlfile import read_toml, validated

#: What an experiment keeps when it does not say: the sixteen contract outcomes and real change.
DEFAULT_OUTCOMES: tuple[str, ...] = (*CORE, "real_change")

#: Per top-level key, what a correct entry looks like (the hint of a validation error).
_EXAMPLES: dict[str, str] = {
    "scenarios": 'a list of shipped names or TOML paths, e.g. scenarios = ["kyrgyzstan", "my.toml"], or "all".',
    "strategies": 'a list of shipped names or TOML paths, e.g. strategies = ["no_aid", "holistic"], or "all".',
    "replications": "a whole number of at least 1, e.g. replications = 50.",
    "horizon": "quarters to run, a whole number, e.g. horizon = 80; leave it out for each scenario's own horizon.",
    "seed": "a whole number of at least 0, e.g. seed = 2013.",
    "outcomes": 'a list of outcome names, e.g. outcomes = ["trust", "accountability", "spent"].',
    "overrides": "a table of parameter values for every run, e.g. [overrides] then n_citizens = 2000.",
    "design": (
        "one of [design.grid] with lists (political_will = [0.2, 0.4]), [design.lhs] with samples = 20 and "
        "ranges = { political_will = [0.1, 0.5] }, or [[design.points]] tables of values."
    ),
}


@dataclass(frozen=True)
class RunSpec:
    """One model run: what a worker needs to run it and what the store records about it."""

    run_id: str
    scenario: str
    strategy: str
    point: int
    replication: int
    seed: int
    horizon: int
    #: citizens simulated: what the run costs, which decides whether its worker uses the fused loops
    citizens: int
    #: the design point's values: the parameters the experiment varies
    parameters: dict[str, Value]
    #: every override the model gets: the experiment's fixed overrides and the design point
    overrides: dict[str, Value]
    #: what the worker loads: a shipped name or an absolute path
    scenario_source: str
    strategy_source: str


class ExperimentSpec(BaseModel):
    """An experiment as data. Field names are the TOML file's keys; see the module docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    description: str = ""
    scenarios: tuple[str, ...] = Field(min_length=1)
    strategies: tuple[str, ...] = Field(min_length=1)
    baseline: str = "no_aid"
    replications: StrictInt = Field(ge=1, le=MAX_REPLICATIONS)
    horizon: StrictInt | None = Field(default=None, ge=1, le=MAX_QUARTERS)
    seed: StrictInt = Field(default=0, ge=0, le=2**63 - 1)
    outcomes: tuple[str, ...] = Field(default=DEFAULT_OUTCOMES, min_length=1)
    overrides: dict[str, InputValue] = {}
    design: Design = Design()
    heatmap_outcome: str = "trust"
    # the file it came from: errors name it, and relative scenario and strategy paths start there
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("scenarios", "strategies", mode="before")
    @classmethod
    def _all(cls, value: Any, info: ValidationInfo) -> Any:
        return resources.available(info.field_name) if value == "all" else value

    @property
    def source(self) -> Path | None:
        return self._source

    def with_source(self, source: Path | None) -> ExperimentSpec:
        """A copy that reports errors against, and resolves relative paths from, ``source``."""
        spec = self.model_copy()
        spec._source = source
        return spec

    def with_replications(self, replications: int) -> ExperimentSpec:
        """A copy with another number of replications (the command line's ``--replications``)."""
        check_replications(replications)
        spec = type(self).model_validate(self.model_dump() | {"replications": replications})
        return spec.with_source(self.source)

    def varied(self) -> tuple[str, ...]:
        """The parameters the design varies; for a hypercube over the assumptions, the free
        parameters of any of the experiment's scenarios (each varies those it has: its regions' and
        donors' among them), the first scenario's first."""
        if self.design.lhs is None or not self.design.lhs.over_assumptions:
            return self.design.parameters
        frees = [load_scenario(self._resolve(entry)).free_parameters() for entry in self.scenarios]
        return tuple(dict.fromkeys(name for free in frees for name in free))

    # ------------------------------------------------------------------ expansion
    def run_count(self) -> int:
        """How many runs the experiment has, known without expanding it."""
        return len(self.scenarios) * self.design.size * len(self.strategies) * self.replications

    def runs(self) -> list[RunSpec]:
        """Every run of the experiment, in a fixed order: scenario, design point, strategy, replication."""
        check_run_count(
            self.run_count(),
            f"{len(self.scenarios)} scenario(s) x {self.design.size:,} design point(s) x "
            f"{len(self.strategies)} strategies x {self.replications:,} replications",
        )
        self._check_outcomes()
        scenarios = self._load_all(self.scenarios, "scenarios", load_scenario)
        strategies = self._load_all(self.strategies, "strategies", load_strategy)
        if self.baseline not in strategies:
            raise InputError(
                f"the baseline strategy '{self.baseline}' is not one of the experiment's strategies",
                file=self.source,
                key="baseline",
                allowed=", ".join(strategies),
                hint="add it to strategies, or name one of them as the baseline.",
            )
        varied = self.varied() if self.design.lhs is not None and self.design.lhs.over_assumptions else None
        seeds = [replication_seed(self.seed, k) for k in range(self.replications)]
        strategy_digests = {name: strategy_hash(strategy) for name, (strategy, _) in strategies.items()}
        runs = []
        for scenario_name, (scenario, scenario_source) in scenarios.items():
            fixed = self._checked(scenario, self.overrides, lambda name: f"overrides.{name}")
            raw_points = self._expand(scenario, varied)
            points = [self._checked(scenario, raw, self._design_key(i)) for i, raw in enumerate(raw_points)]
            self._check_distinct(points, fixed)
            for i, values in enumerate(points):
                self._check_together(scenario, fixed, values, i)
            horizon = self.horizon or int(scenario.parameters["horizon"].value)
            digest = scenario_hash(scenario)
            for point, values in enumerate(points):
                overrides = fixed | values
                for strategy_name, (_, strategy_source) in strategies.items():
                    for replication, seed in enumerate(seeds):
                        ident = run_id(
                            scenario=scenario_name,
                            scenario_digest=digest,
                            strategy=strategy_name,
                            strategy_digest=strategy_digests[strategy_name],
                            overrides=overrides,
                            seed=seed,
                            horizon=horizon,
                        )
                        runs.append(
                            RunSpec(
                                run_id=ident,
                                scenario=scenario_name,
                                strategy=strategy_name,
                                point=point,
                                replication=replication,
                                seed=seed,
                                horizon=horizon,
                                citizens=int(overrides.get("n_citizens", scenario.parameters["n_citizens"].value)),
                                parameters=values,
                                overrides=overrides,
                                scenario_source=scenario_source,
                                strategy_source=strategy_source,
                            )
                        )
        return runs

    def _check_outcomes(self) -> None:
        for name in self.outcomes:
            if name not in COLUMNS:
                raise InputError(
                    f"unknown outcome '{name}'",
                    file=self.source,
                    key="outcomes",
                    allowed=", ".join(COLUMNS),
                    hint=did_you_mean(name, COLUMNS),
                )
        if len(set(self.outcomes)) < len(self.outcomes):
            raise InputError("an outcome is listed twice", file=self.source, key="outcomes")
        if self.heatmap_outcome not in self.outcomes:
            raise InputError(
                f"the heatmap outcome '{self.heatmap_outcome}' is not one of the outcomes kept",
                file=self.source,
                key="heatmap_outcome",
                allowed=", ".join(self.outcomes),
                hint="add it to outcomes, or choose one of them.",
            )

    def _load_all[T: (Scenario, Strategy)](
        self, entries: tuple[str, ...], key: str, load: Callable[[str], T]
    ) -> dict[str, tuple[T, str]]:
        """Each entry loaded, keyed by its name, with what a worker should load (name or absolute path)."""
        loaded: dict[str, tuple[T, str]] = {}
        for entry in entries:
            source = self._resolve(entry)
            with self._located(key):
                item = load(source)
            if item.name in loaded:
                raise InputError(
                    f"two {key} are named '{item.name}'",
                    file=self.source,
                    key=key,
                    hint="list each once, or rename one of the files: results are keyed by name.",
                )
            loaded[item.name] = (item, source)
        return loaded

    def _resolve(self, entry: str) -> str:
        """A path relative to the experiment file, made absolute; a shipped name as it is (a name that
        is no file, too long or malformed for one included: loading it says what is wrong)."""
        candidates = [Path(entry)] if self.source is None else [self.source.parent / entry, Path(entry)]
        for candidate in candidates:
            try:
                if candidate.is_file():
                    return str(candidate.resolve())
            except (OSError, ValueError):
                return entry
        return entry

    def _design_key(self, index: int) -> Callable[[str], str]:
        if self.design.grid is not None:
            return lambda name: f"design.grid.{name}"
        if self.design.lhs is not None:
            return lambda name: f"design.lhs.ranges.{name}"
        return lambda name: f"design.points.{index}.{name}"

    def _checked(self, scenario: Scenario, values: Mapping[str, Value], key: Callable[[str], str]) -> dict[str, Value]:
        """``values`` converted to each parameter's type and checked against its bounds in ``scenario``."""
        checked: dict[str, Value] = {}
        for name, raw in values.items():
            if name == "horizon":
                raise InputError(
                    "the horizon is the experiment's own key, not a parameter to set",
                    file=self.source,
                    key=key(name),
                    hint="write horizon = 40 at the top of the file.",
                )
            param = scenario.parameters.get(name)
            if param is None:
                raise InputError(
                    f"unknown parameter '{name}' for scenario '{scenario.name}'",
                    file=self.source,
                    key=key(name),
                    hint=did_you_mean(name, scenario.parameters) or f"'ssrsim show {scenario.load_as}' lists them.",
                )
            sampled = self.design.lhs is not None and param.definition.kind is int
            with self._located(key(name)):
                checked[name] = coerce(name, round(raw) if sampled else raw, param.definition, file=None)
        return checked

    def _expand(self, scenario: Scenario, varied: tuple[str, ...] | None) -> list[dict[str, Value]]:
        """The design's points for ``scenario``. A hypercube over the assumptions is drawn afresh per
        scenario over every varied parameter, so every scenario gets the same unit hypercube; each
        scenario scales the columns of its own free parameters to its ranges and drops the others."""
        if varied is None:
            return self.design.expand(design_rng(self.seed))
        free = scenario.free_parameters()
        ranges = {name: free[name][:2] if name in free else (0.0, 1.0) for name in varied}
        return [
            {name: value for name, value in point.items() if name in free}
            for point in self.design.expand(design_rng(self.seed), ranges)
        ]

    def _check_together(
        self, scenario: Scenario, fixed: dict[str, Value], values: dict[str, Value], index: int
    ) -> None:
        """What the scenario checks of a whole set of values (regional shares not all zero, a start year
        before the dated events), checked now for every point, as ``ssrsim run`` does before it runs."""
        if not any(name == "start_year" or name.endswith(SHARES) for name in (*fixed, *values)):
            return
        try:
            scenario.values(fixed | values)
        except InputError as exc:
            where = "overrides" if not values else self._design_key(index)("").removesuffix(".")
            raise InputError(
                f"with scenario '{scenario.name}': {exc.problem}",
                file=self.source,
                key=f"{where} ({exc.key})" if exc.key else where,
                allowed=exc.allowed,
                hint=exc.hint,
            ) from None

    def _check_distinct(self, points: list[dict[str, Value]], fixed: dict[str, Value]) -> None:
        both = set(fixed) & set(self.varied())
        if both:
            raise InputError(
                f"'{sorted(both)[0]}' is set both in [overrides] and by the design",
                file=self.source,
                key=f"overrides.{sorted(both)[0]}",
                hint="set it in one place.",
            )
        seen: dict[str, int] = {}
        for index, point in enumerate(points):
            text = json.dumps(point, sort_keys=True)
            if text in seen:
                sampled = self.design.lhs is not None
                raise InputError(
                    f"design points {seen[text]} and {index} are the same",
                    file=self.source,
                    key="design",
                    hint="whole-number parameters are rounded, so a hypercube over narrow ranges of them repeats "
                    "points: vary them in a [design.grid] instead."
                    if sampled
                    else "list each combination of values once; replications repeat a point.",
                )
            seen[text] = index

    @contextmanager
    def _located(self, key: str) -> Iterator[None]:
        """Errors that do not name a file of their own are about this experiment, at ``key``."""
        try:
            yield
        except InputError as exc:
            if exc.file is not None:
                raise
            raise InputError(exc.problem, file=self.source, key=key, allowed=exc.allowed, hint=exc.hint) from None


def load_experiment(path: str | Path) -> ExperimentSpec:
    """An experiment file, parsed, validated and checked against its scenarios and strategies."""
    path = Path(path)
    try:
        spec = validated(ExperimentSpec, read_toml(path), file=path)
    except InputError as exc:
        top = (exc.key or "").split(".")[0]
        keys = list(ExperimentSpec.model_fields)
        hint = _EXAMPLES.get(top) or did_you_mean(top, keys) or f"an experiment file takes the keys {', '.join(keys)}."
        raise InputError(exc.problem, file=exc.file, key=exc.key, allowed=exc.allowed, hint=hint) from None
    spec = spec.with_source(path)
    spec.runs()  # every name and value checked now, before anything runs
    return spec
