"""The outcomes recorded every quarter, computed from the actors' state.

Indices lie in [0, 1]; ``spent`` and ``allocated`` are cumulative EUR million; ``casualties``,
``complaints`` and ``complaint_sanctions`` are cumulative counts in the real population.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
        units = m.police_units
        w = m.shares
        misconduct = m._misconduct_per_capita()
        senior = np.array([u.senior_corruption for u in units]) * m.scenario.senior_share
        detected = m.detection * (misconduct * m.sanction + senior * m.senior_sanction)
        total = float(w @ (misconduct + senior))
        accountability = float(w @ detected) / total if total > 0 else 0.0
        v = self.current
        v["trust"] = pop.mean("trust")
        v["trust_official"] = pop.official_poll(m.scenario.fear_conformity)
        if survey or "trust_independent" not in v:
            v["trust_independent"] = self._survey(v)
        v["accountability"] = accountability
        v["corruption"] = float(w @ [u.corruption() for u in units])
        v["abuse"] = float(w @ [u.mean_abuse() for u in units])
        v["crime_reporting"] = pop.mean("reporting")
        v["repression_capacity_now"] = float(w @ [u.repression_capacity for u in units])
        v["protest"] = float(m.shares @ m.protest_by_region)
        v["formal_reform_now"] = m.regime.formal_reform
        v["practice_now"] = m.ministry.practice
        v["reform_gap"] = max(m.regime.formal_reform - m.ministry.practice, 0.0)
        v["cso_count_now"] = float(len(m.csos))
        v["cso_capacity_now"] = m.cso_capacity()
        v["spent"] = float(m.spent_by_programme.sum())
        v["allocated"] = m.allocated
        v["year"] = m.year
        v["political_will_now"] = m.regime.will
        v["civic_space_now"] = m.regime.civic_space
        v["threat"] = m.regime.threat
        v["fear"] = pop.mean("fear")
        v["grievance"] = pop.mean("grievance")
        v["engagement"] = pop.mean("engagement")
        v["detection"] = float(w @ m.detection)
        v["sanction_rate"] = m.sanction
        v["skill"] = float(w @ [u.skill for u in units])
        v["culture"] = float(w @ [u.culture for u in units])
        v["community_policing_now"] = float(w @ [u.cp for u in units])
        v["trust_minority"] = pop.mean("trust_minority")
        v["casualties"] = m.casualties
        v["complaints"] = m.complaints
        v["complaint_sanctions"] = m.complaint_sanctions
        v["leader_changes"] = float(m.regime.leader_changes)
        v["trained"] = m.outputs["trained"]
        v["border_trained"] = m.outputs["border_trained"]
        for k, spent in zip(PROGRAMMES, m.spent_by_programme, strict=True):
            v[f"spent_{k}"] = float(spent)
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
