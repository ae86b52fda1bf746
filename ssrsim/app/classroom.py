"""What the page runs: one country and seed under one donor strategy, or two runs side by side.

``Classroom`` is the Mesa model that the page's controls step and reset. It builds one ``SSRModel``
per run from the same seed and settings, so two runs of one country differ only by strategy. Run B
may also be another country (Georgia's 2004 reform beside Kyrgyzstan's); it then runs at that
country's own values, since the sliders start from run A's country. A bad input does not raise: the
classroom keeps the message, holds no run, and the page shows the message.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

import mesa

from ssrsim.app.controls import SLIDERS, parse_more, parse_seed, slider_overrides
from ssrsim.errors import InputError
from ssrsim.model import SSRModel
from ssrsim.scenario import load_scenario

DEFAULT_COUNTRY = "kyrgyzstan"
DEFAULT_STRATEGY = "status_quo"
DEFAULT_SEED = "7"
#: The "compare with" choice that means a single run.
NO_COMPARISON = "none"
#: The "country of run B" choice that means run A's country.
SAME_COUNTRY = "same"


@dataclass
class Run:
    """One model run, the label the charts give it ("A: Train and equip"), and after every quarter
    the model's trust ledger (what changed citizens' trust, cumulative totals by cause)."""

    label: str
    model: SSRModel
    ledger: list[dict[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.model.population.keep_trust_ledger()
        self._note()

    def _note(self) -> None:
        self.ledger.append(dict(self.model.population.trust_ledger or {}))

    def step(self) -> None:
        """One quarter; nothing once the run has reached its horizon."""
        if self.model.running:
            self.model.step()
            self._note()


def page_message(exc: InputError) -> str:
    """An input error as the page shows it: no file path (the class never sees the files), and a
    scenario that fixes a value says so instead of giving a "plausible range" of one point."""
    text = exc.problem + (f" (at key '{exc.key}')" if exc.key else "") + "."
    if exc.allowed:
        text += f" Allowed: {exc.allowed}."
    hint = exc.hint or ""
    fixed = re.fullmatch(r"the scenario's plausible range is \[(\S+), (\S+)\]\.?", hint)
    if fixed and fixed[1] == fixed[2]:
        hint = f"this scenario fixes it at {fixed[1]}."
    elif fixed:
        hint = f"the country's plausible range is [{fixed[1]}, {fixed[2]}]."
    return text + (f" Hint: {hint}" if hint else "")


class Classroom(mesa.Model):
    """The runs the class watches; ``error`` holds the message when the inputs cannot make a run.

    Slider keywords left at None take the country's scenario values; ``settings`` keeps every
    keyword, so the page can tell when its controls no longer match the run on screen.
    """

    def __init__(
        self,
        country: str = DEFAULT_COUNTRY,
        strategy: str = DEFAULT_STRATEGY,
        compare_with: str = NO_COMPARISON,
        compare_country: str = SAME_COUNTRY,
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
        self.settings: dict[str, Any] = {
            "country": country,
            "strategy": strategy,
            "compare_with": compare_with,
            "compare_country": compare_country,
            "political_will": political_will,
            "funding_scale": funding_scale,
            "oversight_strength": oversight_strength,
            "moi_resistance": moi_resistance,
            "cso_capacity": cso_capacity,
            "media_freedom": media_freedom,
            "seed": seed,
            "more": more,
        }
        self.country = country
        # the page plays quarters in a thread of its own while it draws them: one at a time
        self.lock = threading.RLock()
        self.runs: list[Run] = []
        self.error: str | None = None
        sliders = {slider.name: self.settings[slider.name] for slider in SLIDERS}
        try:
            scenario = load_scenario(country)
            overrides = {**slider_overrides(sliders, scenario), **parse_more(more)}
            number = parse_seed(seed)
            b_country = country if compare_country == SAME_COUNTRY else compare_country
            if compare_with == NO_COMPARISON and b_country == country:
                plan = [(country, strategy, overrides)]
            else:
                b_strategy = strategy if compare_with == NO_COMPARISON else compare_with
                b_overrides = overrides if b_country == country else parse_more(more)
                plan = [(country, strategy, overrides), (b_country, b_strategy, b_overrides)]
            self.runs = build_runs(plan, number)
        except InputError as exc:
            self.error = page_message(exc)
        self.running = bool(self.runs)

    def step(self) -> None:
        """One quarter in every run that has not reached its horizon."""
        with self.lock:
            for run in self.runs:
                run.step()
            self.running = any(run.model.running for run in self.runs)

    def run_to_end(self) -> None:
        """Every remaining quarter at once: a twenty-year run takes a fraction of a second."""
        with self.lock:
            while self.running:
                self.step()


def build_runs(plan: list[tuple[str, str, dict[str, object]]], seed: int) -> list[Run]:
    """One run per ``(country, strategy, overrides)``, all with the same seed.

    Runs of one country are labelled by strategy; runs of two countries by country and start year.
    """
    models = [SSRModel(country, strategy, rng=seed, **overrides) for country, strategy, overrides in plan]
    if len(models) == 1:
        return [Run(models[0].strategy.title, models[0])]
    countries = {model.scenario_name for model in models}
    runs = []
    for letter, model in zip("AB", models, strict=True):
        if len(countries) == 1:
            name = model.strategy.title
        else:
            name = f"{model.scenario_spec.country} from {model.scenario.start_year:.0f}"
        runs.append(Run(f"{letter}: {name}", model))
    return runs
