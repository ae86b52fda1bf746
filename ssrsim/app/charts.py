"""Altair charts of the runs, drawn from the tidy tables in ``frames``.

Every chart spans the scenario's whole period from the start, so lines grow from left to right as
the class steps through it, and runs side by side share their y axis, so their heights compare.

The page redraws every chart each quarter. Building and validating an Altair chart costs tens of
milliseconds, so each chart's structure is compiled once into a Vega-Lite template that reads the
named dataset ``rows``; a redraw only puts the quarter's rows into it (``vega_spec``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from ssrsim.app.frames import CAUSE_NAMES, EVENT_NAMES

#: Plotting width in pixels, shared among the runs shown side by side.
WIDTH = 520
HEIGHT = 140
#: The named dataset that every template reads.
ROWS = "rows"
#: Vega-Embed options: SVG draws crisp and can be inspected; the chart's menu offers a PNG of it
#: for handouts and nothing else.
EMBED = {
    "embedOptions": {
        "renderer": "svg",
        "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        "downloadFileName": "ssrsim-chart",
        "i18n": {"PNG_ACTION": "Save as PNG", "SVG_ACTION": "Save as SVG"},
    }
}
#: Marked events: how each is drawn on the time-series charts.
EVENT_MARKS: dict[str, str] = {"leadership change": "#555555", "violent crisis": "#d62728"}

#: A compiled Vega-Lite chart, as the JSON data Solara's chart widget takes.
Spec = dict[str, Any]


@dataclass(frozen=True)
class SeriesChart:
    """A time-series chart of outcome columns; ``columns`` maps each column to its legend label.

    The y axis is fixed, from zero to the first of ``tops`` that holds every value, so that it does
    not jump from run to run; ``percent`` shows the values as percentages.
    """

    key: str
    title: str
    columns: dict[str, str]
    colors: tuple[str, ...]
    axis_title: str = ""
    tops: tuple[float, ...] = (1.0,)
    percent: bool = False

    def top(self, values: pd.Series) -> float:
        """The axis top for these values: the smallest of ``tops`` that none exceeds."""
        highest = float(values.max()) if values.notna().any() else 0.0
        return next((top for top in self.tops if highest <= top), self.tops[-1])


SERIES: tuple[SeriesChart, ...] = (
    SeriesChart(
        "trust",
        "Trust in the police",
        {
            "trust": "true trust",
            "trust_official": "official poll",
            "trust_independent": "independent survey (last published)",
        },
        ("#1f77b4", "#d62728", "#2ca02c"),
        "share of citizens",
    ),
    SeriesChart(
        "accountability",
        "Police accountability",
        {"accountability": "misconduct detected and sanctioned"},
        ("#9467bd",),
        "share of misconduct",
        tops=(0.1, 0.25, 0.5, 1.0),
        percent=True,
    ),
    SeriesChart(
        "reform",
        "Formal reform and practice",
        {"formal_reform_now": "formal reform (on paper)", "practice_now": "practice (carried out)"},
        ("#7f7f7f", "#ff7f0e"),
        "index",
    ),
    SeriesChart(
        "corruption",
        "Corruption",
        {"corruption": "officers taking bribes"},
        ("#8c564b",),
        "share of officers",
    ),
    SeriesChart(
        "abuse",
        "Abuse",
        {"abuse": "abuse per police contact"},
        ("#e377c2",),
        "chance per contact",
        tops=(0.1, 0.25, 1.0),
        percent=True,
    ),
    SeriesChart(
        "repression",
        "Repression capacity",
        {"repression_capacity_now": "means of repression"},
        ("#17becf",),
        "index",
    ),
    SeriesChart(
        "success",
        "Donor-reported success and real change",
        {"reported_success": "success donors report", "real_change": "real change"},
        ("#bcbd22", "#2ca02c"),
        "share",
    ),
    SeriesChart(
        "drivers",
        "Political will, ministry resistance and fear",
        {
            "political_will_now": "political will",
            "moi_resistance_now": "ministry resistance",
            "fear": "citizens' fear",
            "fear_lift": "fear's lift to the official poll",
        },
        ("#2ca02c", "#8c564b", "#d62728", "#ff9896"),
        "index",
    ),
)

SERIES_BY_KEY: dict[str, SeriesChart] = {spec.key: spec for spec in SERIES}

#: Colour schemes of the regional view: darker is worse for corruption, better for trust.
REGION_METRICS: dict[str, tuple[str, str]] = {
    "corruption": ("officers taking bribes", "orangered"),
    "trust": ("citizens' trust", "blues"),
}

#: Colours of the causes in "why trust moved", in the order of ``frames.CAUSE_NAMES``.
CAUSE_COLORS: tuple[str, ...] = ("#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#c7c7c7", "#000000")


def _year_axis(span: tuple[float, float]) -> alt.X:
    return alt.X(
        "year:Q", title=None, scale=alt.Scale(domain=list(span), nice=False), axis=alt.Axis(format="d", tickCount=5)
    )


def _arrange(chart: alt.Chart | alt.LayerChart, runs: int, height: int = HEIGHT) -> alt.TopLevelMixin:
    """One panel per run, side by side under the run's full label, or a single panel."""
    if runs == 1:
        return chart.properties(width=WIDTH, height=height, usermeta=EMBED)
    width = (WIDTH - 20 * (runs - 1)) // runs
    header = alt.Header(labelFontSize=12, labelFontWeight="bold", labelLimit=0, labelAlign="left", labelAnchor="start")
    faceted = chart.properties(width=width, height=height).facet(column=alt.Column("run:N", title=None, header=header))
    return faceted.properties(usermeta=EMBED)


