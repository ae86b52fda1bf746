"""``ssrsim sensitivity FILE``: Morris screening, then Sobol indices, with tables and figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ssrsim import resources, terminal
from ssrsim.errors import InputError, did_you_mean, shorten
from ssrsim.tomlfile import read_toml

console = terminal.console()


def sensitivity(
    file: Annotated[str, typer.Argument(help="sensitivity TOML file, or the name of a shipped one")],
    out: Annotated[Path | None, typer.Option(help="output folder (default: results/<file name>)")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="local worker processes (default: every core)")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:port)")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="discard stored runs (after changing the model)")] = False,
) -> None:
    """Screen every free parameter (Morris), then measure the strongest (Sobol); write tables and figures."""
    from ssrsim.sensitivity.analysis import load_sensitivity, morris, sobol, top_parameters  # SALib, the runner

    path = _sensitivity_file(file)
    spec = load_sensitivity(path)
    out = out if out is not None else Path("results") / path.stem
    run = {"workers": workers, "scheduler": scheduler, "progress": True, "fresh": fresh}
    screening = morris(spec, out, **run)
    screening.to_csv(out / "morris.csv", index=False)
    indices = sobol(spec, screening, out, **run)
    indices.to_csv(out / "sobol.csv", index=False)
    for scenario in spec.scenarios:
        view = Table("parameter", *[f"ST {o} ({s})" for s in spec.strategies for o in spec.outcomes])
        frame = indices[indices["scenario"] == scenario]
        for name in top_parameters(screening, scenario, spec.sobol.top):
            cells = []
            for strategy in spec.strategies:
                for outcome in spec.outcomes:
                    row = frame[
                        (frame["parameter"] == name) & (frame["strategy"] == strategy) & (frame["outcome"] == outcome)
                    ]
                    cells.append(f"{row['ST'].iloc[0]:.2f} ± {row['ST_conf'].iloc[0]:.2f}")
            view.add_row(name, *cells)
        view.title = f"Total-order Sobol indices, {scenario}"
        console.print(view)
    from ssrsim.sensitivity.figures import write_figures  # matplotlib: only when drawing

    for figure in write_figures(screening, indices, out / "figures"):
        console.print(f"figure: {figure}")
    console.print(f"tables: {out / 'morris.csv'}, {out / 'sobol.csv'}")


def _sensitivity_file(file: str) -> Path:
    """A path, or a shipped sensitivity analysis by name: they live among the experiments, but an
    unknown name is answered with the analyses, not with every experiment."""
    try:
        return resources.resolve(file, "experiments")
    except InputError:
        if resources.names_a_path(file):
            raise  # a path: its own message says what is wrong with it
        shipped = [
            name for name in resources.available("experiments")
            if "sensitivity" in read_toml(resources.resolve(name, "experiments"))
        ]  # fmt: skip
        raise InputError(
            f"unknown sensitivity analysis '{shorten(file)}'",
            allowed=", ".join(shipped),
            hint=did_you_mean(file, shipped) or "pass a path to a sensitivity TOML file (docs/sensitivity.md).",
        ) from None
