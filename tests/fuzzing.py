"""Drive the ``ssrsim`` command line in this process with bad inputs, and judge what it did.

In-process calls of ``ssrsim.cli.main`` cost milliseconds where a fresh interpreter costs two
seconds, which is what lets the fuzz suite try hundreds of cases within its time budget. Each call
runs in a folder of its own, under a per-case alarm, with stdout and stderr captured. Used by
``tests/test_fuzz.py`` and ``benchmarks/fuzz_long.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ssrsim.cli import main

#: Seconds one case may take before it counts as a hang.
CASE_SECONDS = 20
#: A file to which every case adds a line, when set (``benchmarks/fuzz_long.py`` counts them).
TALLY = os.environ.get("SSRSIM_FUZZ_TALLY")


def tally(kind: str) -> None:
    """Count one case of ``kind`` (``cli`` or ``api``) in the TALLY file, if there is one."""
    if TALLY:
        with open(TALLY, "a", encoding="utf-8") as handle:
            handle.write(kind + "\n")


class HungError(AssertionError):
    """A case ran past its alarm."""


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code, what it printed, how long it took."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise HungError in this (main) thread when the block runs longer than ``seconds``."""

    def hung(signum: int, frame: object) -> None:
        raise HungError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Work in ``folder`` for the block."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def invoke(args: Sequence[str], folder: Path, seconds: float = CASE_SECONDS) -> Outcome:
    """``ssrsim ARGS`` run in this process from ``folder``."""
    tally("cli")
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    code = 0
    started = time.perf_counter()
    sys.argv = ["ssrsim", *args]
    try:
        with inside(folder), alarm(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return Outcome(tuple(args), code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def refusal(outcome: Outcome, *fragments: str) -> str:
    """The one-line error of a refused command; an AssertionError saying what went wrong otherwise."""
    text = outcome.err.strip()
    context = f"ssrsim {' '.join(a[:80] for a in outcome.args)}\nexit {outcome.code}\n{text[:2000]}"
    assert outcome.code == 2, context
    assert "Traceback" not in text, context
    assert "Traceback" not in outcome.out, context
    assert text.startswith("error: "), context
    assert "\n" not in text, context
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in the message\n{context}"
    return text


def tree(folder: Path) -> set[str]:
    """Every path under ``folder``, relative to it."""
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}
