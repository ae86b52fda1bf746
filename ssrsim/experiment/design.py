"""Parameter designs: which values of which scenario parameters the runs of an experiment take.

One of three kinds, or none (a single point: the scenario's own values):

- ``grid``: every combination of the listed values (``{"political_will": [0.1, 0.3], ...}``);
- ``lhs``: a Latin hypercube of ``samples`` points within ``ranges``, drawn from the experiment's seed;
  ``ranges = "assumptions"`` spans every free parameter of any of the experiment's scenarios (no
  source measures it), each scenario varying its own, each within its scenario's plausible range;
- ``points``: an explicit list of points, e.g. a sample that SALib produced.

Values here are raw; the experiment checks every name and value against each scenario.
"""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ssrsim.fields import Count, Number
from ssrsim.limits import MAX_DESIGN_POINTS
from ssrsim.scenario import InputValue, Value

Point = dict[str, Value]
ASSUMPTIONS = "assumptions"


class Lhs(BaseModel):
    """A Latin hypercube: ``samples`` points, each parameter's range cut into that many strata."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    samples: Count = Field(ge=1, le=MAX_DESIGN_POINTS)
    ranges: Annotated[dict[str, tuple[Number, Number]], Field(min_length=1)] | Literal["assumptions"]

    @property
    def over_assumptions(self) -> bool:
        return self.ranges == ASSUMPTIONS

    @model_validator(mode="after")
    def _ordered(self) -> Lhs:
        if self.over_assumptions:
            return self
        for name, (low, high) in self.ranges.items():
            if not low < high:
                raise ValueError(f"the range of '{name}' must be [low, high] with low < high, not [{low:g}, {high:g}]")
        return self


class Design(BaseModel):
    """At most one of ``grid``, ``lhs`` or ``points``; with none, every run uses the scenario's values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grid: Annotated[dict[str, Annotated[list[InputValue], Field(min_length=1)]], Field(min_length=1)] | None = None
    lhs: Lhs | None = None
    points: Annotated[list[dict[str, InputValue]], Field(min_length=1, max_length=MAX_DESIGN_POINTS)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Design:
        given = [kind for kind in ("grid", "lhs", "points") if getattr(self, kind) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of grid, lhs or points, not {' and '.join(given)}")
        if self.points and any(point.keys() != self.points[0].keys() for point in self.points):
            raise ValueError("every design point must set the same parameters")
        if self.size > MAX_DESIGN_POINTS:
            raise ValueError(f"the design has {self.size:,} points; at most {MAX_DESIGN_POINTS:,} are allowed")
        return self

    @property
    def size(self) -> int:
        """How many points the design expands to, known without expanding it."""
        if self.grid is not None:
            return math.prod(len(values) for values in self.grid.values())
        if self.lhs is not None:
            return self.lhs.samples
        return len(self.points) if self.points is not None else 1

    @property
    def kind(self) -> Literal["grid", "lhs", "points"] | None:
        if self.grid is not None:
            return "grid"
        if self.lhs is not None:
            return "lhs"
        return "points" if self.points is not None else None

    @property
    def parameters(self) -> tuple[str, ...]:
        """The names the design varies, in the order the design gives them (none for a hypercube over
        the assumptions: the experiment knows them, see ``ExperimentSpec.varied``)."""
        if self.grid is not None:
            return tuple(self.grid)
        if self.lhs is not None:
            return () if self.lhs.over_assumptions else tuple(self.lhs.ranges)
        return tuple(self.points[0]) if self.points else ()

    def expand(
        self, rng: np.random.Generator, assumptions: dict[str, tuple[float, float]] | None = None
    ) -> list[Point]:
        """The design points, in a fixed order; ``rng`` draws the Latin hypercube, whose ranges are
        ``assumptions`` (a scenario's) when it spans the assumptions."""
        if self.grid is not None:
            return [dict(zip(self.grid, combo, strict=True)) for combo in itertools.product(*self.grid.values())]
        if self.lhs is not None:
            from scipy.stats import qmc  # heavy, and only sampled designs need it

            ranges = assumptions if self.lhs.over_assumptions else self.lhs.ranges
            lows, highs = zip(*ranges.values(), strict=True)
            unit = qmc.LatinHypercube(d=len(lows), rng=rng).random(self.lhs.samples)
            return [dict(zip(ranges, map(float, row), strict=True)) for row in qmc.scale(unit, lows, highs)]
        return [dict(point) for point in self.points] if self.points is not None else [{}]
