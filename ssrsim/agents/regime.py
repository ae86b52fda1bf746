"""The regime: decides what aid to accept, enacts formal reform, represses, restricts, and can fall."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from ssrsim.scalar import clamp, quarterly, saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


class Regime(mesa.Agent):
    """The ruling leadership and its political will.

    State: substantive and declaratory will, openness to hardware and to governance aid, threat
    perception, civic space, the formal-reform index, elite confidence (built by dialogue), rapport
    with donors (built by low-sensitivity programmes) and the effort it spends on meeting donor
    conditions.
    """

    model: SSRModel

    def __init__(self, model: SSRModel) -> None:
        super().__init__(model)
        p = model.scenario
        self.norm_will = p.political_will  # the country's structural norm, from which new leaders draw
        self.leader_will = p.political_will
        self.will = p.political_will
        self.declaratory_will = p.declaratory_will
        self.openness_hardware = p.openness_hardware
        self.openness_governance = p.openness_governance
        self.threat = p.threat_perception
        self.repression_propensity = p.repression_propensity
        self.strategic_value = p.strategic_value
        self.power_fragmentation = p.power_fragmentation
        self.civic_space = p.civic_space
        self.formal_reform = p.formal_reform
        self.elite_confidence = 0.0
        self.rapport = 0.0
        self.crisis_pressure = 0.0
        self.compliance_effort = 0.0
        self.leader_changes = 0
        self.campaign_cooldown = 0

    def update(self) -> None:
        """Will is the leader's, lifted by elite confidence where there is some will to build on
        (``+ 4 gain * confidence * w (1 - w)``); what dialogue and rapport built fades."""
        p = self.model.scenario
        w = self.leader_will
        self.will = w + 4.0 * p.confidence_will_gain * self.elite_confidence * w * (1.0 - w)
        self.elite_confidence *= 1.0 - p.dialogue_decay
        self.rapport *= 1.0 - p.disaster_preparedness_decay

    # --- consent -----------------------------------------------------------------------------
    def governance_acceptance(self, leverage: float) -> float:
        """Readiness to accept aid that touches oversight and governance.

        Low will and high threat shut it (Boonstra et al. 2013, §1.3: interest fades once donors
        stress reform); rapport from low-sensitivity programmes opens it a little; donor leverage
        pushes it, but only as far as there is will to act on it.
        """
        p = self.model.scenario
        openness = self.openness_governance + self.rapport * (1.0 - self.openness_governance)
        will_factor = min(1.0, 2.0 * self.will)
        accept = openness * (0.3 + 0.7 * will_factor) * (1.0 - p.threat_sensitivity * self.threat)
        return accept + (1.0 - accept) * leverage * will_factor

    # --- formal reform -----------------------------------------------------------------------
    def legislate(self, campaign: float, parliament: float) -> None:
        """Formal reform: fast, driven by pressure, filtered by declaratory will and veto players.

        Pressure comes from popular demand (as far as civic space lets it be voiced), elite
        confidence built by dialogue, crisis (a pledge
        after a crackdown, Boonstra et al. 2013 §2.3), CSO campaigns and parliament. A campaign above
        the threshold forces adoption within the quarter (Kyrgyz civic union, Feb-Apr 2013).
        """
        p = self.model.scenario
        voiced = p.public_demand * self.civic_space  # demand presses only where it can be voiced
        pressure = voiced + self.elite_confidence + self.crisis_pressure + campaign + parliament
        rate = p.formal_reform_rate * self.declaratory_will * (1.0 - 0.5 * self.power_fragmentation)
        self.formal_reform = saturate(self.formal_reform, rate * pressure)
        if self.campaign_cooldown > 0:
            self.campaign_cooldown -= 1
        elif campaign > p.campaign_threshold:
            gain = p.petition_gain * self.openness_governance * (1.0 - self.formal_reform)
            self.formal_reform += gain
            self.campaign_cooldown = 8
            self.model.log_event("campaign_adoption", "CSO campaign forces a reform concept", None)
        self.crisis_pressure *= 0.75
        self.formal_reform = min(self.formal_reform, 1.0)

    # --- threat, restriction, repression ----------------------------------------------------
    def perceive_threat(self, protest: float, civil_pressure: float) -> None:
        """Threat rises with protest, and with CSO campaigns and public exposure where will is low
        (a critical public hearing makes officials defensive, police-reform paper, Practices-KZ);
        elite confidence built by dialogue eases it."""
        p = self.model.scenario
        target = p.threat_perception + 4.0 * protest + 0.5 * civil_pressure * (1.0 - self.will)
        target -= 0.5 * self.elite_confidence
        self.threat += 0.25 * (clamp(target) - self.threat)

    def restrict(self) -> None:
        """Civic space closes under threat where repression propensity is high, reopens with will."""
        p = self.model.scenario
        target = p.civic_space * (1.0 - self.threat * self.repression_propensity) + 0.5 * self.will * (
            1.0 - p.civic_space
        )
        self.civic_space += p.restriction_sensitivity * (target - self.civic_space)

    def repress(self, protest_by_region: np.ndarray) -> np.ndarray:
        """Force used against protest per region: protest x repression capacity x propensity."""
        units = self.model.police_units
        capacity = np.array([u.repression_capacity for u in units])
        propensity = np.array([u.repression_propensity for u in units])
        return protest_by_region * capacity * propensity

    # --- donor conditions -------------------------------------------------------------------
    def weigh_conditions(self, conditional_share: float, leverage: float) -> None:
        """Effort to meet donors' governance conditions, against patronage's cost of sanctioning.

        The stake is the share of aid tied to conditions, valued by the appetite for hardware and
        the dependence on aid; the cost is the patronage the regime must cross (Boonstra et al. 2013,
        §1.3 and §2.4 on conditionality and its leverage).
        """
        p = self.model.scenario
        stake = p.conditionality_response * conditional_share * self.openness_hardware * leverage
        cost = self.model.ministry.patronage * (1.0 - self.will) * 0.5
        target = clamp(stake - cost)
        self.compliance_effort += 0.25 * (target - self.compliance_effort)

    # --- leadership ---------------------------------------------------------------------------
    def leadership_hazard(self, protest: float) -> float:
        """Quarterly chance of losing power; protest and crisis raise it."""
        p = self.model.scenario
        return quarterly(p.leadership_hazard * (1.0 + 10.0 * protest + 2.0 * self.crisis_pressure))

    def change_leader(self, will: float | None = None, reversal: float | None = None) -> None:
        """A new leader draws new will; patronage networks regroup and undo part of the reforms.

        Bakiyev undid earlier reforms (Boonstra et al. 2013, §1.2); networks survive and regroup
        (police-reform paper, Context-KZ/KG). ``will`` and ``reversal`` fix a historical change; a
        smaller reversal of practice (an orderly succession) also undoes less formal reform.
        """
        p = self.model.scenario
        if will is None:
            kappa = p.leader_will_concentration
            mean = clamp(self.norm_will, 0.01, 0.99)
            will = float(self.model.rng_events.beta(mean * kappa, (1.0 - mean) * kappa))
        share = p.reversal_share if reversal is None else reversal
        ministry = self.model.ministry
        undo = share * (0.5 + 0.5 * ministry.patronage) * (1.0 - will)
        ministry.practice *= 1.0 - undo
        # formal reform is undone in proportion to practice: no reversal of practice, none of law
        relative = share / p.reversal_share if p.reversal_share > 0 else float(share > 0)
        self.formal_reform *= 1.0 - min(p.formal_reversal_share * relative, 1.0) * (1.0 - will)
        ministry.regroup(undo)
        ministry.appoint_minister(will)
        self.leader_will = self.will = will
        self.elite_confidence = 0.0
        self.compliance_effort = 0.0
        self.leader_changes += 1
