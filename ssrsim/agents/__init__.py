"""The actors of the model, one Mesa agent class each."""

from ssrsim.agents.cso import CSO, FOCUSES
from ssrsim.agents.donor import Donor
from ssrsim.agents.ministry import Ministry
from ssrsim.agents.oversight import OversightBody
from ssrsim.agents.police import PoliceUnit
from ssrsim.agents.regime import Regime

__all__ = ["CSO", "FOCUSES", "Donor", "Ministry", "OversightBody", "PoliceUnit", "Regime"]
