"""The public contract: constructor, columns, run_for, batch_run, reproducibility, scale."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from ssrsim import CORE, SSRModel
from ssrsim.outcomes import COLUMNS, INDICES
from ssrsim.resources import available
from tests.conftest import quiet


def test_contract_run_for_80_quarters(make_model) -> None:
    model = make_model("kyrgyzstan", "civil_society_first", rng=7)
    model.run_for(80)
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 81  # quarter 0 and 80 quarters
    assert set(CORE) <= set(frame.columns)
    assert frame["year"].iloc[0] == 2013.0
    assert frame["year"].iloc[-1] == 2033.0
    assert np.isfinite(frame[list(COLUMNS)].to_numpy(dtype=float)).all()
    assert ((frame[list(INDICES)] >= 0) & (frame[list(INDICES)] <= 1)).all().all()
    assert frame["spent"].is_monotonic_increasing


def test_every_actor_is_a_mesa_agent(make_model) -> None:
    model = make_model("kyrgyzstan")
    kinds = {type(a).__name__ for a in model.agents}
    assert kinds == {"Regime", "Ministry", "PoliceUnit", "CSO", "OversightBody", "Donor"}
    assert len(model.police_units) == 2  # one per region
    assert {d.name for d in model.donors} >= {"eu", "osce", "nato", "us", "member_states"}
    assert {b.kind for b in model.oversight_bodies} == {
        "parliament",
        "ombudsman",
        "monitoring_commission",
        "public_council",
        "media",
    }


def test_model_stops_at_its_horizon(make_model) -> None:
    model = make_model("tajikistan", horizon=6)
    model.run_model()
    assert model.steps == 6
    assert not model.running


def test_every_scenario_parameter_is_a_keyword(make_model) -> None:
    model = make_model("kazakhstan", political_will=0.5, funding_scale=2.0, region_west_grievance_offset=0.3)
    assert model.scenario.political_will == 0.5
    assert model.regime.will == 0.5
    assert model.regions[2].grievance_offset == 0.3


def test_mesa_batch_run_works_unchanged() -> None:
    results = mesa.batch_run(
        SSRModel,
        parameters={"scenario": "kyrgyzstan", "strategy": ["no_aid", "holistic"], "n_citizens": 500, "horizon": 4},
        rng=[1, 2],
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert set(frame["strategy"]) == {"no_aid", "holistic"}
    assert len(frame) == 2 * 2  # strategies x seeds, the final quarter of each
    assert (frame["Step"] == 4).all()
    assert set(CORE) <= set(frame.columns)


@pytest.mark.parametrize("scenario", ["kazakhstan", "kyrgyzstan", "tajikistan"])
def test_same_seed_same_results(make_model, scenario: str) -> None:
    frames = []
    for _ in range(2):
        model = make_model(scenario, "holistic", rng=42)
        model.run_for(40)
        frames.append(model.datacollector.get_model_vars_dataframe())
    pd.testing.assert_frame_equal(frames[0], frames[1], check_exact=True)


def test_different_seeds_differ(make_model) -> None:
    a = make_model("kyrgyzstan", rng=1)
    b = make_model("kyrgyzstan", rng=2)
    a.run_for(8)
    b.run_for(8)
    assert not a.datacollector.get_model_vars_dataframe().equals(b.datacollector.get_model_vars_dataframe())


def test_strategies_share_their_random_numbers(make_model) -> None:
    """Common random numbers: whatever a strategy does (more CSOs, more surveys, other offers), the
    citizens' and the events' random streams advance exactly as under no aid, so differences between
    strategies are paired, not noise."""
    runs = {}
    for strategy in ("no_aid", "civil_society_first", "holistic", "train_and_equip"):
        model = make_model("kazakhstan", strategy, rng=5, crisis_hazard=0.5)
        model.run_for(40)
        crises = [e["time"] for e in model.timeline if e["kind"] == "crisis"]
        runs[strategy] = (model.rng_citizens.bit_generator.state, model.rng_events.bit_generator.state, crises)
    assert len({str(citizens) for citizens, _, _ in runs.values()}) == 1
    assert len({str(events) for _, events, _ in runs.values()}) == 1
    assert len({tuple(crises) for _, _, crises in runs.values()}) == 1
    assert runs["no_aid"][2]  # the check saw crises to compare


@pytest.mark.slow
def test_results_do_not_depend_on_population_size() -> None:
    """Per-capita rates: mean trajectories agree at 2,000 and 40,000 citizens."""

    def mean_trust(n: int) -> np.ndarray:
        series = []
        for seed in range(4):
            model = SSRModel("kyrgyzstan", "holistic", rng=seed, n_citizens=n, **quiet())
            model.run_for(40)
            series.append(model.datacollector.get_model_vars_dataframe()[["trust", "corruption", "protest"]])
        return (sum(series) / len(series)).to_numpy()

    small, large = mean_trust(2000), mean_trust(40000)
    assert np.abs(small - large).max() < 0.02


def test_all_strategies_run_everywhere(make_model) -> None:
    for scenario in ("kazakhstan", "kyrgyzstan", "tajikistan"):
        for strategy in available("strategies"):
            model = make_model(scenario, strategy, n_citizens=300, horizon=3)
            model.run_model()
            assert model.steps == 3
