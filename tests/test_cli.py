"""The core commands as a user types them: list, show, run, and their errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from ssrsim import load_scenario
from ssrsim.outcomes import COLUMNS
from ssrsim.resources import available

SSRSIM = str(Path(sys.executable).with_name("ssrsim"))


def _ssrsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SSRSIM, *args], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})


def test_list_names_every_scenario_strategy_and_experiment() -> None:
    result = _ssrsim("list")
    assert result.returncode == 0, result.stderr
    for kind in ("scenarios", "strategies", "experiments"):
        for name in available(kind):
            assert name in result.stdout, (kind, name)
    assert "sensitivity" in result.stdout


def test_show_json_lists_every_parameter_with_value_and_source() -> None:
    result = _ssrsim("show", "tajikistan", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    scenario = load_scenario("tajikistan")
    assert {row["name"] for row in rows} == set(scenario.values())
    for row in rows:
        assert {"name", "value", "source"} <= set(row)
        assert row["value"] == scenario.values()[row["name"]]
        assert len(row["source"]) > 5, row["name"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_run_applies_overrides_and_writes_every_quarter(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"run{suffix}"
    args = ["run", "--scenario", "kyrgyzstan", "--strategy", "dialogue", "--seed", "3", "--steps", "6"]
    result = _ssrsim(*args, "--set", "n_citizens=1000", "--set", "political_will=0.4", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "trust" in result.stdout
    assert "accountability" in result.stdout
    read = pd.read_csv if suffix == ".csv" else pd.read_parquet
    table = read(out)
    assert len(table) == 7  # the start and six quarters
    assert set(COLUMNS) <= set(table.columns)
    again = tmp_path / f"again{suffix}"
    _ssrsim(*args, "--set", "n_citizens=1000", "--set", "political_will=0.4", "--out", str(again))
    pd.testing.assert_frame_equal(read(again), table)  # same seed, same quarters
    described = {"scenario": "kyrgyzstan", "strategy": "dialogue", "seed": 3, "param_political_will": 0.4}
    for frame in (
        table,
        pl.read_csv(out) if suffix == ".csv" else pl.read_parquet(out),
        duckdb.sql(f"FROM '{out}'").df(),
    ):
        for name, value in described.items():
            assert list(frame[name]) == [value] * 7, name
        assert list(frame["param_n_citizens"]) == [1000] * 7


def test_run_says_when_it_rescaled_shares_and_records_them_as_set(tmp_path: Path) -> None:
    out = tmp_path / "run.csv"
    args = ["run", "--steps", "2", "--set", "n_citizens=500", "--set", "region_north_population_share=0.5"]
    result = _ssrsim(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "did not add up to one" in result.stdout
    assert "region_south_population_share = 0.5238" in " ".join(result.stdout.split())
    assert set(pd.read_csv(out)["param_region_north_population_share"]) == {0.5}
    plain = _ssrsim("run", "--steps", "2", "--set", "n_citizens=500")
    assert "did not add up to one" not in plain.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["run", "--scenario", "kirgyzstan"], ["kirgyzstan", "did you mean 'kyrgyzstan'"]),
        (["run", "--strategy", "holistik"], ["holistik", "holistic"]),
        (["run", "--set", "politcal_will=0.3"], ["politcal_will", "political_will"]),
        (["run", "--set", "political_will=1.5"], ["political_will", "[0, 1]"]),
        (["run", "--set", "political_will"], ["NAME=VALUE"]),
        (["run", "--out", "results.xlsx"], [".csv", ".parquet"]),
        (["show", "atlantis"], ["atlantis", "kazakhstan"]),
    ],
)
def test_bad_input_is_one_clear_paragraph_and_exit_code_2(args: list[str], fragments: list[str]) -> None:
    result = _ssrsim(*args)
    message = " ".join(result.stderr.split())
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in message


def test_piped_output_keeps_every_parameter_name_whole() -> None:
    longest = max(load_scenario("kyrgyzstan").parameters, key=len)
    environment = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    result = subprocess.run([SSRSIM, "show", "kyrgyzstan"], capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    assert longest in result.stdout  # at rich's 80 columns it was cut short with an ellipsis
