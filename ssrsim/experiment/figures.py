"""The report's figures, drawn with matplotlib's object API (``Figure``, rendered by Agg).

No pyplot: nothing global is touched, nothing needs a display, and figures are freed with their
last reference. Each function takes the tables of :mod:`ssrsim.experiment.analysis`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from ssrsim.experiment.analysis import TRUST_POINT
from ssrsim.plotting import band

_BAND = "#3b6ea5"
_BASELINE = "#555555"


def trajectories(frame: pd.DataFrame, outcome: str, scenario: str, baseline: str) -> Figure:
    """One panel per strategy: the median of ``outcome`` with its 50% and 90% bands, baseline median dashed."""
    rows = frame[frame["scenario"] == scenario]
    strategies = list(dict.fromkeys(rows["strategy"]))
    columns = min(len(strategies), 4)
    rows_count = math.ceil(len(strategies) / columns)
    width, height = 3.2 * columns, 2.4 * rows_count + 0.6
    figure = Figure(figsize=(width, height))
    # fixed margins in inches: a layout engine would double the drawing time of these many panels
    figure.subplots_adjust(
        left=0.95 / width, right=1 - 0.15 / width, bottom=0.5 / height, top=1 - 0.6 / height, wspace=0.08, hspace=0.3
    )
    axes = figure.subplots(rows_count, columns, sharex=True, sharey=True, squeeze=False)
    reference = rows[rows["strategy"] == baseline]
    for ax, strategy in zip(axes.flat, strategies, strict=False):
        data = rows[rows["strategy"] == strategy]
        band(ax, data["step"], data, _BAND, label="median, 50% and 90% of runs")
        if strategy != baseline and not reference.empty:
            ax.plot(reference["step"], reference["q50"], "--", color=_BASELINE, linewidth=1, label=baseline)
        ax.set_title(strategy, fontsize=9)
    for ax in axes.flat[len(strategies) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("quarter")
    for ax in axes[:, 0]:
        ax.set_ylabel(outcome)
    axes.flat[min(1, len(strategies) - 1)].legend(fontsize=7, loc="best")
    figure.suptitle(f"{outcome} in {scenario}: median, 50% and 90% of runs")
    return figure


def effects(frame: pd.DataFrame, outcome: str, baseline: str) -> Figure:
    """Per scenario, each strategy's mean end-state effect on ``outcome`` with its paired 95% interval."""
    rows = frame[frame["outcome"] == outcome]
    scenarios = list(dict.fromkeys(rows["scenario"]))
    figure, axes = _panels(len(scenarios), height=0.32 * rows["strategy"].nunique() + 1.4)
    for ax, scenario in zip(axes, scenarios, strict=True):
        data = rows[rows["scenario"] == scenario].sort_values("mean")
        ax.errorbar(
            data["mean"],
            data["strategy"],
            xerr=[data["mean"] - data["low"], data["high"] - data["mean"]],
            fmt="o",
            color=_BAND,
            capsize=3,
        )
        ax.axvline(0.0, color=_BASELINE, linewidth=0.8)
        ax.set_title(scenario)
        ax.set_xlabel(f"change in {outcome}")
    figure.suptitle(f"End-state effect on {outcome} against {baseline}, with 95% intervals over paired replications")
    return figure


def costs(frame: pd.DataFrame) -> Figure:
    """Per scenario, EUR million of extra aid per +0.01 of trust, for strategies that raised trust at a cost;
    those that raised it for no more money than the baseline are named beneath."""
    scenarios = list(dict.fromkeys(frame["scenario"]))
    figure, axes = _panels(len(scenarios), height=0.32 * max(frame["strategy"].nunique(), 1) + 1.6)
    for ax, scenario in zip(axes, scenarios, strict=True):
        here = frame[frame["scenario"] == scenario]
        data = here[here["cost_per_point"] > 0].sort_values("cost_per_point", ascending=False)
        free = here.loc[here["cost_per_point"] <= 0, "strategy"].tolist()
        colours = [_BAND if certain else "#9fb7d3" for certain in data["certain"]]
        ax.set_title(scenario)
        ax.set_xlabel(f"EUR million per +{TRUST_POINT:g} trust")
        if free:
            note = "no extra cost: " + ", ".join(free)
            ax.text(0.0, -0.3, note, fontsize=7, transform=ax.transAxes, va="top")
        if data.empty:
            ax.text(0.5, 0.5, "no strategy raised trust at a cost", ha="center", va="center", transform=ax.transAxes)
            continue
        ax.barh(data["strategy"], data["cost_per_point"], color=colours)
        ax.set_xscale("log")  # costs span orders of magnitude when a gain is close to zero
    figure.suptitle("Cost of trust (pale: the gain's 95% interval includes zero)")
    return figure


