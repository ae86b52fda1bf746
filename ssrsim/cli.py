"""The ``ssrsim`` command line: list, show and run scenarios; further commands register here.

Every user mistake surfaces as an InputError, printed as one paragraph with exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ssrsim import resources, terminal
from ssrsim.app.server import app_command
from ssrsim.calibration.commands import calibrate, history_match
from ssrsim.errors import InputError, shorten
from ssrsim.experiment.commands import register as register_experiment_commands
from ssrsim.resources import SINGULAR, available
from ssrsim.sensitivity.commands import sensitivity
from ssrsim.tomlfile import read_toml
from ssrsim.validation.commands import validate

if TYPE_CHECKING:
    import pandas as pd

    from ssrsim.model import SSRModel

app = typer.Typer(
    name="ssrsim",
    help="Agent-based simulation of security-sector reform in Kazakhstan, Kyrgyzstan and Tajikistan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = terminal.console()


@app.command("list")
def list_inputs(
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON list of {kind, name, title}")] = False,
) -> None:
    """List the shipped scenarios, donor strategies, experiments and sensitivity analyses."""
    rows = []
    for kind in ("scenarios", "strategies"):  # titles only: 'ssrsim show' and runs load and check the files
        for name in available(kind):
            meta = read_toml(resources.resolve(name, kind)).get(SINGULAR[kind], {})
            rows.append({"kind": SINGULAR[kind], "name": name, "title": str(meta.get("title", ""))})
    for name in available("experiments"):
        data = read_toml(resources.resolve(name, "experiments"))
        if "sensitivity" in data:  # run with 'ssrsim sensitivity', not 'ssrsim experiment'
            rows.append({"kind": "sensitivity", "name": name, "title": str(data["sensitivity"].get("title", ""))})
        else:
            rows.append({"kind": "experiment", "name": name, "title": str(data.get("title", ""))})
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        return
    table = Table("kind", "name", "title")
    for row in rows:
        table.add_row(row["kind"], row["name"], row["title"])
    console.print(table)


@app.command()
def show(
    scenario: Annotated[str, typer.Argument(help="scenario name or path to a TOML file")],
    as_json: Annotated[
        bool, typer.Option("--json", help="print a JSON list of parameters (fields in docs/experiments.md)")
    ] = False,
) -> None:
    """Every parameter of a scenario with its value, allowed range, plausible range and source."""
    from ssrsim.scenario import load_scenario

    spec = load_scenario(scenario)
    free = spec.free_parameters()
    rows = [
        {
            "name": p.name,
            "value": p.value,
            "type": p.definition.kind.__name__,
            "bounds": list(p.definition.bounds) if p.definition.bounds else None,
            "range": list(p.range) if p.range else None,
            "free": p.name in free,
            "provenance": p.provenance,
            "unit": p.definition.unit,
            "description": p.definition.description,
            "source": p.source,
        }
        for p in spec.parameters.values()
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        return
    table = Table("name", "value", "allowed", "plausible", "source", title=f"{spec.title} ({spec.path})")
    for row, p in zip(rows, spec.parameters.values(), strict=True):
        plausible = "" if row["range"] is None else f"[{row['range'][0]:g}, {row['range'][1]:g}]"
        cells = (row["name"], str(row["value"]), p.definition.allowed(), plausible, row["source"])
        table.add_row(*map(Text, cells))  # plain text: no markup to parse in 300 rows of sources
    console.print(table, highlight=False)


#: Names ``run`` takes as options of their own, which ``--set`` cannot reach.
RUN_OPTIONS = {"rng": "--seed", "seed": "--seed", "scenario": "--scenario", "strategy": "--strategy"}


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs from the command line (values are checked by the scenario).

    A name given twice is refused rather than letting the last one win unseen.
    """
    out = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(
                f"'{shorten(item)}' is not NAME=VALUE", key="--set", hint="write for example --set political_will=0.4"
            )
        if name in RUN_OPTIONS:
            raise InputError(
                f"'{name}' is not a parameter to --set",
                key="--set",
                hint=f"give it as its own option: {RUN_OPTIONS[name]} VALUE.",
            )
        if name in out:
            raise InputError(
                f"'{shorten(name)}' is set twice, to {shorten(out[name], 20)!r} and {shorten(value.strip(), 20)!r}",
                key="--set",
                hint="give each parameter once.",
            )
        out[name] = value.strip()
    return out


