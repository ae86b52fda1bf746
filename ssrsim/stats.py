"""The mean of replicated results and its confidence interval, one rule for every report.

Calibration, validation and experiments each judge a mean over a few dozen seeds, where the normal
approximation is a little too narrow, so all of them use the Student t interval. One value has no
interval: its half-width is NaN, and texts say so instead of printing ``± nan``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: How a mean with no interval (a single value) is described.
NO_INTERVAL = "n=1, no interval"

#: The smallest difference on a 0-1 index that matters: two points of trust or accountability, about
#: what a national poll of 2,000 people can tell apart, and a tenth of the 25-30 point gap between the
#: Kazakh official and private polls that the police-reform paper reports (Practices-KZ). Validation
#: holds patterns to it and reports group strategies whose effects differ by less.
MIN_EFFECT = 0.02
#: Share of paired seeds in which an effect must exceed the smallest effect that matters.
SEED_SHARE = 0.8


def half_width(sd: float | np.ndarray, n: int | np.ndarray, level: float = 0.95) -> float | np.ndarray:
    """Half-width of the t interval of a mean, from the sample standard deviation and the count.

    Works element-wise on arrays (one interval per row); NaN where ``n`` is below 2.
    """
    return stats.t.ppf((1.0 + level) / 2.0, n - 1) * sd / np.sqrt(n)


@dataclass(frozen=True)
class MeanCI:
    """A mean, the half-width of its confidence interval (NaN for a single value) and the count."""

    mean: float
    half: float
    n: int

    @property
    def low(self) -> float:
        return self.mean - self.half

    @property
    def high(self) -> float:
        return self.mean + self.half


def mean_ci(values: Sequence[float] | np.ndarray, level: float = 0.95) -> MeanCI:
    """The mean of ``values`` with its Student t interval at ``level``."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        raise ValueError("the mean of no values is undefined")
    n = int(data.size)
    sd = float(data.std(ddof=1)) if n > 1 else math.nan
    return MeanCI(float(data.mean()), float(half_width(sd, n, level)), n)


def bracketed(mean: float, low: float, high: float, spec: str = ".4g") -> str:
    """``0.3 [0.29, 0.31]`` in the format ``spec``, or ``0.3 (n=1, no interval)``."""
    if math.isnan(low) or math.isnan(high):
        return f"{mean:{spec}} ({NO_INTERVAL})"
    return f"{mean:{spec}} [{low:{spec}}, {high:{spec}}]"
