"""What a worker process does: run a batch of runs and return their results as one Arrow table.

A batch rather than a single run is the unit of work because a run takes well under a second and
shipping each one to a process would cost a noticeable share of that. The table holds one row per
run and quarter for the outcomes the experiment keeps; a run that raises becomes one row with
``status = "error"``, its exception's type and message, and no outcomes, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from ssrsim import kernels
from ssrsim.experiment.schema import PARAMETER_PREFIX
from ssrsim.experiment.spec import RunSpec
from ssrsim.model import SSRModel


def run_batch(runs: Sequence[RunSpec], outcomes: Sequence[str], schema: pa.Schema, fused: bool = False) -> pa.Table:
    """Run every run of the batch in turn; one table of all their rows, in the batch's order.

    ``fused``: the sweep gives this worker enough citizen-steps to pay back loading the fused loops
    (``kernels.PAYS_BACK_FROM``), so the batch's models use them at any size, with the same results.
    """
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    with kernels.at_every_size(fused):
        for run in runs:
            error: Exception | None = None
            try:
                series: dict[str, list[float | None]] = simulate(run, outcomes)
            except Exception as exc:  # any failure of one run is its result, recorded and passed over
                error, series = exc, {name: [None] for name in outcomes}
            rows = len(series[outcomes[0]])
            _append(columns, run, rows, error)
            columns["step"].extend(range(rows) if error is None else [None])
            for name in outcomes:
                columns[name].extend(series[name])
    return pa.table(columns, schema=schema)


def simulate(run: RunSpec, outcomes: Sequence[str]) -> dict[str, list[float]]:
    """One model run: each kept outcome's values at quarters 0..horizon."""
    model = SSRModel(run.scenario_source, run.strategy_source, rng=run.seed, **run.overrides)
    model.run_for(run.horizon)
    recorded = model.datacollector.model_vars
    return {name: recorded[name] for name in outcomes}


def _append(columns: dict[str, list[Any]], run: RunSpec, rows: int, error: Exception | None) -> None:
    """The run's describing columns, repeated on each of its ``rows``."""
    values: dict[str, Any] = {
        "run_id": run.run_id,
        "scenario": run.scenario,
        "strategy": run.strategy,
        "point": run.point,
        "replication": run.replication,
        "seed": run.seed,
        "horizon": run.horizon,
        "status": "ok" if error is None else "error",
        "error_type": None if error is None else type(error).__name__,
        "error_message": None if error is None else str(error),
    }
    # empty where the run's scenario lacks a parameter another scenario of the experiment varies
    values |= {name: None for name in columns if name.startswith(PARAMETER_PREFIX)}
    values |= {PARAMETER_PREFIX + name: value for name, value in run.overrides.items()}
    for name, value in values.items():
        columns[name].extend([value] * rows)
