"""ssrsim from outside tools: the one-call function, SALib's problem and function, EMA Workbench's model."""

from __future__ import annotations

import numpy as np
import pytest
from ema_workbench import SequentialEvaluator, perform_experiments
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

import ssrsim
from ssrsim import COLUMNS, InputError, load_scenario
from ssrsim.ema import model, policies
from ssrsim.scenario import SHARES

SMALL = {"n_citizens": 500}


def test_simulate_returns_every_final_outcome_and_what_reproduces_it() -> None:
    result = ssrsim.simulate("tajikistan", "holistic", rng=None, horizon=6, political_will=0.3, **SMALL)
    assert set(COLUMNS) <= set(result)
    assert (result["scenario"], result["strategy"]) == ("tajikistan", "holistic")
    again = ssrsim.simulate("tajikistan", "holistic", rng=result["seed"], horizon=6, political_will=0.3, **SMALL)
    assert again == result


def test_simulate_refuses_bad_input_clearly() -> None:
    with pytest.raises(InputError, match="horizon"):
        ssrsim.simulate("kyrgyzstan", horizon=0)
    with pytest.raises(InputError, match="politcal_will"):
        ssrsim.simulate("kyrgyzstan", horizon=2, politcal_will=0.3)


def test_the_salib_problem_is_the_free_parameters_shares_included() -> None:
    problem = ssrsim.salib.problem("kyrgyzstan")
    free = load_scenario("kyrgyzstan").free_parameters()
    assert problem["names"] == list(free)
    assert problem["num_vars"] == len(free)
    assert {f"region_north_{field}" for field in SHARES} <= set(problem["names"])
    assert "donor_eu_mix_rule_of_law" in problem["names"]
    assert all(low < high for low, high in problem["bounds"])
    with pytest.raises(InputError, match="no plausible range"):
        ssrsim.salib.problem("kyrgyzstan", ["donor_eu_mix_cso_grants"])


def test_salib_rows_that_move_regional_shares_run_with_them_rescaled() -> None:
    names = ["region_north_population_share", "region_south_population_share"]
    problem = ssrsim.salib.problem("kyrgyzstan", names)
    sample = np.array([[0.4, 0.6], [0.5, 0.5], [0.5, 0.6]])
    y = ssrsim.salib.evaluate(problem, sample, scenario="kyrgyzstan", horizon=4, **SMALL)
    assert np.isfinite(y).all()
    assert len(set(y)) > 1  # the shares reach the model


def test_salib_evaluate_refuses_a_sample_or_keyword_that_does_not_fit_the_problem() -> None:
    problem = ssrsim.salib.problem("kyrgyzstan", ["political_will", "contact_rate"])
    with pytest.raises(InputError, match="one row of 2 numbers per run"):
        ssrsim.salib.evaluate(problem, np.array([[0.3, 0.2, 0.1]]), horizon=2, **SMALL)
    with pytest.raises(InputError, match="one row of 2 numbers per run"):
        ssrsim.salib.evaluate(problem, [[0.3, 0.2], [0.1]], horizon=2, **SMALL)
    with pytest.raises(InputError, match="political_will is both varied by the problem and fixed"):
        ssrsim.salib.evaluate(problem, np.array([[0.3, 0.2]]), horizon=2, political_will=0.2, **SMALL)


def test_salib_samples_run_with_whole_numbers_rounded() -> None:
    names = ["cso_count", "trust_learning_rate", "contact_rate"]
    problem = ssrsim.salib.problem("kyrgyzstan", names)
    sample = sobol_sample.sample(problem, 4, calc_second_order=False, seed=1)
    points = ssrsim.salib.points(sample, ssrsim.salib.ranges("kyrgyzstan", names))
    assert all(isinstance(point["cso_count"], int) for point in points)
    y = ssrsim.salib.evaluate(problem, sample, scenario="kyrgyzstan", strategy="holistic", horizon=4, **SMALL)
    assert y.shape == (len(sample),)
    assert np.isfinite(y).all()
    indices = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=1)
    assert len(indices["ST"]) == 3


def test_ema_runs_scenarios_against_strategies() -> None:
    ssr = model("kyrgyzstan", strategies=["no_aid", "holistic"], horizon=4, **SMALL)
    names = {u.name for u in ssr.uncertainties}
    assert names == set(load_scenario("kyrgyzstan").free_parameters())
    with SequentialEvaluator(ssr) as evaluator:
        experiments, outcomes = perform_experiments(
            ssr, scenarios=4, policies=policies(ssr), evaluator=evaluator, log_progress=False
        )
    assert len(experiments) == 4 * 2
    assert set(experiments["strategy"]) == {"no_aid", "holistic"}
    assert np.isfinite(outcomes["trust"]).all()
    assert {"trust", "accountability", "practice_now"} <= set(outcomes)


def test_ema_model_refuses_unknown_names() -> None:
    with pytest.raises(InputError, match="unknown strategy"):
        model("kyrgyzstan", strategies=["no_such"])
    with pytest.raises(InputError, match="unknown outcome"):
        model("kyrgyzstan", outcomes=["trusst"])
    with pytest.raises(InputError, match="at least one strategy"):
        model("kyrgyzstan", strategies=[])
    with pytest.raises(InputError, match="at least one parameter"):
        ssrsim.salib.problem("kyrgyzstan", [])
