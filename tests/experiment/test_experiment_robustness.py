"""A hypercube over the free parameters, and how robust the strategy ranking is across cases."""

from __future__ import annotations

import numpy as np
import pytest

from ssrsim import load_scenario
from ssrsim.experiment import load_experiment, run_experiment
from ssrsim.experiment.analysis import robustness

ASSUMPTIONS = """
[design.lhs]
samples = 3
ranges = "assumptions"
"""


def test_an_assumptions_hypercube_spans_every_countrys_free_parameters(write_experiment) -> None:
    spec = load_experiment(write_experiment(scenarios=("kyrgyzstan", "tajikistan"), tail=ASSUMPTIONS))
    varied = spec.varied()
    kg, tj = (load_scenario(n).free_parameters() for n in ("kyrgyzstan", "tajikistan"))
    assert set(varied) == set(kg) | set(tj)
    assert "region_south_ethnic_tension" in varied  # only Kyrgyzstan has a south, and varies it
    assert "donor_eu_mix_rule_of_law" in varied
    assert "funding_scale" not in varied  # a lever, defined, not uncertain
    runs = spec.runs()
    for scenario, free in (("kyrgyzstan", kg), ("tajikistan", tj)):
        points = {r.point: r.parameters for r in runs if r.scenario == scenario}
        assert len(points) == 3
        for values in points.values():
            assert set(values) == set(free), scenario
            for name, value in values.items():
                low, high, _ = free[name]
                assert low <= value <= high, (scenario, name)
    # the same unit hypercube in both countries: a parameter with equal ranges takes equal values
    kg_points = {r.point: r.parameters for r in runs if r.scenario == "kyrgyzstan"}
    tj_points = {r.point: r.parameters for r in runs if r.scenario == "tajikistan"}
    assert all(kg_points[i]["trust_asymmetry"] == tj_points[i]["trust_asymmetry"] for i in range(3))


def test_a_store_of_countries_with_their_own_regions_keeps_each_ones_values(write_experiment, tmp_path) -> None:
    spec = load_experiment(
        write_experiment(scenarios=("kyrgyzstan", "tajikistan"), strategies=("no_aid",), tail=ASSUMPTIONS)
    )
    runs = run_experiment(spec, tmp_path / "store", workers=1, progress=False).store.runs()
    assert (runs["status"] == "ok").all()
    kg, tj = runs[runs["scenario"] == "kyrgyzstan"], runs[runs["scenario"] == "tajikistan"]
    assert kg["param_region_south_ethnic_tension"].notna().all()
    assert tj["param_region_south_ethnic_tension"].isna().all()
    assert tj["param_region_gbao_cso_presence"].notna().all()


@pytest.mark.slow
def test_robustness_counts_best_strategies_and_regret(write_experiment, tmp_path) -> None:
    spec = load_experiment(
        write_experiment(strategies=("no_aid", "holistic", "train_and_equip"), replications=3, tail=ASSUMPTIONS)
    )
    store = run_experiment(spec, tmp_path / "store", workers=1, progress=False).store
    table = robustness(store, ["trust", "accountability"])
    assert set(table["cases"]) == {9}  # 3 points x 3 replications
    shares = table.groupby(["scenario", "outcome"])["p_best"].sum()
    assert np.allclose(shares, 1.0)  # every case is won once (ties share it)
    assert (table["regret"] >= 0).all()
    # a strategy that ends best ends near best too; near-best finishes may be shared by several
    assert (table["p_near_best"] >= table["p_best"] - 1e-12).all()
    assert (table.groupby(["scenario", "outcome"])["p_near_best"].sum() >= 1.0 - 1e-12).all()
    best = table.loc[table.groupby(["scenario", "outcome"])["p_best"].idxmax()]
    assert (
        best["regret"] <= table.groupby(["scenario", "outcome"])["regret"].transform("min").loc[best.index] + 0.01
    ).all()
    report = tmp_path / "store" / "report"
    from ssrsim.experiment.report import write_report

    write_report(store)
    assert "Robustness of the ranking" in (report / "index.html").read_text()
