"""``ssrsim validate``: run the papers' patterns and say which hold (exit 0 only if all do), then run
the held-out cases as predictions and say how they compare with their record."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ssrsim import terminal

if TYPE_CHECKING:
    import pandas as pd

console = terminal.console()
errors = terminal.console(stderr=True)  # with --json, standard output holds only the JSON


def validate(
    replications: Annotated[int, typer.Option(min=2, help="replications per condition (paired by seed)")] = 50,
    seed: Annotated[int, typer.Option(min=0, help="base seed; every condition shares it")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="print the results as JSON")] = False,
    out: Annotated[Path, typer.Option(help="folder for the conditions' stores (resumable)")] = Path(
        "results/validation"
    ),
    figures: Annotated[Path | None, typer.Option(help="folder for a figure per pattern")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="local worker processes (default: every core)")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:port)")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="discard stored runs (after changing the model)")] = False,
) -> None:
    """Run the papers' patterns as paired experiments; exit 1 if any fails."""
    from ssrsim.limits import check_replications  # the model and the runner: only when the command runs
    from ssrsim.paths import check_output_folder
    from ssrsim.validation import heldout
    from ssrsim.validation.run import RIVALS, evaluate, load_series, rival_table, run_conditions, table

    check_replications(replications, least=2)
    if figures is not None:
        check_output_folder(figures, key="--figures")  # before the runs, not after them
    stores = run_conditions(
        replications,
        seed,
        out / f"seed-{seed}",
        workers=workers,
        scheduler=scheduler,
        progress=not as_json,
        fresh=fresh,
    )
    series = load_series(stores)
    results = evaluate(series)
    frame = table(results)
    rivals = rival_table(results, evaluate(series, RIVALS))
    held_out = heldout.simulate(replications, seed)
    verdicts = heldout.judge(held_out) + heldout.judge_sanctions(heldout.sanctions_rise(replications, seed))
    if as_json:
        document = {
            "patterns": json.loads(frame.to_json(orient="records")),
            "rivals": json.loads(rivals.to_json(orient="records")),
            "held_out": verdicts,
        }
        sys.stdout.write(json.dumps(document, indent=1) + "\n")
    else:
        console.print(patterns_view(frame))
        emergent = frame[frame["emergent"]]
        console.print(
            f"{int(frame['passed'].sum())} of {len(frame)} patterns hold over {replications} replications "
            f"(base seed {seed}); of the emergent ones, {int(emergent['passed'].sum())} of {len(emergent)}. "
            "The others are regression checks of formulas and inputs, not validation."
        )
        contest = Table("#", "rival explanation", "holds", "holds under the rival", "favours", title="Rivals")
        for row in rivals.itertuples():
            contest.add_row(
                str(row.pattern),
                row.explanation,
                "yes" if row.holds else "no",
                "yes" if row.holds_under_rival else "no",
                row.favours if row.discriminates else "[yellow]neither: the pattern cannot tell them apart[/]",
            )
        console.print(contest)
        cases = Table(
            "case", "criterion", "year", "predicted median [5%, 95%]", "rule", "record", "verdict", title="Held out"
        )
        for verdict in verdicts:
            cases.add_row(
                str(verdict["case"]),
                str(verdict["criterion"]),
                f"{verdict['year']:g}",
                f"{verdict['predicted_median']:.3f} [{verdict['predicted_p05']:.3f}, {verdict['predicted_p95']:.3f}]",
                str(verdict["rule"]),
                str(verdict["record"]),
                "[green]matches[/]" if verdict["passed"] else "[red]misses[/]",
            )
        console.print(cases)
    if figures is not None:
        from ssrsim.validation.figures import heldout_figure, write_figures

        paths = [*write_figures(results, series, figures), heldout_figure(held_out, figures)]
        for path in paths:
            (errors if as_json else console).print(f"figure: {path}")
    if not frame["passed"].all():
        raise typer.Exit(1)


def patterns_view(frame: pd.DataFrame) -> Table:
    """The patterns' table as printed: what decides each one, its effect and whether it holds."""
    from ssrsim.stats import bracketed

    view = Table("#", "pattern", "kind", "effect [95% CI]", "bound", "seeds beyond", "holds", title="Validation")
    for row in frame.itertuples():
        view.add_row(
            str(row.pattern),
            row.statement,
            row.kind,
            bracketed(row.effect, row.ci_low, row.ci_high, "+.4g"),
            f"{'>' if row.side == 'above' else '<'} {row.smallest_effect:g}",
            f"{row.share_of_seeds_beyond:.0%}",
            "yes" if row.passed else "[red]NO[/]",
        )
    return view
