"""Oversight bodies: parliament, ombudsman, monitoring commissions, public councils and the media."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from ssrsim.model import SSRModel

#: Which scenario parameter gives each body's formal powers, and whether its independence rests on
#: civic space (bodies run with or by civil society) or on the state's own tolerance.
KINDS: dict[str, tuple[str, bool]] = {
    "parliament": ("parliament_oversight", False),
    "ombudsman": ("ombudsman_strength", False),
    "monitoring_commission": ("monitoring_strength", True),
    "public_council": ("council_cso_seat_share", True),
    "media": ("media_freedom", True),
}

#: How much of misconduct each body brings to light at full strength. Parliament and councils work
#: on policy more than on cases; assumption, see docs/ODD.md (submodel "detection").
DETECTION_WEIGHT: dict[str, float] = {
    "parliament": 0.1,
    "ombudsman": 0.3,
    "monitoring_commission": 0.4,
    "public_council": 0.1,
    "media": 0.2,
}


class OversightBody(mesa.Agent):
    """A body that brings misconduct to light; sanctions still pass through the ministry.

    State: its kind, formal powers (from the scenario), capacity added by donor support (which
    decays), and independence, which follows civic space for bodies that civil society runs.
    """

    model: SSRModel

    def __init__(self, model: SSRModel, kind: str) -> None:
        super().__init__(model)
        self.kind = kind
        param, self.civic = KINDS[kind]
        # the oversight-strength lever scales every body's formal powers together
        self.powers = min(float(getattr(model.scenario, param)) * model.scenario.oversight_strength, 1.0)
        self.support = 0.0

    def independence(self) -> float:
        civic_space = self.model.regime.civic_space
        if self.civic:
            return civic_space
        return 0.5 + 0.5 * civic_space * (1.0 - self.model.regime.threat)

    def strength(self) -> float:
        """Powers plus donor-built capacity, discounted by lost independence."""
        return min(self.powers + self.support * (1.0 - self.powers), 1.0) * self.independence()

    def detection(self) -> float:
        return DETECTION_WEIGHT[self.kind] * self.strength()

    def step(self) -> None:
        """Donor-built capacity fades without continued support."""
        self.support *= 1.0 - self.model.scenario.oversight_support_decay
