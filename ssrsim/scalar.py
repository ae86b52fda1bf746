"""Scalar helpers for the per-quarter path, where NumPy's per-call overhead (about 9 µs for
``np.clip`` on one number) would dominate the model's run time."""

from __future__ import annotations


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def saturate(level: float, push: float) -> float:
    """Move ``level`` toward 1 by the share ``push`` of what is left; a push of 1 or more reaches 1.

    The common form of a gain that cannot exceed its ceiling (skill, capacity, confidence).
    """
    return level + clamp(push) * (1.0 - level)


def quarterly(annual_hazard: float) -> float:
    """The chance per quarter of an event with this chance per year (capped at certainty)."""
    return 1.0 - (1.0 - clamp(annual_hazard)) ** 0.25
