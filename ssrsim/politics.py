"""Politics submodel: the regime answers protest, weighs threat, restricts and legislates; the
ministry implements reform and moves under pressure; crises and securitisation strike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ssrsim import civil_society, delivery
from ssrsim.scalar import saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


def act(model: SSRModel) -> None:
    """The regime answers protest with force, weighs threat, restricts, legislates; the ministry
    implements and its resistance and transparency move with the pressure on it."""
    p = model.scenario
    regime, ministry = model.regime, model.ministry
    force = regime.repress(model.protest_by_region)
    crowd = model.protest_by_region * model.shares * p.population_millions * 1e6
    model.casualties += float((crowd * force).sum() * p.lethality)
    # violent dispersal becomes bad news next quarter, in proportion to the force and the crowd
    model.repression_news = p.crisis_trust_shock * force * np.minimum(10.0 * model.protest_by_region, 1.0)
    model.violence = 0.8 * model.violence + force
    protest = float(model.protest_by_region @ model.shares)
    activity = model.cso_activity
    campaign = civil_society.campaign(model, float(activity["advocacy"].sum()))
    publicity = model.scrutiny.publicity
    regime.perceive_threat(protest, campaign + 0.5 * publicity)
    regime.restrict()
    parliament = model.bodies["parliament"].strength()
    regime.legislate(campaign, 0.5 * parliament)
    monitoring = float(civil_society.monitoring_detection(model, activity["monitoring"].sum(), p.population_millions))
    support = ministry.council_influence + 0.5 * parliament + monitoring
    ministry.implement(support)
    ministry.respond_to_pressure(pressure(model, campaign, model.donor_engagement))
    ministry.judicial_capacity *= 1.0 - p.rule_of_law_decay
    model.accessibility += 0.02 * (1.0 - model.accessibility)


def pressure(model: SSRModel, campaign: float, engagement: float) -> float:
    """Pressure on the ministry: CSO campaigns, oversight findings made public (detected misconduct
    the public hears of) and donor engagement on governance."""
    findings = float(model.scrutiny.detection @ model.shares) * model.scrutiny.publicity
    return campaign + findings + engagement


def baseline_pressure(model: SSRModel) -> float:
    """The pressure the observed ministry already bore: civil society and oversight as they are at
    the start, and donor engagement from the scenario's own aid lines as the host lets them in,
    whatever the strategy (so every strategy starts from the same ministry)."""
    p = model.scenario
    lines = np.array([d.lines for d in model.donors]) / 4.0 * p.funding_scale
    expected = lines * delivery.consent(model, p.aid_coordination)
    engagement = delivery.engagement(model, float(expected[:, model.governance_programmes].sum()))
    advocacy = float(model.cso_activity["advocacy"].sum())
    return pressure(model, civil_society.campaign(model, advocacy), engagement)


def crisis(model: SSRModel, region: int | None, severity: float) -> None:
    """A violent crisis: the state's forceful response, casualties, a trust drop that hits the
    minority harder, pressure for a declaratory reform, and a threatened regime."""
    p = model.scenario
    regions = range(len(model.regions)) if region is None else [region]
    for i in regions:
        unit = model.police_units[i]
        force = severity * unit.repression_capacity * unit.repression_propensity
        crowd = severity * 0.002 * model.shares[i] * p.population_millions * 1e6
        model.casualties += crowd * force * p.lethality
        model.violence[i] += force
        model.population.shock(i, p.crisis_trust_shock * severity, model.regions[i].ethnic_tension)
    model.regime.crisis_pressure += severity
    model.regime.threat = saturate(model.regime.threat, severity)


def securitise(model: SSRModel, region: int | None, severity: float) -> None:
    """Fenced, guarded police premises: citizens reach police services less easily."""
    if region is None:
        model.accessibility *= 1.0 - severity
    else:
        model.accessibility[region] *= 1.0 - severity


def crisis_weights(model: SSRModel) -> np.ndarray:
    """Where a random crisis is likeliest: grievance, ethnic tension and population."""
    return model.shares * (0.5 * model.grievance_baseline + 0.5 * model.tension)
