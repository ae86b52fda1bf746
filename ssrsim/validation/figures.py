"""A figure per pattern: the compared conditions' trajectories, and the statistic over replications."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ssrsim.plotting import band, quantiles
from ssrsim.stats import NO_INTERVAL, mean_ci
from ssrsim.validation.patterns import Pattern
from ssrsim.validation.run import Outcome, condition_id

_COLORS = ("tab:blue", "tab:red", "tab:green", "tab:orange")


def pattern_figure(result: Outcome, series: dict[str, pd.DataFrame]) -> Figure:
    """Left: each outcome the pattern reads, median and bands per condition. Right: the statistic."""
    pattern = result.pattern
    shown = pattern.outcomes[:2]
    figure = Figure(figsize=(4.2 * (len(shown) + 1), 3.6), layout="constrained")
    axes = figure.subplots(1, len(shown) + 1, squeeze=False)[0]
    for ax, outcome in zip(axes, shown, strict=False):
        for color, (label, condition) in zip(_COLORS, pattern.conditions.items(), strict=False):
            frame = series[condition_id(condition)]
            wide = frame.pivot(index="step", columns="replication", values=outcome)
            band(ax, wide.index / 4.0, quantiles(wide), color, label)
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("years")
        ax.legend(fontsize=7)
    _statistic(axes[-1], pattern, result.values)
    figure.suptitle(f"Pattern {pattern.number}: {pattern.statement}", fontsize=10)
    return figure


def _statistic(ax: Axes, pattern: Pattern, values: np.ndarray) -> None:
    """The statistic of each replication, jittered, with their mean, its interval and the rule's bound."""
    rng = np.random.default_rng(0)
    ax.scatter(rng.uniform(-0.2, 0.2, len(values)), values, s=8, alpha=0.5, color="tab:gray")
    ci = mean_ci(values)
    label = f"mean ({NO_INTERVAL})" if math.isnan(ci.half) else "mean, 95% CI"
    ax.errorbar([0], [ci.mean], yerr=[[ci.half], [ci.half]], fmt="o", color="black", capsize=6, label=label)
    for bound in (pattern.above, pattern.below):
        if bound is not None:
            ax.axhline(bound, color="tab:red", linestyle="--", linewidth=1, label=pattern.rule)
    ax.set_xticks([])
    ax.set_xlim(-0.6, 0.6)
    ax.set_title("statistic per replication", fontsize=9)
    ax.legend(fontsize=7, loc="best")


def write_figures(results: list[Outcome], series: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for result in results:
        path = out / f"pattern_{result.pattern.number:02d}_{result.pattern.name}.png"
        pattern_figure(result, series).savefig(path, dpi=100)
        paths.append(path)
    return paths


def heldout_figure(runs: pd.DataFrame, out: Path) -> Path:
    """The held-out case's trajectories per condition (median and bands), with its record marked."""
    from ssrsim.validation.heldout import CRITERIA, SCENARIO

    shown = [criterion.outcome for criterion in CRITERIA] + ["corruption"]
    figure = Figure(figsize=(4.2 * len(shown), 3.6), layout="constrained")
    axes = figure.subplots(1, len(shown), squeeze=False)[0]
    for ax, outcome in zip(axes, shown, strict=True):
        for color, (condition, frame) in zip(_COLORS, runs.groupby("condition", sort=False), strict=False):
            wide = frame.pivot(index="year", columns="replication", values=outcome)
            band(ax, wide.index, quantiles(wide), color, str(condition))
        for criterion in CRITERIA:
            if criterion.outcome == outcome:
                bound = criterion.low if criterion.low is not None else criterion.high
                ax.axhline(bound, color="black", linestyle="--", linewidth=1, label=f"record: {criterion.name}")
        ax.set_ylim(0.0, 1.0 if outcome != "bribe_experience" else 0.15)
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("year")
        ax.legend(fontsize=7)
    figure.suptitle(f"Held-out case {SCENARIO}: prediction by condition", fontsize=10)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"heldout_{SCENARIO}.png"
    figure.savefig(path, dpi=100)
    return path
