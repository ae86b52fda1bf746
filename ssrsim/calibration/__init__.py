"""Calibration: the papers' figures and rankings as targets, checked over many seeds.

- :mod:`~ssrsim.calibration.targets`: the targets, :func:`simulate` (the runs they need) and
  :func:`evaluate` (a row per target with its mean, confidence interval and verdict);
- :mod:`~ssrsim.calibration.figures`: figures of the historical replays;
- :mod:`~ssrsim.calibration.commands`: ``ssrsim calibrate``.
"""

from typing import TYPE_CHECKING

from ssrsim.lazy import lazy_attributes

if TYPE_CHECKING:
    from ssrsim.calibration.targets import TARGETS, Target, evaluate, simulate


__all__ = ["TARGETS", "Target", "evaluate", "simulate"]
__getattr__ = lazy_attributes(
    __name__,
    {
        "TARGETS": "ssrsim.calibration.targets",
        "Target": "ssrsim.calibration.targets",
        "evaluate": "ssrsim.calibration.targets",
        "simulate": "ssrsim.calibration.targets",
    },
)
