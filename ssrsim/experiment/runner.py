"""``run_experiment``: run whatever an experiment's store still lacks, on local processes or Dask.

::

    from ssrsim.experiment import load_experiment, run_experiment
    sweep = run_experiment(load_experiment("experiments/donor_strategies.toml"), "results/donor_strategies")
    sweep.store.runs()

Pending runs go out in batches of ``batch_size`` (a run takes well under a second, so one task per
run would spend a noticeable share on overhead); each finished batch is written to the store at
once, so memory holds only the batches in flight, and a sweep killed at any moment loses nothing
stored. Called again with the same experiment and folder, it runs only what is missing; results do
not depend on the engine, the number of workers or the batch size.
"""

from __future__ import annotations

import itertools
import time
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ssrsim import kernels
from ssrsim.experiment.executors import Pool, as_finished, check_engine, local_cores, open_executor
from ssrsim.experiment.schema import part_schema
from ssrsim.experiment.spec import ExperimentSpec, RunSpec
from ssrsim.experiment.store import Store
from ssrsim.experiment.worker import run_batch
from ssrsim.limits import check_batch_size, check_large, check_scheduler, check_workers, estimate
from ssrsim.paths import check_output_folder
from ssrsim.scenario import Value

#: The shipped scenarios' horizon and population, for estimating a sweep's time before its scenarios
#: are read.
SHIPPED_HORIZON = 80
SHIPPED_CITIZENS = 10_000
#: Batches in flight per worker: enough to keep every worker busy while the parent writes.
_IN_FLIGHT_PER_SLOT = 2


@dataclass(frozen=True)
class Sweep:
    """What one call of :func:`run_experiment` found and did."""

    store: Store
    total: int  # runs in the experiment
    resumed: int  # runs already stored when the call began
    failed: int  # stored runs that raised
    seconds: float
    set_aside: tuple[Path, ...] = ()  # damaged parts moved out of the way; their runs ran again

    @property
    def ran(self) -> int:
        return self.total - self.resumed


class SweepError(RuntimeError):
    """The executor lost a batch (a worker died, the cluster went away); every finished batch is stored."""


def run_experiment(
    spec: ExperimentSpec,
    out_dir: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    pool: Pool | None = None,
    fresh: bool = False,
    progress: bool = True,
    batch_size: int = 10,
    confirm_large: bool = False,
) -> Sweep:
    """Run every run of ``spec`` not yet in the store at ``out_dir``; ``fresh`` discards the store first.

    ``workers`` local processes (default: every core), or the Dask cluster at ``scheduler``
    (``tcp://host:port``), or a ``pool`` already open (``executors.open_executor``), which a caller
    running many small sweeps keeps open instead of starting workers for each. ``progress`` shows a
    bar with runs done, rate and time left. Every argument, the output folder and the sweep's size
    are checked before anything is written; a sweep of more than ``limits.LARGE_RUNS`` runs needs
    ``confirm_large``.
    """
    check_engine(workers, scheduler)
    if pool is not None and (workers is not None or scheduler is not None):
        raise ValueError("an open pool already has its workers: pass pool alone, without workers or scheduler")
    check_batch_size(batch_size)
    if scheduler is not None:
        check_scheduler(scheduler)
    if pool is not None:
        slots = pool[1]
    else:
        slots = check_workers(workers, local_cores()) if workers is not None else local_cores()
    check_output_folder(Path(out_dir), key="--out")
    count = spec.run_count()
    citizens = int(spec.overrides.get("n_citizens", SHIPPED_CITIZENS))
    seconds, memory = estimate(count, count * (spec.horizon or SHIPPED_HORIZON), citizens, slots)
    check_large(count, seconds, memory, slots, confirmed=confirm_large)
    started = time.perf_counter()
    runs = spec.runs()
    store = Store(out_dir)
    with ExitStack() as cluster:
        if pool is None and scheduler is not None:
            # connect first: a cluster that cannot be reached is refused before anything is written
            pool = cluster.enter_context(open_executor(None, scheduler))
        with store.lock():
            set_aside = store.prepare(spec, runs, fresh=fresh)
            done = store.done()
            pending = [run for run in runs if run.run_id not in done]
            with tqdm(total=len(runs), initial=len(runs) - len(pending), unit="run", disable=not progress) as bar:
                if pending:
                    with nullcontext(pool) if pool is not None else open_executor(workers, None) as opened:
                        _run_pending(spec, runs, pending, store, opened, batch_size, bar)
    failed = int((store.runs()["status"] == "error").sum())
    return Sweep(store, len(runs), len(runs) - len(pending), failed, time.perf_counter() - started, set_aside)


def _run_pending(
    spec: ExperimentSpec,
    runs: list[RunSpec],
    pending: list[RunSpec],
    store: Store,
    pool: Pool,
    batch_size: int,
    bar: tqdm,
) -> None:
    """Run the pending runs in batches on the pool, writing each finished batch to the store at once.
    The parts' columns come from every run of the experiment, not only the pending ones, so that the
    parts of a resumed sweep have the same schema as the first ones."""
    executor, slots = pool
    schema = part_schema(_every_override(runs), spec.outcomes)
    batches = itertools.batched(pending, batch_size)
    fused = workers_use_fused_loops(pending, slots)
    finished = as_finished(
        executor, run_batch, batches, spec.outcomes, schema, fused, window=_IN_FLIGHT_PER_SLOT * slots
    )
    try:
        for batch, table in finished:
            store.write(table)
            bar.update(len(batch))
    except Exception as exc:
        raise SweepError(f"{type(exc).__name__}: {exc}") from exc


def workers_use_fused_loops(runs: list[RunSpec], slots: int) -> bool:
    """Whether each of ``slots`` workers gets enough of ``runs``' citizen-steps (citizens times
    quarters) to pay back loading the fused loops (``kernels.PAYS_BACK_FROM``)."""
    return sum(run.citizens * run.horizon for run in runs) / slots >= kernels.PAYS_BACK_FROM


def _every_override(runs: list[RunSpec]) -> dict[str, Value]:
    """Each parameter any run sets, with the first value set (its type decides the column's): runs of
    scenarios that lack a parameter (another country's region) leave its column empty."""
    merged: dict[str, Value] = {}
    for run in runs:
        for name, value in run.overrides.items():
            merged.setdefault(name, value)
    return merged
