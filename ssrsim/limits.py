"""Resource bounds checked before any work starts: quarters, runs, batches, workers, a Dask address.

A command that would run for days, hold gigabytes only to plan its runs, or start hundreds of
processes on a laptop is refused with what it would cost; a sweep that is large on purpose passes
with ``--yes`` (``confirm_large=True`` from Python).
"""

from __future__ import annotations

import re

from ssrsim.errors import InputError, shorten
from ssrsim.parameters import GLOBAL

#: The longest run: the bound of the ``horizon`` parameter (100 years).
MAX_QUARTERS = int(GLOBAL["horizon"].bounds[1])  # type: ignore[index]
MAX_REPLICATIONS = 100_000
MAX_DESIGN_POINTS = 100_000
MAX_BATCH = 10_000
#: Processes per core beyond which more workers only add memory and switching.
WORKERS_PER_CORE = 4
#: Runs above which a sweep needs ``--yes``; runs above which it is refused (planning alone would
#: hold gigabytes: every run is described in memory before the first one starts).
LARGE_RUNS = 100_000
MAX_RUNS = 1_000_000
#: Measured on the reference machine (docs/performance.md): a quarter of a run with 10,000
#: citizens takes about 1.0 ms of CPU; a worker holds about 350 MB; a planned run about 2 kB.
SECONDS_PER_QUARTER = 1.0e-3
WORKER_BYTES = 350e6
PLAN_BYTES_PER_RUN = 2e3

_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})")


def check_steps(steps: int, key: str = "--steps") -> int:
    """``steps`` quarters, if a run can have that many."""
    if not 1 <= steps <= MAX_QUARTERS:
        raise InputError(
            f"{steps:,} quarters is not a run length the model takes",
            key=key,
            allowed=f"a whole number from 1 to {MAX_QUARTERS} (100 years)",
            hint="the shipped scenarios run 80 quarters (20 years).",
        )
    return steps


def check_replications(replications: int, key: str = "--replications", least: int = 1) -> int:
    """Replications (or seeds) per condition, within what a sweep can plan."""
    if not least <= replications <= MAX_REPLICATIONS:
        raise InputError(
            f"{replications:,} replications are not allowed",
            key=key,
            allowed=f"a whole number from {least} to {MAX_REPLICATIONS:,}",
            hint="replications repeat each run with another seed; 20 to 50 usually give tight intervals.",
        )
    return replications


def check_workers(workers: int, cores: int) -> int:
    """``workers`` local processes, if this machine's ``cores`` can carry them."""
    most = WORKERS_PER_CORE * cores
    if not 1 <= workers <= most:
        raise InputError(
            f"{workers:,} worker processes are too many for this machine's {cores} core(s): each holds about "
            f"{WORKER_BYTES / 1e6:.0f} MB, and more processes than cores only take turns",
            key="--workers",
            allowed=f"1 to {most} ({WORKERS_PER_CORE} per core)",
            hint=f"leave --workers out to use one per core ({cores}), or run on a Dask cluster with --scheduler.",
        )
    return workers


def check_batch_size(batch_size: int) -> int:
    """Runs per task, if a worker can hold that many results at once."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise InputError(
            f"a batch of {batch_size:,} runs is not allowed",
            key="--batch-size",
            allowed=f"a whole number from 1 to {MAX_BATCH:,}",
            hint="the default of 10 keeps the overhead per run small; larger batches only delay storing.",
        )
    return batch_size


def check_scheduler(address: str) -> str:
    """A Dask scheduler address of the form ``tcp://host:port``, checked before any connection is tried."""
    match = _ADDRESS.fullmatch(address.strip())
    if match is None or not 1 <= int(match.group(2)) <= 65535:
        raise InputError(
            f"'{shorten(address)}' is not a scheduler address",
            key="--scheduler",
            allowed="tcp://HOST:PORT (or tls://, ws://, wss://), with a port from 1 to 65535",
            hint="the scheduler prints its address when it starts, e.g. tcp://10.0.0.5:8786.",
        )
    return address.strip()


def estimate(runs: int, quarters: int, citizens: int, slots: int) -> tuple[float, float]:
    """Rough wall-clock seconds and bytes of memory of ``runs`` runs of ``quarters`` quarters in all."""
    seconds = quarters * SECONDS_PER_QUARTER * max(citizens / 10_000, 0.2) / max(slots, 1)
    memory = runs * PLAN_BYTES_PER_RUN + slots * WORKER_BYTES
    return seconds, memory


def describe(runs: int, seconds: float, memory: float, slots: int) -> str:
    """``1,650 runs, about 1.2 min on 2 workers and 0.7 GB of memory``."""
    if seconds < 120:
        took = f"{seconds:.0f} s"
    elif seconds < 7200:
        took = f"{seconds / 60:.0f} min"
    else:
        took = f"{seconds / 3600:.1f} h"
    return f"{runs:,} runs, about {took} on {slots} worker(s) and {memory / 1e9:.1f} GB of memory"


def check_run_count(runs: int, parts: str) -> None:
    """Refuse an experiment whose runs could not even be listed in memory."""
    if runs > MAX_RUNS:
        raise InputError(
            f"the experiment has {runs:,} runs ({parts}); planning them alone would take about "
            f"{runs * PLAN_BYTES_PER_RUN / 1e9:,.0f} GB",
            key="replications",
            allowed=f"at most {MAX_RUNS:,} runs per experiment",
            hint="fewer replications or design points, or split it into several experiments.",
        )


def check_large(runs: int, seconds: float, memory: float, slots: int, *, confirmed: bool) -> None:
    """A sweep above LARGE_RUNS runs goes ahead only when confirmed."""
    if runs > LARGE_RUNS and not confirmed:
        raise InputError(
            f"this is a large sweep: {describe(runs, seconds, memory, slots)}",
            key="--yes",
            allowed=f"up to {LARGE_RUNS:,} runs without confirmation",
            hint="add --yes to run it anyway, or reduce replications or design points.",
        )
