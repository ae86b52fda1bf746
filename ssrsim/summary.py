"""A readable end-of-run summary: where each headline outcome started and ended."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from ssrsim.model import SSRModel

#: Timeline entries about single CSOs opening and closing: too many to list, left out of the run
#: summary and the app's timeline.
ROUTINE_EVENTS = frozenset({"cso_founded", "cso_closed"})

HEADLINE: tuple[tuple[str, str], ...] = (
    ("trust", "true trust in the police"),
    ("trust_official", "trust as an official poll reports it"),
    ("trust_independent", "trust as an independent survey reports it"),
    ("accountability", "misconduct detected and sanctioned"),
    ("corruption", "officers taking bribes"),
    ("abuse", "abuse per police contact"),
    ("repression_capacity_now", "means of repression"),
    ("formal_reform_now", "formal reform (laws, concepts)"),
    ("practice_now", "reform implemented in practice"),
    ("cso_count_now", "CSOs working on the police"),
    ("reported_success", "success donors report"),
    ("real_change", "real change"),
    ("spent", "aid delivered, EUR million"),
    ("casualties", "protesters killed"),
)


def print_summary(console: Console, model: SSRModel, frame: pd.DataFrame) -> None:
    first, last = frame.iloc[0], frame.iloc[-1]
    table = Table(
        "outcome",
        "meaning",
        f"{first['year']:.2f}",
        f"{last['year']:.2f}",
        "change",
        title=f"{model.scenario_spec.title} under '{model.strategy.title}', seed {model.seed}",
    )
    for name, meaning in HEADLINE:
        a, b = float(first[name]), float(last[name])
        table.add_row(name, meaning, f"{a:.3f}", f"{b:.3f}", f"{b - a:+.3f}")
    console.print(table)
    events = [e for e in model.timeline if e["kind"] not in ROUTINE_EVENTS]
    if events:
        console.print("events: " + "; ".join(f"{e['year']:.2f} {e['label']}" for e in events))
