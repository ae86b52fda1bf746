"""Validation: the papers' patterns reproduced from mechanisms, judged by paired statistics.

- :mod:`~ssrsim.validation.patterns`: the patterns, each a paired comparison with a pass rule;
- :mod:`~ssrsim.validation.run`: runs the patterns' conditions through the experiment runner and
  evaluates them;
- :mod:`~ssrsim.validation.figures`: a figure per pattern;
- :mod:`~ssrsim.validation.commands`: ``ssrsim validate``.
"""

from typing import TYPE_CHECKING

from ssrsim.lazy import lazy_attributes

if TYPE_CHECKING:
    from ssrsim.validation.patterns import PATTERNS, Condition, Pattern
    from ssrsim.validation.run import Outcome, evaluate, load_series, run_conditions, table


__all__ = ["PATTERNS", "Condition", "Outcome", "Pattern", "evaluate", "load_series", "run_conditions", "table"]
__getattr__ = lazy_attributes(
    __name__,
    {
        "PATTERNS": "ssrsim.validation.patterns",
        "Condition": "ssrsim.validation.patterns",
        "Pattern": "ssrsim.validation.patterns",
        "Outcome": "ssrsim.validation.run",
        "evaluate": "ssrsim.validation.run",
        "load_series": "ssrsim.validation.run",
        "run_conditions": "ssrsim.validation.run",
        "table": "ssrsim.validation.run",
    },
)
