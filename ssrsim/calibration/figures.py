"""Figures of the historical replays: median and 50%/90% bands over seeds, with the dated events."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ssrsim.calibration.targets import BySeed, Run
from ssrsim.plotting import band, quantiles
from ssrsim.scenario import load_scenario

#: Per replay: the region whose crisis the papers describe.
REPLAYS: dict[str, str] = {"kyrgyzstan_2003": "south", "kazakhstan_2003": "west", "tajikistan_2003": "gbao"}
SHOWN_EVENTS = {"leadership_change", "crisis", "law", "constitution", "media_expose", "restriction"}


def _band(ax: Axes, frame: pd.DataFrame, label: str, color: str) -> None:
    """Median with 50% and 90% bands of a (year x seed) frame."""
    band(ax, frame.index, quantiles(frame), color, label)


def _regional(runs: list[Run], region: str) -> pd.DataFrame:
    columns = {}
    for i, run in enumerate(runs):
        rows = run.regions[run.regions["region"] == region]
        columns[i] = pd.Series(rows["trust"].to_numpy(), index=rows["year"].to_numpy())
    return pd.DataFrame(columns)


def replay_figure(scenario: str, runs: list[Run], out: Path) -> Path:
    """Three panels for one replay: trust, formal reform vs practice, will and corruption."""
    region = REPLAYS[scenario]
    spec = load_scenario(scenario)

    def series(column: str) -> pd.DataFrame:
        return pd.DataFrame({i: run.series[column] for i, run in enumerate(runs)})

    fig = Figure(figsize=(9, 9.5))
    axes = fig.subplots(3, 1, sharex=True)
    _band(axes[0], series("trust"), "trust (national)", "tab:blue")
    _band(axes[0], _regional(runs, region), f"trust ({region})", "tab:red")
    _band(axes[0], series("trust_official"), "official poll", "tab:gray")
    axes[0].set_ylabel("trust")
    _band(axes[1], series("formal_reform_now"), "formal reform", "tab:purple")
    _band(axes[1], series("practice_now"), "practice_now", "tab:green")
    axes[1].set_ylabel("index")
    _band(axes[2], series("political_will_now"), "political will", "tab:orange")
    _band(axes[2], series("corruption"), "corruption", "tab:brown")
    axes[2].set_ylabel("index")
    axes[2].set_xlabel("year")
    for ax in axes:
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left", fontsize=8, ncol=3)
        for event in spec.events:
            if event.kind in SHOWN_EVENTS:
                ax.axvline(event.year, color="black", alpha=0.25, linewidth=0.8)
    for event in spec.events:
        if event.kind in SHOWN_EVENTS:
            axes[0].text(event.year, 0.99, event.label, rotation=90, fontsize=6, va="top", ha="right", alpha=0.7)
    fig.suptitle(f"{spec.title}: median, 50% and 90% bands over {len(runs)} seeds", fontsize=11)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"replay_{scenario}.png"
    fig.savefig(path, dpi=110)
    return path


def replay_figures(by_seed: BySeed, out: Path) -> list[Path]:
    """One figure per historical replay found in the calibration runs."""
    paths = []
    for scenario in REPLAYS:
        runs = [runs_of_seed[scenario, "status_quo"] for runs_of_seed in by_seed.values()]
        paths.append(replay_figure(scenario, runs, out))
    return paths
