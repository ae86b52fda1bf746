"""Programme delivery: what each programme type does to its target once its lag has passed.

Every function takes the model and the units landing this quarter (money / unit cost, delayed by
the programme's lag); absorption limits apply here, on landing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ssrsim.programmes import absorbed
from ssrsim.scalar import saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


def equipment(model: SSRModel, units: float) -> None:
    """Equipment the ministry can use goes to the units; part feeds repression capacity."""
    p = model.scenario
    usable = absorbed(units, p.equipment_absorption) * p.equipment_effect
    model.ministry.route_equipment(usable)


def training(model: SSRModel, trainees: float) -> None:
    """Technical courses raise skill fast, culture a little; waste beyond absorptive capacity."""
    for unit in model.police_units:
        model.outputs["trained"] += unit.absorb_training(
            trainees * unit.population_share, model.scenario.training_effect
        )


def training_of_trainers(model: SSRModel, trainers: float) -> None:
    """Local trainers join each unit's pool, from which training cascades every quarter."""
    p = model.scenario
    for unit in model.police_units:
        cap = p.training_of_trainers_absorption * unit.officers
        unit.trainers += absorbed(trainers * unit.population_share, cap)


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
    """Human-rights courses: culture changes only where the institution backs it."""
    for unit in model.police_units:
        model.outputs["trained"] += unit.absorb_rights_training(
            trainees * unit.population_share, model.scenario.human_rights_training_effect
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
}
