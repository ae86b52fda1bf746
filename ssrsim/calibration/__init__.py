"""Calibration: the papers' figures and rankings as targets, checked over many seeds.

- :mod:`~ssrsim.calibration.targets`: the targets, :func:`simulate` (the runs they need) and
  :func:`evaluate` (a row per target with its mean, confidence interval and verdict);
- :mod:`~ssrsim.calibration.figures`: figures of the historical replays;
- :mod:`~ssrsim.calibration.commands`: ``ssrsim calibrate``.
"""

from ssrsim.calibration.targets import TARGETS, Target, evaluate, simulate

__all__ = ["TARGETS", "Target", "evaluate", "simulate"]
