"""The agent view: the individuals behind the aggregate lines, read from a model each quarter.

Citizens (a fixed sample, true against declared trust, coloured by fear), officers (unit by unit,
placed by integrity threshold and coloured by whether they take bribes), CSOs (sized by capacity),
oversight bodies (as gauges) and donors (their money, programme by programme). Everything here only
reads the model.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ssrsim.app.charts import EMBED, Spec
from ssrsim.app.frames import region_name
from ssrsim.model import SSRModel
from ssrsim.police_force import BRANCHES
from ssrsim.programmes import PROGRAMMES

#: Citizens shown: evenly spaced through the population, which is stored region by region, so
#: every region appears in proportion and the same citizens are shown every quarter.
CITIZEN_SAMPLE = 400
WIDTH = 250
ACRONYMS = {"eu": "EU", "osce": "OSCE", "us": "US", "nato": "NATO", "unodc": "UNODC"}


def readable(name: str) -> str:
    """An id as the page shows it: ``member_states`` -> ``Member states``, ``osce`` -> ``OSCE``."""
    return ACRONYMS.get(name, name.replace("_", " ").capitalize().replace("Cso", "CSO"))


def citizens(model: SSRModel) -> pd.DataFrame:
    """``region, true trust, declared trust, fear`` of the sampled citizens. Declared trust is what a
    citizen tells an official pollster: fear pushes the answer toward "I trust them"."""
    pop = model.population
    who = np.linspace(0, pop.n - 1, min(CITIZEN_SAMPLE, pop.n)).astype(int)
    trust, fear = pop.trust[who], pop.fear[who]
    declared = trust + (1.0 - trust) * np.minimum(fear * model.scenario.fear_conformity, 1.0)
    regions = np.array([region_name(r.name) for r in model.regions])
    return pd.DataFrame(
        {"region": regions[pop.region[who]], "true trust": trust, "declared trust": declared, "fear": fear}
    )


def officers(model: SSRModel) -> pd.DataFrame:
    """``unit, integrity, conduct``: every modelled officer, by unit (region and branch)."""
    force = model.force
    regions = [region_name(r.name) for r in model.regions]
    units = np.array([f"{region} · {branch}" for region in regions for branch in BRANCHES])
    conduct = np.where(~force.active, "post vacant", np.where(force.corrupt, "takes bribes", "clean"))
    return pd.DataFrame({"unit": units[force.unit], "integrity": force.threshold, "conduct": conduct})


def csos(model: SSRModel) -> pd.DataFrame:
    """``region, number, focus, capacity, funds``: one row per civil-society organisation."""
    rows = [
        {"region": region_name(model.regions[c.region].name), "focus": readable(c.focus), "capacity": c.capacity}
        for c in model.csos
    ]
    table = pd.DataFrame(rows, columns=["region", "focus", "capacity"])
    table = table.sort_values(["region", "capacity"], ascending=[True, False], kind="stable")
    table["number"] = table.groupby("region").cumcount() + 1
    return table


def oversight(model: SSRModel) -> pd.DataFrame:
    """``body, strength``: each oversight body's strength in [0, 1]."""
    return pd.DataFrame(
        {
            "body": [readable(b.kind) for b in model.oversight_bodies],
            "strength": [b.strength() for b in model.oversight_bodies],
        }
    )


def donors(model: SSRModel) -> pd.DataFrame:
    """``donor, programme, eur``: each donor's budget lines this year (EUR million), programme by
    programme, at the page's funding level; lines with no money are left out."""
    scale = model.scenario.funding_scale
    rows = [
        {"donor": readable(d.name), "programme": readable(k), "eur": float(line) * scale}
        for d in model.donors
        for k, line in zip(PROGRAMMES, d.lines, strict=True)
        if line * scale > 1e-6
    ]
    return pd.DataFrame(rows, columns=["donor", "programme", "eur"])


def _chart(chart: alt.Chart | alt.LayerChart, title: str, height: int) -> Spec:
    return chart.properties(title=title, width=WIDTH, height=height, usermeta=EMBED).to_dict()


