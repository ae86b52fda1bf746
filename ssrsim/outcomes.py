"""The outcomes recorded every quarter, computed from the actors' state.

Indices lie in [0, 1]; ``spent`` and ``allocated`` are cumulative EUR million; ``casualties``,
``complaints`` and ``complaint_sanctions`` are cumulative counts in the real population.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ssrsim import civil_society
from ssrsim.programmes import PROGRAMMES
from ssrsim.scalar import clamp
from ssrsim.strategy import REQUIREMENTS

if TYPE_CHECKING:
    from ssrsim.model import SSRModel

#: Outcomes every run records; the first sixteen are the public contract.
CORE: tuple[str, ...] = (
    "trust",
    "trust_official",
    "trust_independent",
    "accountability",
    "corruption",
    "abuse",
    "crime_reporting",
    "repression_capacity_now",
    "protest",
    "formal_reform_now",
    "practice_now",
    "reform_gap",
    "cso_count_now",
    "cso_capacity_now",
    "reported_success",
    "spent",
)
EXTRA: tuple[str, ...] = (
    "year",
    "allocated",
    "real_change",
    "political_will_now",
    "civic_space_now",
    "threat",
    "fear",
    "grievance",
    "engagement",
    "detection",
    "sanction_rate",
    "skill",
    "culture",
    "community_policing_now",
    "trust_minority",
    "casualties",
    "complaints",
    "complaint_sanctions",
    "leader_changes",
    "trained",
    "border_trained",
    "moi_resistance_now",
    "transparency_now",
    "patron_share",
    "police_pay_now",
    "officers_dismissed",
    "bribe_demands",
)
SPENT_BY_PROGRAMME: tuple[str, ...] = tuple(f"spent_{k}" for k in PROGRAMMES)
COLUMNS: tuple[str, ...] = CORE + EXTRA + SPENT_BY_PROGRAMME

#: Outcomes that are money, counts or the calendar; every other outcome is an index in [0, 1].
NOT_INDICES: frozenset[str] = frozenset(
    {
        "spent",
        "allocated",
        "year",
        "cso_count_now",
        "casualties",
        "complaints",
        "complaint_sanctions",
        "leader_changes",
        "trained",
        "border_trained",
        "police_pay_now",
        "officers_dismissed",
        *SPENT_BY_PROGRAMME,
    }
)
INDICES: tuple[str, ...] = tuple(c for c in COLUMNS if c not in NOT_INDICES)


class Outcomes:
    """Measures the model each quarter and keeps the values the datacollector reads."""

    def __init__(self, model: SSRModel) -> None:
        self.model = model
        self.current: dict[str, float] = {}
        # the outcomes strategies' conditions watch, quarter by quarter
        self.history: dict[str, list[float]] = {outcome: [] for outcome, _ in REQUIREMENTS.values()}
        self.baseline: dict[str, float] | None = None

    def measure(self, survey: bool) -> None:
        m = self.model
        pop = m.population
        force = m.force
        rates = m.conduct_rates
        v = self.current
        v["trust"] = pop.mean("trust")
        v["trust_official"] = pop.official_poll(m.scenario.fear_conformity, self._poll_pressure())
        if survey or "trust_independent" not in v:
            v["trust_independent"] = self._survey(v)
        v["accountability"] = self._accountability()
        v["corruption"] = force.mean(force.corrupt)
        v["abuse"] = float(m.shares @ rates["abuse"])
        v["crime_reporting"] = pop.mean("reporting")
        v["repression_capacity_now"] = float(m.shares @ [u.repression_capacity for u in m.police_units])
        v["protest"] = float(m.shares @ m.protest_by_region)
        v["formal_reform_now"] = m.regime.formal_reform
        v["practice_now"] = m.ministry.practice
        v["reform_gap"] = max(m.regime.formal_reform - m.ministry.practice, 0.0)
        v["cso_count_now"] = float(len(m.csos))
        v["cso_capacity_now"] = civil_society.mean_capacity(m)
        v["spent"] = float(m.spent_by_programme.sum())
        v["allocated"] = m.allocated
        v["year"] = m.year
        v["political_will_now"] = m.regime.will
        v["civic_space_now"] = m.regime.civic_space
        v["threat"] = m.regime.threat
        v["fear"] = pop.mean("fear")
        v["grievance"] = pop.mean("grievance")
        v["engagement"] = pop.mean("engagement")
        v["detection"] = float(m.shares @ m.scrutiny.detection)
        v["sanction_rate"] = m.scrutiny.sanction
        v["skill"] = force.mean(force.skill)
        v["culture"] = force.mean(force.orientation)
        v["community_policing_now"] = float(m.shares @ [u.cp for u in m.police_units])
        v["trust_minority"] = pop.mean("trust_minority")
        v["casualties"] = m.casualties
        v["complaints"] = m.complaints
        v["complaint_sanctions"] = m.complaint_sanctions
        v["leader_changes"] = float(m.regime.leader_changes)
        v["trained"] = m.outputs["trained"]
        v["border_trained"] = m.outputs["border_trained"]
        v["moi_resistance_now"] = m.ministry.resistance
        v["transparency_now"] = m.ministry.transparency
        v["patron_share"] = force.patron_share()
        v["police_pay_now"] = m.ministry.pay
        v["officers_dismissed"] = force.dismissed * m.scenario.police_officers / force.n
        v["bribe_demands"] = m.bribed_share
        for name, spent in zip(SPENT_BY_PROGRAMME, m.spent_by_programme.tolist(), strict=True):
            v[name] = spent
        if self.baseline is None:
            self.baseline = dict(v)
        v["real_change"] = self._real_change(v, self.baseline)
        for donor in m.donors:
            donor.report(v["real_change"])
        allocated = sum(d.allocated for d in m.donors)
        v["reported_success"] = (
            sum(d.allocated * d.reported_success for d in m.donors) / allocated if allocated > 0 else 0.0
        )
        for name, series in self.history.items():
            series.append(v[name])

    def _accountability(self) -> float:
        """Share of misconduct that is detected and sanctioned.

        Misconduct is each officer's abuse and bribe demands in the contacts they have, and the
        networked graft of corrupt senior officers (counted as one bribe demand's worth a quarter);
        each act is sanctioned with the officer's own expected sanction, patrons' shield included.
        """
        m = self.model
        force = m.force
        per_officer = 1.0 / np.maximum(force.serving_by_region(), 1.0)[force.region]
        networked = force.senior * force.corrupt * m.scenario.bribe_contact_share * per_officer
        acts = m.shares[force.region] * (force.contact_share * (force.abuse + force.bribe) + networked)
        accountable = m.scrutiny.deterrence(force.region, force.patron)
        total = float(acts.sum())
        return float(acts @ accountable) / total if total > 0 else 0.0

    def _poll_pressure(self) -> float | None:
        """What makes respondents of a state-linked poll say they trust: their fear (None), or under
        the rival explanation the state's hold on pollsters, the same for every respondent."""
        p = self.model.scenario
        return 1.0 - p.media_freedom if p.rival_state_pollsters else None

    def _survey(self, v: dict[str, float]) -> float:
        """An independent survey where a capable CSO can run one; else the last published figure.

        Before any CSO can survey, the figure is the baseline survey at quarter 0.
        """
        m = self.model
        p = m.scenario
        able = any(c.capacity * m.regime.civic_space >= p.survey_min_capacity for c in m.csos)
        if able or "trust_independent" not in v:
            return m.population.survey(m.rng_survey, p.survey_sample)
        return v["trust_independent"]

    @staticmethod
    def _real_change(v: dict[str, float], base: dict[str, float]) -> float:
        """Share of the way to full trust, full accountability and no corruption actually covered."""
        gains = (
            (v["trust"] - base["trust"]) / max(1.0 - base["trust"], 1e-9),
            (v["accountability"] - base["accountability"]) / max(1.0 - base["accountability"], 1e-9),
            (base["corruption"] - v["corruption"]) / max(base["corruption"], 1e-9),
        )
        return clamp(sum(gains) / len(gains))
