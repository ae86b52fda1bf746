"""Bar plots of sensitivity indices with their confidence intervals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure


def _bars(frame: pd.DataFrame, value: str, conf: str, title: str, shown: int, second: str | None = None) -> Figure:
    """One panel per strategy and outcome of one scenario; the ``shown`` largest parameters."""
    groups = list(frame.groupby(["strategy", "outcome"]))
    figure = Figure(figsize=(4.6 * len(groups), 0.32 * shown + 1.6), layout="constrained")
    axes = figure.subplots(1, len(groups), squeeze=False)[0]
    for ax, ((strategy, outcome), group) in zip(axes, groups, strict=True):
        top = group.nlargest(shown, second or value).iloc[::-1]  # the strongest at the top
        y = range(len(top))
        if second is not None:
            ax.barh(
                [i + 0.2 for i in y],
                top[second],
                height=0.4,
                xerr=top[f"{second}_conf"],
                color="tab:orange",
                label=second,
                error_kw={"linewidth": 0.8},
            )
            ax.barh(
                [i - 0.2 for i in y],
                top[value],
                height=0.4,
                xerr=top[conf],
                color="tab:blue",
                label=value,
                error_kw={"linewidth": 0.8},
            )
            ax.legend(fontsize=7, loc="lower right")
        else:
            ax.barh(list(y), top[value], xerr=top[conf], color="tab:blue", error_kw={"linewidth": 0.8})
        ax.set_yticks(list(y), top["parameter"], fontsize=7)
        ax.set_title(f"{outcome} under {strategy}", fontsize=9)
    figure.suptitle(title, fontsize=10)
    return figure


def write_figures(screening: pd.DataFrame, indices: pd.DataFrame, out: Path, shown: int = 15) -> list[Path]:
    """Morris mu* per scenario, and Sobol S1 and ST per scenario, as PNG files in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for scenario, frame in screening.groupby("scenario"):
        path = out / f"morris_{scenario}.png"
        title = f"Morris screening, {scenario}: mean absolute elementary effect (mu*) with 95% CI"
        _bars(frame, "mu_star", "mu_star_conf", title, shown).savefig(path, dpi=100)
        paths.append(path)
    for scenario, frame in indices.groupby("scenario"):
        path = out / f"sobol_{scenario}.png"
        title = f"Sobol indices, {scenario}: total order (ST) and first order (S1) with 95% CI"
        _bars(frame, "S1", "S1_conf", title, shown, second="ST").savefig(path, dpi=100)
        paths.append(path)
    return paths
