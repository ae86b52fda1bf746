"""Scenario discovery over a stored experiment, and what every stored file says about its runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from conftest import GRID_STORE, SSRSIM, WriteExperiment

from ssrsim.discovery import discover
from ssrsim.errors import InputError
from ssrsim.experiment import Store, load_experiment, run_experiment

LHS = """
[design.lhs]
samples = 16
ranges = { political_will = [0.05, 0.6], funding_scale = [0.2, 3.0] }
"""


@pytest.fixture(scope="module")
def lhs_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Two strategies over a 16-point hypercube of will and funding: 32 runs of 8 quarters."""
    from conftest import experiment_text

    folder = tmp_path_factory.mktemp("lhs")
    path = folder / "lhs.toml"
    path.write_text(experiment_text(replications=1, overrides={"n_citizens": 500}, tail=LHS), encoding="utf-8")
    return run_experiment(load_experiment(path), folder / "store", workers=1, progress=False).store


def _discover(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SSRSIM, "discover", *args], capture_output=True, text=True)


def test_discover_finds_boxes_with_coverage_and_density(lhs_store: Store) -> None:
    stale = lhs_store.root / "report" / "discovery_kyrgyzstan_other.png"  # an earlier report's figure
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"old")
    result = _discover(str(lhs_store.root), "--min-effect", "0", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["min_effect"] == 0
    (finding,) = data["findings"]
    assert (finding["scenario"], finding["strategy"], finding["question"]) == ("kyrgyzstan", "holistic", "beats")
    assert finding["cases"] == 16
    assert 0 <= finding["coverage"] <= 1
    assert 0 <= finding["density"] <= 1
    for limit in finding["limits"]:
        assert limit["parameter"] in {"political_will", "funding_scale"}
        assert limit["sampled_low"] <= limit["low"] <= limit["high"] <= limit["sampled_high"]
    report = lhs_store.root / "report"
    assert json.loads((report / "discovery.json").read_text())["findings"] == data["findings"]
    assert "Scenario discovery" in (report / "discovery.html").read_text()
    assert (report / "discovery_kyrgyzstan_holistic.png").stat().st_size > 0
    assert not stale.exists()


def test_discover_asks_where_a_strategy_fails(lhs_store: Store) -> None:
    (finding,) = discover(lhs_store, fails=True, min_effect=0.5)
    assert finding.question == "fails"
    assert finding.of_interest == finding.cases  # no strategy moves trust by half the scale


def test_discover_refuses_what_the_store_cannot_answer(lhs_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="did not keep the outcome 'corruption'"):
        discover(lhs_store, outcome="corruption")
    with pytest.raises(InputError, match="no strategy 'dialogue'"):
        discover(lhs_store, strategies=["dialogue"])
    with pytest.raises(InputError, match="did you mean 'holistic'"):
        discover(lhs_store, strategies=["holistik"])
    with pytest.raises(InputError, match=f"'{lhs_store.spec.baseline}' is the baseline"):
        discover(lhs_store, strategies=[lhs_store.spec.baseline])
    with pytest.raises(InputError, match="not an experiment store"):
        discover(Store(tmp_path))


def test_a_store_with_no_design_has_nothing_to_discover(write_experiment: WriteExperiment, tmp_path: Path) -> None:
    store = run_experiment(load_experiment(write_experiment()), tmp_path / "store", workers=1, progress=False).store
    with pytest.raises(InputError, match="varied no parameter"):
        discover(store)


@GRID_STORE
def test_every_part_says_which_runs_it_holds_in_pandas_polars_and_duckdb(grid_store: Store) -> None:
    """Scenario, strategy, seed, replication and every parameter set (fixed overrides included)."""
    expected = {"scenario", "strategy", "seed", "replication", "param_n_citizens", "param_political_will"}
    for part in grid_store.parts.glob("*.parquet"):
        pandas = pd.read_parquet(part)
        polars = pl.read_parquet(part)
        columns = duckdb.sql(f"SELECT * FROM read_parquet('{part}')").columns
        for found in (set(pandas.columns), set(polars.columns), set(columns)):
            assert expected <= found
        assert (pandas["param_n_citizens"] == 1000).all()
        assert polars["scenario"].unique().to_list() == ["kyrgyzstan"]
