"""Police units, one per region: skill, culture, corruption, equipment and how they treat citizens."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
from scipy.special import ndtr, ndtri

from ssrsim.programmes import absorbed
from ssrsim.scalar import clamp, saturate

if TYPE_CHECKING:
    from ssrsim.model import Region, SSRModel


class PoliceUnit(mesa.Agent):
    """The police of one region.

    State: officers, professional skill, human-rights culture (slow, "second-generation" change),
    community-policing practice, service equipment and means of repression (EUR million), the
    share of corrupt rank-and-file and senior officers, and a pool of locally trained trainers.
    """

    model: SSRModel

    def __init__(self, model: SSRModel, region: Region) -> None:
        super().__init__(model)
        p = model.scenario
        self.region = region
        self.population_share = region.population_share
        self.officers = max(p.police_officers * region.population_share, 1.0)
        self.skill = self.skill0 = p.police_capacity
        self.culture = self.culture0 = p.human_rights_culture
        self.cp = self.cp0 = p.community_policing
        # stocks and their scales are set by the model from the state's own spending
        self.equipment = self.repression_stock = 0.0
        self.equipment_scale = self.repression_scale = 1.0
        self.repression_upkeep = 0.0
        self.petty_corruption = clamp(p.police_corruption + region.corruption_offset, 0.01, 0.99)
        self.senior_corruption = clamp(p.senior_corruption + region.corruption_offset, 0.01, 0.99)
        self.trainers = 0.0
        self.petty_rent = self.senior_rent = 0.0
        # per-contact conduct, refreshed every quarter by conduct()
        self.abuse_rate = self.bribe_rate = self.service_rate = 0.0
        self.service_base = 0.0
        self.effectiveness0 = 1.0

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

    def corruption(self) -> float:
        s = self.model.scenario.senior_share
        return (1.0 - s) * self.petty_corruption + s * self.senior_corruption

    # --- training ----------------------------------------------------------------------------
    def absorb_training(self, trainees: float, effect: float) -> float:
        """Skill from a training course; trainees beyond absorptive capacity are wasted.

        Capacity falls with low skill: intensive courses for barely literate officers do not take
        (Boonstra et al. 2013, §3). Returns the trainees who actually absorbed it.
        """
        p = self.model.scenario
        cap = p.training_absorption * self.officers * (0.5 + self.skill)
        taken = absorbed(trainees, cap)
        self.skill = saturate(self.skill, effect * taken / self.officers)
        self.culture = saturate(self.culture, 0.1 * effect * taken / self.officers)
        return taken

    def absorb_rights_training(self, trainees: float, effect: float) -> float:
        """Human-rights culture from training: it sticks only where the institution backs it."""
        p = self.model.scenario
        cap = p.human_rights_training_absorption * self.officers * (0.5 + self.skill)
        taken = absorbed(trainees, cap)
        backing = 0.3 + 0.7 * 0.5 * (self.model.ministry.practice + self.model.regime.will)
        self.culture = saturate(self.culture, effect * taken / self.officers * backing)
        return taken

    def cascade_training(self) -> None:
        """Training of trainers: local trainers reach colleagues each quarter, then leave.

        How far they reach depends on whether the ministry builds it into its own courses
        (practice), the reason training of trainers spreads further (Boonstra et al. 2013, §3).
        """
        p = self.model.scenario
        if self.trainers <= 0.0:
            return
        uptake = 0.3 + 0.7 * self.model.ministry.practice
        reached = self.trainers * p.training_of_trainers_effect * uptake
        self.absorb_training(reached, p.training_effect)
        self.absorb_rights_training(reached, p.human_rights_training_effect * 0.5)
        self.trainers *= 1.0 - p.training_of_trainers_decay

    # --- slow institutional drift --------------------------------------------------------------
    def settle(self) -> None:
        """Skill decays without reinforcement; culture and community policing drift to the norm
        that implemented practice sets, slowly (15-20 years, police-reform paper, Practices-KG)."""
        p = self.model.scenario
        reform = self.model.ministry.practice - p.practice  # practice implemented since the start
        skill_norm = self.skill0 + (1.0 - self.skill0) * 0.5 * reform
        culture_norm = self.culture0 + (1.0 - self.culture0) * p.culture_norm_gain * reform
        cp_norm = self.cp0 + (1.0 - self.cp0) * 0.5 * reform
        self.skill += p.training_decay * (clamp(skill_norm) - self.skill)
        self.culture += p.human_rights_training_decay * (clamp(culture_norm) - self.culture)
        self.cp += p.community_policing_decay * (clamp(cp_norm) - self.cp)
        keep = 1.0 - p.equipment_decay
        self.equipment *= keep
        self.repression_stock *= keep

    # --- corruption ---------------------------------------------------------------------------
    def _net_gain(self, rent: float, corruption: float, deterrence: float) -> float:
        """What graft is worth to an officer: rent and colleagues' cover, less the expected
        sanction and the moral cost that human-rights culture adds."""
        p = self.model.scenario
        return (
            rent
            - p.penalty_weight * deterrence
            - p.integrity_weight * self.culture
            + p.corruption_peer_effect * corruption
        )

    def _share_corrupt(self, gain: float) -> float:
        """Share of officers whose integrity threshold lies below ``gain``.

        Thresholds are log-normal (median 1, spread sigma): most officers give in to a modest gain, a
        few hold out for a lot. With the peer effect this makes high corruption a stable resting
        point and puts a tipping point below it.
        """
        if gain <= 0.0:
            return 0.0
        return float(ndtr(math.log(gain) / self.model.scenario.corruption_threshold_spread))

    def calibrate_rents(self, detection: float, sanction: float, senior_sanction: float) -> None:
        """Set the rents of graft so that the initial corruption is the officers' current choice.

        The papers give corruption levels, not rents; solving for the rent makes the starting state
        a resting point, so every later change comes from a change in incentives.
        """
        p = self.model.scenario
        for tier, level, sanct in (
            ("petty", self.petty_corruption, sanction),
            ("senior", self.senior_corruption, senior_sanction),
        ):
            gain = math.exp(p.corruption_threshold_spread * float(ndtri(level)))
            rent = gain - self._net_gain(0.0, level, detection * sanct)
            setattr(self, f"{tier}_rent", rent)

    def decide_corruption(self, detection: float, sanction: float, senior_sanction: float) -> None:
        """Officers weigh rent against the expected sanction (detection x sanction x (1 - immunity)).

        Senior officers face the sanction after immunity. Corruption moves part of the way toward
        the share of officers for whom graft pays this quarter.
        """
        p = self.model.scenario
        for tier, sanct in (("petty", sanction), ("senior", senior_sanction)):
            level = getattr(self, f"{tier}_corruption")
            target = self._share_corrupt(self._net_gain(getattr(self, f"{tier}_rent"), level, detection * sanct))
            setattr(self, f"{tier}_corruption", level + p.corruption_adjust_rate * (target - level))

    # --- meeting citizens ---------------------------------------------------------------------
    def effectiveness(self, reporting: float) -> float:
        """How well the unit serves citizens: competence (skill, usable equipment), a service
        orientation (human-rights culture, community policing; the Soviet legacy is to serve the
        state, police-reform paper, Practices-KZ) and the public's readiness to report crime (no
        trust, no effective policing, Practices-KZ)."""
        utilisation = 0.3 + 0.7 * self.model.regime.will
        competence = (0.5 + 0.5 * self.skill) * (0.8 + 0.2 * self.equipment_index() * utilisation)
        orientation = (0.5 + self.culture) * (1.0 + self.cp)
        return competence * orientation * (0.5 + 0.5 * reporting)

    def conduct(self, reporting: float, deterrence: float) -> None:
        """Per-contact chances of abuse, a bribe demand and good service this quarter."""
        p = self.model.scenario
        militarised = 0.5 + 0.5 * self.model.ministry.militarisation
        self.abuse_rate = p.abuse_base * (1.0 - self.culture) * militarised * (1.0 - 0.5 * min(deterrence, 1.0))
        self.bribe_rate = self.petty_corruption * p.bribe_contact_share
        service = self.service_base * self.effectiveness(reporting) / self.effectiveness0
        self.service_rate = min(service, self.service_room())

    def service_room(self) -> float:
        """The most a contact can be good service: what abuse and bribe demands leave."""
        return max(1.0 - self.abuse_rate * self.minority_bias() - self.bribe_rate, 0.0)

    def mean_abuse(self) -> float:
        """Abuse per contact averaged over the region's majority and minority."""
        return self.abuse_rate * (1.0 + self.region.minority_share * (self.minority_bias() - 1.0))

    def minority_bias(self) -> float:
        """How much likelier a minority citizen is to be abused (Osh 2010, Boonstra et al. 2013, §1.2)."""
        return 1.0 + 2.0 * self.region.ethnic_tension * (1.0 - self.culture)
