"""The fuzz suite at length: thousands of generated bad inputs instead of the few hundred CI tries.

    .venv/bin/python benchmarks/fuzz_long.py                  # 1,000 examples per generated test
    .venv/bin/python benchmarks/fuzz_long.py --examples 200   # a shorter run

It runs ``tests/test_fuzz.py`` in one process with ``SSRSIM_FUZZ_EXAMPLES`` set, counts every case
(each command line driven, each override put to the Python API) and prints the cases, the time, the
cases per second and the failures. Every case must be refused with exit code 2 and one line, within
its alarm, writing nothing (see tests/fuzzing.py); a failure prints the smallest input Hypothesis found.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per generated test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tally = Path(folder) / "tally"
        env = os.environ | {"SSRSIM_FUZZ_EXAMPLES": str(args.examples), "SSRSIM_FUZZ_TALLY": str(tally)}
        command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "tests/test_fuzz.py"]
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        counts = Counter(tally.read_text().split()) if tally.exists() else Counter()
    cases = sum(counts.values())
    failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"examples per generated test: {args.examples}")
    print(f"cases: {cases:,} ({counts['cli']:,} command lines, {counts['api']:,} API overrides)")
    print(f"time: {seconds:.1f} s, {cases / seconds:.0f} cases/s")
    print(f"failures: {len(failed)}")
    for line in failed:
        print(" ", line)
    if result.returncode != 0:
        print(result.stdout[-6000:])
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
