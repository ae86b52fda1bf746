"""The teaching page: pick an exercise or a country preset, steer reform, watch the outcomes and why.

``ssrsim app`` serves it offline (see ``server``); ``solara run ssrsim.app.page`` also works online.

The page owns its settings (what the controls show) and its ``Classroom`` (the runs on screen), so a
preset or an exercise can move the controls, a banner can say when they no longer match the runs,
and Reset builds the runs from exactly what the controls show. Its controller follows Mesa's
``ModelController`` (reset, play, step) and adds "Run to the end" and "Keep this run".
"""

from __future__ import annotations

import functools
import time
from typing import Any

import solara
import solara.lab
from mesa.visualization.utils import force_update

from ssrsim import resources
from ssrsim.app import frames
from ssrsim.app.charts import SERIES_BY_KEY
from ssrsim.app.classroom import (
    DEFAULT_COUNTRY,
    DEFAULT_SEED,
    DEFAULT_STRATEGY,
    NO_COMPARISON,
    SAME_COUNTRY,
    Classroom,
)
from ssrsim.app.components import (
    AgentView,
    CausesView,
    ExerciseView,
    RegionsView,
    RunView,
    SeriesView,
    TimelineView,
)
from ssrsim.app.controls import SLIDERS
from ssrsim.app.exercises import EXERCISES_BY_KEY
from ssrsim.app.texts import INTRO, PRESETS_NOTE, TITLE
from ssrsim.scenario import load_scenario
from ssrsim.strategy import load_strategy

#: Milliseconds between quarters while playing: slow enough to watch the charts move.
PLAY_INTERVAL = 250
NO_EXERCISE = "none"
#: The page's sections and their time-series charts (``charts.SERIES`` keys).
OUTCOMES = ("trust", "accountability", "reform", "corruption", "abuse", "repression", "success")
#: Panels lay out in as many columns as fit, each at least this wide; print without the controls.
CSS = """
.ssrsim-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 12px; }
.ssrsim-section { margin: 18px 0 6px 0; }
.ssrsim-readout { font-size: 0.8em; border-collapse: collapse; margin-top: 8px; }
.ssrsim-readout th, .ssrsim-readout td { padding: 1px 8px; text-align: right; }
.ssrsim-readout td:first-child { text-align: left; }
@media print {
  .v-navigation-drawer, .v-app-bar, .ssrsim-controls, .vega-embed details { display: none !important; }
  .v-main { padding: 0 !important; }
  div:has(.ssrsim-main) { overflow: visible !important; height: auto !important; max-height: none !important; }
  .ssrsim-grid { display: block; }
  .ssrsim-panel { break-inside: avoid; margin-bottom: 8px; }
}
"""


@functools.cache
def titles(kind: str) -> dict[str, str]:
    """Shipped scenario or strategy ids and the titles the page shows for them."""
    load = load_scenario if kind == "scenarios" else load_strategy
    return {name: load(name).title for name in resources.available(kind)}


def preset(country: str) -> dict[str, float]:
    """The slider positions of a country preset: its scenario's values."""
    scenario = load_scenario(country)
    return {slider.name: slider.default(scenario) for slider in SLIDERS}


def initial_settings(country: str = DEFAULT_COUNTRY) -> dict[str, Any]:
    """Every ``Classroom`` keyword as the page first shows it."""
    return {
        "country": country,
        "strategy": DEFAULT_STRATEGY,
        "compare_with": NO_COMPARISON,
        "compare_country": SAME_COUNTRY,
        **preset(country),
        "seed": DEFAULT_SEED,
        "more": "",
    }


def exercise_settings(key: str, step: int, seed: str) -> dict[str, Any]:
    """The controls for one step of an exercise: the country's preset, then the step's settings; the
    seed stays where the class put it if it is one of the exercise's seeds."""
    exercise = EXERCISES_BY_KEY[key]
    wanted = exercise.steps[step].settings
    seeds = [str(s) for s in exercise.seeds]
    return {**initial_settings(wanted["country"]), **wanted, "seed": seed if seed in seeds else seeds[0]}


def _select(label: str, choices: dict[str, str], value: str, on_value: Any) -> None:
    """A drop-down that shows readable titles and hands back ids."""
    solara.v.Select(
        label=label,
        items=[{"text": text, "value": key} for key, text in choices.items()],
        v_model=value,
        on_v_model=on_value,
        dense=True,
    )