def _line_with_now(base: alt.Chart) -> alt.LayerChart:
    """The line so far and a dot at the latest quarter, so that even quarter 0 shows where things stand."""
    line = base.mark_line(strokeWidth=2)
    now = base.transform_joinaggregate(now="max(year)", groupby=["run"]).transform_filter("datum.year == datum.now")
    return alt.layer(line, now.mark_circle(size=40, opacity=1))


def _event_rules(span: tuple[float, float]) -> alt.Chart:
    """Leadership changes and crises as thin vertical lines, with what happened on hover."""
    names = list(EVENT_MARKS)
    return (
        alt.Chart()
        .transform_filter("datum.event != null")
        .mark_rule(strokeDash=[3, 3], strokeWidth=1.2)
        .encode(
            x=_year_axis(span),
            stroke=alt.Stroke(
                "event:N",
                scale=alt.Scale(domain=names, range=list(EVENT_MARKS.values())),
                legend=alt.Legend(orient="bottom", title=None, symbolType="stroke"),
            ),
            tooltip=[alt.Tooltip("year:Q", format=".2f"), alt.Tooltip("label:N", title="what happened")],
        )
    )


def vega_spec(template: Spec, frame: pd.DataFrame) -> Spec:
    """A compiled chart template filled with ``frame``'s rows."""
    return {**template, "datasets": {ROWS: frame.to_dict("records")}}


@functools.cache
def series_template(key: str, runs: int, span: tuple[float, float], top: float = 1.0) -> Spec:
    """The time-series chart ``key`` of ``SERIES`` for rows ``run, year, measure, value, line, event``:
    the runs on screen, kept runs as faint lines, and marked events."""
    spec = SERIES_BY_KEY[key]
    labels = list(spec.columns.values())
    fmt = ".1%" if spec.percent else ".3f"
    color = alt.Color(
        "measure:N",
        scale=alt.Scale(domain=labels, range=list(spec.colors)),
        legend=alt.Legend(orient="bottom", title=None, labelLimit=240, columns=2),
    )
    y = alt.Y(
        "value:Q",
        title=spec.axis_title,
        scale=alt.Scale(domain=[0.0, top], nice=False),
        axis=alt.Axis(format=".0%" if spec.percent else ".1f", tickCount=5),
    )
    tooltip = [
        alt.Tooltip("run:N", title="run"),
        alt.Tooltip("year:Q", format=".2f"),
        alt.Tooltip("measure:N", title="measure"),
        alt.Tooltip("value:Q", format=fmt),
    ]
    base = alt.Chart().encode(x=_year_axis(span), y=y, color=color, tooltip=tooltip)
    kept = (
        base.transform_filter("datum.line != '' && datum.value != null")
        .mark_line(strokeWidth=1.5, opacity=0.3)
        .encode(detail="line:N", tooltip=[alt.Tooltip("line:N", title="kept run"), *tooltip[1:]])
    )
    live = _line_with_now(base.transform_filter("datum.line == '' && datum.value != null"))
    chart = alt.layer(_event_rules(span), kept, live, data=alt.NamedData(ROWS))
    return _arrange(chart, runs).to_dict()


