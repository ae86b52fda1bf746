"""The report, the paired effects it rests on, and the CSV export."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
from conftest import GRID_STORE, SSRSIM, export_bytes

from ssrsim.experiment import Store
from ssrsim.experiment.analysis import effects, ranking
from ssrsim.experiment.report import write_report


@GRID_STORE
def test_report_is_one_self_contained_page_with_its_figures(grid_store: Store) -> None:
    report = write_report(grid_store)
    html = report.path.read_text()
    names = {path.name for path in report.figures}
    assert report.path == grid_store.root / "report" / "index.html"
    assert {
        "trajectories_trust_kyrgyzstan.png",
        "trajectories_accountability_kyrgyzstan.png",
        "effects_trust.png",
        "effects_accountability.png",
        "cost_of_trust.png",
        "reported_vs_real.png",
        "heatmap_trust.png",
    } <= names
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in report.figures)
    assert html.count('src="data:image/png;base64,') == len(report.figures)
    assert re.findall(r'(?:src|href)="(?!data:)', html) == []
    assert "http://" not in html
    assert "https://" not in html
    assert list(report.ranking["strategy"]) == ["holistic"]


@GRID_STORE
def test_effects_pair_each_run_with_the_baseline_run_of_its_seed(grid_store: Store) -> None:
    final = grid_store.series(["trust"], final_only=True)
    pairs = final.pivot_table(index=["point", "replication"], columns="strategy", values="trust")
    differences = pairs["holistic"] - pairs["no_aid"]
    pooled = effects(grid_store, ["trust"])
    assert len(pooled) == 1
    assert pooled["n"].item() == len(differences)
    assert np.isclose(pooled["mean"].item(), differences.mean())
    assert np.isclose(pooled["sd"].item(), differences.std(ddof=1))
    assert pooled["low"].item() < pooled["mean"].item() < pooled["high"].item()
    by_point = effects(grid_store, ["trust"], by_point=True).set_index("point")["mean"]
    assert np.allclose(by_point.sort_index(), differences.groupby(level="point").mean().sort_index())


def test_ranking_orders_strategies_within_each_country_by_their_effect() -> None:
    table = pd.DataFrame(
        [
            (scenario, strategy, outcome, 10, mean, 0.01, mean - 0.01, mean + 0.01)
            for scenario, strategy, mean in [("a", "x", 0.1), ("a", "y", 0.3), ("b", "x", 0.2), ("b", "y", -0.1)]
            for outcome in ("trust", "accountability")
        ],
        columns=["scenario", "strategy", "outcome", "n", "mean", "sd", "low", "high"],
    )
    ranked = ranking(table)
    assert list(zip(ranked["scenario"], ranked["strategy"], ranked["group"], strict=True)) == [
        ("a", "y", 1),
        ("a", "x", 2),
        ("b", "x", 1),
        ("b", "y", 2),
    ]


def test_strategies_whose_effects_differ_by_less_than_what_matters_share_a_group() -> None:
    effects_by_strategy = [("u", 0.050), ("v", 0.041), ("w", 0.031), ("x", 0.029), ("y", 0.012), ("z", -0.001)]
    table = pd.DataFrame(
        [("a", s, o, 10, mean, 0.01, mean - 0.01, mean + 0.01) for s, mean in effects_by_strategy for o in ("trust",)],
        columns=["scenario", "strategy", "outcome", "n", "mean", "sd", "low", "high"],
    )
    ranked = ranking(table, ("trust",), min_effect=0.02)
    # u leads a group down to 0.031 (within 0.02 of it); x at 0.029 starts the next, which holds y
    assert list(ranked["group"]) == [1, 1, 1, 2, 2, 3]
    assert list(ranked["matters"]) == [True, True, True, True, False, False]


@GRID_STORE
def test_export_has_one_sorted_row_per_run_and_quarter(tmp_path: Path, grid_store: Store) -> None:
    rows = grid_store.export_csv(tmp_path / "out.csv")
    with (tmp_path / "out.csv").open() as handle:
        reader = csv.reader(handle)
        header = next(reader)
        body = list(reader)
    spec = grid_store.spec
    assert header == [
        "run_id",
        "scenario",
        "strategy",
        "seed",
        "replication",
        "point",
        "step",
        "param_n_citizens",  # the experiment's fixed override: the file alone says how to repeat each run
        "param_political_will",
        "param_funding_scale",
        *spec.outcomes,
    ]
    assert rows == len(body) == len(grid_store.runs()) * (spec.horizon + 1)
    keys = [(r[1], r[2], int(r[5]), int(r[4]), int(r[6])) for r in body]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@GRID_STORE
def test_commands_report_and_export_a_store(tmp_path: Path, grid_store: Store) -> None:
    report = subprocess.run([SSRSIM, "report", str(grid_store.root)], capture_output=True, text=True, check=True)
    assert "End-state effect against no_aid" in report.stdout
    assert report.stdout.strip().splitlines()[-1] == f"report: {grid_store.root / 'report' / 'index.html'}"
    export = subprocess.run(
        [SSRSIM, "export", str(grid_store.root), "--csv", str(tmp_path / "x.csv")], capture_output=True, text=True
    )
    assert export.returncode == 0
    assert (tmp_path / "x.csv").read_bytes() == export_bytes(grid_store, tmp_path / "y.csv")
    missing = subprocess.run([SSRSIM, "report", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "store does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
