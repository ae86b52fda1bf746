"""The ``experiment``, ``report``, ``export`` and ``discover`` commands, registered on the ``ssrsim`` app.

The runner, the store (DuckDB, PyArrow) and the report (matplotlib) are imported only inside the
commands that use them, so that the rest of the command line starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ssrsim import resources, terminal

if TYPE_CHECKING:
    import pandas as pd

    from ssrsim.experiment.store import Store

console = terminal.console()
errors = terminal.console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    app.command("experiment")(experiment)
    app.command("report")(report)
    app.command("export")(export)
    app.command("discover")(discover)


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
    from ssrsim.experiment.runner import SweepError, run_experiment
    from ssrsim.experiment.spec import load_experiment

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
    from ssrsim.experiment.store import Store

    _report(Store(directory))


def export(
    directory: Annotated[Path, typer.Argument(help="store folder written by 'ssrsim experiment'")],
    csv: Annotated[Path, typer.Option("--csv", help="CSV file to write: one row per run and quarter")],
) -> None:
    """Export every successful run's quarters to CSV, sorted by scenario, strategy, point, replication, step."""
    from ssrsim.experiment.store import Store

    rows = Store(directory).export_csv(csv)
    console.print(f"wrote {rows} rows to {csv}", markup=False, highlight=False, soft_wrap=True)


def discover(
    source: Annotated[
        str,
        typer.Argument(
            help="store folder, or an experiment file or name (then its default store, results/<name>)",
            metavar="FILE_OR_STORE",
        ),
    ],
    outcome: Annotated[str, typer.Option(help="the outcome whose end-state effect decides a case")] = "trust",
    min_effect: Annotated[
        float | None,
        typer.Option(
            help="smallest effect against the baseline that matters (0-1 indices: 0.02 = 2 points; "
            "default: the project's smallest effect that matters, 0.02)"
        ),
    ] = None,
    fails: Annotated[
        bool, typer.Option("--fails", help="find where a strategy falls short of --min-effect, not where it reaches it")
    ] = False,
    density: Annotated[float, typer.Option(help="density the chosen box must reach (else the densest)")] = 0.8,
    strategy: Annotated[
        list[str] | None, typer.Option(help="strategy to examine (repeatable; default: all but the baseline)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the findings as JSON")] = False,
) -> None:
    """Scenario discovery (PRIM, CART): the parameter boxes where a strategy beats the baseline, or fails to."""
    import json
    import sys

    from ssrsim.experiment.store import Store
    from ssrsim.extras import require

    require("ema_workbench", "ema", "scenario discovery")
    from ssrsim.discovery import discover as find
    from ssrsim.discovery import write_report
    from ssrsim.stats import MIN_EFFECT

    min_effect = MIN_EFFECT if min_effect is None else min_effect
    folder = Path(source)
    store = Store(folder if folder.is_dir() else Path("results") / resources.resolve(source, "experiments").stem)
    findings = find(store, outcome=outcome, min_effect=min_effect, fails=fails, density=density, strategies=strategy)
    page = write_report(store, findings, outcome=outcome, min_effect=min_effect)
    if as_json:
        data = {"outcome": outcome, "min_effect": min_effect, "findings": [f.to_json() for f in findings]}
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
        return
    table = Table("scenario", "strategy", "cases of interest", "coverage", "density", "box", title="Scenario discovery")
    for f in findings:
        box = "; ".join(f"{limit.parameter} in [{limit.low:.3g}, {limit.high:.3g}]" for limit in f.limits) or "-"
        table.add_row(
            f.scenario, f.strategy, f"{f.of_interest} of {f.cases}", f"{f.coverage:.2f}", f"{f.density:.2f}", box
        )
    console.print(table)
    console.print(f"report: {page}", markup=False, highlight=False, soft_wrap=True)


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
    from ssrsim.stats import MIN_EFFECT

    text = ranking_text(ranking, [name for name in HEADLINE if name in ranking.columns]).drop(columns=["pairs"])
    table = Table(
        *text.columns,
        title=f"End-state effect against {baseline}, paired over replications, best first; "
        f"one group = differences under {MIN_EFFECT:g}, too small to matter",
    )
    previous = None
    for country, *cells in text.itertuples(index=False):
        if previous is not None and country != previous:
            table.add_section()
        table.add_row(country if country != previous else "", *cells)
        previous = country
    return table
