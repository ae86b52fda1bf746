"""Civil-society submodel: CSOs are founded, act by focus and region, reach people and campaign.

The CSOs themselves (``agents/cso.py``) pay their way, learn and close; this module founds new
ones and turns the living ones' activity into what the other submodels read.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ssrsim.agents import CSO, FOCUSES
from ssrsim.scalar import clamp

if TYPE_CHECKING:
    from ssrsim.model import SSRModel


def found(model: SSRModel, capacity: float, funds: float) -> CSO:
    """A new CSO in a region drawn by where CSOs work, with a focus drawn at random."""
    presence = np.array([r.cso_presence for r in model.regions])
    region = int(model.rng_cso.choice(len(presence), p=presence))
    focus = FOCUSES[int(model.rng_cso.integers(len(FOCUSES)))]
    return CSO(model, capacity=capacity, funds=funds, focus=focus, region=region)


def found_initial(model: SSRModel) -> None:
    """The scenario's CSOs, with capacities around its mean and a reserve of running costs."""
    p = model.scenario
    for _ in range(p.cso_count):
        capacity = clamp(float(model.rng_cso.normal(p.cso_capacity, 0.1)), 0.01, 1.0)
        cso = found(model, capacity, funds=0.0)
        cso.funds = p.cso_reserve_quarters * cso.running_cost()


def births(model: SSRModel) -> None:
    """New CSOs form where civic space allows and there is money to start one."""
    p = model.scenario
    start_up = 4.0 * p.cso_burn_rate * 0.3
    money = min(model.grant_pool / start_up, 1.0) if start_up > 0 else 0.0
    domestic = (1.0 - p.cso_donor_dependence) * p.public_demand
    rate = p.cso_birth_rate * model.regime.civic_space * (money + domestic)
    for _ in range(int(model.rng_cso.poisson(rate))):
        funds = min(model.grant_pool, start_up)
        model.grant_pool -= funds
        found(model, capacity=min(2.0 * p.cso_min_capacity, 1.0), funds=funds)
        model.log_event("cso_founded", "a new CSO forms", None)


def activity(model: SSRModel) -> dict[str, np.ndarray]:
    """Activity per focus and region: capacity x civic space, summed."""
    totals = {focus: [0.0] * len(model.regions) for focus in FOCUSES}
    for cso in model.csos:
        totals[cso.focus][cso.region] += cso.activity()
    return {focus: np.array(by_region) for focus, by_region in totals.items()}


def mean_capacity(model: SSRModel) -> float:
    """Mean capacity of the living CSOs (0 when none is left)."""
    living = model.csos
    return sum([c.capacity for c in living]) / len(living) if living else 0.0


def reach(model: SSRModel, activity: np.ndarray) -> np.ndarray:
    """Share of each region's people that CSO ``activity`` (per region) reaches."""
    pop = model.scenario.population_millions * model.shares
    return np.minimum(model.scenario.cso_reach * activity / pop, 1.0)


def monitoring_detection(model: SSRModel, monitoring: np.ndarray | float, millions: np.ndarray | float) -> np.ndarray:
    """Chance that CSO monitoring catches misconduct, falling off with the people to watch."""
    return 1.0 - np.exp(-model.scenario.cso_detection_effect * monitoring / millions)


def campaign(model: SSRModel, advocacy: float) -> float:
    """Strength of civil society's campaign for police reform: organisation (advocacy capacity)
    times motivation (popular demand, raised by engagement, beyond what is already law)."""
    p = model.scenario
    organisation = 1.0 - math.exp(-advocacy / p.campaign_organisation)
    demand = p.public_demand + 0.5 * model.population.mean("engagement")
    return organisation * max(demand - model.regime.formal_reform, 0.0)
