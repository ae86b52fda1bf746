"""Police submodel: officers decide on graft, are socialised, trained, sanctioned, replaced, and meet
citizens.

The officers' rules live in ``police_force.py``, the regional commands' in ``agents/police.py`` and
the ministry's personnel decisions in ``agents/ministry.py``; this module runs them in order each
quarter and builds the start, where every officer's choice is a resting point.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from scipy.optimize import brentq

from ssrsim.police_force import BRANCHES, ForceSettings, PoliceForce
from ssrsim.programmes import absorbed

if TYPE_CHECKING:
    from ssrsim.agents import PoliceUnit
    from ssrsim.model import SSRModel


def build_force(model: SSRModel, merit_share: float) -> PoliceForce:
    """The officers, at the country's officers-per-citizen ratio, by region and branch.

    With small populations the ratio would leave units of a handful of officers, so every unit has
    at least ``min_officers_per_unit``; rates are per officer, so only the noise depends on it.
    """
    p = model.scenario
    ratio = p.police_officers / (p.population_millions * 1e6)
    total = p.n_citizens * ratio
    branch = np.array([p.patrol_share, 1.0 - p.patrol_share - p.special_share, p.special_share])
    exact = np.outer(model.shares, branch).ravel() * total
    sizes = np.maximum(np.round(exact).astype(int), p.min_officers_per_unit)
    settings = ForceSettings(
        threshold_spread=p.corruption_threshold_spread,
        peer_effect=p.corruption_peer_effect,
        adjust_rate=p.corruption_adjust_rate,
        penalty_weight=p.penalty_weight,
        integrity_weight=p.integrity_weight,
        pay_weight=p.pay_weight,
        need_weight=p.need_weight,
        socialisation_rate=p.human_rights_training_decay,
        conformity=p.conformity,
        skill_decay=p.training_decay,
        merit_screening=p.merit_screening,
        attrition=p.officer_attrition,
        dismissal_share=p.dismissal_share,
        graft_alone=p.rival_graft_alone,
        skill_serves=p.rival_skill_serves,
    )
    return PoliceForce(
        model.rng_officers,
        sizes,
        len(model.regions),
        settings,
        senior_share=p.senior_share,
        skill=p.police_capacity,
        culture=p.human_rights_culture,
        merit_share=merit_share,
    )


def contact_weights(model: SSRModel) -> np.ndarray:
    """How often officers of each branch meet citizens, relative to the patrol police."""
    p = model.scenario
    return np.array([1.0, p.criminal_contact_weight, p.special_contact_weight])


def abuse_by_branch(model: SSRModel) -> np.ndarray:
    """Abuse per contact by branch, before the officer's orientation: militarised police use force
    more, special units most."""
    p = model.scenario
    militarised = 0.5 + 0.5 * model.ministry.militarisation
    return np.array([1.0, 1.0, p.special_abuse_factor]) * militarised


def act(model: SSRModel) -> None:
    """The police quarter: training cascades, culture and skill settle, the ministry sanctions and
    replaces officers, each officer (recruits included) decides on graft, and every officer's
    conduct is set."""
    p = model.scenario
    force, ministry, scrutiny = model.force, model.ministry, model.scrutiny
    reform = ministry.practice - p.practice  # practice implemented since the start
    for unit in model.police_units:
        unit.cascade_training()
        unit.settle(reform)
    shift = p.culture_norm_gain * reform * (1.0 - p.human_rights_culture)
    force.socialise(shift)
    force.maintain_skill(0.5 * reform)
    ministry.manage_personnel(scrutiny)
    force.decide_corruption(scrutiny.deterrence(force.region, force.patron), ministry.pay)
    conduct(model)


def conduct(model: SSRModel) -> None:
    """Set every officer's per-contact conduct from the quarter's scrutiny and the regions."""
    p = model.scenario
    force, scrutiny = model.force, model.scrutiny
    force.contact_weights(contact_weights(model))
    reporting = model.population.by_region(model.population.reporting)
    factor = np.array(
        [u.service_factor(float(r)) / u.service_factor0 for u, r in zip(model.police_units, reporting, strict=True)]
    )
    force.conduct(
        abuse_base=p.abuse_base,
        abuse_by_branch=abuse_by_branch(model),
        deterrence_by_region=scrutiny.detection * scrutiny.sanction,
        bribe_share=p.bribe_contact_share,
        corrupt_service_drag=p.corrupt_service_drag,
        service_by_region=model.service_base * factor * model.accessibility,
    )
    bias = minority_bias(model.tension[force.region], force.orientation)
    model.conduct_rates = regional_conduct(model, bias)
    model.contact_chances = contact_chances(model, bias)


def contact_chances(model: SSRModel, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each officer's chances of abuse and of good service in a contact with a majority citizen (row
    0) and a minority citizen (row 1, abused ``bias`` times as often), set once a quarter so that
    contacts only look them up."""
    force = model.force
    abuse = np.empty((2, force.n))
    np.minimum(force.abuse, 1.0, out=abuse[0])
    np.minimum(force.abuse * bias, 1.0, out=abuse[1])
    service = np.minimum(force.service, np.maximum(1.0 - abuse - force.bribe, 0.0))
    return abuse, service


