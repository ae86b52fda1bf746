"""Civil-society organisations: monitor, give legal aid, campaign, partner with communities, survey."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from ssrsim.scalar import saturate

if TYPE_CHECKING:
    from ssrsim.model import SSRModel

FOCUSES: tuple[str, ...] = ("monitoring", "legal_aid", "advocacy", "community")


class CSO(mesa.Agent):
    """A CSO living on (mostly foreign) grants.

    State: capacity (staff and expertise), funds in EUR million, focus and home region. Its
    activities are read by the model each quarter: monitoring raises detection, legal aid raises
    complaints, advocacy builds campaigns, community work reaches citizens; a capable CSO can run an
    independent survey.
    """

    model: SSRModel

    def __init__(self, model: SSRModel, capacity: float, funds: float, focus: str, region: int) -> None:
        super().__init__(model)
        self.capacity = capacity
        self.funds = funds
        self.focus = focus
        self.region = region

    def running_cost(self) -> float:
        """EUR million a quarter to keep staff and office at the current capacity."""
        return self.model.scenario.cso_burn_rate * (0.2 + 0.8 * self.capacity)

    def grant_room(self) -> float:
        """How much grant money it can use this quarter before more is wasted."""
        return self.model.scenario.cso_grants_absorption * (0.2 + self.capacity)

    def receive(self, eur_million: float) -> None:
        """A grant: money in the bank, and expertise bought with it."""
        p = self.model.scenario
        self.funds += eur_million
        self.capacity = saturate(self.capacity, p.cso_grants_effect * eur_million)

    def step(self) -> None:
        """Pay the quarter's running cost; grow with funding and civic space, shrink without.

        Domestic money covers only the share of costs that is not donor-dependent (police-reform
        paper, Context-KZ/KG); staff leave for stable jobs, faster when money runs short; a CSO that
        falls below the minimum capacity closes.
        """
        p = self.model.scenario
        civic_space = self.model.regime.civic_space
        cost = self.running_cost()
        domestic = cost * (1.0 - p.cso_donor_dependence) * civic_space
        self.funds += domestic
        if self.funds >= cost:
            self.funds -= cost
            self.capacity = saturate(self.capacity, p.cso_learning_rate * civic_space)
        else:
            shortfall = 1.0 - self.funds / cost
            self.funds = 0.0
            self.capacity *= 1.0 - 0.25 * shortfall
        self.capacity *= 1.0 - p.cso_grants_decay
        if self.capacity < p.cso_min_capacity:
            self.model.log_event("cso_closed", f"a {self.focus} CSO closes", self.region)
            self.remove()

    def activity(self) -> float:
        """Effective activity this quarter: capacity scaled by the civic space left to act in."""
        return self.capacity * self.model.regime.civic_space
