"""The ministry of interior: turns formal reform into practice, sanctions, runs personnel policy,
routes equipment, and itself moves under pressure and with new leadership."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
from scipy.special import expit, logit

from ssrsim.scalar import clamp

if TYPE_CHECKING:
    from ssrsim.model import SSRModel
    from ssrsim.scrutiny import Scrutiny


def merit_share(patronage: float, will: float, resistance: float) -> float:
    """Share of recruits chosen on merit: the posts patronage does not fill, and of the rest those
    that a leadership with will and a ministry without resistance insist on filling on merit."""
    return (1.0 - patronage) + patronage * will * (1.0 - resistance)


class Ministry(mesa.Agent):
    """The ministry of interior and its patronage networks.

    State: resistance, militarisation, transparency, officers' pay, the practice index (reform
    actually implemented), judicial capacity built by rule-of-law aid, and the influence of public
    councils. Patronage is read from the force: the share of officers who owe their post to a
    patron, relative to the start, scales the scenario's patronage.
    """

    model: SSRModel

    def __init__(self, model: SSRModel) -> None:
        super().__init__(model)
        p = model.scenario
        self.resistance = p.moi_resistance
        self.patron_share0 = 1.0  # set once the force exists
        self.pressure0 = 0.0  # set once civil society and oversight exist
        self.militarisation = p.militarisation
        self.transparency = p.transparency
        self.pay = p.police_pay
        self.practice = p.practice
        self.judicial_capacity = 0.0
        self.council_influence = 0.0

    # --- what moves the ministry -----------------------------------------------------------------
    @property
    def patronage(self) -> float:
        """Patronage networks' hold on the police: the scenario's level, scaled by how many of the
        serving officers still owe their post to a patron compared with the start."""
        share = self.model.force.patron_share()
        return min(self.model.scenario.patronage * share / self.patron_share0, 1.0) if self.patron_share0 > 0 else 0.0

    def respond_to_pressure(self, pressure: float) -> None:
        """Resistance and secrecy give way to pressure beyond what the ministry already bore, as far
        as the leadership lets them, harden when pressure falls below it, and drift back to the
        institution's own level.

        Pressure is CSO campaigns, oversight findings made public and donor engagement on
        governance; it moves the ministry only with will (without it, critical hearings make
        officials defensive, police-reform paper, Practices-KZ).
        """
        p = self.model.scenario
        push = p.resistance_response * self.model.regime.will * (pressure - self.pressure0)
        give = self.resistance if push > 0 else 1.0 - self.resistance
        self.resistance = clamp(
            self.resistance - (push * give + p.resistance_relapse * (self.resistance - p.moi_resistance))
        )
        room = 1.0 - self.transparency if push > 0 else self.transparency
        self.transparency = clamp(
            self.transparency + (push * room - p.resistance_relapse * (self.transparency - p.transparency))
        )

    def appoint_minister(self, will: float) -> None:
        """A new leadership appoints its minister: resistance is reset by how far the new will lies
        from the country's norm (a reformer brings reformers, a restorer brings the old guard)."""
        p = self.model.scenario
        norm = max(1.0 - p.political_will, 1e-9)
        self.resistance = min(p.moi_resistance * (1.0 - will) / norm, 1.0)

    # --- personnel policy -----------------------------------------------------------------------
    def merit_share(self) -> float:
        """Share of recruits chosen on merit (see ``merit_share``)."""
        return merit_share(self.patronage, self.model.regime.will, self.resistance)

    def rigour(self) -> float:
        """How seriously a re-certification looks for graft: will, less the ministry's resistance."""
        return self.model.regime.will * (1.0 - self.resistance)

    def manage_personnel(self, scrutiny: Scrutiny) -> None:
        """The quarter's personnel decisions: sanctions for detected graft, routine re-certification,
        and recruits for every post that falls vacant (leavers, the dismissed)."""
        p = self.model.scenario
        force = self.model.force
        merit = self.merit_share()
        force.sanction(scrutiny.detection, scrutiny.sanction, scrutiny.protection, merit)
        force.attest(p.attestation_coverage / 4.0, self.rigour(), scrutiny.protection, merit)
        force.turnover(merit)

    def attest(self, share: float) -> None:
        """A re-certification campaign announced for a share of the force (a dated event)."""
        force = self.model.force
        force.attest(share, self.rigour(), self.immunity(), self.merit_share())

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
        if p.rival_csos_bypass_ministry:  # rival: the push acts on practice whatever will and resistance
            drive = p.implementation_rate * (regime.will * (1.0 - self.resistance) + support)
        else:
            drive = p.implementation_rate * regime.will * (1.0 - self.resistance) * (1.0 + support)
        erosion = p.practice_erosion * self.resistance * (1.0 - regime.will) * self.practice
        self.practice = min(max(self.practice + drive * gap - erosion, 0.0), 1.0)

    def immunity(self) -> float:
        """How far a patron shields the officers who owe them their posts from a sanction: patronage,
        worn down by implemented reform and will."""
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
        """After a change of leader, patronage networks regroup (officers find new patrons) and
        loyalty appointments cost skill."""
        force = self.model.force
        force.give_patrons(undo * self.patronage)
        force.lose_skill(0.5 * undo)
