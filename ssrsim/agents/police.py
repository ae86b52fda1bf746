"""The police command of each region: equipment, means of repression and community policing.

The officers themselves are a vectorised population (``ssrsim.police_force``); a command holds what
belongs to the region as a whole and sets the conditions its officers serve under.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa

from ssrsim import policing
from ssrsim.programmes import absorbed
from ssrsim.scalar import clamp

if TYPE_CHECKING:
    from ssrsim.model import Region, SSRModel


class PoliceUnit(mesa.Agent):
    """The police of one region, as a command.

    State: service equipment and means of repression (EUR million), community-policing practice and
    a pool of locally trained trainers. Skill, orientation and corruption are its officers'.
    """

    model: SSRModel

    def __init__(self, model: SSRModel, region: Region) -> None:
        super().__init__(model)
        p = model.scenario
        self.region = region
        self.population_share = region.population_share
        self.officers = max(p.police_officers * region.population_share, 1.0)  # real officers
        self.cp = self.cp0 = p.community_policing
        # stocks and their scales are set by the model from the state's own spending
        self.equipment = self.repression_stock = 0.0
        self.equipment_scale = self.repression_scale = 1.0
        self.repression_upkeep = 0.0
        self.trainers = 0.0
        self.service_factor0 = 1.0

    # --- derived indices ---------------------------------------------------------------------
    @property
    def repression_propensity(self) -> float:
        return clamp(self.model.regime.repression_propensity + self.region.repression_offset)

    @property
    def repression_capacity(self) -> float:
        """Means of repression as an index, ``1 - exp(-stock / scale)``; the scale is the size of the
        region's own police equipment, so donor hardware counts relative to what the state has."""
        return 1.0 - math.exp(-self.repression_stock / self.repression_scale)

    def equipment_index(self) -> float:
        """Service equipment as an index that is 0.5 at the state's own steady state."""
        return self.equipment / (self.equipment + self.equipment_scale)

    def service_factor(self, reporting: float) -> float:
        """What the region adds to an officer's service: usable equipment (used as far as the
        leadership wants it used), community-policing practice, and the public's readiness to
        report crime (no trust, no effective policing, police-reform paper, Practices-KZ)."""
        utilisation = 0.3 + 0.7 * self.model.regime.will
        return (0.8 + 0.2 * self.equipment_index() * utilisation) * (1.0 + self.cp) * (0.5 + 0.5 * reporting)

    # --- training ----------------------------------------------------------------------------
    def training_capacity(self, absorption: float) -> float:
        """Real officers a quarter the region's police can put through courses; it falls with low
        skill: intensive courses for barely literate officers do not take (Boonstra et al. 2013, §3)."""
        skill = self.model.force.region_mean(self.model.force.skill, self.region.index)
        return absorption * self.officers * (0.5 + skill)

    def cascade_training(self) -> None:
        """Training of trainers: local trainers reach colleagues each quarter, then leave.

        How far they reach depends on whether the ministry builds it into its own courses
        (practice); the trainers are officers of the same culture, so what they pass on fades
        like any other course.
        """
        p = self.model.scenario
        if self.trainers <= 0.0:
            return
        uptake = 0.3 + 0.7 * self.model.ministry.practice
        reached = self.trainers * p.training_of_trainers_effect * uptake
        policing.train_officers(self.model, self, reached, p.training_effect, p.human_rights_training_effect * 0.5)
        self.trainers *= 1.0 - p.training_of_trainers_decay

    def add_trainers(self, trainers: float) -> None:
        cap = self.model.scenario.training_of_trainers_absorption * self.officers
        self.trainers += absorbed(trainers, cap)

    # --- slow drift -----------------------------------------------------------------------------
    def settle(self, reform: float) -> None:
        """Community policing drifts to the norm implemented practice sets; stocks depreciate."""
        p = self.model.scenario
        cp_norm = self.cp0 + (1.0 - self.cp0) * 0.5 * reform
        self.cp += p.community_policing_decay * (clamp(cp_norm) - self.cp)
        keep = 1.0 - p.equipment_decay
        self.equipment *= keep
        self.repression_stock *= keep
