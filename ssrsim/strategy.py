"""Donor strategies as data: how donors split their money, when, and on what conditions.

A strategy file sets an allocation across programme types (or ``"donor_default"``: each donor's mix
as observed in 2013), a funding multiplier, donor coordination, optional phases (a schedule) and
optional conditions that tie some programmes to the recipient's governance performance.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ssrsim import resources
from ssrsim.errors import InputError, did_you_mean
from ssrsim.fields import Count, Number
from ssrsim.programmes import PROGRAMMES
from ssrsim.tomlfile import read_toml, validated

DONOR_DEFAULT = "donor_default"
#: Shares are relative weights; far larger ones only overflow when they are added up.
MAX_SHARE = 1e6

#: What a condition can require; each compares an outcome now with ``window`` quarters ago.
REQUIREMENTS: dict[str, tuple[str, int]] = {
    "accountability_rising": ("accountability", +1),
    "corruption_falling": ("corruption", -1),
    "practice_rising": ("practice_now", +1),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_allocation(value: dict[str, float] | str | None) -> dict[str, float] | str | None:
    if value is None or value == DONOR_DEFAULT:
        return value
    if isinstance(value, str):
        raise ValueError(f"allocation must be a table of programme shares or '{DONOR_DEFAULT}'")
    for name, share in value.items():
        if name not in PROGRAMMES:
            hint = did_you_mean(name, PROGRAMMES) or f"the programmes are {', '.join(PROGRAMMES)}"
            raise ValueError(f"unknown programme '{name}'; {hint}")
        if not 0 <= share <= MAX_SHARE:
            raise ValueError(f"share of '{name}' is {share:g}; shares are weights in [0, {MAX_SHARE:g}]")
    if sum(value.values()) <= 0:
        raise ValueError("shares must add up to more than zero")
    return value


class StrategyMeta(_Strict):
    title: str
    description: str = Field(min_length=20)
    source: str = Field(min_length=3)
    funding: Number = Field(default=1.0, ge=0, le=20)
    coordination: Number = Field(default=0.0, ge=0, le=1)


#: Phases are counted in years from the scenario's start; no horizon is longer than this.
LONGEST_PHASE_YEARS = 100


class PhaseSpec(_Strict):
    from_years: Number = Field(ge=0, le=LONGEST_PHASE_YEARS, description="years after the start (not a calendar year)")
    until_years: Number = Field(gt=0, le=LONGEST_PHASE_YEARS, description="years after the start (not a calendar year)")
    funding: Number | None = Field(default=None, ge=0, le=20)
    allocation: dict[str, Number] | str | None = None

    _alloc = field_validator("allocation")(_check_allocation)


class ConditionSpec(_Strict):
    programmes: list[str] = Field(min_length=1)
    requires: str
    window: Count = Field(default=4, ge=1, le=40)
    otherwise: Literal["withhold", "redirect"] = "redirect"
    redirect_to: dict[str, Number] | None = None

    @field_validator("programmes")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _check_allocation(dict.fromkeys(value, 1.0))
        return value

    _redirect = field_validator("redirect_to")(_check_allocation)

    @field_validator("requires")
    @classmethod
    def _requirement(cls, value: str) -> str:
        if value not in REQUIREMENTS:
            hint = did_you_mean(value, REQUIREMENTS)
            raise ValueError(
                f"unknown requirement '{value}'; one of {', '.join(REQUIREMENTS)}" + (f" ({hint})" if hint else "")
            )
        return value


class StrategyFile(_Strict):
    strategy: StrategyMeta
    allocation: dict[str, Number] | str
    phases: list[PhaseSpec] = []
    conditions: list[ConditionSpec] = []

    _alloc = field_validator("allocation")(_check_allocation)


def _normalised(shares: dict[str, float]) -> np.ndarray:
    """Shares over PROGRAMMES, in that order, summing to one."""
    total = sum(shares.values())
    return np.array([shares.get(p, 0.0) / total for p in PROGRAMMES])


@dataclass(frozen=True)
class Condition:
    """Money for ``programmes`` flows only while ``requires`` holds; else it is withheld or redirected."""

    programmes: frozenset[str]
    tied: np.ndarray
    outcome: str
    direction: int
    window: int
    redirect_to: np.ndarray | None


@dataclass(frozen=True)
class Phase:
    start_quarter: int
    end_quarter: int
    funding: float
    allocation: np.ndarray | None


@dataclass(frozen=True)
class Strategy:
    """A validated donor strategy; ``allocation`` (shares in PROGRAMMES order) None means each donor
    keeps its default mix."""

    name: str
    title: str
    description: str
    source: str
    path: Path
    funding: float
    coordination: float
    allocation: np.ndarray | None
    phases: tuple[Phase, ...]
    conditions: tuple[Condition, ...]

    def plan(self, quarter: int) -> tuple[float, np.ndarray | None]:
        """Funding multiplier and allocation in force in ``quarter`` (the first matching phase wins)."""
        for phase in self.phases:
            if phase.start_quarter <= quarter < phase.end_quarter:
                return phase.funding, phase.allocation
        return self.funding, self.allocation


@functools.cache
def _load_cached(path: Path, mtime: float) -> Strategy:
    del mtime
    spec = validated(StrategyFile, read_toml(path), file=path)
    meta = spec.strategy

    def alloc(value: dict[str, float] | str | None, fallback: np.ndarray | None) -> np.ndarray | None:
        if value is None:
            return fallback
        return None if value == DONOR_DEFAULT else _normalised(value)  # type: ignore[arg-type]

    base_alloc = alloc(spec.allocation, None)
    phases = []
    for i, ph in enumerate(spec.phases):
        if ph.until_years <= ph.from_years:
            raise InputError(
                "a phase must end after it starts", file=path, key=f"phases[{i}]", hint="check from_years/until_years."
            )
        start, end = round(ph.from_years * 4), round(ph.until_years * 4)
        if end <= start:
            raise InputError(
                f"the phase from {ph.from_years:g} to {ph.until_years:g} years rounds to no quarter at all",
                file=path,
                key=f"phases[{i}]",
                allowed="phases of at least one quarter (0.25 years)",
                hint="the model steps in quarters; let the phase last at least 0.25 years.",
            )
        phases.append(
            Phase(
                start_quarter=start,
                end_quarter=end,
                funding=meta.funding if ph.funding is None else ph.funding,
                allocation=alloc(ph.allocation, base_alloc),
            )
        )
    conditions = tuple(
        Condition(
            programmes=frozenset(c.programmes),
            tied=np.array([k in c.programmes for k in PROGRAMMES]),
            outcome=REQUIREMENTS[c.requires][0],
            direction=REQUIREMENTS[c.requires][1],
            window=c.window,
            redirect_to=None if c.otherwise == "withhold" else _normalised(c.redirect_to or _governance_default()),
        )
        for c in spec.conditions
    )
    return Strategy(
        name=path.stem,
        title=meta.title,
        description=" ".join(meta.description.split()),
        source=meta.source,
        path=path,
        funding=meta.funding,
        coordination=meta.coordination,
        allocation=base_alloc,
        phases=tuple(phases),
        conditions=conditions,
    )


def _governance_default() -> dict[str, float]:
    return {"oversight_support": 1.0, "cso_grants": 1.0, "rule_of_law": 1.0}


def load_strategy(name_or_path: str | Path) -> Strategy:
    """A shipped strategy by name, or a strategy TOML file by path, validated."""
    if isinstance(name_or_path, Strategy):
        return name_or_path
    path = resources.resolve(name_or_path, "strategies").resolve()
    return _load_cached(path, path.stat().st_mtime)
