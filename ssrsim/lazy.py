"""Names a package re-exports, imported on first use (PEP 562).

The command line imports the packages whose commands it registers; loading Mesa, DuckDB or SALib
only when a command or a user touches them keeps ``ssrsim --help``, ``list`` and ``show`` fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports each of ``names`` (name -> module) when asked."""

    def attribute(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(names[name]), name)
        raise AttributeError(f"module '{package}' has no attribute '{name}'")

    return attribute