def _data(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(alt.Data(values=frame.to_dict("records")))


def citizens_chart(frame: pd.DataFrame) -> Spec:
    """True against declared trust: a citizen above the diagonal says more than they feel."""
    diagonal = pd.DataFrame({"true trust": [0.0, 1.0], "declared trust": [0.0, 1.0]})
    unit = alt.Scale(domain=[0.0, 1.0], nice=False)
    dots = (
        _data(frame)
        .mark_circle(size=18, opacity=0.8)
        .encode(
            x=alt.X("true trust:Q", scale=unit),
            y=alt.Y("declared trust:Q", scale=unit, title="what they tell an official poll"),
            color=alt.Color(
                "fear:Q", scale=alt.Scale(scheme="reds", domain=[0.0, 1.0]), legend=alt.Legend(orient="right")
            ),
            tooltip=[
                "region:N",
                alt.Tooltip("true trust:Q", format=".2f"),
                alt.Tooltip("declared trust:Q", format=".2f"),
                alt.Tooltip("fear:Q", format=".2f"),
            ],
        )
    )
    line = _data(diagonal).mark_line(color="#999999", strokeDash=[4, 4]).encode(x="true trust:Q", y="declared trust:Q")
    return _chart(alt.layer(line, dots), f"Citizens ({len(frame)} of them)", 200)


def officers_chart(frame: pd.DataFrame) -> Spec:
    """Officers by unit, placed by integrity threshold: those with the least integrity take bribes first."""
    return _chart(
        _data(frame)
        .mark_tick(thickness=1.5, opacity=0.7)
        .encode(
            x=alt.X(
                "integrity:Q",
                scale=alt.Scale(type="log", domain=[0.05, 20.0], clamp=True),
                title="integrity threshold (log scale)",
            ),
            y=alt.Y("unit:N", title=None, sort=None),
            color=alt.Color(
                "conduct:N",
                scale=alt.Scale(
                    domain=["takes bribes", "clean", "post vacant"], range=["#d62728", "#1f77b4", "#c7c7c7"]
                ),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["unit:N", alt.Tooltip("integrity:Q", format=".2f"), "conduct:N"],
        ),
        "Officers by unit",
        max(14 * frame["unit"].nunique(), 60),
    )


def csos_chart(frame: pd.DataFrame) -> Spec:
    """Each CSO a circle in its region, sized by capacity, coloured by focus."""
    return _chart(
        _data(frame)
        .mark_circle(opacity=0.75)
        .encode(
            x=alt.X(
                "number:O", title="CSOs of the region, most capable first", axis=alt.Axis(labels=False, ticks=False)
            ),
            y=alt.Y("region:N", title=None),
            size=alt.Size("capacity:Q", scale=alt.Scale(domain=[0.0, 1.0], range=[5, 300]), legend=None),
            color=alt.Color("focus:N", legend=alt.Legend(orient="bottom", title=None, columns=2)),
            tooltip=["region:N", "focus:N", alt.Tooltip("capacity:Q", format=".2f")],
        ),
        f"Civil-society organisations ({len(frame)})",
        max(22 * frame["region"].nunique(), 60),
    )


def oversight_chart(frame: pd.DataFrame) -> Spec:
    """Oversight bodies as gauges: a grey track to full strength, filled to the body's strength."""
    base = _data(frame).encode(y=alt.Y("body:N", title=None, sort=None))
    track = (
        base.mark_bar(color="#eeeeee", size=12)
        .encode(x=alt.X("full:Q", scale=alt.Scale(domain=[0.0, 1.0]), title="strength"))
        .transform_calculate(full="1")
    )
    level = base.mark_bar(color="#9467bd", size=12).encode(
        x="strength:Q", tooltip=["body:N", alt.Tooltip("strength:Q", format=".2f")]
    )
    return _chart(alt.layer(track, level), "Oversight bodies", 100)


def donors_chart(frame: pd.DataFrame) -> Spec:
    """Where each donor's money goes, programme by programme (EUR million a year)."""
    return _chart(
        _data(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(eur):Q", title="EUR million a year"),
            y=alt.Y("donor:N", title=None, sort="-x"),
            color=alt.Color("programme:N", legend=alt.Legend(orient="right", title=None, labelLimit=160)),
            tooltip=["donor:N", "programme:N", alt.Tooltip("eur:Q", format=".2f", title="EUR million a year")],
        ),
        "Donors' money, by programme",
        max(18 * frame["donor"].nunique(), 60),
    )
