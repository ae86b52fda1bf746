"""Crash safety of the results store, measured: kill-and-resume, one worker against several, two
processes on one store, and a damaged part.

    .venv/bin/python benchmarks/crash_safety.py              # 10 kills
    .venv/bin/python benchmarks/crash_safety.py --kills 30

1. An uninterrupted sweep of a small experiment gives the reference export.
2. The same sweep (in batches of 2) into a second store is killed with SIGKILL mid-sweep (after one
   or two more parts and a random fraction of a batch), ``--kills`` times, each time restarted
   with the same command, then run to the end; its export must equal the reference byte for byte,
   with no run lost or stored twice.
3. The sweep with 1 and with 2 workers (other batch sizes): the exports must be identical.
4. Two sweeps started on one store at once: one runs, the other is refused with exit code 2.
5. A part of the finished store cut in half: ``export`` refuses it; the same ``experiment`` command
   sets it aside and reruns its runs; the export equals the reference again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SSRSIM = str(Path(sys.executable).with_name("ssrsim"))
EXPERIMENT = """title = "crash safety"
scenarios = ["kyrgyzstan"]
strategies = ["no_aid", "holistic", "train_and_equip"]
replications = 100
horizon = 20
outcomes = ["trust", "accountability", "spent"]
[overrides]
n_citizens = 2000
"""


def sweep(file: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SSRSIM, "experiment", str(file), "--out", str(out), *extra], capture_output=True, text=True)


def export(store: Path, csv: Path) -> bytes:
    result = subprocess.run([SSRSIM, "export", str(store), "--csv", str(csv)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return csv.read_bytes()


def stored_runs(store: Path) -> tuple[int, int]:
    """Runs stored and run ids stored more than once."""
    from ssrsim.experiment import Store

    runs = Store(store).runs()
    return len(runs), int(runs["run_id"].duplicated().sum())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        file = root / "crash.toml"
        file.write_text(EXPERIMENT, encoding="utf-8")

        started = time.perf_counter()
        assert sweep(file, root / "reference", "--workers", "2").returncode == 0
        reference_seconds = time.perf_counter() - started
        reference = export(root / "reference", root / "reference.csv")
        total, _ = stored_runs(root / "reference")
        print(f"experiment: {total} runs; uninterrupted sweep with 2 workers {reference_seconds:.1f} s")

        killed = 0
        parts = root / "killed" / "parts"
        while killed < args.kills:
            process = subprocess.Popen(
                [SSRSIM, "experiment", str(file), "--out", str(root / "killed"), "--workers", "2", "--batch-size", "2"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            # kill in the middle of the sweep: after one or two more parts, and a random fraction of a batch
            target = (len(list(parts.glob("*.parquet"))) if parts.is_dir() else 0) + chance.randint(1, 2)
            while process.poll() is None and (len(list(parts.glob("*.parquet"))) if parts.is_dir() else 0) < target:
                time.sleep(0.01)
            time.sleep(chance.uniform(0.0, 0.1))
            if process.poll() is not None:
                break  # it finished before the kill
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed += 1
        assert sweep(file, root / "killed", "--workers", "2").returncode == 0
        runs, twice = stored_runs(root / "killed")
        same = export(root / "killed", root / "killed.csv") == reference
        print(
            f"kill-and-resume: {killed} SIGKILLs, {runs} runs stored of {total}, {twice} stored twice, "
            f"export identical to the uninterrupted sweep: {same}"
        )

        one = sweep(file, root / "one", "--workers", "1", "--batch-size", "7")
        two = sweep(file, root / "two", "--workers", "2", "--batch-size", "3")
        assert one.returncode == two.returncode == 0
        same = export(root / "one", root / "one.csv") == export(root / "two", root / "two.csv") == reference
        print(f"workers 1 (batches of 7) against 2 (batches of 3) and the reference: exports identical: {same}")

        first = subprocess.Popen(
            [SSRSIM, "experiment", str(file), "--out", str(root / "shared"), "--workers", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not (root / "shared" / "manifest.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = sweep(file, root / "shared", "--workers", "1")
        first.wait()
        refused = second.returncode == 2 and "another sweep is writing to this store" in second.stderr
        same = export(root / "shared", root / "shared.csv") == reference
        print(
            f"two processes on one store: the second refused with exit 2: {refused}; the first finished "
            f"(exit {first.returncode}) with the reference export: {same}"
        )

        shutil.copytree(root / "reference", root / "damaged")
        part = sorted((root / "damaged" / "parts").glob("*.parquet"))[0]
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
        refused_export = subprocess.run(
            [SSRSIM, "export", str(root / "damaged"), "--csv", str(root / "damaged.csv")],
            capture_output=True,
            text=True,
        )
        resumed = sweep(file, root / "damaged", "--workers", "2")
        same = export(root / "damaged", root / "damaged.csv") == reference
        print(
            f"a part cut in half: export refused with exit {refused_export.returncode}; resume exit "
            f"{resumed.returncode}, {resumed.stderr.strip().splitlines()[-1] if resumed.stderr.strip() else ''}; "
            f"export identical to the reference: {same}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
