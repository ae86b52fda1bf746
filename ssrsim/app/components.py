"""The page's panels: the run and its B − A readout, each chart with its explanation, why trust
moved, the agents, the regions, the timeline and the exercise in hand.

Each panel is a Solara component called with the page's ``Classroom``; reading Mesa's
``update_counter`` redraws it after every quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import reacton.core
import solara
from mesa.visualization.utils import update_counter

from ssrsim.app import agents, charts, frames
from ssrsim.app.classroom import Classroom
from ssrsim.app.exercises import Exercise
from ssrsim.app.texts import EXPLANATIONS, SETTING_NAMES
from ssrsim.scenario import load_scenario

#: How many of the latest events the timeline lists in words.
LATEST_EVENTS = 3
CARD_STYLE = {"padding": "12px 16px", "min-width": "0"}
TEXT_STYLE = {"flex": "1 1 14em", "font-size": "0.8em", "line-height": "1.35", "min-width": "12em"}
#: The end values the B − A readout compares.
READOUT: dict[str, str] = {
    "trust": "true trust",
    "trust_official": "official poll",
    "accountability": "accountability",
    "practice_now": "practice",
    "formal_reform_now": "formal reform",
    "corruption": "corruption",
    "abuse": "abuse per contact",
    "repression_capacity_now": "repression capacity",
    "reported_success": "reported success",
    "real_change": "real change",
}


def _paragraph(lead: str, text: str) -> reacton.core.Element:
    return solara.v.Html(
        tag="p",
        class_="mb-1",
        children=[solara.v.Html(tag="strong", style_="font-weight: 600", children=[lead]), " " + text],
    )


@contextmanager
def _card(key: str, title: str) -> Iterator[None]:
    """A panel's card with its title; the class ``ssrsim-<key>`` lets tests find it."""
    with solara.Card(classes=[f"ssrsim-{key}", "ssrsim-panel"], margin=0, style=CARD_STYLE):
        solara.v.Html(tag="h3", class_="text-subtitle-1 font-weight-medium text--primary mb-1", children=[title])
        yield