def reported_vs_real(frame: pd.DataFrame) -> Figure:
    """Per scenario, each run's final reported success against its real change; the diagonal is honesty."""
    scenarios = list(dict.fromkeys(frame["scenario"]))
    strategies = sorted(frame["strategy"].unique())
    colours = dict(zip(strategies, _palette(len(strategies)), strict=True))
    figure, axes = _panels(len(scenarios), height=3.6)
    for ax, scenario in zip(axes, scenarios, strict=True):
        data = frame[frame["scenario"] == scenario]
        for strategy in strategies:
            runs = data[data["strategy"] == strategy]
            ax.scatter(runs["real_change"], runs["reported_success"], s=8, alpha=0.6, color=colours[strategy])
        ax.axline((0, 0), slope=1, color=_BASELINE, linewidth=0.8, linestyle="--")
        ax.set_title(scenario)
        ax.set_xlabel("real change")
    axes[0].set_ylabel("reported success")
    handles = [axes[0].scatter([], [], s=12, color=colours[s], label=s) for s in strategies]
    figure.legend(handles=handles, loc="outside right center", fontsize=7, frameon=False)
    figure.suptitle("What donors report against what changed, one point per run at the end")
    return figure


def heatmap(frame: pd.DataFrame, rows_parameter: str, columns_parameter: str, outcome: str, baseline: str) -> Figure:
    """Per scenario and strategy, the mean effect on ``outcome`` at each point of a two-parameter grid."""
    panels = list(dict.fromkeys(zip(frame["scenario"], frame["strategy"], strict=True)))
    limit = float(np.nanmax(np.abs(frame["mean"]))) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    figure, axes = _panels(len(panels), height=3.8, width=4.2)
    image = None
    for ax, (scenario, strategy) in zip(axes, panels, strict=True):
        data = frame[(frame["scenario"] == scenario) & (frame["strategy"] == strategy)]
        grid = data.pivot_table(index=rows_parameter, columns=columns_parameter, values="mean")
        image = ax.imshow(grid.to_numpy(), origin="lower", cmap="RdBu", norm=norm, aspect="auto")
        ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
        for (i, j), value in np.ndenumerate(grid.to_numpy()):
            colour = "white" if abs(value) > 0.6 * limit else "black"
            ax.text(j, i, f"{value:+.3f}", ha="center", va="center", fontsize=7, color=colour)
        ax.set_title(f"{strategy} ({scenario})", fontsize=9)
        ax.set_xlabel(columns_parameter)
        ax.set_ylabel(rows_parameter)
    figure.colorbar(image, ax=list(axes), label=f"change in {outcome} against {baseline}")
    figure.suptitle(f"Effect on {outcome} across {rows_parameter} x {columns_parameter}")
    return figure


def _panels(count: int, *, height: float, width: float = 4.4) -> tuple[Figure, Sequence[Axes]]:
    """A row of ``count`` panels (at most three a row)."""
    columns = min(count, 3)
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(width * columns, height * rows + 0.6), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).flat
    for ax in axes[count:]:
        ax.set_visible(False)
    return figure, list(axes[:count])


def _palette(count: int) -> list[tuple[float, float, float, float]]:
    cmap = colormaps["tab20" if count > 10 else "tab10"]
    return [cmap(i % cmap.N) for i in range(count)]


def robustness(frame: pd.DataFrame, outcome: str) -> Figure:
    """Per country: how often each strategy does best, and its mean regret."""
    rows = frame[frame["outcome"] == outcome]
    scenarios = list(dict.fromkeys(rows["scenario"]))
    figure, axes = _panels(len(scenarios), height=0.28 * rows["strategy"].nunique() + 1.4)
    for ax, scenario in zip(axes, scenarios, strict=True):
        data = rows[rows["scenario"] == scenario].sort_values("p_best")
        y = np.arange(len(data))
        ax.barh(y + 0.2, data["p_best"], height=0.4, color="tab:blue", label="share of cases best")
        ax.barh(
            y - 0.2,
            data["regret"] / max(data["regret"].max(), 1e-12),
            height=0.4,
            color="tab:orange",
            label="mean regret (scaled to the largest)",
        )
        ax.set_yticks(y, data["strategy"], fontsize=7)
        ax.set_title(scenario, fontsize=9)
        ax.set_xlim(0, 1)
    axes[0].legend(fontsize=7, loc="lower right")
    figure.suptitle(f"Robustness of the ranking on {outcome}: best how often, and at what regret")
    return figure
