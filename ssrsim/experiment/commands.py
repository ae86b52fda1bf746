"""The ``experiment``, ``report`` and ``export`` commands, registered on the ``ssrsim`` app.

The report module (matplotlib) is imported only when a report is written, so that the other
commands of the command line start as fast as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ssrsim import resources
from ssrsim.experiment.runner import SweepError, run_experiment
from ssrsim.experiment.spec import load_experiment
from ssrsim.experiment.store import Store

console = Console()
errors = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command("experiment")(experiment)
    app.command("report")(report)
    app.command("export")(export)


def experiment(
    file: Annotated[str, typer.Argument(help="experiment TOML file, or the name of a shipped one")],
    workers: Annotated[
        int | None, typer.Option(min=1, help="local worker processes (default: every core)", show_default=False)
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="run on the Dask cluster whose scheduler is at this address (tcp://host:port)")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="store folder (default: results/<experiment name>)")] = None,
    replications: Annotated[
        int | None, typer.Option(min=1, help="replications per scenario, strategy and design point", show_default=False)
    ] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="discard the store's results and start over")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="runs per task sent to a worker")] = 10,
    yes: Annotated[bool, typer.Option("--yes", help="run a sweep of more than 100,000 runs without asking")] = False,
) -> None:
    """Run an experiment into a store, resuming what a killed run left; then report and rank the strategies."""
    path = resources.resolve(file, "experiments")
    spec = load_experiment(path)
    if replications is not None:
        spec = spec.with_replications(replications)
    out = out if out is not None else Path("results") / path.stem
    resume = f"What finished is stored in {out}; run the same command again to resume."
    try:
        sweep = run_experiment(
            spec,
            out,
            workers=workers,
            scheduler=scheduler,
            fresh=fresh,
            batch_size=batch_size,
            progress=True,
            confirm_large=yes,
        )
    except KeyboardInterrupt:
        errors.print(f"interrupted. {resume}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(130) from None
    except SweepError as exc:
        message = escape(f"{exc}\n{resume}")
        errors.print(f"[bold red]the sweep stopped:[/] {message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    console.print(
        f"{sweep.total} runs in {out} ({sweep.resumed} already there, {sweep.ran} run now, "
        f"{sweep.failed} failed) in {sweep.seconds:.1f} s",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if sweep.set_aside:
        errors.print(
            f"{len(sweep.set_aside)} damaged part(s) set aside in {sweep.set_aside[0].parent}; their runs ran again.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if sweep.failed:
        errors.print(f"[yellow]{sweep.failed} runs raised an error; the report lists them.[/]", soft_wrap=True)
    _report(sweep.store)


def report(directory: Annotated[Path, typer.Argument(help="store folder written by 'ssrsim experiment'")]) -> None:
    """Write the HTML report and figures of a store to DIR/report/ and print the ranked table."""
    _report(Store(directory))


def export(
    directory: Annotated[Path, typer.Argument(help="store folder written by 'ssrsim experiment'")],
    csv: Annotated[Path, typer.Option("--csv", help="CSV file to write: one row per run and quarter")],
) -> None:
    """Export every successful run's quarters to CSV, sorted by scenario, strategy, point, replication, step."""
    rows = Store(directory).export_csv(csv)
    console.print(f"wrote {rows} rows to {csv}", markup=False, highlight=False, soft_wrap=True)


def _report(store: Store) -> None:
    """Write the report, then print the ranked table and, last, where the report is."""
    from ssrsim.experiment.report import write_report

    result = write_report(store)
    if not result.ranking.empty:
        console.print(ranking_table(result.ranking, store.spec.baseline))
    console.print(f"report: {result.path}", markup=False, highlight=False, soft_wrap=True)


def ranking_table(ranking: pd.DataFrame, baseline: str) -> Table:
    """The ranked strategy x country table for the terminal: the report's, without ranks and pair counts."""
    from ssrsim.experiment.report import HEADLINE, ranking_text

    text = ranking_text(ranking, [name for name in HEADLINE if name in ranking.columns]).drop(columns=["rank", "pairs"])
    table = Table(*text.columns, title=f"End-state effect against {baseline}, paired over replications, best first")
    previous = None
    for country, *cells in text.itertuples(index=False):
        if previous is not None and country != previous:
            table.add_section()
        table.add_row(country if country != previous else "", *cells)
        previous = country
    return table