def _explained(key: str, title: str, figure: Callable[[], None], model: Classroom) -> None:
    """A panel: the figure, and beside it (below it, where the card is narrow) what moves it. The
    figure is drawn while no quarter is being played."""
    explanation = EXPLANATIONS[key]
    with _card(key, title), solara.Row(gap="12px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(gap="2px", style={"min-width": "0"}), model.lock:
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


@solara.component
def SeriesView(spec: charts.SeriesChart, model: Classroom, kept: Sequence[frames.KeptRun]) -> None:
    """One time-series chart: the runs on screen, kept runs faintly, leadership changes and crises."""
    update_counter.get()

    def figure() -> None:
        if not model.runs:
            _no_run()
            return
        rows = frames.outcomes(model, spec.columns, kept, marked=True)
        top = spec.top(rows["value"].dropna().astype(float))
        template = charts.series_template(spec.key, len(model.runs), frames.year_span(model), top)
        _figure(charts.vega_spec(template, rows))

    _explained(spec.key, spec.title, figure, model)


@solara.component
def CausesView(model: Classroom) -> None:
    """Why trust moved: the trust ledger's causes quarter by quarter, and their totals since the start."""
    update_counter.get()

    def figure() -> None:
        if not model.runs:
            _no_run()
            return
        if model.runs[0].model.steps == 0:
            solara.Text("Step or run the model: each quarter's causes appear here.")
            return
        template = charts.causes_template(len(model.runs), frames.year_span(model))
        _figure(charts.vega_spec(template, frames.trust_changes(model)))
        for label, totals in frames.trust_totals(model).items():
            parts = ", ".join(f"{cause} {value:+.3f}" for cause, value in totals.items())
            solara.Text(f"{label}, since the start: {parts}.", style={"font-size": "0.8em"})

    _explained("causes", "Why trust moved", figure, model)


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

    _explained("regions", "Regions and their police", figure, model)


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

    _explained("timeline", "Timeline of events", figure, model)


@solara.component
def AgentView(model: Classroom) -> None:
    """The individual agents of one run, redrawn every quarter."""
    update_counter.get()
    shown = solara.use_reactive(0)

    def figure() -> None:
        if not model.runs:
            _no_run()
            return
        if len(model.runs) > 1:
            labels = [run.label for run in model.runs]
            solara.ToggleButtonsSingle(
                value=labels[min(shown.value, len(labels) - 1)],
                values=labels,
                on_value=lambda label: shown.set(labels.index(label)),
                dense=True,
            )
        run = model.runs[min(shown.value, len(model.runs) - 1)].model
        with solara.Row(gap="16px", style={"flex-wrap": "wrap", "align-items": "flex-start"}):
            for table, chart in (
                (agents.citizens, agents.citizens_chart),
                (agents.officers, agents.officers_chart),
                (agents.csos, agents.csos_chart),
                (agents.oversight, agents.oversight_chart),
                (agents.donors, agents.donors_chart),
            ):
                _figure(chart(table(run)))

    _explained("agents", "The agents", figure, model)


def changed_settings(settings: dict[str, Any], model: Classroom) -> list[str]:
    """The names of the controls that differ from the settings of the run on screen."""
    return [SETTING_NAMES.get(name, name) for name, value in settings.items() if model.settings.get(name) != value]


@solara.component
def RunView(model: Classroom, settings: dict[str, Any]) -> None:
    """Which country and strategies are running, where the clock stands, whether the controls still
    match the run, and the runs' end values side by side; or what is wrong."""
    update_counter.get()
    with _card("run", "This run"), model.lock:
        changed = changed_settings(settings, model)
        if changed:
            solara.Warning(
                f"The controls differ from the run on screen ({', '.join(changed)}): press Reset to run them.",
                classes=["ssrsim-stale"],
                dense=True,
            )
        if model.error:
            solara.Error(f"The run cannot start: {model.error}", classes=["ssrsim-error"])
            return
        first = model.runs[0].model
        end = ", the end of the scenario" if not model.running else ""
        solara.Text(f"Quarter {first.steps} of {first.scenario.horizon} (year {first.year:.2f}{end})")
        with solara.Column(gap="0px", style={"font-size": "0.85em", "margin-top": "8px"}):
            for name in dict.fromkeys(run.model.scenario_name for run in model.runs):
                scenario = load_scenario(name)
                _paragraph(scenario.title + ".", scenario.description)
            for run in model.runs:
                _paragraph(run.label + ".", " ".join(run.model.strategy.description.split()))
        if len(model.runs) == 2:
            _readout(model)


def _readout(model: Classroom) -> None:
    """The latest values of both runs and their difference, B − A."""
    table = frames.end_values(model, READOUT)
    a, b = table.columns
    head = [solara.v.Html(tag="th", children=[text]) for text in ("", a, b, "B − A")]
    rows = [
        solara.v.Html(
            tag="tr",
            children=[
                solara.v.Html(tag="td", children=[label]),
                solara.v.Html(tag="td", children=[f"{table.at[label, a]:.3f}"]),
                solara.v.Html(tag="td", children=[f"{table.at[label, b]:.3f}"]),
                solara.v.Html(tag="td", children=[f"{table.at[label, b] - table.at[label, a]:+.3f}"]),
            ],
        )
        for label in table.index
    ]
    solara.v.Html(
        tag="table",
        class_="ssrsim-readout",
        children=[solara.v.Html(tag="tr", children=head), *rows],
    )


@solara.component
def ExerciseView(exercise: Exercise, set_up: Callable[[int], None]) -> None:
    """The exercise in hand: its question, its steps (each sets the controls up), what to notice and
    the result the model gives on its seeds."""
    with _card("exercise", exercise.title):
        solara.Text(exercise.question, style={"font-size": "0.9em"})
        for number, step in enumerate(exercise.steps):
            with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                solara.Button(
                    f"Set up step {number + 1}", on_click=lambda n=number: set_up(n), small=True, color="primary"
                )
                solara.Text(f"{step.label}. {step.todo}", style={"font-size": "0.85em"})
        with solara.Column(gap="0px", style={"font-size": "0.85em", "margin-top": "8px"}):
            _paragraph("What to notice.", " ".join(exercise.notice))
            seeds = ", ".join(str(seed) for seed in exercise.seeds)
            _paragraph(f"Expected result (seeds {seeds}).", " ".join(claim.text for claim in exercise.claims))
            _paragraph("For discussion.", exercise.discussion)
