"""The papers' calibration targets hold over 30 seeds, and the historical replays load and run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssrsim import load_scenario
from ssrsim.calibration import TARGETS, evaluate, simulate


@pytest.mark.slow
@pytest.mark.xdist_group("calibration")
def test_every_calibration_target_is_met_over_30_seeds() -> None:
    result = evaluate(simulate(n_seeds=30, base_seed=2013, workers=2))
    missed = result.loc[~result["met"], ["target", "mean", "ci_low", "ci_high", "accepted_low", "accepted_high"]]
    assert missed.empty, missed.to_string()
    assert len(result) == len(TARGETS) >= 15


@pytest.mark.parametrize("name", ["kazakhstan_2003", "kyrgyzstan_2003", "tajikistan_2003"])
def test_historical_variants_replay_2003_to_2018(name: str) -> None:
    spec = load_scenario(name)
    assert spec.parameters["start_year"].value == 2003.0
    years = [e.year for e in spec.events]
    assert min(years) < 2006
    assert max(years) > 2012
    for event in spec.events:
        assert event.source.strip()


def test_calibration_document_carries_the_current_parameter_tables() -> None:
    """docs/calibration.md embeds the tables ``python -m ssrsim.doctables`` prints; regenerate them
    after changing a scenario."""
    from ssrsim.doctables import BEGIN, END, tables

    text = (Path(__file__).parents[1] / "docs" / "calibration.md").read_text()
    embedded = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert embedded == tables()


def test_json_output_is_only_json(tmp_path) -> None:
    """With --json, standard output holds the JSON alone, even when figures are drawn."""
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "ssrsim", "calibrate", "--seeds", "2", "--json", "--figures", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = json.loads(result.stdout)
    assert {row["target"] for row in rows} == {t.name for t in TARGETS}
    assert "figure:" in result.stderr


def test_implausibility_is_zero_inside_the_accepted_range_and_grows_with_the_distance() -> None:
    from ssrsim.calibration.fit import implausibility

    inside = np.array([0.25, 0.26, 0.27])
    assert implausibility(inside, 0.2, 0.35) == 0.0
    near = implausibility(inside + 0.12, 0.2, 0.35)
    far = implausibility(inside + 0.3, 0.2, 0.35)
    assert 0.0 < near < far
    # with no spread over seeds, the model discrepancy (a twentieth of the range) is the unit
    assert implausibility(np.array([0.4, 0.4]), 0.2, 0.35) == pytest.approx(0.05 / (0.15 / 20))


@pytest.mark.xdist_group("calibration")
def test_a_history_matching_wave_rules_out_points_by_the_targets_and_spans_the_ranges(tmp_path: Path) -> None:
    from ssrsim.calibration.fit import CUTOFF, FITTED, design

    frame, ranges, hand_set = design(16, seed=5)
    for name in FITTED:  # a Latin hypercube puts one point in each sixteenth of every range
        low, high = ranges[name]
        strata = np.floor((frame[name] - low) / (high - low) * 16).astype(int)
        assert sorted(strata) == list(range(16))
        assert low <= hand_set[name] <= high
    command = ["history-match", "--points", "3", "--seeds", "2", "--compare", "0", "--workers", "2", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "ssrsim", *command, "--out", str(tmp_path)], capture_output=True, text=True, check=True
    )
    document = json.loads(result.stdout)
    assert [row["parameter"] for row in document["region"]] == list(FITTED)
    wave = pd.read_csv(tmp_path / "wave.csv")
    assert len(wave) == 3
    implausibility = wave[[t.name for t in TARGETS]]
    assert list(wave["accepted"]) == list(implausibility.max(axis=1) <= CUTOFF)
    assert document["accepted"] == int(wave["accepted"].sum())


def test_history_matching_refuses_an_unwritable_out_before_running(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    command = ["history-match", "--points", "2", "--seeds", "2", "--out", str(blocker)]
    result = subprocess.run([sys.executable, "-m", "ssrsim", *command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "the output must be a folder" in result.stderr
    assert "Traceback" not in result.stderr
