"""Citizens submodel: police encounters, news, neighbours, outreach, fear, reporting, protest.

The citizens' rules live in ``population.py``; this module passes them what the police, the media,
CSOs and the state did this quarter, and counts the complaints that follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ssrsim import civil_society, policing

if TYPE_CHECKING:
    from ssrsim.model import SSRModel
    from ssrsim.population import Encounters


def act(model: SSRModel) -> None:
    """Encounters, news, neighbours, outreach, fear, grievance, reporting and protest."""
    p = model.scenario
    pop = model.population
    met = pop.encounter(
        contact_rate=p.contact_rate,
        police=policing.Meeting(model),
        learning_rate=p.trust_learning_rate,
        asymmetry=p.trust_asymmetry,
        grievance_per_abuse=p.grievance_per_abuse,
    )
    bad, good = news(model)
    pop.hear_media(bad, good)
    pop.influence(p.social_influence)
    activity = model.cso_activity
    outreach = civil_society.reach(model, activity["community"] + activity["advocacy"])
    pop.reach(outreach, p.outreach_effect, p.engagement_decay)
    pop.feel(regional_fear(model))
    pop.relax_grievance(model.grievance_baseline, 0.05)
    pop.decide_reporting(p.reporting_base, p.reporting_trust_slope)
    model.protest_by_region = pop.decide_protest()
    pop.summarise()
    count_complaints(model, met)
    model.bribed_share = float(met.bribed.sum()) / pop.n


def misconduct_per_capita(model: SSRModel) -> np.ndarray:
    """Per region: abuse and bribe demands a citizen suffers in a quarter, on average."""
    rates = model.conduct_rates
    return model.scenario.contact_rate * (rates["abuse"] + rates["bribe"])


def news(model: SSRModel) -> tuple[np.ndarray, np.ndarray]:
    """Per-capita rates of published misconduct (bad news) and published sanctions (good news)."""
    p = model.scenario
    scrutiny = model.scrutiny
    published = p.media_influence * scrutiny.publicity * scrutiny.detection * misconduct_per_capita(model)
    return published + model.repression_news, published * scrutiny.sanction


def count_complaints(model: SSRModel, met: Encounters) -> None:
    """Complaints from mistreated citizens, in real numbers, and how many end in a sanction."""
    scale = model.scenario.population_millions * 1e6 / model.population.n
    scrutiny = model.scrutiny
    made = float(((met.abused + met.bribed) * scrutiny.complaint_share).sum()) * scale
    model.complaints += made
    model.complaint_sanctions += made * scrutiny.verification * scrutiny.sanction


def regional_fear(model: SSRModel) -> np.ndarray:
    """Fear of the state per region: the base, the means and readiness to repress, recent violence."""
    p = model.scenario
    climate = np.array([u.repression_capacity * u.repression_propensity for u in model.police_units])
    return np.minimum(p.fear_base + climate + model.violence, 1.0)
