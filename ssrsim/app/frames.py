"""Tidy tables of what the runs recorded, one row per observation, as the charts want them."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ssrsim.app.classroom import Classroom
from ssrsim.summary import ROUTINE_EVENTS

EVENT_NAMES: dict[str, str] = {
    "leadership_change": "leadership change",
    "crisis": "violent crisis",
    "law": "new law",
    "campaign_adoption": "campaign wins reform",
    "programme_start": "aid programme starts",
    "programme_end": "aid programme ends",
    "strategic_shift": "donors' leverage shifts",
    "oversight": "oversight body strengthened",
    "constitution": "new constitution",
    "restriction": "civic space restricted",
    "media_expose": "media exposé",
    "securitisation": "securitisation",
}


def event_name(kind: str) -> str:
    """A readable name for an event kind, including kinds added to the model later."""
    return EVENT_NAMES.get(kind, kind.replace("_", " "))


#: Region ids that are acronyms (Gorno-Badakhshan Autonomous Oblast).
ACRONYMS = frozenset({"gbao"})


def region_name(region: str) -> str:
    """A region id as the page shows it: ``north`` -> ``North``, ``gbao`` -> ``GBAO``."""
    return region.upper() if region in ACRONYMS else region.capitalize()


def year_span(classroom: Classroom) -> tuple[float, float]:
    """First and last calendar year of the runs, so charts keep one x axis while they fill."""
    p = classroom.runs[0].model.scenario
    return float(p.start_year), float(p.start_year + p.horizon / 4.0)


def outcomes(classroom: Classroom, columns: Mapping[str, str]) -> pd.DataFrame:
    """``run, year, measure, value`` for the outcome ``columns`` (name -> legend label) of every run."""
    parts = []
    for run in classroom.runs:
        wide = run.model.datacollector.get_model_vars_dataframe()[["year", *columns]]
        long = wide.melt(id_vars="year", var_name="measure", value_name="value")
        long["measure"] = long["measure"].map(columns)
        long.insert(0, "run", run.label)
        parts.append(long)
    return pd.concat(parts, ignore_index=True)


def regions(classroom: Classroom) -> pd.DataFrame:
    """``run, year, region, corruption, trust``: every region in every recorded quarter, from the
    regions table each model keeps."""
    parts = []
    for run in classroom.runs:
        frame = run.model.datacollector.get_table_dataframe("regions")
        parts.append(
            pd.DataFrame(
                {
                    "run": run.label,
                    "year": frame["year"],
                    "region": frame["region"].map(region_name),
                    "corruption": frame["corruption"],
                    "trust": frame["trust"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def events(classroom: Classroom) -> pd.DataFrame:
    """``run, year, event, label, region``: the timeline of every run, without routine CSO entries."""
    rows = [
        {
            "run": run.label,
            "year": entry["year"],
            "event": event_name(entry["kind"]),
            "label": entry["label"],
            "region": region_name(entry["region"]) if entry["region"] else "whole country",
        }
        for run in classroom.runs
        for entry in run.model.timeline
        if entry["kind"] not in ROUTINE_EVENTS
    ]
    return pd.DataFrame(rows, columns=["run", "year", "event", "label", "region"])
