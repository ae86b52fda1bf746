"""What donor money buys: the programme types, and the arithmetic they share.

Every programme type has a unit cost, an absorption limit per quarter, a direct effect, a lag and a
decay (parameters ``<type>_cost`` etc. in the scenario). Money beyond the absorption limit is spent
but buys ever less: ``effective = cap * (1 - exp(-units / cap))``, the saturating form of the
"training beyond absorptive capacity is wasted" finding (Boonstra et al. 2013, §3).
"""

from __future__ import annotations

import math
from collections import deque

PROGRAMMES: tuple[str, ...] = (
    "equipment",
    "training",
    "training_of_trainers",
    "border_management",
    "community_policing",
    "human_rights_training",
    "rule_of_law",
    "cso_grants",
    "oversight_support",
    "dialogue",
    "disaster_preparedness",
    "defence_cooperation",
)

#: What one unit of each programme is, what caps its absorption, what an absorbed unit does, and
#: what decays afterwards. These texts are the meaning of the ``<programme>_*`` parameters.
MEANING: dict[str, tuple[str, str, str, str]] = {
    "equipment": (
        "EUR 1 million of equipment",
        "EUR million a quarter the ministry can put to use",
        "EUR million of usable stock per unit (the rest lies unused)",
        "depreciation of equipment and means of repression",
    ),
    "training": (
        "one officer through a technical course",
        "share of the force a quarter (scaled by skill: low literacy takes less)",
        "skill gained when the whole force is trained once",
        "loss of trained skill without reinforcement",
    ),
    "training_of_trainers": (
        "one local trainer",
        "share of the force a quarter that can become trainers",
        "officers a local trainer reaches a quarter",
        "local trainers lost to turnover",
    ),
    "border_management": (
        "EUR 1 million of border posts, guards' training and kit",
        "EUR million a quarter the border service can use",
        "EUR million of security assets per unit",
        "depreciation of border assets",
    ),
    "community_policing": (
        "one million citizens covered by a pilot for a quarter",
        "million citizens a quarter the ministry lets pilots reach",
        "community-policing practice gained at full coverage",
        "return of community-policing practice to the institution's norm",
    ),
    "human_rights_training": (
        "one officer through a human-rights course",
        "share of the force a quarter",
        "human-rights culture gained when the whole force is trained once",
        "officers' return toward their unit's culture (socialisation)",
    ),
    "rule_of_law": (
        "EUR 1 million of judicial and prosecution reform",
        "EUR million a quarter the justice system can use",
        "judicial capacity to sanction police misconduct per unit",
        "fading of judicial capacity",
    ),
    "cso_grants": (
        "EUR 1 million of grants to CSOs",
        "EUR million a quarter one CSO can use at full capacity",
        "capacity a CSO gains per unit received",
        "capacity CSOs lose as staff move on",
    ),
    "oversight_support": (
        "EUR 1 million of support to parliament, ombudsman and councils",
        "EUR million a quarter the bodies can use",
        "capacity the bodies gain per unit",
        "fading of donor-built capacity",
    ),
    "dialogue": (
        "EUR 1 million of high-level dialogue and awareness raising",
        "EUR million a quarter of events the elite will attend",
        "elite confidence gained per unit",
        "fading of elite confidence",
    ),
    "defence_cooperation": (
        "EUR 1 million of defence cooperation (courses, exercises, defence-institution building)",
        "EUR million a quarter the defence ministry can use",
        "none: defence cooperation has no path to the police",
        "none: nothing it builds is modelled",
    ),
    "disaster_preparedness": (
        "EUR 1 million of disaster-preparedness cooperation",
        "EUR million a quarter the agencies can use",
        "rapport with donors gained per unit",
        "fading of rapport",
    ),
}

#: Programme types that go to civil society, not to the state: what stops them is the regime's
#: restriction of foreign funding (civic space), not its consent to a state programme.
SOCIETY: frozenset[str] = frozenset({"cso_grants"})

#: Programme types through which donors engage the ministry on how it is governed: sustained
#: engagement of this kind is part of the pressure that can move the ministry's resistance.
GOVERNANCE: frozenset[str] = frozenset(
    {"community_policing", "human_rights_training", "rule_of_law", "oversight_support", "dialogue"}
)


def absorbed(units: float, cap: float) -> float:
    """Units that take effect when ``units`` are delivered against an absorption limit ``cap``."""
    if units <= 0.0 or cap <= 0.0:
        return 0.0
    return cap * (1.0 - math.exp(-units / cap))


class Pipeline:
    """Effects in transit: an impulse delivered now acts ``lag`` quarters later."""

    def __init__(self, lag: int) -> None:
        self._queue: deque[float] = deque([0.0] * max(int(lag), 0))

    def push(self, impulse: float) -> float:
        """Add this quarter's impulse; return the impulse whose lag has elapsed."""
        self._queue.append(impulse)
        return self._queue.popleft()