class ContactTables(NamedTuple):
    """``meet``'s lookups as plain values, in the order the fused loop over contacts takes them."""

    region_low: np.ndarray  # each region's first cumulative contact weight
    region_total: np.ndarray  # and its total
    has_table: bool  # the officer search (``search.FlatSearch``)
    rows: np.ndarray
    inverse_width: float
    last_cell: float
    edges: np.ndarray
    n_officers: int
    abuse: np.ndarray  # each officer's chances with a majority citizen, then with a minority citizen
    bribe: np.ndarray
    service: np.ndarray


class Meeting:
    """A citizen's contact with the police, as the citizens' rules ask about it: called with arrays
    of contacts (``meet``), or as the tables the fused loop looks up one contact at a time."""

    def __init__(self, model: SSRModel) -> None:
        self.model = model

    def __call__(self, regions: np.ndarray, minority: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, ...]:
        return meet(self.model, regions, minority, u)

    def tables(self) -> ContactTables:
        """``meet``'s lookups, for the fused loop (``kernels``)."""
        force = self.model.force
        low, total, search, n = force.pick_tables()
        abuse, service = self.model.contact_chances
        return ContactTables(low, total, *search, n, abuse.ravel(), force.bribe, service.ravel())


def meet(model: SSRModel, regions: np.ndarray, minority: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per contact: the chances of abuse, a bribe demand and good service, from the officer met."""
    force = model.force
    officer = force.pick(regions, u)
    cell = officer + force.n * minority  # the officer's column in the row of the citizen's group
    abuse, service = model.contact_chances
    return abuse.take(cell), force.bribe[officer], service.take(cell)


def minority_bias(tension: np.ndarray, orientation: np.ndarray) -> np.ndarray:
    """How much likelier a minority citizen is to be abused, by the region's ethnic tension and the
    officer's orientation (Osh 2010, Boonstra et al. 2013, §1.2)."""
    return 1.0 + 2.0 * tension * (1.0 - orientation)


def regional_conduct(model: SSRModel, bias: np.ndarray, service: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per region, per contact: mean abuse (over majority and minority, whom each officer abuses
    ``bias`` times as often), bribes and good service."""
    force = model.force
    minority = model.minority_shares[force.region]
    abuse = np.minimum(force.abuse * (1.0 + minority * (bias - 1.0)), 1.0)
    offered = force.service if service is None else service
    served = np.minimum(offered, np.maximum(1.0 - abuse - force.bribe, 0.0))
    return {
        "abuse": force.contact_means(abuse),
        "bribe": force.contact_means(force.bribe),
        "service": force.contact_means(served),
    }


def train_officers(
    model: SSRModel, unit: PoliceUnit, trainees: float, skill_gain: float, orientation_gain: float
) -> float:
    """Put real ``trainees`` of a region through a course, within its absorptive capacity.

    Returns the real officers who took the course. Courses change the officers who attend; what lasts
    is up to their units.
    """
    p = model.scenario
    taken = absorbed(trainees, unit.training_capacity(p.training_absorption))
    scale = float(model.force.serving_by_region()[unit.region.index])
    modelled = taken * scale / unit.officers
    trained = model.force.train(unit.region.index, modelled, skill_gain, orientation_gain, model.rng_training)
    return trained * unit.officers / max(scale, 1.0)


def calibrate_start(model: SSRModel) -> None:
    """Make the starting state a resting point.

    Rents of graft are set so that the observed corruption is the officers' choice. Then one
    national level of good service is found whose regional resting points of trust average to the
    observed trust; each region starts at its own resting point, lower where its police abuse and
    extort more. Every later change comes from a change in the actors' behaviour.
    """
    p = model.scenario
    force, scrutiny = model.force, model.scrutiny
    petty = np.clip([p.police_corruption + r.corruption_offset for r in model.regions], 0.01, 0.99)
    senior = np.clip([p.senior_corruption + r.corruption_offset for r in model.regions], 0.01, 0.99)
    targets = np.repeat(np.column_stack([petty, senior]), len(BRANCHES), axis=0)
    force.calibrate_rents(targets, scrutiny.deterrence(force.region, force.patron), model.ministry.pay)
    settle_service_factors(model)
    model.service_base = 1.0
    conduct(model)
    offered = force.service.copy()  # each officer's service per unit of the national level
    bias = minority_bias(model.tension[force.region], force.orientation)
    rates = model.conduct_rates
    bad, good = model.news()
    pull = p.trust_learning_rate * p.contact_rate
    harm = pull * p.trust_asymmetry * (rates["bribe"] + 2.0 * rates["abuse"])

    def resting_trust(level: float) -> np.ndarray:
        """Where each region's trust comes to rest; where nothing moves trust, where it is."""
        up = pull * regional_conduct(model, bias, level * offered)["service"] + good
        total = up + harm + bad
        return np.divide(up, total, out=np.full_like(total, p.initial_trust), where=total > 0)

    target = p.initial_trust
    ceiling = 1.0 / max(float(offered.min()), 1e-9)
    if resting_trust(ceiling) @ model.shares <= target:
        level = ceiling
    elif resting_trust(0.0) @ model.shares >= target:
        level = 0.0
    else:
        level = brentq(lambda s: resting_trust(s) @ model.shares - target, 0.0, ceiling, xtol=1e-9)
    model.population.set_trust(resting_trust(level))
    model.population.decide_reporting(p.reporting_base, p.reporting_trust_slope)
    settle_service_factors(model)
    model.service_base = level
    conduct(model)


def settle_service_factors(model: SSRModel) -> None:
    """Take the regions' present conditions of service as the reference that later ones are
    measured against, so the national level of service is what calibration solved for."""
    reporting = model.population.by_region(model.population.reporting)
    for unit, r in zip(model.police_units, reporting, strict=True):
        unit.service_factor0 = unit.service_factor(float(r))


def start_stocks(model: SSRModel) -> None:
    """Start each region's stocks at the steady state of the state's own spending.

    The state's own equipment spending keeps service equipment at its level (index 0.5); the
    regime separately keeps its means of repression at the scenario's capacity. Donor equipment
    then adds to both, to repression by the ministry's routing share.
    """
    p = model.scenario
    keep = 1.0 - p.equipment_decay  # a quarter's spending arrives, then the stock depreciates
    for unit in model.police_units:
        own = p.own_security_spending / 4.0 * unit.population_share
        steady = max(own * keep / p.equipment_decay, 1e-6)
        unit.equipment = unit.equipment_scale = steady
        unit.repression_scale = steady
        unit.repression_stock = -steady * math.log(1.0 - p.repression_capacity)
        unit.repression_upkeep = unit.repression_stock * p.equipment_decay / keep


def state_spending(model: SSRModel) -> None:
    """The state's own quarter: service equipment bought, the repression apparatus kept up."""
    p = model.scenario
    for unit in model.police_units:
        unit.equipment += p.own_security_spending / 4.0 * unit.population_share
        unit.repression_stock += unit.repression_upkeep
