"""The ministry of interior: turns formal reform into practice, sanctions, routes equipment."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
from scipy.special import expit, logit

from ssrsim.scalar import saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


class Ministry(mesa.Agent):
    """The ministry of interior and its patronage networks.

    State: resistance, patronage, militarisation, transparency, the practice index (reform actually
    implemented), judicial capacity built by rule-of-law aid, and the influence of public councils.
    """

    model: SSRModel

    def __init__(self, model: SSRModel) -> None:
        super().__init__(model)
        p = model.scenario
        self.resistance = p.moi_resistance
        self.patronage = p.patronage
        self.militarisation = p.militarisation
        self.transparency = p.transparency
        self.practice = p.practice
        self.judicial_capacity = 0.0
        self.council_influence = 0.0

    def implement(self, support: float) -> None:
        """Practice follows formal reform slowly, and only with will and low resistance.

        ``d practice = rate * will * (1 - resistance) * (1 + support) * (formal - practice)``, minus
        erosion where resistance meets no will: the first-generation/second-generation split of
        the police-reform paper (Literature review, Conclusions). ``support`` is the push of public
        councils, oversight bodies and CSO monitoring.
        """
        p = self.model.scenario
        regime = self.model.regime
        gap = max(regime.formal_reform - self.practice, 0.0)
        drive = p.implementation_rate * regime.will * (1.0 - self.resistance) * (1.0 + support)
        erosion = p.practice_erosion * self.resistance * (1.0 - regime.will) * self.practice
        self.practice = min(max(self.practice + drive * gap - erosion, 0.0), 1.0)

    def immunity(self) -> float:
        """Protection of senior officers by patronage, worn down by implemented reform and will."""
        return self.patronage * (1.0 - self.practice) * (1.0 - self.model.regime.will)

    def sanction_probability(self, publicity: float) -> float:
        """Chance that detected rank-and-file misconduct is sanctioned.

        On the logit scale, patronage not yet undone by practice lowers it; implemented practice,
        judicial capacity (rule-of-law aid), the regime's effort to meet donor conditions and
        publicity raise it (65 dismissals after a press exposé of 10,000 complaints, police-reform
        paper, Practices-KZ).
        """
        p = self.model.scenario
        push = self.practice + self.judicial_capacity + self.model.regime.compliance_effort + 0.5 * publicity
        shield = self.patronage * (1.0 - self.practice)
        return expit(logit(p.sanction_base) + p.sanction_slope * (push - shield))

    def repression_share(self) -> float:
        """Share of equipment routed to riot units and special forces rather than to service."""
        return min(self.model.regime.repression_propensity * (0.5 + 0.5 * self.militarisation), 1.0)

    def route_equipment(self, eur_million: float) -> None:
        """Equipment goes to the police units by population; part feeds repression capacity."""
        share = self.repression_share()
        for unit in self.model.police_units:
            amount = eur_million * unit.population_share
            unit.repression_stock += amount * share
            unit.equipment += amount * (1.0 - share)

    def convene_council(self, cso_capacity: float, council_strength: float) -> None:
        """Public councils: formal CSO seats, but influence capped by state dominance.

        Two thirds of seats go to CSOs in Kazakhstan, yet state members dominate (police-reform paper,
        Practices-KZ), so influence is ``min(cap, council x CSO capacity x (1 - dominance))``, where
        the council's strength already counts its CSO seats as its formal powers.
        """
        p = self.model.scenario
        raw = council_strength * cso_capacity * (1.0 - p.council_state_dominance)
        self.council_influence = min(raw, p.council_influence_cap)

    def regroup(self, undo: float) -> None:
        """After a change of leader, patronage networks regroup and loyalty appointments cost skill."""
        for unit in self.model.police_units:
            unit.senior_corruption = saturate(unit.senior_corruption, undo * self.patronage)
            unit.skill *= 1.0 - 0.5 * undo
