"""The results store: what a sweep writes, resuming, starting over, failed runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import GRID_STORE, WriteExperiment, experiment_text, export_bytes

from ssrsim.errors import InputError
from ssrsim.experiment import Design, ExperimentSpec, Store, load_experiment, run_experiment
from ssrsim.experiment.files import replacing
from ssrsim.experiment.report import write_report


@GRID_STORE
def test_store_holds_every_run_once_with_the_outcomes_kept(grid_store: Store) -> None:
    spec = grid_store.spec
    runs = grid_store.runs()
    assert sorted(runs["run_id"]) == sorted(run.run_id for run in spec.runs())
    assert set(runs["status"]) == {"ok"}
    assert runs[["param_political_will", "param_funding_scale"]].drop_duplicates().shape[0] == 4
    series = grid_store.series()
    assert list(series.columns) == ["run_id", "scenario", "strategy", "point", "replication", "step", *spec.outcomes]
    assert (series.groupby("run_id")["step"].agg(list) == [list(range(spec.horizon + 1))] * len(runs)).all()
    final = grid_store.series(["trust"], final_only=True)
    assert len(final) == len(runs)
    assert set(final["step"]) == {spec.horizon}


@GRID_STORE
def test_parts_are_complete_parquet_files_and_the_manifest_records_inputs(grid_store: Store) -> None:
    parts = sorted(grid_store.parts.iterdir())
    assert parts
    assert all(part.suffix == ".parquet" for part in parts)
    assert sum(pq.read_metadata(part).num_rows for part in parts) == len(grid_store.series())
    manifest = json.loads(grid_store.manifest_path.read_text())
    source = Path(manifest["experiment"]["file"])
    assert manifest["experiment"]["text"] == source.read_text()
    assert manifest["experiment"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert {"ssrsim", "mesa", "numpy", "pandas", "python"} <= set(manifest["versions"])
    assert manifest["runs"] == len(grid_store.runs())
    assert manifest["created"]


def test_resume_runs_only_what_is_missing_and_removes_leftovers(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    spec = load_experiment(write_experiment(replications=3))
    store = run_experiment(spec, tmp_path / "store", workers=1, batch_size=2, progress=False).store
    before = store.export_csv(tmp_path / "before.csv")
    lost = sorted(store.parts.glob("*.parquet"))[0]
    lost_runs = pq.read_table(lost, columns=["run_id"]).column("run_id").unique()
    lost.unlink()
    leftover = store.parts / f".{lost.name}.999.tmp"
    leftover.write_bytes(b"half a parquet file")

    sweep = run_experiment(spec, tmp_path / "store", workers=1, batch_size=2, progress=False)

    assert sweep.ran == len(lost_runs)
    assert sweep.resumed == sweep.total - len(lost_runs)
    assert not leftover.exists()
    assert store.runs()["run_id"].is_unique
    assert len(store.runs()) == sweep.total
    assert store.export_csv(tmp_path / "after.csv") == before
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()


def test_a_finished_store_runs_nothing_again(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    spec = load_experiment(write_experiment())
    run_experiment(spec, tmp_path / "store", workers=1, progress=False)
    parts = {p: p.stat().st_mtime_ns for p in (tmp_path / "store" / "parts").iterdir()}
    sweep = run_experiment(spec, tmp_path / "store", workers=1, progress=False)
    assert (sweep.ran, sweep.resumed) == (0, sweep.total)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "store" / "parts").iterdir()} == parts


def test_more_replications_grow_the_store_and_fewer_are_refused(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    first = run_experiment(load_experiment(write_experiment()), tmp_path / "store", workers=1, progress=False)
    more = load_experiment(write_experiment("more.toml", replications=3))
    grown = run_experiment(more, tmp_path / "store", workers=1, progress=False)
    assert (grown.resumed, grown.ran) == (first.total, more.run_count() - first.total)
    reference = run_experiment(more, tmp_path / "reference", workers=1, progress=False).store
    assert export_bytes(grown.store, tmp_path / "grown.csv") == export_bytes(reference, tmp_path / "reference.csv")
    assert grown.store.spec.replications == 3
    with pytest.raises(InputError, match="another experiment"):
        run_experiment(
            load_experiment(write_experiment("fewer.toml", replications=1)), tmp_path / "store", progress=False
        )


def test_a_store_grows_from_any_folder_and_not_once_its_scenario_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exp"
    folder.mkdir()
    scenario = folder / "mine.toml"
    scenario.write_text('[scenario]\ntitle = "t"\ncountry = "Kyrgyzstan"\nextends = "kyrgyzstan"\n')
    experiment = folder / "e.toml"
    experiment.write_text(experiment_text(scenarios=["mine.toml"], replications=2))
    monkeypatch.chdir(tmp_path)  # the experiment names its scenario relative to its own folder
    first = run_experiment(load_experiment(experiment), tmp_path / "store", workers=1, progress=False)
    grown = run_experiment(
        load_experiment(experiment).with_replications(3), tmp_path / "store", workers=1, progress=False
    )
    assert grown.resumed == first.total
    assert len(grown.store.manifest["grown"]) == 1
    scenario.write_text(
        scenario.read_text() + '[parameters]\npolitical_will = { value = 0.5, source = "assumption: x" }\n'
    )
    with pytest.raises(InputError, match="another experiment"):
        run_experiment(load_experiment(experiment).with_replications(4), tmp_path / "store", progress=False)


def test_another_experiment_is_refused_and_fresh_starts_over(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    run_experiment(load_experiment(write_experiment()), tmp_path / "store", workers=1, progress=False)
    other = load_experiment(write_experiment("other.toml", replications=3, seed=12))
    with pytest.raises(InputError, match="another experiment") as caught:
        run_experiment(other, tmp_path / "store", workers=1, progress=False)
    assert "--fresh" in str(caught.value)

    sweep = run_experiment(other, tmp_path / "store", workers=1, fresh=True, progress=False)
    assert (sweep.resumed, sweep.ran) == (0, sweep.total)
    assert sorted(Store(tmp_path / "store").runs()["run_id"]) == sorted(run.run_id for run in other.runs())


def test_a_folder_that_is_no_store_is_left_alone(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty and is not an experiment store"):
        run_experiment(load_experiment(write_experiment()), folder, workers=1, progress=False)
    with pytest.raises(InputError, match=r"no manifest\.json"):
        Store(folder).runs()
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_second_sweep_into_the_same_store_is_refused(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    spec = load_experiment(write_experiment())
    with Store(tmp_path / "store").lock(), pytest.raises(InputError, match="another sweep"):
        run_experiment(spec, tmp_path / "store", workers=1, progress=False)


@pytest.fixture
def unchecked_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let design points that the planning would refuse reach the workers, where they raise: the way
    to have runs fail inside a sweep. The workers are fresh processes, so the patch stays here."""
    monkeypatch.setattr(ExperimentSpec, "_check_together", lambda *args: None)


