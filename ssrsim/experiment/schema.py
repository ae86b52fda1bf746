"""The columns of a store's parts: a row per run and quarter, the run described on each of its rows.

Repeating the run's description (ids, seed, design values, status) on every row keeps one part a
single self-contained file, written in one atomic rename; Parquet's run-length encoding stores the
repeats almost for free.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa

from ssrsim.scenario import Value

#: Columns that describe a run; then come the design values, ``step`` and the outcomes.
RUN_COLUMNS: dict[str, pa.DataType] = {
    "run_id": pa.string(),
    "scenario": pa.string(),
    "strategy": pa.string(),
    "point": pa.int32(),
    "replication": pa.int32(),
    "seed": pa.int64(),
    "horizon": pa.int32(),
    "status": pa.string(),
    "error_type": pa.string(),
    "error_message": pa.string(),
}
#: Prefix of the columns holding the parameters a run sets: the experiment's fixed overrides and the
#: design point's values, so that every part says how its runs differ from their scenario.
PARAMETER_PREFIX = "param_"
_ARROW_TYPES: dict[type, pa.DataType] = {bool: pa.bool_(), int: pa.int64(), float: pa.float64()}


def part_schema(parameters: Mapping[str, Value], outcomes: Sequence[str]) -> pa.Schema:
    """The schema of every part of an experiment, given every parameter any of its runs sets (fixed
    overrides and design values; a run that does not set one leaves its column empty) and the
    outcomes kept."""
    fields = [pa.field(name, kind) for name, kind in RUN_COLUMNS.items()]
    fields += [pa.field(PARAMETER_PREFIX + name, _ARROW_TYPES[type(value)]) for name, value in parameters.items()]
    fields += [pa.field("step", pa.int32())]
    fields += [pa.field(name, pa.float64()) for name in outcomes]
    return pa.schema(fields)
