"""``ssrsim calibrate``: the calibration targets over many seeds, as a table and optional figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ssrsim.errors import InputError

console = Console()
errors = Console(stderr=True)  # with --json, standard output holds only the JSON


def calibrate(
    seeds: Annotated[int, typer.Option(help="seeds per run (at least 30 for the documented check)")] = 30,
    seed: Annotated[int, typer.Option(min=0, help="base seed from which the run seeds derive")] = 2013,
    workers: Annotated[int | None, typer.Option(min=1, help="processes (default: all cores)")] = None,
    figures: Annotated[Path | None, typer.Option(help="folder for the historical replay figures")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the results as JSON")] = False,
) -> None:
    """Check the papers' calibration targets over many seeds; exit 1 if any is missed."""
    from ssrsim.calibration.targets import evaluate, simulate  # the model: only when the command runs
    from ssrsim.limits import check_replications
    from ssrsim.stats import bracketed

    if seeds < 2:
        raise InputError("--seeds must be at least 2", key="--seeds", hint="the check reports a spread over seeds.")
    check_replications(seeds, key="--seeds", least=2)
    runs = simulate(seeds, seed, workers)
    result = evaluate(runs)
    if as_json:
        sys.stdout.write(result.to_json(orient="records", indent=1) + "\n")
    else:
        table = Table("target", "paper", "model mean [95% CI]", "90% of seeds", "accepted", "met", title="Calibration")
        for row in result.itertuples():
            table.add_row(
                row.target,
                row.paper,
                bracketed(row.mean, row.ci_low, row.ci_high),
                f"{row.p05:.4g} to {row.p95:.4g}",
                row.accepted,
                "yes" if row.met else "[red]NO[/]",
            )
        console.print(table)
        console.print(f"{int(result['met'].sum())} of {len(result)} targets met over {seeds} seeds (base seed {seed})")
    if figures is not None:
        from ssrsim.calibration.figures import replay_figures  # matplotlib: only when drawing

        for path in replay_figures(runs, figures):
            (errors if as_json else console).print(f"figure: {path}")
    if not result["met"].all():
        raise typer.Exit(1)