@app.command()
def run(
    scenario: Annotated[str, typer.Option(help="scenario name or TOML path")] = "kyrgyzstan",
    strategy: Annotated[str, typer.Option(help="strategy name or TOML path")] = "status_quo",
    seed: Annotated[int, typer.Option(min=0, help="random seed")] = 0,
    steps: Annotated[int | None, typer.Option(help="quarters to run (default: the scenario's horizon)")] = None,
    assignments: Annotated[
        list[str] | None, typer.Option("--set", help="override a parameter, NAME=VALUE (repeatable)")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="write every quarter to a .csv or .parquet file")] = None,
) -> None:
    """Run one scenario under one strategy and print an end-of-run summary."""
    from ssrsim.limits import check_steps
    from ssrsim.model import SSRModel
    from ssrsim.paths import check_output_file
    from ssrsim.summary import print_summary

    if out is not None:
        check_output_file(out, key="--out", suffixes=(".csv", ".parquet"))
    if steps is not None:
        check_steps(steps)
    overrides = parse_assignments(assignments or [])
    model = SSRModel(scenario, strategy, rng=seed, **overrides)
    note_rescaled_shares(model, overrides)
    model.run_for(steps if steps is not None else model.scenario.horizon)
    frame = model.datacollector.get_model_vars_dataframe()
    print_summary(console, model, frame)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        table = described(model, overrides, frame.rename_axis("step").reset_index())
        if out.suffix.lower() == ".csv":
            table.to_csv(out, index=False)
        else:
            table.to_parquet(out, index=False)
        console.print(f"wrote {len(frame)} quarters to {out}")


def note_rescaled_shares(model: SSRModel, overrides: dict[str, str]) -> None:
    """Say so where ``--set`` left regional shares not adding up to one and the model rescaled them:
    the run used other values than the ones typed."""
    from ssrsim.scenario import SHARES

    for field in SHARES:
        names = [f"region_{region}_{field}" for region in model.scenario_spec.regions]
        used = {name: float(getattr(model.scenario, name)) for name in names}
        if any(name in overrides and float(overrides[name]) != used[name] for name in names):
            shares = ", ".join(f"{name} = {value:.4g}" for name, value in used.items())
            console.print(f"note: the regions' {field} values did not add up to one; rescaled to {shares}")


def described(model: SSRModel, overrides: dict[str, str], frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with what reproduces the run in front: scenario, strategy, seed and, as in an
    experiment's store, ``param_<name>`` for each parameter set on the command line, as it was set
    (regional shares before they were rescaled to add up to one, so that setting them again
    reproduces the run)."""
    import pandas as pd

    from ssrsim.experiment.schema import PARAMETER_PREFIX
    from ssrsim.scenario import coerce

    params = model.scenario_spec.parameters
    run = {"scenario": model.scenario_name, "strategy": model.strategy.name, "seed": model.seed}
    run |= {
        PARAMETER_PREFIX + name: coerce(name, raw, params[name].definition, file=None)
        for name, raw in overrides.items()
    }
    return pd.concat([pd.DataFrame(run, index=frame.index), frame], axis=1)


app.command("calibrate")(calibrate)
app.command("history-match")(history_match)
app.command("validate")(validate)
app.command("sensitivity")(sensitivity)
app.command("app")(app_command)
register_experiment_commands(app)


def main() -> None:
    """Entry point: run the app; user errors become a paragraph on stderr and exit code 2."""
    try:
        # without standalone mode click returns, rather than raises, the code of a typer.Exit
        code = app(standalone_mode=False)
    except InputError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except (typer.Abort, KeyboardInterrupt):
        Console(stderr=True).print("interrupted")
        raise SystemExit(130) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # click's usage errors carry their own exit code
        if hasattr(exc, "exit_code") and hasattr(exc, "show"):
            exc.show()
            raise SystemExit(exc.exit_code) from None
        raise
    if isinstance(code, int) and code != 0:
        raise SystemExit(code)