@functools.cache
def causes_template(runs: int, span: tuple[float, float]) -> Spec:
    """Why trust moved: each quarter's change in mean true trust as a stack of its causes, and the
    quarter's net change as a dot, for rows ``run, year, cause, change``."""
    causes = list(CAUSE_NAMES.values())
    bars = (
        alt.Chart()
        .transform_calculate(until="datum.year + 0.25")
        .mark_bar()
        .encode(
            x=_year_axis(span),
            x2="until:Q",
            y=alt.Y("sum(change):Q", title="change in trust per quarter", stack="zero"),
            color=alt.Color(
                "cause:N",
                scale=alt.Scale(domain=causes, range=list(CAUSE_COLORS)),
                legend=alt.Legend(orient="bottom", title=None, columns=3, labelLimit=240),
            ),
            order=alt.Order("cause:N"),
            tooltip=[
                alt.Tooltip("run:N"),
                alt.Tooltip("year:Q", format=".2f"),
                alt.Tooltip("cause:N"),
                alt.Tooltip("sum(change):Q", title="change in trust", format="+.4f"),
            ],
        )
    )
    net = (
        alt.Chart()
        .transform_aggregate(net="sum(change)", groupby=["run", "year"])
        .transform_calculate(middle="datum.year + 0.125")
        .mark_point(shape="diamond", size=14, filled=True, color="#222222")
        .encode(
            x=alt.X("middle:Q", scale=alt.Scale(domain=list(span), nice=False), title=None),
            y=alt.Y("net:Q"),
            tooltip=[alt.Tooltip("year:Q", format=".2f"), alt.Tooltip("net:Q", title="net change", format="+.4f")],
        )
    )
    return _arrange(alt.layer(bars, net, data=alt.NamedData(ROWS)), runs, height=170).to_dict()


@functools.cache
def regions_template(metric: str, runs: int, span: tuple[float, float], regions: int) -> Spec:
    """Each region's police as a row of quarterly cells coloured by ``metric`` (corruption or trust),
    for rows ``run, year, region, corruption, trust``."""
    title, scheme = REGION_METRICS[metric]
    chart = (
        alt.Chart(alt.NamedData(ROWS))
        .transform_calculate(until="datum.year + 0.25")
        .mark_rect()
        .encode(
            x=_year_axis(span),
            x2="until:Q",
            y=alt.Y("region:N", title=None),
            color=alt.Color(
                f"{metric}:Q",
                scale=alt.Scale(scheme=scheme, domain=[0.0, 1.0]),
                legend=alt.Legend(title=title, orient="bottom", gradientLength=160),
            ),
            tooltip=[
                alt.Tooltip("run:N", title="strategy"),
                alt.Tooltip("region:N"),
                alt.Tooltip("year:Q", format=".2f"),
                alt.Tooltip("corruption:Q", format=".3f"),
                alt.Tooltip("trust:Q", format=".3f"),
            ],
        )
    )
    return _arrange(chart, runs, height=max(24 * regions, 48)).to_dict()


@functools.cache
def timeline_template(lanes: tuple[str, ...], runs: int, span: tuple[float, float]) -> Spec:
    """Events as marks on the years they happened, one lane per kind of event, for rows
    ``run, year, event, label, region``."""
    sort = list(lanes)
    chart = (
        alt.Chart(alt.NamedData(ROWS))
        .mark_point(filled=True, size=80, opacity=0.85)
        .encode(
            x=_year_axis(span),
            y=alt.Y("event:N", title=None, sort=sort),
            color=alt.Color("event:N", legend=None, sort=sort),
            shape=alt.Shape("event:N", legend=None, sort=sort),
            tooltip=[
                alt.Tooltip("run:N", title="strategy"),
                alt.Tooltip("year:Q", format=".2f"),
                alt.Tooltip("event:N"),
                alt.Tooltip("label:N", title="what happened"),
                alt.Tooltip("region:N"),
            ],
        )
    )
    return _arrange(chart, runs, height=max(16 * len(lanes), 32)).to_dict()


def lanes(frame: pd.DataFrame) -> tuple[str, ...]:
    """The timeline's lanes: the kinds of event in ``frame``, in the order of ``EVENT_NAMES``."""
    present = set(frame["event"])
    known = [name for name in EVENT_NAMES.values() if name in present]
    return (*known, *sorted(present - set(known)))
