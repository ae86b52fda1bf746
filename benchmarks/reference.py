"""The reference timing printed beside every benchmark's figures: the machine's speed drifts (other
work shares the host), and one 10,000-element NumPy multiply, timed in the same minute, lets figures
taken at different times be compared."""

from __future__ import annotations

import timeit

import numpy as np


def multiply_us(repeat: int = 5) -> float:
    """Microseconds for one 10,000-element multiply, best of ``repeat`` rounds of 2,000."""
    x = np.random.default_rng(0).random(10_000)
    return min(timeit.repeat(lambda: x * x, number=2000, repeat=repeat)) / 2000 * 1e6
