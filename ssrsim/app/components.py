"""The page's panels: each chart in a card with its explanation, the regions, the timeline, the run.

Each panel is a Solara component that Mesa's ``ComponentsView`` (the panel grid of SolaraViz) lays
out and calls with the page's ``Classroom``; reading Mesa's ``update_counter`` redraws it after
every step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import reacton.core
import solara
from mesa.visualization.utils import update_counter

from ssrsim.app import charts, frames
from ssrsim.app.classroom import Classroom
from ssrsim.app.texts import EXPLANATIONS
from ssrsim.scenario import load_scenario

#: How many of the latest events the timeline lists in words.
LATEST_EVENTS = 3
#: Mesa lays panels out as cards of a fixed height, so they use a compact heading and small print.
CARD_STYLE = {"height": "100%", "overflow": "auto", "padding": "12px 16px"}
TEXT_STYLE = {"flex": "1 1 14em", "font-size": "0.8em", "line-height": "1.35"}


def _paragraph(lead: str, text: str) -> reacton.core.Element:
    return solara.v.Html(
        tag="p",
        class_="mb-1",
        children=[solara.v.Html(tag="strong", style_="font-weight: 600", children=[lead]), " " + text],
    )


@contextmanager
def _card(key: str, title: str) -> Iterator[None]:
    """A panel's card with its title; the class ``ssrsim-<key>`` lets tests find it."""
    with solara.Card(classes=[f"ssrsim-{key}"], margin=0, style=CARD_STYLE):
        solara.v.Html(tag="h3", class_="text-subtitle-1 font-weight-medium text--primary mb-1", children=[title])
        yield


def _explained(key: str, title: str, figure: Callable[[], None]) -> None:
    """A panel: the figure, and beside it (below it, where the card is narrow) what moves it."""
    explanation = EXPLANATIONS[key]
    with _card(key, title), solara.Row(gap="12px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(gap="2px"):
            figure()
        with solara.Column(gap="0px", style=TEXT_STYLE):
            _paragraph("What it shows.", explanation.shows)
            _paragraph("What moves it.", explanation.moves)


def _figure(spec: charts.Spec) -> None:
    """Draw a compiled chart with Solara's Vega-Lite widget, as ``solara.FigureAltair`` does once it
    has compiled an Altair chart (which ``charts`` does once per layout, not every quarter)."""
    solara.widgets.VegaLite.element(spec=spec)


def _no_run() -> None:
    solara.Info("No run to show: correct the input named in the message at the top and press Reset.")


def series_view(spec: charts.SeriesChart) -> Callable[[Classroom], reacton.core.Element]:
    """The panel component of one time-series chart."""

    @solara.component
    def SeriesView(model: Classroom) -> None:
        update_counter.get()

        def figure() -> None:
            if not model.runs:
                _no_run()
                return
            template = charts.series_template(spec.key, len(model.runs), frames.year_span(model))
            _figure(charts.vega_spec(template, frames.outcomes(model, spec.columns)))

        _explained(spec.key, spec.title, figure)

    return SeriesView


@solara.component
def RegionsView(model: Classroom) -> None:
    """Regional police units over time, coloured by corruption or by trust as the class chooses."""
    update_counter.get()
    metric = solara.use_reactive("corruption")

    def figure() -> None:
        solara.ToggleButtonsSingle(value=metric, values=list(charts.REGION_METRICS), dense=True)
        if not model.runs:
            _no_run()
            return
        table = frames.regions(model)
        regions = table["region"].nunique()
        template = charts.regions_template(metric.value, len(model.runs), frames.year_span(model), regions)
        _figure(charts.vega_spec(template, table))

    _explained("regions", "Regions and their police", figure)


@solara.component
def TimelineView(model: Classroom) -> None:
    """Events marked on the years they happened, and the latest ones in words."""
    update_counter.get()

    def figure() -> None:
        if not model.runs:
            _no_run()
            return
        table = frames.events(model)
        if table.empty:
            solara.Text("No events yet.")
            return
        template = charts.timeline_template(charts.lanes(table), len(model.runs), frames.year_span(model))
        _figure(charts.vega_spec(template, table))
        latest = table.sort_values("year", kind="stable").tail(LATEST_EVENTS).iloc[::-1]
        for row in latest.itertuples():
            prefix = f"{row.run[0]} · " if len(model.runs) > 1 else ""
            solara.Text(f"{prefix}{row.year:.2f}: {row.label} ({row.region})", style={"font-size": "0.85em"})

    _explained("timeline", "Timeline of events", figure)


@solara.component
def RunView(model: Classroom) -> None:
    """Which country and strategies are running and where the clock stands, or what is wrong."""
    update_counter.get()
    with _card("run", "This run"):
        if model.error:
            solara.Error(f"The run cannot start: {model.error}", classes=["ssrsim-error"])
            return
        first = model.runs[0].model
        p = first.scenario
        end = ", the end of the scenario" if not model.running else ""
        solara.Text(f"Quarter {first.steps} of {p.horizon} (year {first.year:.2f}{end})")
        with solara.Column(gap="0px", style={"font-size": "0.85em", "margin-top": "8px"}):
            scenario = load_scenario(model.country)
            _paragraph(scenario.title + ".", scenario.description)
            for run in model.runs:
                _paragraph(run.label + ".", " ".join(run.model.strategy.description.split()))


PANELS: list[Callable[[Classroom], reacton.core.Element]] = [
    RunView,
    *(series_view(spec) for spec in charts.SERIES),
    RegionsView,
    TimelineView,
]
