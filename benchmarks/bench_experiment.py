"""Throughput and memory of an experiment sweep on local workers and on a local Dask cluster
(default: the main job on 1 and 2 local workers).

    .venv/bin/python benchmarks/bench_experiment.py [--experiment FILE] [--replications R]
        [--workers 1 2 4] [--dask 4 16]

For each worker count: the sweep's wall time and runs per second (pool or cluster start-up
included), the parallel efficiency against the first local row (its runs per second times the
worker ratio), the report's wall time, and the peak resident memory of the whole process tree
(this process and its workers, summed, sampled every 50 ms with psutil) and of the largest single
process, and for local workers the CPU seconds the workers and this process used during the sweep.
Every sweep's final results are hashed: equal hashes mean the same numbers, whatever ran them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from benchmarks.reference import multiply_us
from ssrsim.experiment import load_experiment, run_experiment
from ssrsim.experiment.report import write_report

MAIN_JOB = Path(__file__).resolve().parent.parent / "experiments" / "donor_strategies.toml"


class PeakMemory:
    """Samples the resident memory of this process and its descendants in a background thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.tree = 0
        self.single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            sizes = []
            for process in [me, *me.children(recursive=True)]:
                try:
                    sizes.append(process.memory_info().rss)
                except psutil.NoSuchProcess:
                    continue
            self.tree = max(self.tree, sum(sizes))
            self.single = max(self.single, max(sizes))
            self._stop.wait(self.interval)


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    model = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load average before: {load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", type=Path, default=MAIN_JOB)
    parser.add_argument("--replications", type=int, default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="local Dask cluster sizes")
    args = parser.parse_args()
    spec = load_experiment(args.experiment)
    if args.replications is not None:
        spec = spec.with_replications(args.replications)
    runs = len(spec.runs())
    print(f"machine: {machine()}; reference multiply {multiply_us():.2f} us")
    print(f"experiment: {args.experiment.name}, {runs} runs")
    print(
        f"{'executor':>8} {'workers':>7} {'sweep s':>8} {'runs/s':>7} {'efficiency':>10} {'report s':>9} "
        f"{'peak tree MB':>13} {'peak process MB':>16} {'CPU s workers/parent':>21} {'results':>16}"
    )
    reference: tuple[int, float] | None = None
    for kind, workers in [("pool", w) for w in args.workers] + [("dask", w) for w in args.dask]:
        with tempfile.TemporaryDirectory() as folder, PeakMemory() as memory, executor(kind, workers) as scheduler:
            started, cpu = time.perf_counter(), cpu_seconds()
            sweep = run_experiment(
                spec,
                Path(folder) / "store",
                workers=None if scheduler else workers,
                scheduler=scheduler,
                progress=False,
            )
            swept = time.perf_counter()
            workers_cpu, parent_cpu = (after - before for after, before in zip(cpu_seconds(), cpu, strict=True))
            write_report(sweep.store)
            reported = time.perf_counter()
            digest = results_hash(sweep.store)
        rate = runs / (swept - started)
        reference = reference or (workers, rate)
        efficiency = rate / (reference[1] * workers / reference[0])
        print(
            f"{kind:>8} {workers:>7} {swept - started:>8.1f} {rate:>7.1f} {efficiency:>10.0%} {reported - swept:>9.1f} "
            f"{memory.tree / 2**20:>13.0f} {memory.single / 2**20:>16.0f} "
            f"{f'{workers_cpu:.1f}/{parent_cpu:.1f}' if kind == 'pool' else '-':>21} {digest:>16}"
        )
    print(f"reference multiply after: {multiply_us():.2f} us; load average after: {os.getloadavg()[0]:.2f}")


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) of the finished child processes (a local pool's workers, once it
    has shut down; not a Dask cluster's) and of this process."""
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return children.ru_utime + children.ru_stime, own.ru_utime + own.ru_stime


@contextmanager
def executor(kind: str, workers: int) -> Iterator[str | None]:
    """Nothing for the local pool (the runner starts it), or a local Dask cluster's address."""
    if kind == "pool":
        yield None
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def results_hash(store) -> str:
    """A short hash of every run's final results, in a fixed order."""
    frame = store.query("SELECT * EXCLUDE (status) FROM results ORDER BY ALL")
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()[:16]


if __name__ == "__main__":
    main()
