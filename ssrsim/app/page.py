"""The teaching page: pick a country preset, steer reform with Mesa's controls, watch the outcomes.

``ssrsim app`` serves it offline (see ``server``); ``solara run ssrsim.app.page`` also works online.

The page is put together from the parts of Mesa's ``SolaraViz``: ``ModelController`` (step, play,
pause, reset), ``UserInputs`` (the controls) and ``ComponentsView`` (the panels). ``SolaraViz`` itself
keeps the control values to itself and fills them in once, so a country preset could move its sliders
on screen but not the values a reset uses; here the page owns those values (``settings``), the
controls show them, and a preset rewrites them.
"""

from __future__ import annotations

from typing import Any

import solara
import solara.lab
from mesa.visualization.solara_viz import ComponentsView, ModelController, UserInputs

from ssrsim import resources
from ssrsim.app.classroom import DEFAULT_COUNTRY, DEFAULT_SEED, DEFAULT_STRATEGY, NO_COMPARISON, Classroom
from ssrsim.app.components import PANELS
from ssrsim.app.controls import SLIDERS
from ssrsim.app.texts import INTRO
from ssrsim.scenario import load_scenario

TITLE = "Security-sector reform in Central Asia"
#: Milliseconds between quarters while playing: slow enough to watch the charts move.
PLAY_INTERVAL = 250


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
        **preset(country),
        "seed": DEFAULT_SEED,
        "more": "",
    }


def user_inputs(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Mesa's input descriptions for every control but the country, showing ``settings``."""
    strategies = resources.available("strategies")
    inputs: dict[str, dict[str, Any]] = {
        "strategy": {"type": "Select", "values": strategies, "label": "Donor strategy"},
        "compare_with": {"type": "Select", "values": [NO_COMPARISON, *strategies], "label": "Side by side with"},
    }
    for slider in SLIDERS:
        inputs[slider.name] = {
            "type": "SliderFloat",
            "min": slider.low,
            "max": slider.high,
            "step": slider.step,
            "label": slider.label,
        }
    inputs["seed"] = {"type": "InputText", "label": "Seed"}
    inputs["more"] = {"type": "InputText", "label": "More parameters (name=value, ...)"}
    return {name: {**spec, "value": settings[name]} for name, spec in inputs.items()}


@solara.component
def Page() -> None:
    """The page Solara serves; each browser tab gets its own runs."""
    settings = solara.use_reactive(initial_settings())
    model = solara.use_reactive(solara.use_memo(lambda: Classroom(**settings.value), []))
    play_interval = solara.use_reactive(PLAY_INTERVAL)
    # Mesa's controller reads these too: every quarter is drawn, in the controller's own thread
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)

    def choose_country(country: str) -> None:
        settings.value = {**settings.value, "country": country, **preset(country)}

    def restore_country_values() -> None:
        choose_country(settings.value["country"])

    def change(name: str, value: Any) -> None:
        settings.value = {**settings.value, name: value}

    with solara.AppBar():
        solara.AppBarTitle(TITLE)
        solara.lab.ThemeToggle()
    with solara.Sidebar(), solara.Column():
        with solara.Card("Country preset"):
            countries = resources.available("scenarios")
            solara.Select("Country", values=countries, value=settings.value["country"], on_value=choose_country)
            with solara.Row(justify="end"):
                solara.Button("Country values", on_click=restore_country_values, text=True, color="primary", small=True)
            solara.Text(INTRO, style={"font-size": "0.85em"})
        with solara.Card("Run"):
            ModelController(
                model,
                model_parameters=settings,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
            solara.SliderInt("Pause between quarters (ms)", value=play_interval, min=50, max=1000, step=50)
        with solara.Card("Settings"):
            UserInputs(user_inputs(settings.value), on_change=change)
    ComponentsView(PANELS, model.value)
