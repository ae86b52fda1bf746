"""ssrsim: an agent-based model of security-sector reform in Kazakhstan, Kyrgyzstan and Tajikistan."""

from ssrsim.errors import InputError
from ssrsim.model import SSRModel
from ssrsim.outcomes import COLUMNS, CORE
from ssrsim.scenario import load_scenario
from ssrsim.strategy import load_strategy

__all__ = ["COLUMNS", "CORE", "InputError", "SSRModel", "load_scenario", "load_strategy"]
__version__ = "0.1.0"
