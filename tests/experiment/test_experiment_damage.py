"""Damaged stores and odd store names: every reader says what is wrong and what to do, a resumed sweep
reruns only what was lost, and a store never reads another folder's files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import WriteExperiment, export_bytes
from fuzzing import invoke, refusal

from ssrsim.experiment import Store, load_experiment, run_experiment

pytestmark = pytest.mark.xdist_group("damaged-store")


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An experiment file and its finished store: 4 runs in 2 parts of 2."""
    folder = tmp_path_factory.mktemp("intact")
    path = folder / "small.toml"
    path.write_text(
        'scenarios = ["kyrgyzstan"]\nstrategies = ["no_aid", "holistic"]\nreplications = 2\nhorizon = 4\n'
        'outcomes = ["trust", "accountability"]\n[overrides]\nn_citizens = 500\n',
        encoding="utf-8",
    )
    run_experiment(load_experiment(path), folder / "store", workers=1, batch_size=2, progress=False)
    return path, folder / "store"


@pytest.fixture
def store(intact: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the intact store, to damage."""
    return Path(shutil.copytree(intact[1], tmp_path / "store"))


def _readers(store: Path) -> list[list[str]]:
    return [["report", str(store)], ["export", str(store), "--csv", str(store.parent / "out.csv")]]


@pytest.mark.parametrize("damage", ["truncated", "empty"])
def test_a_damaged_part_is_named_by_readers_and_rerun_on_resume(
    damage: str, intact: tuple[Path, Path], store: Path, tmp_path: Path
) -> None:
    before = export_bytes(Store(intact[1]), tmp_path / "before.csv")
    part = sorted((store / "parts").glob("*.parquet"))[0]
    lost = set(pq.read_table(part, columns=["run_id"]).column("run_id").to_pylist())
    data = part.read_bytes()
    part.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"")

    for args in _readers(store):
        message = refusal(invoke(args, tmp_path), "the store is damaged", part.name, "ssrsim experiment")
        assert "damaged" in message
    assert not (tmp_path / "out.csv").exists()

    sweep = run_experiment(load_experiment(intact[0]), store, workers=1, batch_size=2, progress=False)
    assert sweep.set_aside == (store / "damaged" / part.name,)
    assert (sweep.ran, sweep.resumed) == (len(lost), sweep.total - len(lost))
    assert Store(store).runs()["run_id"].is_unique
    assert export_bytes(Store(store), tmp_path / "after.csv") == before


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (None, "no manifest.json"),
        ('{"format": 2, "spec": {"scen', "not JSON"),
        ("", "not JSON"),
        ("[1, 2, 3]", "JSON list"),
        ('"a string"', "JSON str"),
        ("\udcff", "cannot be read"),
        ("EDIT:drop spec", "'spec' is missing"),
        ("EDIT:drop fingerprint", "'fingerprint' is missing"),
        ("EDIT:varied=3", "'varied' is missing or not a JSON list"),
        ("EDIT:spec.replications=0", "its experiment is not valid"),
        ("EDIT:format=1", "format 1"),
    ],
)
def test_a_damaged_manifest_is_refused_with_what_to_do(text: str | None, fragment: str, store: Path) -> None:
    manifest_path = store / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if text is None:
        manifest_path.unlink()
    elif text.startswith("EDIT:"):
        edit = text.removeprefix("EDIT:")
        if edit.startswith("drop "):
            del manifest[edit.removeprefix("drop ")]
        elif edit == "varied=3":
            manifest["varied"] = 3
        elif edit == "format=1":
            manifest["format"] = 1
        else:
            manifest["spec"]["replications"] = 0
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    else:
        manifest_path.write_bytes(text.encode("utf-8", "surrogateescape"))
    for args in _readers(store):
        message = refusal(invoke(args, store.parent), fragment)
        assert "--fresh" in message or "ssrsim experiment" in message


def test_a_damaged_manifest_stops_the_sweep_until_fresh(intact: tuple[Path, Path], store: Path) -> None:
    (store / "manifest.json").write_text("{", encoding="utf-8")
    args = ["experiment", str(intact[0]), "--out", str(store), "--workers", "1"]
    refusal(invoke(args, store.parent), "not JSON", "--fresh")
    assert invoke([*args, "--fresh"], store.parent, seconds=120).code == 0
    assert len(Store(store).runs()) == 4


def test_store_names_are_never_patterns(tmp_path: Path, write_experiment: WriteExperiment) -> None:
    """``st[1]`` as a glob matches ``st1``; a folder named ``*`` matches every folder. Each store reads
    its own parts only, and the commands work on such names."""
    one = load_experiment(write_experiment("one.toml", strategies=["no_aid"], replications=1, horizon=2))
    two = load_experiment(write_experiment("two.toml", strategies=["no_aid"], replications=2, horizon=2))
    stores = {
        "st1": run_experiment(one, tmp_path / "st1", workers=1, progress=False).store,
        "st[1]": run_experiment(two, tmp_path / "st[1]", workers=1, progress=False).store,
        "*": run_experiment(one, tmp_path / "*", workers=1, progress=False).store,
    }
    assert len(stores["st1"].runs()) == len(stores["*"].runs()) == 1
    assert len(stores["st[1]"].runs()) == 2
    outcome = invoke(["export", str(tmp_path / "st[1]"), "--csv", str(tmp_path / "st[1].csv")], tmp_path)
    assert outcome.code == 0, outcome.err
    assert (tmp_path / "st[1].csv").read_bytes() == export_bytes(stores["st[1]"], tmp_path / "check.csv")
    assert (tmp_path / "st[1].csv").read_text().count("\n") == 1 + 2 * 3  # header, 2 runs x quarters 0-2
    assert invoke(["report", str(tmp_path / "*")], tmp_path, seconds=120).code == 0
