"""Aid-delivery submodel: donors offer money, the regime lets programmes in, and each programme
type acts on its target once its lag has passed.

Every programme function takes the model and the units landing this quarter (money / unit cost,
delayed by the programme's lag); absorption limits apply here, on landing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ssrsim import policing
from ssrsim.programmes import PROGRAMMES, absorbed
from ssrsim.scalar import saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel
    from ssrsim.strategy import Condition


def equipment(model: SSRModel, units: float) -> None:
    """Equipment the ministry can use goes to the units; part feeds repression capacity."""
    p = model.scenario
    usable = absorbed(units, p.equipment_absorption) * p.equipment_effect
    model.ministry.route_equipment(usable)


def training(model: SSRModel, trainees: float) -> None:
    """Technical courses raise the trainees' skill fast and their orientation a little; trainees
    beyond absorptive capacity are wasted."""
    p = model.scenario
    for unit in model.police_units:
        model.outputs["trained"] += policing.train_officers(
            model, unit, trainees * unit.population_share, p.training_effect, 0.1 * p.training_effect
        )


def training_of_trainers(model: SSRModel, trainers: float) -> None:
    """Local trainers join each region's pool, from which training cascades every quarter."""
    for unit in model.police_units:
        unit.add_trainers(trainers * unit.population_share)


def border_management(model: SSRModel, units: float) -> None:
    """Border posts, kit and the training of border guards.

    The guards' courses are counted (about 1,500 Tajik officials since 2006, Boonstra et al. 2013,
    §1.3) but change nothing in the police. Of the assets, what the regime routes to its coercive
    apparatus strengthens presidential control (§1.3); the rest stays with the border service.
    """
    p = model.scenario
    model.outputs["border_trained"] += units * p.border_management_cost * p.border_training_share / p.training_cost
    assets = absorbed(units * (1.0 - p.border_training_share), p.border_management_absorption)
    share = model.ministry.repression_share()
    for unit in model.police_units:
        unit.repression_stock += assets * p.border_management_effect * share * unit.population_share


def community_policing(model: SSRModel, million_covered: float) -> None:
    """Pilots reach part of the population; practice changes only as far as the ministry lets it.

    28 of 52 planned OSCE officers deployed, then made invisible (Boonstra et al. 2013, §2.3);
    meetings irregular and one-way (police-reform paper, Practices-KG).
    """
    p = model.scenario
    coverage = min(absorbed(million_covered, p.community_policing_absorption) / p.population_millions, 1.0)
    uptake = (1.0 - model.ministry.resistance) * (0.3 + 0.7 * model.regime.will)
    for unit in model.police_units:
        unit.cp = saturate(unit.cp, p.community_policing_effect * coverage * uptake)


def human_rights_training(model: SSRModel, trainees: float) -> None:
    """Human-rights courses raise the trainees' service orientation; their units decide what lasts."""
    p = model.scenario
    for unit in model.police_units:
        model.outputs["trained"] += policing.train_officers(
            model, unit, trainees * unit.population_share, 0.0, p.human_rights_training_effect
        )


def rule_of_law(model: SSRModel, units: float) -> None:
    """Judicial reform builds the capacity to sanction misconduct that the ministry detects."""
    p = model.scenario
    gain = absorbed(units, p.rule_of_law_absorption) * p.rule_of_law_effect
    model.ministry.judicial_capacity = saturate(model.ministry.judicial_capacity, gain)


def cso_grants(model: SSRModel, units: float) -> None:
    """Grants fill existing CSOs up to what each can use, in proportion to that room; a surplus
    waits in a pool that seeds new CSOs (what the pool cannot hold is wasted)."""
    p = model.scenario
    money = units * p.cso_grants_cost
    csos = model.csos
    rooms = [c.grant_room() for c in csos]
    room = sum(rooms)
    given = min(money, room)
    if given > 0.0:
        for cso, r in zip(csos, rooms, strict=True):
            cso.receive(given * r / room)
    model.grant_pool = min(model.grant_pool + money - given, 8.0 * p.cso_burn_rate)


def oversight_support(model: SSRModel, units: float) -> None:
    """Support to parliament, ombudsman and councils adds capacity that fades without more."""
    p = model.scenario
    gain = absorbed(units, p.oversight_support_absorption) * p.oversight_support_effect
    for body in model.oversight_bodies:
        if body.kind != "media":
            body.support = saturate(body.support, gain)


