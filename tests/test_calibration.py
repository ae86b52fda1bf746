"""The papers' calibration targets hold over 30 seeds, and the historical replays load and run."""

from __future__ import annotations

import pytest

from ssrsim import load_scenario
from ssrsim.calibration import TARGETS, evaluate, simulate


@pytest.mark.slow
@pytest.mark.xdist_group("calibration")
def test_every_calibration_target_is_met_over_30_seeds() -> None:
    result = evaluate(simulate(n_seeds=30, base_seed=2013, workers=2))
    missed = result.loc[~result["met"], ["target", "mean", "ci_low", "ci_high", "accepted"]]
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
    from pathlib import Path

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
