"""Oversight submodel: how much misconduct comes to light, is published and is sanctioned.

Detection combines the ministry's own, the oversight bodies', CSO monitoring and complaints (verified
through the ombudsman); publicity is the media's, opened by the ministry's transparency; sanctions
pass through the ministry, and patrons shield the officers who owe them their posts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ssrsim import civil_society

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


@dataclass(frozen=True)
class Scrutiny:
    """One quarter's scrutiny of the police."""

    detection: np.ndarray  # per region: chance that an act of misconduct is detected
    complaint_share: np.ndarray  # per region: chance that a mistreated citizen complains
    verification: float  # share of complaints substantiated
    publicity: float  # share of detected misconduct the public hears of
    sanction: float  # chance that detected misconduct is sanctioned, before patrons' protection
    protection: float  # how far a patron shields an officer from that sanction

    def deterrence(self, region: np.ndarray, patron: np.ndarray) -> np.ndarray:
        """Each officer's expected chance of being caught and sanctioned."""
        return self.detection[region] * self.sanction * np.where(patron, 1.0 - self.protection, 1.0)


def assess(model: SSRModel) -> Scrutiny:
    """This quarter's detection per region, publicity and sanctioning."""
    p = model.scenario
    activity = model.cso_activity
    engagement = model.population.means["engagement"]
    legal_aid = civil_society.reach(model, activity["legal_aid"])
    complaint_share = np.minimum(p.complaint_propensity * (0.5 + engagement) * (1.0 + legal_aid), 1.0)
    bodies = model.bodies
    verification = p.complaint_verification * (0.5 + 0.5 * bodies["ombudsman"].strength())
    internal = p.internal_detection * (0.5 + 0.5 * model.ministry.practice)
    by_bodies = 1.0 - math.prod(1.0 - b.detection() for b in model.oversight_bodies)
    by_csos = civil_society.monitoring_detection(model, activity["monitoring"], p.population_millions * model.shares)
    by_complaints = complaint_share * verification
    detection = 1.0 - (1.0 - internal) * (1.0 - by_bodies) * (1.0 - by_csos) * (1.0 - by_complaints)
    publicity = min(bodies["media"].strength() * (0.5 + 0.5 * model.ministry.transparency) + model.publicity_boost, 1.0)
    return Scrutiny(
        detection=detection,
        complaint_share=complaint_share,
        verification=verification,
        publicity=publicity,
        sanction=model.ministry.sanction_probability(publicity),
        protection=model.ministry.immunity(),
    )
