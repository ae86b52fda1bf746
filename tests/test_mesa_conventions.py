"""Mesa's tools use the model as they use any Mesa model: batch_run, seeds as Mesa takes them, SolaraViz's Reset."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario
from mesa.visualization.solara_viz import _build_model_init_kwargs

from ssrsim import COLUMNS, InputError, SSRModel, load_scenario
from ssrsim.resources import available

SMALL = {"n_citizens": 500, "horizon": 8}


@pytest.mark.parametrize("scenario", available("scenarios"))
def test_no_outcome_shares_a_parameter_name(scenario: str) -> None:
    """Mesa merges outcomes over inputs, so a shared name would overwrite the value swept."""
    assert not set(COLUMNS) & set(load_scenario(scenario).parameters)


def test_batch_run_input_columns_hold_the_values_swept() -> None:
    results = mesa.batch_run(
        SSRModel,
        parameters={"political_will": [0.2, 0.6], "cso_count": [3, 5], "n_citizens": 500, "horizon": 4},
        rng=[None, None],  # what iterations=2 means in Mesa 3.5
        max_steps=4,
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert len(frame) == 2 * 2 * 2
    assert sorted(frame["political_will"]) == [0.2] * 4 + [0.6] * 4
    assert sorted(frame["cso_count"]) == [3] * 4 + [5] * 4
    assert (frame["n_citizens"] == 500).all()
    assert (frame["horizon"] == 4).all()


@pytest.mark.parametrize("rng", [None, np.int64(11), np.random.default_rng(3)])
def test_rng_takes_what_mesa_takes_and_records_the_seed(rng: object) -> None:
    model = SSRModel("kyrgyzstan", rng=rng, **SMALL)
    assert isinstance(model.seed, int)
    assert model.seed >= 0
    again = SSRModel("kyrgyzstan", rng=model.seed, **SMALL)
    model.run_for(4)
    again.run_for(4)
    pd.testing.assert_frame_equal(
        model.datacollector.get_model_vars_dataframe(), again.datacollector.get_model_vars_dataframe()
    )


@pytest.mark.parametrize("rng", [-1, True, 1.5, "seven"])
def test_a_bad_seed_is_an_input_error(rng: object) -> None:
    with pytest.raises(InputError, match="rng"):
        SSRModel("kyrgyzstan", rng=rng, **SMALL)


def test_a_seed_given_as_seed_points_to_rng() -> None:
    with pytest.raises(InputError, match="rng=5"):
        SSRModel("kyrgyzstan", seed=5, **SMALL)


def test_a_models_mesa_scenario_rebuilds_the_same_run() -> None:
    model = SSRModel("tajikistan", "holistic", rng=None, political_will=0.3, **SMALL)
    again = SSRModel(scenario=model.scenario, strategy="holistic")
    assert (again.scenario_name, again.seed, again.scenario.political_will) == ("tajikistan", model.seed, 0.3)
    model.run_for(4)
    again.run_for(4)
    pd.testing.assert_frame_equal(
        model.datacollector.get_model_vars_dataframe(), again.datacollector.get_model_vars_dataframe()
    )


def test_solara_reset_rebuilds_with_the_current_parameters() -> None:
    """The call SolaraViz's ModelController makes on Reset: the controls' values as keywords and a
    fresh Mesa Scenario as ``scenario=``."""
    model = SSRModel(country="kazakhstan", rng=3, **SMALL)
    controls = {"country": "tajikistan", "strategy": "holistic", "political_will": 0.35, "rng": 4, **SMALL}
    kwargs = _build_model_init_kwargs(
        model, controls, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    assert isinstance(kwargs["scenario"], MesaScenario)
    reset = type(model)(**kwargs)
    assert (reset.scenario_name, reset.strategy.name, reset.seed) == ("tajikistan", "holistic", 4)
    assert reset.scenario.political_will == 0.35
    reset.run_for(2)


def test_the_scenario_named_twice_is_an_input_error() -> None:
    with pytest.raises(InputError, match="named twice"):
        SSRModel("kyrgyzstan", country="tajikistan", **SMALL)
    with pytest.raises(InputError, match="differs"):
        SSRModel(scenario=MesaScenario(rng=1), rng=2, **SMALL)
