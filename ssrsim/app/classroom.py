"""What the page runs: one country and seed under one donor strategy, or under two side by side.

``Classroom`` is the Mesa model that the page's controls (Mesa's ``ModelController``) step and reset.
It builds one ``SSRModel`` per strategy from the same country, seed and settings, so the two runs
differ only by strategy. A bad input does not raise: the classroom keeps the message, holds no run,
and the page shows the message.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa

from ssrsim.app.controls import parse_more, parse_seed, slider_overrides
from ssrsim.errors import InputError
from ssrsim.model import SSRModel
from ssrsim.scenario import load_scenario

DEFAULT_COUNTRY = "kyrgyzstan"
DEFAULT_STRATEGY = "status_quo"
DEFAULT_SEED = "7"
#: The "compare with" choice that means a single run.
NO_COMPARISON = "none"


@dataclass(frozen=True)
class Run:
    """One model run and the label the charts give it ("A: Train and equip")."""

    label: str
    model: SSRModel

    def step(self) -> None:
        """One quarter; nothing once the run has reached its horizon."""
        if self.model.running:
            self.model.step()


def build_runs(country: str, strategies: list[str], seed: int, overrides: dict[str, object]) -> list[Run]:
    """One run per strategy, all of the same country, seed and parameter overrides."""
    runs = []
    for letter, strategy in zip("AB", strategies, strict=False):
        model = SSRModel(country, strategy, rng=seed, **overrides)
        label = model.strategy.title if len(strategies) == 1 else f"{letter}: {model.strategy.title}"
        runs.append(Run(label, model))
    return runs


class Classroom(mesa.Model):
    """The runs the class watches; ``error`` holds the message when the inputs cannot make a run.

    Slider keywords left at None take the country's scenario values.
    """

    def __init__(
        self,
        country: str = DEFAULT_COUNTRY,
        strategy: str = DEFAULT_STRATEGY,
        compare_with: str = NO_COMPARISON,
        political_will: float | None = None,
        funding_scale: float | None = None,
        oversight_strength: float | None = None,
        moi_resistance: float | None = None,
        cso_capacity: float | None = None,
        media_freedom: float | None = None,
        seed: str = DEFAULT_SEED,
        more: str = "",
    ) -> None:
        super().__init__(rng=0)  # the classroom itself draws nothing; each run has its own seed
        self.country = country
        self.runs: list[Run] = []
        self.error: str | None = None
        sliders = {
            "political_will": political_will,
            "funding_scale": funding_scale,
            "oversight_strength": oversight_strength,
            "moi_resistance": moi_resistance,
            "cso_capacity": cso_capacity,
            "media_freedom": media_freedom,
        }
        strategies = [strategy] if compare_with == NO_COMPARISON else [strategy, compare_with]
        try:
            scenario = load_scenario(country)
            overrides = {**slider_overrides(sliders, scenario), **parse_more(more)}
            self.runs = build_runs(country, strategies, parse_seed(seed), overrides)
        except InputError as exc:
            self.error = str(exc)
        self.running = bool(self.runs)

    def step(self) -> None:
        """One quarter in every run that has not reached its horizon."""
        for run in self.runs:
            run.step()
        self.running = any(run.model.running for run in self.runs)
