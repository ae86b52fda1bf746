"""ssrsim: an agent-based model of security-sector reform in Kazakhstan, Kyrgyzstan and Tajikistan.

``ssrsim.simulate(...)`` runs the model in one call; ``ssrsim.SSRModel`` is the Mesa model;
``ssrsim.salib`` and ``ssrsim.ema`` fit it to SALib and EMA Workbench. Names are loaded when first
used, so that ``import ssrsim`` (and the command line's quick commands) do not pay for Mesa.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ssrsim.errors import InputError

if TYPE_CHECKING:
    from ssrsim.api import simulate
    from ssrsim.model import SSRModel
    from ssrsim.outcomes import COLUMNS, CORE
    from ssrsim.scenario import load_scenario
    from ssrsim.strategy import load_strategy

#: Public name -> the module that defines it.
_LAZY = {
    "COLUMNS": "ssrsim.outcomes",
    "CORE": "ssrsim.outcomes",
    "SSRModel": "ssrsim.model",
    "load_scenario": "ssrsim.scenario",
    "load_strategy": "ssrsim.strategy",
    "simulate": "ssrsim.api",
}
_SUBMODULES = frozenset({"ema", "experiment", "salib"})

__all__ = ["COLUMNS", "CORE", "InputError", "SSRModel", "load_scenario", "load_strategy", "simulate"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"ssrsim.{name}")
    raise AttributeError(f"module 'ssrsim' has no attribute '{name}'")