@solara.component
def Controller(
    model: solara.Reactive[Classroom],
    settings: solara.Reactive[dict[str, Any]],
    kept: solara.Reactive[list[frames.KeptRun]],
) -> None:
    """Reset, play and pause, step, run to the end, keep this run."""
    playing = solara.use_reactive(False)
    interval = solara.use_reactive(PLAY_INTERVAL)
    # whether the runs can go on, set after each action: the buttons redraw only when it changes
    running = solara.use_reactive(model.value.running)
    solara.use_effect(lambda: running.set(model.value.running), [model.value])  # a reset or an exercise

    def play() -> None:
        while playing.value and model.value.running:
            time.sleep(interval.value / 1000)
            if playing.value:
                model.value.step()
                running.value = model.value.running
                force_update()
        playing.value = False

    solara.use_thread(play, dependencies=[playing.value])

    def reset() -> None:
        playing.value = False
        model.value = Classroom(**settings.value)
        force_update()

    def step() -> None:
        model.value.step()
        running.value = model.value.running
        force_update()

    def to_end() -> None:
        playing.value = False
        model.value.run_to_end()
        running.value = model.value.running
        force_update()

    def keep() -> None:
        kept.value = [*kept.value, *frames.keep(model.value)]

    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=reset)
        solara.Button(
            "❚❚" if playing.value else "▶",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            disabled=not running.value,
        )
        solara.Button("Step", color="primary", on_click=step, disabled=playing.value or not running.value)
    with solara.Row(justify="space-between"):
        solara.Button("Run to the end", color="primary", outlined=True, on_click=to_end, disabled=not running.value)
        solara.Button("Keep this run", outlined=True, on_click=keep, disabled=not model.value.runs)
    if kept.value:
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.Text(f"{len(kept.value)} kept runs shown faintly", style={"font-size": "0.85em"})
            solara.Button("Clear kept", text=True, small=True, on_click=lambda: kept.set([]))
    solara.SliderInt(f"Pause between quarters: {interval.value} ms", value=interval, min=50, max=1000, step=50)


@solara.component
def Settings(settings: solara.Reactive[dict[str, Any]]) -> None:
    """Strategies, run B's country, the sliders (each showing its value), seed and more parameters."""
    value = settings.value

    def change(name: str, new: Any) -> None:
        settings.value = {**settings.value, name: new}

    strategies = titles("strategies")
    _select("Donor strategy", strategies, value["strategy"], lambda v: change("strategy", v))
    _select(
        "Side by side with",
        {NO_COMPARISON: "nothing (one run)", **strategies},
        value["compare_with"],
        lambda v: change("compare_with", v),
    )
    _select(
        "Country of run B",
        {SAME_COUNTRY: "the same as run A", **titles("scenarios")},
        value["compare_country"],
        lambda v: change("compare_country", v),
    )
    for slider in SLIDERS:
        solara.SliderFloat(
            f"{slider.label}: {value[slider.name]:g}",
            value=value[slider.name],
            min=slider.low,
            max=slider.high,
            step=slider.step,
            on_value=lambda v, name=slider.name: change(name, round(v, 4)),
        )
    solara.InputText("Seed", value=value["seed"], on_value=lambda v: change("seed", v))
    solara.InputText("More parameters (name=value, ...)", value=value["more"], on_value=lambda v: change("more", v))


@solara.component
def Page() -> None:
    """The page Solara serves; each browser tab gets its own runs."""
    settings = solara.use_reactive(initial_settings())
    model = solara.use_reactive(solara.use_memo(lambda: Classroom(**settings.value), []))
    kept = solara.use_reactive([])
    exercise = solara.use_reactive(NO_EXERCISE)

    def choose_country(country: str) -> None:
        settings.value = {**settings.value, "country": country, **preset(country)}

    def set_up(step: int) -> None:
        settings.value = exercise_settings(exercise.value, step, settings.value["seed"])
        model.value = Classroom(**settings.value)
        force_update()

    def choose_exercise(key: str) -> None:
        exercise.value = key
        if key != NO_EXERCISE:
            kept.value = []
            set_up(0)

    solara.Style(CSS)
    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
        solara.lab.ThemeToggle()
    with solara.Sidebar(), solara.Column(classes=["ssrsim-controls"]):
        with solara.Card("Exercise"):
            exercises = {NO_EXERCISE: "none: free play", **{k: e.title for k, e in EXERCISES_BY_KEY.items()}}
            _select("Exercise", exercises, exercise.value, choose_exercise)
        with solara.Card("Country preset"):
            _select("Country", titles("scenarios"), settings.value["country"], choose_country)
            with solara.Row(justify="end"):
                solara.Button(
                    "Country values",
                    on_click=lambda: choose_country(settings.value["country"]),
                    text=True,
                    color="primary",
                    small=True,
                )
            solara.Text(PRESETS_NOTE, style={"font-size": "0.8em"})
        with solara.Card("Run"):
            Controller(model, settings, kept)
        with solara.Card("Settings"):
            Settings(settings)
            solara.Text(INTRO, style={"font-size": "0.8em"})
    with solara.Column(gap="12px", classes=["ssrsim-main"]):
        RunView(model.value, settings.value)
        if exercise.value != NO_EXERCISE:
            ExerciseView(EXERCISES_BY_KEY[exercise.value], set_up)
        _section("Outcomes")
        with solara.Div(classes=["ssrsim-grid"]):
            for key in OUTCOMES:
                SeriesView(SERIES_BY_KEY[key], model.value, kept.value)
        _section("Why trust moved")
        with solara.Div(classes=["ssrsim-grid"]):
            CausesView(model.value)
            SeriesView(SERIES_BY_KEY["drivers"], model.value, kept.value)
        _section("The agents")
        AgentView(model.value)
        _section("Regions and events")
        with solara.Div(classes=["ssrsim-grid"]):
            RegionsView(model.value)
            TimelineView(model.value)


def _section(title: str) -> None:
    solara.v.Html(tag="h2", class_="text-h6 ssrsim-section", children=[title])
