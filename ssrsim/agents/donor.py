"""Donors: EU institutions, OSCE, NATO, the US and member states, each with a budget and a mix."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import numpy as np

from ssrsim import delivery
from ssrsim.programmes import PROGRAMMES

if TYPE_CHECKING:
    from ssrsim.model import SSRModel
    from ssrsim.strategy import Condition


class Donor(mesa.Agent):
    """A donor with a yearly budget for the country, spent by the strategy in force.

    State: budget (EUR million a year), strategic interest (Afghanistan, transit routes), how far it
    judges success by outcomes rather than activity counts, its default mix, and its books:
    money allocated and money spent (delivered past the host's consent).
    """

    model: SSRModel

    def __init__(self, model: SSRModel, name: str) -> None:
        super().__init__(model)
        p = model.scenario
        self.name = name
        budget = float(getattr(p, f"donor_{name}_budget"))
        self.strategic_interest = float(getattr(p, f"donor_{name}_strategic_interest"))
        self.outcome_orientation = float(getattr(p, f"donor_{name}_outcome_orientation"))
        self.follows_strategy = bool(getattr(p, f"donor_{name}_follows_strategy"))
        mix = np.array([getattr(p, f"donor_{name}_mix_{k}") for k in PROGRAMMES], dtype=float)
        # the default budget in EUR million a year per programme: the mix, plus lines that dated
        # programme events open and close
        self._set_lines(budget * (mix / mix.sum() if mix.sum() > 0 else mix))
        self.allocated = 0.0
        self.spent = 0.0
        self.reported_success = 0.0
        self.conditional_share = 0.0

    def leverage(self) -> float:
        """Pull over the host: its need for money, discounted by the donor's own security interests
        and the country's strategic value (Boonstra et al. 2013, §2.4 on the 2014 drawdown)."""
        p = self.model.scenario
        need = 1.0 - p.state_resources
        return need * (1.0 - self.strategic_interest) * (1.0 - self.model.regime.strategic_value)

    def _set_lines(self, lines: np.ndarray) -> None:
        """The budget lines, and what follows from them: the budget (EUR million a year, the lines'
        sum) and the default mix, kept because plans read it every quarter."""
        self.lines = lines
        self.budget = float(lines.sum())
        self.default_mix = lines / self.budget if self.budget > 0 else lines  # shares of the budget per programme

    def open_line(self, eur_million: float, programme: str | None) -> None:
        """Add money a year, to one programme or spread by the current mix."""
        if programme is None:
            self._set_lines(self.lines + eur_million * (self.default_mix if self.budget > 0 else 1.0 / len(PROGRAMMES)))
        else:
            lines = self.lines.copy()
            lines[PROGRAMMES.index(programme)] += eur_million
            self._set_lines(lines)

    def close_line(self, eur_million: float, programme: str | None) -> None:
        """Take money a year away, from one programme or from all by the current mix."""
        if programme is None:
            self._set_lines(self.lines * max(1.0 - eur_million / self.budget, 0.0) if self.budget > 0 else self.lines)
        else:
            lines = self.lines.copy()
            k = PROGRAMMES.index(programme)
            lines[k] = max(lines[k] - eur_million, 0.0)
            self._set_lines(lines)

    def plan(self) -> np.ndarray:
        """EUR million offered per programme this quarter, after the strategy's conditions."""
        model = self.model
        funding, allocation = model.strategy.plan(model.steps - 1) if self.follows_strategy else (1.0, None)
        money = self.budget / 4.0 * funding * model.scenario.funding_scale
        if allocation is None:
            allocation = self.default_mix
        offers = money * allocation
        self.allocated += money
        conditions = model.strategy.conditions if self.follows_strategy else ()
        if not conditions:
            self.conditional_share = 0.0
            return offers
        tied = np.zeros(len(PROGRAMMES), dtype=bool)
        for condition in conditions:
            tied |= condition.tied
        # the share of the plan that rides on conditions, each programme counted once
        self.conditional_share = float(offers[tied].sum()) / money if money > 0 else 0.0
        for condition in conditions:
            if not delivery.condition_met(model, condition):
                offers = self._apply(condition, offers)
        return offers

    def _apply(self, condition: Condition, offers: np.ndarray) -> np.ndarray:
        """Withhold the tied programmes' money, or move it to the condition's redirect mix."""
        held = float(offers[condition.tied].sum())
        offers = np.where(condition.tied, 0.0, offers)
        if condition.redirect_to is None:
            return offers
        return offers + held * condition.redirect_to

    def report(self, real_change: float) -> None:
        """What the donor tells its headquarters.

        Activity-count evaluation reports the share of planned activities delivered, growing as they
        pile up; outcome evaluation reports real change (Boonstra et al. 2013, §3 and fn 67).
        """
        if self.allocated <= 0.0 or self.budget <= 0.0:
            self.reported_success = 0.0
            return
        delivery = self.spent / self.allocated
        volume = 1.0 - math.exp(-self.spent / self.budget)
        outputs = delivery * volume
        self.reported_success = (1.0 - self.outcome_orientation) * outputs + self.outcome_orientation * real_change
