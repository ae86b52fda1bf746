"""Calibration that is fitted: one wave of history matching over a Latin hypercube.

The values marked ``calibrated`` in the scenarios were first set by hand. This module asks which
values within their plausible ranges the calibration targets allow. A Latin hypercube samples the
fitted parameters over their ranges; at each point every run the targets need is made over a few
seeds, and each target's **implausibility** is the distance of the seeds' mean statistic from the
target's accepted range, in units of its uncertainty (the mean's standard error and a model
discrepancy of a twentieth of the range's width)::

    I_t = distance(mean_t, [low_t, high_t]) / sqrt(se_t**2 + (width_t / 20)**2)

A point is **not ruled out** when no target's implausibility exceeds 3 (three standard deviations,
the usual cut-off of history matching). The points not ruled out are the accepted region.
Only calibration targets enter; the held-out evidence of validation never does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import qmc

from ssrsim.calibration.targets import TARGETS, simulate_points, statistics
from ssrsim.experiment.executors import as_finished, open_executor
from ssrsim.experiment.seeds import replication_seed
from ssrsim.model import SSRModel
from ssrsim.resources import available
from ssrsim.scenario import load_scenario
from ssrsim.stats import MIN_EFFECT

#: The parameters the calibration targets decide, each read by at least one target.
FITTED: tuple[str, ...] = (
    "fear_conformity",  # the Kazakh poll gap
    "formal_reform_rate",  # formal reform by 2013, the rankings
    "implementation_rate",  # the Kyrgyz window after 2010
    "reversal_share",  # the Kyrgyz reversal of 2005
    "complaint_propensity",  # Kazakh complaints a year
    "sanction_base",  # the share of complaints that end in a sanction
    "border_training_share",  # Tajik border officials trained
    "crisis_trust_shock",  # trust after Osh, Zhanaozen and Khorog
    "campaign_threshold",  # CSO campaigns and the formal rankings
    "lethality",  # casualties of violent dispersal
)
#: The countries and the baseline of the strategy comparison (the main job's).
COUNTRIES: tuple[str, ...] = ("kazakhstan", "kyrgyzstan", "tajikistan")
BASELINE = "no_aid"
#: Implausibility beyond which a point is ruled out.
CUTOFF = 3.0
#: Model discrepancy as a share of a target's accepted range.
DISCREPANCY = 1.0 / 20.0


@dataclass(frozen=True)
class Wave:
    """One wave: the design, each point's implausibility per target, and the hand-set values."""

    design: pd.DataFrame  # one row per point, one column per fitted parameter
    implausibility: pd.DataFrame  # one row per point, one column per target
    hand_set: dict[str, float]
    ranges: dict[str, tuple[float, float]]

    @property
    def accepted(self) -> pd.Series:
        """Whether each point survives: no target beyond the cut-off."""
        return self.implausibility.max(axis=1) <= CUTOFF

    def region(self) -> pd.DataFrame:
        """Per fitted parameter: its range, the hand-set value and the span of the points accepted."""
        kept = self.design[self.accepted]
        return pd.DataFrame(
            [
                {
                    "parameter": name,
                    "range_low": self.ranges[name][0],
                    "range_high": self.ranges[name][1],
                    "hand_set": self.hand_set[name],
                    "accepted_low": float(kept[name].min()) if len(kept) else np.nan,
                    "accepted_median": float(kept[name].median()) if len(kept) else np.nan,
                    "accepted_high": float(kept[name].max()) if len(kept) else np.nan,
                }
                for name in FITTED
            ]
        )

    def ruled_out_by(self) -> pd.Series:
        """How many points each target rules out on its own."""
        return (self.implausibility > CUTOFF).sum().rename("points ruled out")


def implausibility(values: np.ndarray, low: float, high: float) -> float:
    """Distance of the seeds' mean from ``[low, high]`` in units of its uncertainty."""
    mean = float(values.mean())
    se = float(values.std(ddof=1) / np.sqrt(values.size)) if values.size > 1 else 0.0
    distance = max(low - mean, mean - high, 0.0)
    return distance / np.hypot(se, DISCREPANCY * (high - low))


def design(points: int, seed: int) -> tuple[pd.DataFrame, dict[str, tuple[float, float]], dict[str, float]]:
    """A Latin hypercube over the fitted parameters' plausible ranges, with those ranges and the
    hand-set values (the fitted parameters are shared by every country, so one scenario gives them)."""
    scenario = load_scenario("kyrgyzstan")
    ranges = {name: scenario.parameters[name].range for name in FITTED}
    hand_set = {name: float(scenario.parameters[name].value) for name in FITTED}
    unit = qmc.LatinHypercube(d=len(FITTED), seed=seed).random(points)
    low = np.array([ranges[n][0] for n in FITTED])
    high = np.array([ranges[n][1] for n in FITTED])
    return pd.DataFrame(qmc.scale(unit, low, high), columns=list(FITTED)), ranges, hand_set


def history_match(points: int = 80, seeds: int = 3, seed: int = 2013, workers: int | None = None) -> Wave:
    """Run one wave: every point of the hypercube through every calibration run, over ``seeds``."""
    frame, ranges, hand_set = design(points, seed)
    overrides = [{name: float(value) for name, value in row.items()} for _, row in frame.iterrows()]
    runs = simulate_points(overrides, seeds, seed, workers)
    rows = []
    for by_seed in runs:
        values = statistics(by_seed)
        rows.append({t.name: implausibility(values[t.name], t.low, t.high) for t in TARGETS})
    return Wave(frame, pd.DataFrame(rows), hand_set, ranges)


def _trust_at_end(job: tuple[str, str, int, tuple[tuple[str, float], ...]]) -> float:
    scenario, strategy, seed, overrides = job
    model = SSRModel(scenario, strategy, rng=seed, **dict(overrides))
    model.run_model()
    return float(model.datacollector.get_model_vars_dataframe()["trust"].iloc[-1])


def strategy_groups(
    wave: Wave, points: int = 6, seeds: int = 4, seed: int = 2013, workers: int | None = None
) -> pd.DataFrame:
    """How the accepted region moves the strategy comparison: each strategy's paired effect on trust
    against no aid, at the hand-set values and at up to ``points`` accepted points, and whether it
    is in the leading group (within the smallest effect that matters of the best).

    One row per country, strategy and point (``point`` -1 is the hand-set calibration).
    """
    kept = wave.design[wave.accepted].head(points)
    settings = [((), -1)] + [
        (tuple(sorted((name, float(value)) for name, value in row.items())), int(index))
        for index, row in kept.iterrows()
    ]
    strategies = available("strategies")
    seeds_used = [replication_seed(seed, k) for k in range(seeds)]
    jobs = [
        (country, strategy, s, overrides)
        for overrides, _ in settings
        for country in COUNTRIES
        for strategy in strategies
        for s in seeds_used
    ]
    point_of = dict(settings)
    ends: dict[tuple[int, str, str], list[float]] = {}
    with open_executor(workers, None) as (executor, slots):
        for (country, strategy, _, overrides), trust in as_finished(executor, _trust_at_end, jobs, window=2 * slots):
            ends.setdefault((point_of[overrides], country, strategy), []).append(trust)
    rows = []
    for (point, country, strategy), values in ends.items():
        if strategy == BASELINE:
            continue
        effect = float(np.mean(values) - np.mean(ends[point, country, BASELINE]))
        rows.append({"point": point, "country": country, "strategy": strategy, "effect": effect})
    frame = pd.DataFrame(rows)
    best = frame.groupby(["point", "country"])["effect"].transform("max")
    return frame.assign(leading=best - frame["effect"] < MIN_EFFECT)
