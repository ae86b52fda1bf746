"""Validation: the papers' patterns run as experiments and judged by their statistics.

Every distinct condition of every pattern is one experiment (one scenario, one strategy, its
overrides) in its own store under ``out/<condition id>``, so a condition shared by patterns runs
once and an interrupted validation resumes. All experiments share the base seed, so replication k
has the same seed in every condition and the comparisons are paired.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ssrsim.experiment import ExperimentSpec, Store, run_experiment
from ssrsim.experiment.executors import open_executor
from ssrsim.paths import check_output_folder
from ssrsim.stats import MeanCI, mean_ci
from ssrsim.validation.patterns import PATTERNS, Condition, Pattern

#: Patterns that carry a rival explanation, with the rival switched on.
RIVALS: tuple[Pattern, ...] = tuple(p.under_rival() for p in PATTERNS if p.rival is not None)

HORIZON = 80


def condition_id(condition: Condition) -> str:
    text = json.dumps([condition.scenario, condition.strategy, sorted(condition.overrides.items())])
    return f"{condition.scenario}-{condition.strategy}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def _spec(condition: Condition, outcomes: tuple[str, ...], replications: int, seed: int) -> ExperimentSpec:
    return ExperimentSpec(
        title=f"validation: {condition.scenario} under {condition.strategy}",
        scenarios=(condition.scenario,),
        strategies=(condition.strategy,),
        baseline=condition.strategy,
        replications=replications,
        horizon=HORIZON,
        seed=seed,
        outcomes=outcomes,
        overrides=condition.overrides,
        heatmap_outcome=outcomes[0],
    )


@dataclass(frozen=True)
class Outcome:
    """A pattern's statistic over replications."""

    pattern: Pattern
    values: np.ndarray  # one per replication

    @cached_property
    def ci(self) -> MeanCI:
        """The mean over replications and its 95% confidence interval."""
        return mean_ci(self.values)

    @property
    def share_beyond(self) -> float:
        """Share of the seeds whose statistic lies beyond the bound."""
        return float(self.pattern.beyond(self.values).mean()) if len(self.values) else 0.0

    @property
    def passed(self) -> bool:
        """Whether the whole interval and enough seeds lie where the rule wants them; a single
        replication has no interval and passes nothing."""
        return self.pattern.holds(self.ci.low, self.ci.high, self.share_beyond)


def run_conditions(
    replications: int,
    seed: int,
    out: Path,
    *,
    workers: int | None,
    scheduler: str | None,
    progress: bool,
    fresh: bool = False,
) -> dict[str, Store]:
    """Run every condition of every pattern; the stores keyed by condition id."""
    outcomes: dict[str, set[str]] = {}
    conditions: dict[str, Condition] = {}
    for pattern in (*PATTERNS, *RIVALS):
        for condition in pattern.conditions.values():
            key = condition_id(condition)
            conditions[key] = condition
            outcomes.setdefault(key, set()).update(pattern.outcomes)
    stores = {}
    # one pool for every condition: starting workers for each of some thirty small sweeps would take
    # longer than their runs; a folder it cannot write is refused before the workers start
    check_output_folder(out, key="--out")
    with open_executor(workers, scheduler) as pool:
        for key, condition in conditions.items():
            spec = _spec(condition, tuple(sorted(outcomes[key])), replications, seed)
            stores[key] = run_experiment(spec, out / key, pool=pool, progress=progress, fresh=fresh).store
    return stores


def load_series(stores: dict[str, Store]) -> dict[str, pd.DataFrame]:
    """Every condition's stored series, read once for the patterns, their rivals and the figures."""
    return {key: store.series() for key, store in stores.items()}


def evaluate(series: dict[str, pd.DataFrame], patterns: tuple[Pattern, ...] = PATTERNS) -> list[Outcome]:
    """Each pattern's statistic per replication, from the conditions' series (:func:`load_series`)."""
    results = []
    for pattern in patterns:
        frames = {label: series[condition_id(c)] for label, c in pattern.conditions.items()}
        replications = sorted(set.intersection(*(set(f["replication"]) for f in frames.values())))
        values = []
        for k in replications:
            runs = {label: _one(frame, k) for label, frame in frames.items()}
            values.append(pattern.statistic(runs))
        results.append(Outcome(pattern, np.array(values)))
    return results


def _one(frame: pd.DataFrame, replication: int) -> pd.DataFrame:
    return frame[frame["replication"] == replication].set_index("step").sort_index()


def table(results: list[Outcome]) -> pd.DataFrame:
    """One row per pattern: the statement, whether it is emergent and what decides it, the statistic,
    its mean, 95% CI, the smallest effect that matters, the share of seeds beyond it and the verdict."""
    return pd.DataFrame(
        [
            {
                "pattern": r.pattern.number,
                "name": r.pattern.name,
                "statement": r.pattern.statement,
                "emergent": r.pattern.emergent,
                "kind": r.pattern.kind,
                "decided_by": r.pattern.decided_by,
                "statistic": r.pattern.statistic_text,
                "effect": r.ci.mean,
                "ci_low": r.ci.low,
                "ci_high": r.ci.high,
                "side": "above" if r.pattern.above is not None else "below",
                "smallest_effect": r.pattern.bound,
                "smallest_effect_reason": r.pattern.bound_reason,
                "share_of_seeds_beyond": r.share_beyond,
                "rule": r.pattern.rule,
                "replications": len(r.values),
                "passed": r.passed,
                "source": r.pattern.source,
            }
            for r in results
        ]
    )


def rival_table(main: list[Outcome], rivals: list[Outcome]) -> pd.DataFrame:
    """One row per rival: whether the pattern holds under the model's explanation and under the
    rival's, so whether the pattern tells the two apart, and which it favours."""
    by_number = {r.pattern.number: r for r in main}
    rows = []
    for rival in rivals:
        own = by_number[rival.pattern.number]
        assert rival.pattern.rival is not None
        rows.append(
            {
                "pattern": rival.pattern.number,
                "name": rival.pattern.name,
                "rival": rival.pattern.rival.switch,
                "explanation": rival.pattern.rival.explanation,
                "effect": own.ci.mean,
                "effect_under_rival": rival.ci.mean,
                "ci_low_under_rival": rival.ci.low,
                "ci_high_under_rival": rival.ci.high,
                "share_of_seeds_beyond_under_rival": rival.share_beyond,
                "holds": own.passed,
                "holds_under_rival": rival.passed,
                "discriminates": own.passed != rival.passed,
                "favours": "the model"
                if own.passed and not rival.passed
                else "the rival"
                if rival.passed and not own.passed
                else "neither",
            }
        )
    return pd.DataFrame(rows)
