"""The controls students see, and how each one maps onto the model's parameters.

Every slider starts at the chosen country's scenario value, so the untouched page runs the calibrated
country, and each sets one parameter of the model. "Oversight strength" is the model's own lever
``oversight_strength``: it scales the formal powers of all five oversight bodies together (1 is the
country as observed), so the page and the model mean the same thing by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ssrsim.errors import InputError
from ssrsim.parameters import GLOBAL
from ssrsim.scenario import Scenario, coerce


@dataclass(frozen=True)
class Slider:
    """One slider: the parameter it sets, its label and range."""

    name: str
    label: str
    low: float
    high: float
    step: float

    def default(self, scenario: Scenario) -> float:
        """The slider's position for the scenario as calibrated."""
        return round(float(scenario.parameters[self.name].value), 4)

    def overrides(self, position: object, scenario: Scenario) -> dict[str, float]:
        """The parameter value at slider ``position``, checked like any other input."""
        plausible = scenario.parameters[self.name].range
        return {self.name: float(coerce(self.name, position, GLOBAL[self.name], file=None, plausible=plausible))}


SLIDERS: tuple[Slider, ...] = (
    Slider("political_will", "Political will", 0.0, 1.0, 0.01),
    Slider("funding_scale", "Donor funding (x the 2013 budgets)", 0.0, 5.0, 0.1),
    Slider("oversight_strength", "Oversight strength (x the country's)", 0.0, 3.0, 0.05),
    Slider("moi_resistance", "Ministry resistance", 0.0, 1.0, 0.01),
    Slider("cso_capacity", "CSO capacity", 0.0, 1.0, 0.01),
    Slider("media_freedom", "Media freedom", 0.0, 1.0, 0.01),
)
CONTROLLED: frozenset[str] = frozenset(slider.name for slider in SLIDERS)


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
