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

from ssrsim.app.frames import EVENT_NAMES

#: Plotting width in pixels, shared among the runs shown side by side.
WIDTH = 320
HEIGHT = 130
#: The named dataset that every template reads.
ROWS = "rows"
#: Vega-Embed options: SVG draws crisp and can be inspected; no export menu to distract.
EMBED = {"embedOptions": {"renderer": "svg", "actions": False}}

#: A compiled Vega-Lite chart, as the JSON data Solara's chart widget takes.
Spec = dict[str, Any]


@dataclass(frozen=True)
class SeriesChart:
    """A time-series chart of outcome columns; ``columns`` maps each column to its legend label.

    With ``independent`` each measure gets its own y axis (left, right), for measures of very
    different size such as corruption and abuse.
    """

    key: str
    title: str
    columns: dict[str, str]
    colors: tuple[str, ...]
    axis_title: str = ""
    independent: bool = False


SERIES: tuple[SeriesChart, ...] = (
    SeriesChart(
        "trust",
        "Trust in the police",
        {"trust": "true trust", "trust_official": "official poll", "trust_independent": "independent survey"},
        ("#1f77b4", "#d62728", "#2ca02c"),
        "share of citizens",
    ),
    SeriesChart(
        "accountability",
        "Police accountability",
        {"accountability": "misconduct detected and sanctioned"},
        ("#9467bd",),
        "share of misconduct",
    ),
    SeriesChart(
        "reform",
        "Formal reform and practice",
        {"formal_reform_now": "formal reform (on paper)", "practice_now": "practice (carried out)"},
        ("#7f7f7f", "#ff7f0e"),
        "index",
    ),
    SeriesChart(
        "misconduct",
        "Corruption and abuse",
        {"corruption": "corruption", "abuse": "abuse per contact"},
        ("#8c564b", "#e377c2"),
        independent=True,
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
)

SERIES_BY_KEY: dict[str, SeriesChart] = {spec.key: spec for spec in SERIES}

#: Colour schemes of the regional view: darker is worse for corruption, better for trust.
REGION_METRICS: dict[str, tuple[str, str]] = {
    "corruption": ("officers taking bribes", "orangered"),
    "trust": ("citizens' trust", "blues"),
}


def _year_axis(span: tuple[float, float]) -> alt.X:
    return alt.X(
        "year:Q", title=None, scale=alt.Scale(domain=list(span), nice=False), axis=alt.Axis(format="d", tickCount=5)
    )


def _arrange(chart: alt.Chart | alt.LayerChart, runs: int, height: int = HEIGHT) -> alt.TopLevelMixin:
    """One panel per run, side by side under the run's label, or a single panel."""
    if runs == 1:
        return chart.properties(width=WIDTH, height=height, usermeta=EMBED)
    width = (WIDTH - 20 * (runs - 1)) // runs
    header = alt.Header(labelFontSize=12, labelFontWeight="bold", labelLimit=width)
    faceted = chart.properties(width=width, height=height).facet(column=alt.Column("run:N", title=None, header=header))
    return faceted.properties(usermeta=EMBED)


def _line_with_now(base: alt.Chart, dash: alt.StrokeDash | None = None) -> alt.LayerChart:
    """The line so far (dashed by ``dash``) and a dot at the latest quarter, so that even quarter 0
    shows where things stand."""
    line = base.mark_line(strokeWidth=2)
    now = base.transform_joinaggregate(now="max(year)", groupby=["run"]).transform_filter("datum.year == datum.now")
    return alt.layer(line if dash is None else line.encode(strokeDash=dash), now.mark_circle(size=40, opacity=1))


def vega_spec(template: Spec, frame: pd.DataFrame) -> Spec:
    """A compiled chart template filled with ``frame``'s rows."""
    return {**template, "datasets": {ROWS: frame.to_dict("records")}}


@functools.cache
def series_template(key: str, runs: int, span: tuple[float, float]) -> Spec:
    """The time-series chart ``key`` of ``SERIES`` for rows ``run, year, measure, value``."""
    spec = SERIES_BY_KEY[key]
    labels = list(spec.columns.values())
    color = alt.Color(
        "measure:N",
        scale=alt.Scale(domain=labels, range=list(spec.colors)),
        legend=alt.Legend(orient="bottom", title=None, labelLimit=200),
    )
    tooltip = [
        alt.Tooltip("run:N", title="strategy"),
        alt.Tooltip("year:Q", format=".2f"),
        alt.Tooltip("measure:N", title="measure"),
        alt.Tooltip("value:Q", format=".3f"),
    ]
    base = alt.Chart().encode(x=_year_axis(span), color=color, tooltip=tooltip)
    if not spec.independent:
        chart = alt.layer(
            _line_with_now(base.encode(y=alt.Y("value:Q", title=spec.axis_title))), data=alt.NamedData(ROWS)
        )
        return _arrange(chart, runs).to_dict()
    # Vega-Lite cannot share an axis across panels that layer independent axes, so two runs share
    # one panel instead, told apart by the dash of their lines.
    dash = None
    if runs > 1:
        legend = alt.Legend(orient="top", title=None, symbolType="stroke", labelLimit=200)
        dash = alt.StrokeDash("run:N", legend=legend)
    layers = [
        _line_with_now(
            base.transform_filter(alt.datum.measure == label).encode(
                y=alt.Y("value:Q", title=label, axis=alt.Axis(orient=orient, titleColor=hue))
            ),
            dash,
        )
        for label, hue, orient in zip(labels, spec.colors, ("left", "right"), strict=False)
    ]
    chart = alt.layer(*layers, data=alt.NamedData(ROWS)).resolve_scale(y="independent")
    return _arrange(chart, runs=1).to_dict()


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
                scale=alt.Scale(scheme=scheme, zero=False),
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
