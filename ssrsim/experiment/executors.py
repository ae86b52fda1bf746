"""Where batches run: local worker processes or a Dask cluster, behind one ``concurrent.futures`` interface.

Locally a ``ProcessPoolExecutor`` (spawned workers that leave Ctrl-C to the parent, which stops the
sweep cleanly, and that end when the parent dies); with a scheduler address,
``distributed.Client(address).get_executor()``. The runner submits through :func:`as_finished` either
way, so both engines share one code path.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any

from ssrsim.errors import InputError, shorten
from ssrsim.extras import require
from ssrsim.limits import check_scheduler, check_workers

#: Seconds to wait for a Dask scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10

_END = object()


def local_cores() -> int:
    """Cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: An open executor and how many tasks it runs at once, as ``open_executor`` yields them.
Pool = tuple[Executor, int]


def check_engine(workers: int | None, scheduler: str | None) -> None:
    """Local workers or a Dask cluster, not both."""
    if workers is not None and scheduler is not None:
        raise InputError(
            "--workers and --scheduler exclude each other",
            key="--workers",
            hint="a Dask cluster runs as many tasks at once as its workers have threads.",
        )


@contextmanager
def open_executor(workers: int | None, scheduler: str | None) -> Iterator[Pool]:
    """An executor and how many tasks it runs at once: ``workers`` local processes (default: every
    core), or the Dask cluster whose scheduler listens at ``scheduler``."""
    check_engine(workers, scheduler)
    if scheduler is not None:
        with _dask(check_scheduler(scheduler)) as opened:
            yield opened
        return
    slots = check_workers(workers, local_cores()) if workers is not None else local_cores()
    executor = ProcessPoolExecutor(slots, mp_context=multiprocessing.get_context("spawn"), initializer=_watch_parent)
    try:
        _start_workers(executor, slots)
        yield executor, slots
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask(address: str) -> Iterator[tuple[Executor, int]]:
    require("distributed", "dask", "running on a Dask cluster")
    import dask
    from dask.utils import parse_timedelta
    from distributed import Client

    # Dask's own connect timeout (30 s by default) when it is shorter, as a cluster's config may set it
    seconds = min(CONNECT_TIMEOUT, parse_timedelta(dask.config.get("distributed.comm.timeouts.connect")))
    try:
        client = Client(address, set_as_default=False, timeout=seconds)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach a Dask scheduler at '{address}' within {seconds:g} s ({shorten(str(exc), 200)})",
            key="--scheduler",
            hint="start one with 'dask scheduler' and workers with 'dask worker tcp://HOST:8786 --nthreads 1', "
            "then pass the scheduler's address, e.g. --scheduler tcp://HOST:8786.",
        ) from None
    executor = client.get_executor()
    try:
        yield executor, max(sum(client.nthreads().values()), 1)
    finally:
        executor.shutdown(wait=False)
        client.close()


def _start_workers(executor: ProcessPoolExecutor, count: int) -> None:
    """Start the workers with SIGINT blocked, a mask they keep for life.

    Ctrl-C reaches the whole process group, and only the parent should act on it: it stops the
    sweep and shuts the pool down. A worker initializer that ignored SIGINT would come too late for
    a worker still importing the model; a signal that arrives while the parent blocks it is only
    delayed, not lost. Each submission to a pool without idle workers starts one.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for _ in range(count):
            executor.submit(_started)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _started() -> None:
    """A worker's first task: nothing, to make the pool start it."""


def _watch_parent() -> None:
    """A worker's initializer: end the worker when its parent dies.

    A parent killed outright (SIGKILL, the out-of-memory killer) cannot shut its pool down, and its
    workers would wait for tasks for ever, each holding a model's memory. The parent's sentinel
    becomes ready when the parent is gone.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def as_finished[T, R](
    executor: Executor, fn: Callable[..., R], tasks: Iterable[T], *args: Any, window: int
) -> Iterator[tuple[T, R]]:
    """``(task, fn(task, *args))`` for every task, as each finishes, with at most ``window`` in flight.

    The window bounds the memory that finished but unread results can take. An exception of ``fn``
    (or a lost worker) propagates; tasks not yet started are cancelled.
    """
    queue = iter(tasks)
    running: dict[Future[R], T] = {}
    try:
        while True:
            while len(running) < window and (task := next(queue, _END)) is not _END:
                running[executor.submit(fn, task, *args)] = task
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield running.pop(future), future.result()
    finally:
        for future in running:
            future.cancel()
