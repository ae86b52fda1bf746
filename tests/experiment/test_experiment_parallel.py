"""Engines and interruptions: worker counts, a real Dask cluster, and a sweep killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from conftest import SSRSIM, WriteExperiment, export_bytes

from ssrsim import SSRModel, kernels
from ssrsim.experiment import Store, load_experiment, run_experiment, runner
from ssrsim.experiment.executors import as_finished, open_executor
from ssrsim.experiment.schema import part_schema
from ssrsim.experiment.worker import run_batch

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("experiment-processes")]


def _sigint_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_a_part(out: Path, sweep: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not list(out.glob("parts/*.parquet")) and sweep.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def test_exports_are_byte_identical_with_one_and_two_workers_and_with_the_fused_loops(
    tmp_path: Path, write_experiment: WriteExperiment, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[bool] = []

    def recording(*args: Any, window: int) -> Any:
        told.append(args[-1])  # run_batch's last argument: whether the workers use the fused loops
        return as_finished(*args, window=window)

    monkeypatch.setattr(runner, "as_finished", recording)
    spec = load_experiment(write_experiment(strategies=["no_aid", "holistic", "train_and_equip"], replications=4))
    one = run_experiment(spec, tmp_path / "one", workers=1, batch_size=5, progress=False).store
    monkeypatch.setattr(kernels, "PAYS_BACK_FROM", 0)

    def no_new_pool(*args: Any) -> Any:
        raise AssertionError("a sweep given a pool started workers of its own")

    monkeypatch.setattr(runner, "open_executor", no_new_pool)
    with open_executor(2, None) as pool:  # one pool serves several sweeps, as validation's do
        two = run_experiment(spec, tmp_path / "two", pool=pool, batch_size=2, progress=False).store
        again = run_experiment(spec, tmp_path / "again", pool=pool, progress=False).store
        with pytest.raises(ValueError, match="pass pool alone"):
            run_experiment(spec, tmp_path / "mixed", pool=pool, workers=2, progress=False)
    assert told == [False, True, True]
    assert export_bytes(one, tmp_path / "one.csv") == export_bytes(two, tmp_path / "two.csv")
    assert export_bytes(again, tmp_path / "again.csv") == export_bytes(two, tmp_path / "two.csv")
    assert len(one.runs()) == len(spec.runs())


def test_workers_use_the_fused_loops_when_their_share_of_the_work_pays(
    write_experiment: WriteExperiment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2 strategies x 3 replications x 1,000 citizens x 8 quarters: 48,000 citizen-steps
    runs = load_experiment(write_experiment(replications=3)).runs()
    monkeypatch.setattr(kernels, "PAYS_BACK_FROM", 24_000)
    assert runner.workers_use_fused_loops(runs, 2)
    assert not runner.workers_use_fused_loops(runs, 3)
    monkeypatch.setattr(kernels, "PAYS_BACK_FROM", 24_001)
    assert not runner.workers_use_fused_loops(runs, 2)  # the whole sweep clears it, a worker's share does not
    assert runner.workers_use_fused_loops(runs, 1)


def test_a_run_counts_the_citizens_its_scenario_file_or_the_experiment_sets(tmp_path: Path) -> None:
    """What a run costs, which decides whether its worker uses the fused loops, comes from the run's
    own values, not from the shipped default."""
    scenario = tmp_path / "small.toml"
    scenario.write_text(
        '[scenario]\ntitle = "small"\ncountry = "Kyrgyzstan"\nextends = "kyrgyzstan"\n\n'
        '[parameters.n_citizens]\nvalue = 700\nsource = "definition: run setting"\n',
        encoding="utf-8",
    )
    experiment = tmp_path / "experiment.toml"
    text = f'scenarios = ["{scenario}", "kyrgyzstan"]\nstrategies = ["no_aid"]\nreplications = 1\nhorizon = 4\n'
    experiment.write_text(text, encoding="utf-8")
    assert [run.citizens for run in load_experiment(experiment).runs()] == [700, 10_000]
    experiment.write_text(text + "[overrides]\nn_citizens = 900\n", encoding="utf-8")
    assert [run.citizens for run in load_experiment(experiment).runs()] == [900, 900]


@pytest.mark.skipif(not kernels.available(), reason="numba (the fast extra) is not installed")
def test_a_batch_told_its_work_pays_uses_the_fused_loops_and_leaves_the_process_as_it_was(
    write_experiment: WriteExperiment,
) -> None:
    runs = load_experiment(write_experiment()).runs()
    schema = part_schema({"n_citizens": 1000}, ["trust"])
    seen = []
    original = SSRModel.__init__

    def noting(model: SSRModel, *args: Any, **kwargs: Any) -> None:
        original(model, *args, **kwargs)
        seen.append(model.population.fused)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SSRModel, "__init__", noting)
        run_batch(runs[:2], ["trust"], schema, fused=True)
        run_batch(runs[:1], ["trust"], schema)
    assert seen == [True, True, False]
    assert not SSRModel("kyrgyzstan", "holistic", rng=1, n_citizens=1000).population.fused


def test_a_dask_cluster_gives_the_results_of_local_processes(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    from distributed import LocalCluster

    spec = load_experiment(write_experiment(replications=3))
    local = run_experiment(spec, tmp_path / "local", workers=2, progress=False).store
    with LocalCluster(
        host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        sweep = run_experiment(spec, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    assert sweep.ran == sweep.total == len(spec.runs())
    assert export_bytes(sweep.store, tmp_path / "dask.csv") == export_bytes(local, tmp_path / "local.csv")


def test_an_unreachable_scheduler_is_an_input_error(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    result = subprocess.run(
        [
            SSRSIM,
            "experiment",
            str(write_experiment()),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        env=os.environ | {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert result.returncode == 2
    assert "cannot reach a Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # refused before anything is written


def test_a_sweep_killed_with_sigkill_resumes_without_loss_or_duplicates(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    path = write_experiment(strategies=["no_aid", "holistic", "train_and_equip"], replications=30, horizon=40)
    spec = load_experiment(path)
    out = tmp_path / "store"
    command = [SSRSIM, "experiment", str(path), "--out", str(out), "--workers", "2", "--batch-size", "2"]
    batches = len(spec.runs()) // 2

    sweep = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_a_part(out, sweep)
        workers = [p for p in psutil.Process(sweep.pid).children() if "spawn_main" in " ".join(p.cmdline())]
        assert workers
        sweep.kill()  # the parent alone, mid-sweep: nothing can shut its pool down
        sweep.wait()
        _, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, "the workers outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(sweep.pid, signal.SIGKILL)  # whatever is left of the group
    stored = len(list(out.glob("parts/*.parquet")))
    assert 0 < stored < batches, "the sweep was not interrupted mid-way"

    rerun = subprocess.run(command, capture_output=True, text=True, check=True)

    runs = Store(out).runs()
    assert runs["run_id"].is_unique
    assert sorted(runs["run_id"]) == sorted(run.run_id for run in spec.runs())
    assert not list(out.glob("parts/.*"))
    reference = run_experiment(spec, tmp_path / "reference", workers=1, batch_size=7, progress=False).store
    assert export_bytes(Store(out), tmp_path / "resumed.csv") == export_bytes(reference, tmp_path / "reference.csv")
    lines = rerun.stdout.strip().splitlines()
    assert f"{stored * 2} already there" in rerun.stdout
    assert "End-state effect against no_aid" in rerun.stdout
    assert lines[-1] == f"report: {out / 'report' / 'index.html'}"
    assert (out / "report" / "index.html").is_file()


def _sweep_to_interrupt(tmp_path: Path, write_experiment: WriteExperiment) -> tuple[Path, Path, list[str]]:
    """An experiment of 90 runs in batches of 2 (45 parts): the file, its store and the command."""
    path = write_experiment(strategies=["no_aid", "holistic", "train_and_equip"], replications=30, horizon=40)
    out = tmp_path / "store"
    return path, out, [SSRSIM, "experiment", str(path), "--out", str(out), "--workers", "2", "--batch-size", "2"]


def _resume_and_check_every_run_once(path: Path, out: Path, command: list[str]) -> None:
    """The same command again finishes the sweep: every run stored, none twice."""
    subprocess.run(command, capture_output=True, check=True)
    runs = Store(out).runs()
    assert runs["run_id"].is_unique
    assert sorted(runs["run_id"]) == sorted(run.run_id for run in load_experiment(path).runs())


def test_a_crashed_worker_stops_the_sweep_and_the_same_command_resumes(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    path, out, command = _sweep_to_interrupt(tmp_path, write_experiment)

    sweep = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_for_a_part(out, sweep)
    workers = [p for p in psutil.Process(sweep.pid).children() if "spawn_main" in " ".join(p.cmdline())]
    workers[0].kill()
    _, stderr = sweep.communicate(timeout=120)
    assert len(list(out.glob("parts/*.parquet"))) < 45, "the sweep finished before the worker died"

    assert sweep.returncode == 1
    assert "the sweep stopped" in stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    _resume_and_check_every_run_once(path, out, command)


def test_ctrl_c_stops_the_sweep_cleanly_and_the_same_command_resumes(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    path, out, command = _sweep_to_interrupt(tmp_path, write_experiment)

    # a foreground command in a terminal: SIGINT at its default, even where the tests themselves were
    # started in the background (a shell without job control starts those with SIGINT ignored)
    sweep = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_as_in_a_terminal,
    )
    _wait_for_a_part(out, sweep)
    os.killpg(sweep.pid, signal.SIGINT)  # what a terminal sends the whole foreground group on Ctrl-C
    _, stderr = sweep.communicate(timeout=120)
    assert len(list(out.glob("parts/*.parquet"))) < 45, "the sweep finished before the signal came"

    assert sweep.returncode == 130
    assert "interrupted" in stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    assert not list(out.glob("parts/.*"))
    _resume_and_check_every_run_once(path, out, command)
