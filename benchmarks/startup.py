"""Start-up of the quick commands: median of five runs of wall time, CPU time (user + sys) and peak memory.

    .venv/bin/python -m benchmarks.startup            # this checkout
    .venv/bin/python -m benchmarks.startup OTHER_SRC  # another checkout's source, run with this venv

Uses /usr/bin/time (GNU time) for the CPU time and the maximum resident set of each command.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS = ("--help", "list", "show kyrgyzstan --json", "show kyrgyzstan", "show nosuch")


def measure(source: Path, command: str, repeats: int = 5) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak MB of ``ssrsim COMMAND`` run from ``source``."""
    rows = []
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(repeats):
            subprocess.run(
                [
                    "/usr/bin/time",
                    "-o",
                    report.name,
                    "-f",
                    "%e %U %S %M",
                    sys.executable,
                    "-m",
                    "ssrsim",
                    *command.split(),
                ],
                env={**os.environ, "PYTHONPATH": str(source), "COLUMNS": "100"},
                cwd=tempfile.gettempdir(),  # not the checkout: 'python -m' puts the working folder first on the path
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            wall, user, system, peak = Path(report.name).read_text().split()[-4:]
            rows.append((float(wall), float(user) + float(system), int(peak) / 1024))
    wall, cpu, peak = (statistics.median(column) for column in zip(*rows, strict=True))
    return wall, cpu, peak


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1]).resolve()
    print(f"load average {os.getloadavg()[0]:.1f}; source {source}")
    print("| command | wall | CPU | peak memory |\n|---|---|---|---|")
    for command in COMMANDS:
        wall, cpu, peak = measure(source, command)
        print(f"| `ssrsim {command}` | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
