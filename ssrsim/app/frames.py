"""Tidy tables of what the runs recorded, one row per observation, as the charts want them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ssrsim.app.classroom import Classroom, Run
from ssrsim.population import TRUST_CAUSES
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


#: Events marked on every time-series chart: the ones that move will, practice and trust at once.
MARKED_EVENTS: tuple[str, ...] = ("leadership change", "violent crisis")

#: The trust ledger's causes as the page names them.
CAUSE_NAMES: dict[str, str] = {
    "good contacts": "good police contacts",
    "bribes": "bribe demands",
    "abuse": "abuse",
    "news": "news of misconduct and sanctions",
    "neighbours": "neighbours' opinions",
    "crises": "violent crises",
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
    spans = [(p.start_year, p.start_year + p.horizon / 4.0) for p in (run.model.scenario for run in classroom.runs)]
    return float(min(a for a, _ in spans)), float(max(b for _, b in spans))


@dataclass(frozen=True)
class KeptRun:
    """A run the class chose to keep on screen as a faint line: its place (0 for A, 1 for B), a
    label saying what it was, and its recorded outcomes."""

    slot: int
    label: str
    frame: pd.DataFrame


def keep(classroom: Classroom) -> list[KeptRun]:
    """The classroom's runs as they stand, to keep on screen after the next reset."""
    seed = classroom.settings["seed"]
    return [
        KeptRun(slot, f"{run.label.removeprefix('A: ').removeprefix('B: ')}, seed {seed}", frame(run))
        for slot, run in enumerate(classroom.runs)
    ]


def frame(run: Run) -> pd.DataFrame:
    """A run's outcomes, one row per recorded quarter, with how far fear lifts the official poll
    above true trust (``fear_lift``)."""
    table = run.model.datacollector.get_model_vars_dataframe()
    return table.assign(fear_lift=table["trust_official"] - table["trust"])


def outcomes(
    classroom: Classroom, columns: Mapping[str, str], kept: Sequence[KeptRun] = (), marked: bool = False
) -> pd.DataFrame:
    """``run, year, measure, value, line, event`` for the outcome ``columns`` (name -> label).

    ``line`` is empty for the runs on screen and names a kept run, drawn faintly under the current
    run of its place; with ``marked``, the leadership changes and crises of ``MARKED_EVENTS`` follow
    as rows with an ``event`` and no value, so every chart can mark them.
    """
    parts = []
    for run in classroom.runs:
        parts.append(_long(frame(run), columns, run.label, ""))
    for old in kept:
        if old.slot < len(classroom.runs):
            parts.append(_long(old.frame, columns, classroom.runs[old.slot].label, old.label))
    if marked:
        table = events(classroom)
        table = table[table["event"].isin(MARKED_EVENTS)]
        parts.append(table[["run", "year", "event", "label"]].assign(line=""))
    return pd.concat(parts, ignore_index=True).astype(object).where(lambda t: t.notna(), None)


def _long(wide: pd.DataFrame, columns: Mapping[str, str], run: str, line: str) -> pd.DataFrame:
    long = wide[["year", *columns]].melt(id_vars="year", var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(columns)
    long.insert(0, "run", run)
    long["line"] = line
    return long


def trust_changes(classroom: Classroom) -> pd.DataFrame:
    """``run, year, cause, change``: each quarter's change in mean true trust by cause, from the
    model's trust ledger; the causes of a quarter add up to its change in trust."""
    parts = []
    for run in classroom.runs:
        ledger = pd.DataFrame(run.ledger, columns=list(TRUST_CAUSES)) / run.model.population.n
        quarterly = ledger.diff().iloc[1:]
        quarterly["year"] = frame(run)["year"].to_numpy()[1 : len(ledger)]
        long = quarterly.melt(id_vars="year", var_name="cause", value_name="change")
        long["cause"] = long["cause"].map(CAUSE_NAMES)
        long.insert(0, "run", run.label)
        parts.append(long)
    return pd.concat(parts, ignore_index=True)


def trust_totals(classroom: Classroom) -> dict[str, dict[str, float]]:
    """Per run label: each cause's change in mean true trust since the start."""
    return {
        run.label: {CAUSE_NAMES[cause]: run.ledger[-1][cause] / run.model.population.n for cause in TRUST_CAUSES}
        for run in classroom.runs
    }


def end_values(classroom: Classroom, columns: Mapping[str, str]) -> pd.DataFrame:
    """The latest value of each outcome in every run (rows: labels of ``columns``, columns: runs)."""
    return pd.DataFrame(
        {run.label: [float(frame(run)[name].iloc[-1]) for name in columns] for run in classroom.runs},
        index=list(columns.values()),
    )


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