def _northern_cso_presence(*shares: float, replications: int, outcomes: tuple[str, ...]) -> ExperimentSpec:
    """A Kyrgyz experiment over the north's share of CSO activity, with none in the south: a share of
    zero leaves no region any, which the model refuses when a run starts (and the planning refuses
    before, unless ``unchecked_points`` lets it through)."""
    return ExperimentSpec(
        scenarios=("kyrgyzstan",),
        strategies=("no_aid", "holistic"),
        replications=replications,
        horizon=4,
        outcomes=outcomes,
        overrides={"n_citizens": 1000, "region_south_cso_presence": 0.0},
        design=Design(points=[{"region_north_cso_presence": share} for share in shares]),
    )


@pytest.mark.usefixtures("unchecked_points")
def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path: Path) -> None:
    spec = _northern_cso_presence(0.7, 0.0, replications=2, outcomes=("trust", "spent"))
    sweep = run_experiment(spec, tmp_path / "store", workers=1, batch_size=3, progress=False)
    runs = sweep.store.runs()
    failed = runs[runs["status"] == "error"]
    assert sweep.failed == len(failed) == 4
    assert set(failed["point"]) == {1}
    assert set(failed["error_type"]) == {"InputError"}
    assert failed["error_message"].str.contains("all zero").all()
    assert (runs[runs["point"] == 0]["status"] == "ok").all()
    assert set(sweep.store.series()["run_id"]) == set(runs[runs["status"] == "ok"]["run_id"])
    html = write_report(sweep.store).path.read_text()
    assert "Failed runs" in html
    assert "all zero" in html
    assert "Not drawn: this needs reported_success and real_change" in html


@pytest.mark.usefixtures("unchecked_points")
def test_an_experiment_whose_every_run_failed_reports_that_and_why(tmp_path: Path) -> None:
    spec = _northern_cso_presence(0.0, replications=1, outcomes=("trust", "accountability"))
    sweep = run_experiment(spec, tmp_path / "store", workers=1, progress=False)
    assert sweep.failed == sweep.total == 2
    html = write_report(sweep.store).path.read_text()
    assert "No run of this experiment succeeded" in html
    assert "all zero" in html


def test_a_design_point_that_breaks_the_shares_is_refused_before_any_run(tmp_path: Path) -> None:
    spec = _northern_cso_presence(0.0, replications=1, outcomes=("trust",))
    with pytest.raises(InputError, match="all zero") as info:
        run_experiment(spec, tmp_path / "store", workers=1, progress=False)
    assert info.value.key.startswith("design.points.0")
    assert not (tmp_path / "store").exists()


def test_the_store_reads_its_design_from_its_manifest_and_refuses_an_older_format(
    tmp_path: Path, write_experiment: WriteExperiment
) -> None:
    sweep = run_experiment(load_experiment(write_experiment()), tmp_path / "store", workers=1, progress=False)
    store = Store(tmp_path / "store")
    assert store.varied == []
    manifest = json.loads(store.manifest_path.read_text())
    manifest["format"] = 1
    store.manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(InputError, match="format 1") as info:
        Store(tmp_path / "store").runs()
    assert "--fresh" in info.value.hint
    assert sweep.total > 0


def test_a_file_given_as_the_store_is_an_input_error(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    afile = tmp_path / "results.csv"
    afile.write_text("not a folder")
    with pytest.raises(InputError, match="must be a folder"):
        run_experiment(load_experiment(write_experiment()), afile, workers=1, progress=False)
    assert afile.read_text() == "not a folder"


def test_replacing_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    path.write_text("old")

    def fail_half_way() -> None:
        with replacing(path) as temp:
            temp.write_text("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert path.read_text() == "old"
    assert list(tmp_path.iterdir()) == [path]