def dialogue(model: SSRModel, units: float) -> None:
    """High-level dialogue builds elite confidence, which eases threat and lifts will a little."""
    p = model.scenario
    gain = absorbed(units, p.dialogue_absorption) * p.dialogue_effect
    model.regime.elite_confidence = saturate(model.regime.elite_confidence, gain)


def disaster_preparedness(model: SSRModel, units: float) -> None:
    """A low-sensitivity entry point: rapport that opens the door to governance aid."""
    p = model.scenario
    gain = absorbed(units, p.disaster_preparedness_absorption) * p.disaster_preparedness_effect
    model.regime.rapport = saturate(model.regime.rapport, gain)


def defence_cooperation(model: SSRModel, units: float) -> None:
    """Defence cooperation reaches the armed forces, not the police, so it changes nothing the model
    follows; its money is spent and reported. NATO 'generally focuses on hard security and
    (democratic) defence reform' and its engagement 'has had little to no practical impact on the
    reform of national defence structures' (Boonstra et al. 2013, §2.4)."""


DELIVER: dict[str, Callable[[SSRModel, float], None]] = {
    "equipment": equipment,
    "training": training,
    "training_of_trainers": training_of_trainers,
    "border_management": border_management,
    "community_policing": community_policing,
    "human_rights_training": human_rights_training,
    "rule_of_law": rule_of_law,
    "cso_grants": cso_grants,
    "oversight_support": oversight_support,
    "dialogue": dialogue,
    "disaster_preparedness": disaster_preparedness,
    "defence_cooperation": defence_cooperation,
}


def deliver_aid(model: SSRModel) -> None:
    """Donors offer money by strategy; the regime lets each programme in or not; what gets in
    is delivered, less what duplication wastes when donors do not coordinate."""
    p = model.scenario
    coordination = max(p.aid_coordination, model.strategy.coordination)
    efficiency = 1.0 - p.duplication_loss * (1.0 - coordination)
    draws = model.rng_consent.random((len(model.donors), len(PROGRAMMES)))
    cost = model.programme_constants[1]
    before = [d.allocated for d in model.donors]
    offers = np.array([d.plan() for d in model.donors])
    model.allocated += sum(d.allocated - b for d, b in zip(model.donors, before, strict=True))
    delivered = offers * (draws < consent(model, coordination))
    money = delivered.sum(axis=0)
    model.spent_by_programme += money
    for donor, spent in zip(model.donors, delivered.sum(axis=1).tolist(), strict=True):
        donor.spent += spent
    model.donor_engagement = engagement(model, float(money[model.governance_programmes].sum()))
    units = money * efficiency / cost
    for programme, impulse in zip(PROGRAMMES, units.tolist(), strict=True):
        landed = model.pipelines[programme].push(impulse)
        if landed > 0.0:
            DELIVER[programme](model, landed)
    total = sum(d.budget for d in model.donors)
    if total > 0:
        share = sum(d.budget * d.conditional_share for d in model.donors) / total
        leverage = sum(d.budget * d.leverage() for d in model.donors) / total
        model.regime.weigh_conditions(share, leverage)


def consent(model: SSRModel, coordination: float) -> np.ndarray:
    """Chance, per donor and programme, that the host lets this quarter's offer in.

    A state programme needs the regime's consent: hardware by its openness, the sensitive part by
    its acceptance of governance aid, which donor leverage (more with coordination) pushes. Grants
    to civil society are stopped by restrictions on foreign funding (civic space) instead.
    """
    sensitivity, _, society = model.programme_constants
    regime = model.regime
    society_consent = 1.0 - sensitivity * (1.0 - regime.civic_space)
    will_room = [regime.governance_acceptance(d.leverage() * (0.5 + 0.5 * coordination)) for d in model.donors]
    state_consent = (1.0 - sensitivity) * regime.openness_hardware + np.outer(will_room, sensitivity)
    return np.where(society, society_consent, state_consent)


def engagement(model: SSRModel, governance_money: float) -> float:
    """Donor engagement on governance from a quarter's governance aid delivered (EUR million)."""
    return 1.0 - float(np.exp(-governance_money / model.scenario.engagement_scale))


def condition_met(model: SSRModel, condition: Condition) -> bool:
    """Whether an outcome moved the required way over the condition's window."""
    history = model.outcomes.history[condition.outcome]
    before = history[max(len(history) - 1 - condition.window, 0)]
    return condition.direction * (history[-1] - before) > 0.0
