"""The controls students see, and how each one maps onto the model's parameters.

Every slider starts at the chosen country's scenario value, so the untouched page runs the calibrated
country. Five sliders set one parameter each. "Oversight strength" stands for the three oversight
bodies together (parliament, ombudsman, monitoring commissions): it shows their mean. Moving it up
takes each body the same fraction of its way to 1, moving it down the same fraction of its way to 0,
so their mean always equals the slider, the ends mean none or full oversight, and the country's
ranking of the bodies survives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ssrsim.errors import InputError
from ssrsim.parameters import GLOBAL
from ssrsim.scenario import Scenario, coerce

#: The oversight bodies that the "oversight strength" slider moves together.
OVERSIGHT: tuple[str, ...] = ("parliament_oversight", "ombudsman_strength", "monitoring_strength")


@dataclass(frozen=True)
class Slider:
    """One slider: the keyword it sets on the page's model, its label and range, the parameters it moves."""

    name: str
    label: str
    low: float
    high: float
    step: float
    parameters: tuple[str, ...]

    def default(self, scenario: Scenario) -> float:
        """The slider's position for the scenario as calibrated: the mean of what it moves."""
        values = [float(scenario.parameters[p].value) for p in self.parameters]
        return round(sum(values) / len(values), 4)

    def overrides(self, position: object, scenario: Scenario) -> dict[str, float]:
        """The parameter values at slider ``position``, checked like any other input."""
        level = float(coerce(self.name, position, GLOBAL[self.parameters[0]], file=None))
        if len(self.parameters) == 1:
            return {self.parameters[0]: level}
        mean = self.default(scenario)
        values = {p: float(scenario.parameters[p].value) for p in self.parameters}
        if level >= mean:
            share = (level - mean) / (self.high - mean) if mean < self.high else 0.0
            return {p: value + (self.high - value) * share for p, value in values.items()}
        share = (mean - level) / (mean - self.low)
        return {p: value - (value - self.low) * share for p, value in values.items()}


SLIDERS: tuple[Slider, ...] = (
    Slider("political_will", "Political will", 0.0, 1.0, 0.01, ("political_will",)),
    Slider("funding_scale", "Donor funding (x the 2013 budgets)", 0.0, 5.0, 0.1, ("funding_scale",)),
    Slider("oversight", "Oversight strength", 0.0, 1.0, 0.01, OVERSIGHT),
    Slider("moi_resistance", "Ministry resistance", 0.0, 1.0, 0.01, ("moi_resistance",)),
    Slider("cso_capacity", "CSO capacity", 0.0, 1.0, 0.01, ("cso_capacity",)),
    Slider("media_freedom", "Media freedom", 0.0, 1.0, 0.01, ("media_freedom",)),
)
CONTROLLED: frozenset[str] = frozenset(p for slider in SLIDERS for p in slider.parameters)


def slider_overrides(positions: Mapping[str, object], scenario: Scenario) -> dict[str, float]:
    """Scenario parameters from slider positions; a slider left out keeps the scenario's values."""
    out: dict[str, float] = {}
    for slider in SLIDERS:
        if positions.get(slider.name) is not None:
            out.update(slider.overrides(positions[slider.name], scenario))
    return out


def parse_seed(text: object) -> int:
    """The random seed typed into the page, as a whole number from 0 up."""
    raw = str(text).strip()
    hint = "the same seed repeats a run exactly; another seed gives another run of the same story."
    allowed = "a whole number from 0 up"
    try:
        if not raw.isascii():
            raise ValueError(raw)
        seed = int(raw)
    except ValueError:
        raise InputError(
            f"the seed must be a whole number, not {raw!r}", key="seed", allowed=allowed, hint=hint
        ) from None
    if seed < 0:
        raise InputError(f"the seed must not be negative, not {seed}", key="seed", allowed=allowed, hint=hint)
    return seed


def parse_more(text: str) -> dict[str, str]:
    """Further parameters typed as ``name=value`` pairs separated by commas (the model checks the values)."""
    out: dict[str, str] = {}
    for item in text.replace(";", ",").split(","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name or not value.strip():
            raise InputError(
                f"'{item.strip()}' is not name=value",
                key="more parameters",
                hint="write for example: crisis_hazard=0, events_enabled=false ('ssrsim show COUNTRY' lists them).",
            )
        if name in CONTROLLED:
            raise InputError(
                f"'{name}' has a slider of its own", key="more parameters", hint="set it with the slider instead."
            )
        if name in {"rng", "seed", "scenario", "strategy"}:
            raise InputError(
                f"'{name}' is not a parameter",
                key="more parameters",
                hint="choose it with its own control on the page.",
            )
        if name in out:
            raise InputError(f"'{name}' is given twice", key="more parameters", hint="give each parameter once.")
        out[name] = value.strip()
    return out
