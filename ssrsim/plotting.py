"""The figure shape every part of ssrsim uses for uncertain trajectories: a median with its 50% and
90% bands over runs."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

#: Quantiles behind a band: the 90% and 50% intervals and the median.
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


def quantiles(frame: pd.DataFrame) -> pd.DataFrame:
    """Per row of a (time x run) frame, the columns q05, q25, q50, q75, q95."""
    q = frame.quantile(list(QUANTILES), axis=1).T
    q.columns = [f"q{round(level * 100):02d}" for level in QUANTILES]
    return q


def band(ax: Axes, x: pd.Series | pd.Index, q: pd.DataFrame, color: str, label: str | None = None) -> None:
    """Draw the median of ``q`` (columns q05..q95) with its 50% and 90% bands."""
    ax.fill_between(x, q["q05"], q["q95"], color=color, alpha=0.18, linewidth=0)
    ax.fill_between(x, q["q25"], q["q75"], color=color, alpha=0.4, linewidth=0)
    ax.plot(x, q["q50"], color=color, linewidth=1.5, label=label)
