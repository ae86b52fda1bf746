"""Events: dated ones from the scenario, scheduled on Mesa's event list, and random ones by hazard.

A dated event in quarter ``k`` fires at time ``k - 0.5``, after quarter ``k - 1`` is recorded and
before quarter ``k`` is simulated.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ssrsim import politics
from ssrsim.police_force import BRANCHES
from ssrsim.scalar import clamp, quarterly, saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel
    from ssrsim.scenario import EventSpec


class DatedEvent:
    """One scenario event, kept alive by the model so Mesa's weak reference to it holds."""

    def __init__(self, model: SSRModel, spec: EventSpec) -> None:
        self.model = model
        self.spec = spec
        self.quarter = math.floor((spec.year - model.scenario.start_year) * 4.0 + 1e-9) + 1

    def fire(self) -> None:
        apply_event(self.model, self.spec)


def schedule(model: SSRModel) -> list[DatedEvent]:
    """Put every dated event of the scenario on the model's event list."""
    events = [DatedEvent(model, spec) for spec in model.scenario_spec.events]
    for event in events:
        model.schedule_event(event.fire, at=event.quarter - 0.5)
    return events


def apply_event(model: SSRModel, spec: EventSpec) -> None:
    """Carry out one event and log it on the timeline."""
    regime = model.regime
    region = model.region_index(spec.region) if spec.region else None
    match spec.kind:
        case "leadership_change":
            regime.change_leader(will=spec.will, reversal=spec.reversal)
        case "crisis":
            politics.crisis(model, region, spec.severity)
        case "law":
            regime.formal_reform = saturate(regime.formal_reform, spec.gain)
        case "programme_start":
            model.donor(spec.donor).open_line(spec.budget, spec.programme)
        case "programme_end":
            model.donor(spec.donor).close_line(spec.budget, spec.programme)
        case "strategic_shift":
            regime.strategic_value = clamp(regime.strategic_value + spec.delta)
        case "oversight":
            body = model.bodies[spec.body]
            body.powers = saturate(body.powers, spec.gain)
        case "constitution":
            regime.formal_reform = saturate(regime.formal_reform, spec.gain)
            regime.power_fragmentation = clamp(regime.power_fragmentation + spec.delta)
        case "restriction":
            regime.civic_space = clamp(regime.civic_space - spec.delta)
        case "media_expose":
            model.publicity_boost = max(model.publicity_boost, spec.severity)
        case "securitisation":
            politics.securitise(model, region, spec.severity)
        case "attestation":
            model.ministry.attest(spec.share)
        case "dismissal":
            branch = None if spec.branch is None else BRANCHES.index(spec.branch)
            model.force.dismiss_and_rehire(branch, spec.share, spec.skill)
        case "staff_cut":
            branch = None if spec.branch is None else BRANCHES.index(spec.branch)
            model.force.cut(branch, spec.share)
        case "pay":
            model.ministry.pay = spec.pay
        case "minister_change":
            model.ministry.resistance = spec.resistance
    model.log_event(spec.kind, spec.label, region, year=spec.year)


def draw_random_events(model: SSRModel, protest: float) -> None:
    """A change of leader and a violent crisis by their quarterly hazards.

    The same four draws every quarter, from the events' own stream, so that strategies share their
    random events. A crisis strikes a region chosen by population, grievance and ethnic tension,
    with a severity uniform on [0.2, 0.8].
    """
    p = model.scenario
    leader, crisis, where, severity = model.rng_events.random(4)
    if leader < model.regime.leadership_hazard(protest):
        model.regime.change_leader()
        model.log_event("leadership_change", "leader replaced (random)", None)
    if crisis < quarterly(p.crisis_hazard):
        weights = politics.crisis_weights(model)
        region = int(np.searchsorted(np.cumsum(weights) / weights.sum(), where, side="right"))
        politics.crisis(model, region, 0.2 + 0.6 * float(severity))
        model.log_event("crisis", "violent crisis (random)", region)
