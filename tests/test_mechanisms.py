"""Each mechanism of the model, exercised on its own; each test fails if its mechanism is removed
or inverted."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ssrsim import policing, politics
from ssrsim.population import Population
from ssrsim.programmes import PROGRAMMES, absorbed
from tests.conftest import quiet


def _uniform_population(n: int = 20000, trust: float = 0.5) -> Population:
    pop = Population(np.random.default_rng(0), n, np.array([1.0]), np.array([0.0]), np.array([0.3]), 0.5)
    pop.set_trust(np.array([trust]), concentration=1e6)
    return pop


def _contacts(pop: Population, *, bribe: float, service: float, asymmetry: float) -> float:
    """One round of contacts in which every citizen meets the same kind of officer."""
    before = pop.trust.mean()

    def police(regions: np.ndarray, minority: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, ...]:
        ones = np.ones(regions.size)
        return ones * 0.0, ones * bribe, ones * service

    pop.encounter(1.0, police, 0.1, asymmetry, 0.2)
    return float(pop.trust.mean() - before)


def test_a_negative_contact_moves_trust_several_times_more_than_a_positive_one() -> None:
    up = _contacts(_uniform_population(), bribe=0.0, service=1.0, asymmetry=4.0)
    down = _contacts(_uniform_population(), bribe=1.0, service=0.0, asymmetry=4.0)
    assert up > 0 > down
    assert -down / up == pytest.approx(4.0, rel=0.02)


def test_the_scenarios_weigh_negative_contacts_more(make_model) -> None:
    assert make_model("kazakhstan").scenario.trust_asymmetry >= 2.0


def _settle(model, deterrence: float, start: float, quarters: int = 200) -> float:
    """Officers' resting share of graft under a fixed expected sanction, from a starting share."""
    force = model.force
    force.corrupt = force.rng.random(force.n) < start
    for _ in range(quarters):
        force.decide_corruption(np.full(force.n, deterrence), model.ministry.pay)
    return float(force.corrupt.mean())


def test_corruption_falls_as_the_expected_sanction_rises(make_model) -> None:
    model = make_model("kyrgyzstan")
    levels = [_settle(model, d, start=0.88) for d in (0.0, 0.1, 0.3, 0.6)]
    assert levels == sorted(levels, reverse=True)
    assert levels[0] > 0.8
    assert levels[-1] < 0.2


def test_colleagues_keep_corruption_locked_in(make_model) -> None:
    """Without colleagues' cover graft pays far less: the same officers, with no peer effect,
    settle much lower, so the high level is held up by interaction, not by rents alone."""
    with_peers = _settle(make_model("kyrgyzstan"), 0.05, start=0.88)
    alone = make_model("kyrgyzstan")
    alone.force.s = replace(alone.force.s, peer_effect=0.0)
    assert with_peers - _settle(alone, 0.05, start=0.88) > 0.2


def test_training_raises_the_trainees_skill_and_orientation(make_model) -> None:
    model = make_model("kyrgyzstan")
    force = model.force
    skill, orientation = force.skill.copy(), force.orientation.copy()
    trained = force.train(0, 10.4, 1.0, 0.1, np.random.default_rng(0))
    changed = force.skill > skill
    assert trained in (10, 11)
    assert changed.sum() == trained
    assert (force.region[changed] == 0).all()
    assert ((force.skill - skill)[changed] > 5 * (force.orientation - orientation)[changed]).all()


def test_training_decays_without_reinforcement(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    force = model.force
    norm = force.skill.mean()
    force.train(0, 20, 1.0, 0.0, np.random.default_rng(0))
    boosted = force.skill.mean()
    for _ in range(40):
        force.maintain_skill(0.0)
    assert boosted - force.skill.mean() > 0.8 * (boosted - norm)


def test_training_beyond_absorptive_capacity_is_wasted(make_model) -> None:
    model = make_model("tajikistan")
    unit = model.police_units[0]
    small = policing.train_officers(model, unit, 0.01 * unit.officers, 1.0, 0.0)
    model2 = make_model("tajikistan")
    unit2 = model2.police_units[0]
    large = policing.train_officers(model2, unit2, 0.5 * unit2.officers, 1.0, 0.0)
    assert large < 0.2 * 50 * small  # fifty times the trainees, far less than fifty times the effect
    assert absorbed(1e9, 3.0) == pytest.approx(3.0)


def test_training_of_trainers_keeps_spreading_without_new_money(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    unit = model.police_units[0]
    unit.trainers = 0.002 * unit.officers
    skill = model.force.region_mean(model.force.skill, 0)
    for _ in range(8):
        unit.cascade_training()
    assert model.force.region_mean(model.force.skill, 0) > skill + 0.01
    assert unit.trainers < 0.002 * unit.officers  # trainers leave over time


def test_hardware_is_welcomed_and_oversight_refused_at_low_will(make_model) -> None:
    model = make_model("tajikistan")
    p, regime = model.scenario, model.regime
    leverage = max(d.leverage() for d in model.donors)
    hardware = regime.openness_hardware
    oversight = (1 - p.oversight_support_sensitivity) * hardware + p.oversight_support_sensitivity * (
        regime.governance_acceptance(leverage)
    )
    assert hardware > 0.8
    assert oversight < 0.25
    willing = make_model("tajikistan", political_will=0.8).regime
    assert willing.governance_acceptance(0.0) > 2.5 * regime.governance_acceptance(0.0)


def test_low_will_lets_hardware_in_and_keeps_oversight_out(make_model) -> None:
    shares = {}
    for strategy in ("train_and_equip", "oversight_support"):
        model = make_model("tajikistan", strategy, **quiet(), horizon=40)
        model.run_model()
        donors = [d for d in model.donors if d.follows_strategy]
        shares[strategy] = sum(d.spent for d in donors) / sum(d.allocated for d in donors)
    assert shares["train_and_equip"] > 2 * shares["oversight_support"]


def _repression_gain(make_model, propensity: float) -> float:
    gains = []
    for seed in range(3):
        ends = {}
        for strategy in ("no_aid", "train_and_equip"):
            model = make_model("tajikistan", strategy, rng=seed, repression_propensity=propensity, **quiet())
            model.run_for(40)
            ends[strategy] = model.outcomes.current["repression_capacity_now"]
        gains.append(ends["train_and_equip"] - ends["no_aid"])
    return float(np.mean(gains))


def test_donor_equipment_feeds_repression_where_propensity_is_high(make_model) -> None:
    assert _repression_gain(make_model, 0.9) > 3 * _repression_gain(make_model, 0.1) > 0


def test_formal_reform_is_fast_and_practice_slow(make_model) -> None:
    """Kazakhstan's laws of 2014-2015 lift the formal index at once; practice barely follows."""
    model = make_model("kazakhstan", **quiet(events_enabled=True))
    model.run_for(40)
    frame = model.datacollector.get_model_vars_dataframe()
    formal_gain = frame["formal_reform_now"].iloc[-1] - frame["formal_reform_now"].iloc[0]
    practice_gain = frame["practice_now"].iloc[-1] - frame["practice_now"].iloc[0]
    assert formal_gain > 0.1
    assert formal_gain > 5 * abs(practice_gain)
    assert frame["reform_gap"].iloc[-1] > frame["reform_gap"].iloc[0]
    law = frame["formal_reform_now"].diff().idxmax()  # the quarter of the largest step (the 100 Steps)
    assert frame["formal_reform_now"].diff()[law] > 10 * abs(frame["practice_now"].diff()[law])


def test_practice_follows_only_where_will_meets_low_resistance(make_model) -> None:
    gains = {}
    for will, resistance in ((0.2, 0.8), (0.8, 0.2)):
        model = make_model("kazakhstan", political_will=will, moi_resistance=resistance, **quiet())
        model.run_for(40)
        gains[will] = model.ministry.practice - model.scenario.practice
    assert gains[0.8] > 0.2
    assert gains[0.8] > 10 * abs(gains[0.2])


def test_csos_die_without_funding_and_are_born_with_it(make_model) -> None:
    starved = make_model("kyrgyzstan", "no_aid", **quiet(funding_scale=0.0))
    funded = make_model("kyrgyzstan", "civil_society_first", **quiet())
    start = len(starved.csos)
    starved.run_for(40)
    funded.run_for(40)
    assert len(starved.csos) < 0.2 * start
    assert len(funded.csos) > start
    kinds = {e["kind"] for e in funded.timeline}
    assert {"cso_founded"} <= kinds
    assert "cso_closed" in {e["kind"] for e in starved.timeline}


def test_public_council_influence_is_capped_by_state_dominance(make_model) -> None:
    influences = []
    for dominance in (0.0, 0.5, 0.9):
        ministry = make_model("kazakhstan", council_state_dominance=dominance).ministry
        ministry.convene_council(cso_capacity=1.0, council_strength=1.0)
        influences.append(ministry.council_influence)
    cap = ministry.model.scenario.council_influence_cap
    assert influences[0] == pytest.approx(cap)  # never above the cap
    assert influences[0] >= influences[1] > influences[2]
    assert influences[2] < 0.5 * cap


def test_official_polls_inflate_trust_under_fear() -> None:
    pop = _uniform_population(trust=0.27)
    pop.fear[:] = 0.0
    assert pop.official_poll(0.75) == pytest.approx(0.27, abs=1e-3)
    pop.fear[:] = 0.5
    assert pop.official_poll(0.75) > 0.5


def test_kazakh_polls_report_far_more_trust_than_independent_surveys(make_model) -> None:
    model = make_model("kazakhstan", **quiet())
    model.run_for(8)
    values = model.outcomes.current
    assert values["trust_official"] - values["trust"] > 0.2
    assert abs(values["trust_independent"] - values["trust"]) < 0.06


def test_leadership_change_undoes_part_of_the_reforms(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet(practice=0.5, formal_reform=0.7))
    model.regime.change_leader(will=0.1)
    assert 0.0 < model.ministry.practice < 0.5  # partly, not wholly, reversed
    assert model.regime.formal_reform > 0.5  # laws stay on paper more than practice does
    assert model.regime.will == 0.1
    reformer = make_model("kyrgyzstan", **quiet(practice=0.5, formal_reform=0.7))
    reformer.regime.change_leader(will=0.9)
    assert reformer.ministry.practice > model.ministry.practice


def test_a_violent_crisis_drops_trust_most_among_the_minority(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    pop = model.population
    south = model.region_index("south")
    hit = pop.slices[south]
    majority = pop.trust[hit][~pop.minority[hit]].mean()
    minority = pop.trust[hit][pop.minority[hit]].mean()
    north = pop.by_region(pop.trust)[model.region_index("north")]
    politics.crisis(model, south, 0.8)
    assert pop.by_region(pop.trust)[model.region_index("north")] == north
    majority_after = pop.trust[hit][~pop.minority[hit]].mean()
    minority_after = pop.trust[hit][pop.minority[hit]].mean()
    assert majority_after < majority
    assert (minority - minority_after) / minority > (majority - majority_after) / majority
    assert model.casualties > 0
    assert model.regime.crisis_pressure > 0


def test_fear_deters_protest(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    pop = model.population
    pop.grievance[:] = 0.9
    pop.fear[:] = 0.0
    brave = float(pop.decide_protest() @ model.shares)
    pop.fear[:] = 0.5
    afraid = float(pop.decide_protest() @ model.shares)
    assert brave > 0.5
    assert afraid < 0.05


def test_conditional_hardware_moves_the_regime_to_sanction(make_model) -> None:
    effort = {}
    for strategy in ("train_and_equip", "conditional"):
        model = make_model("kyrgyzstan", strategy, **quiet())
        model.run_for(20)
        effort[strategy] = model.regime.compliance_effort
    assert effort["train_and_equip"] == 0.0
    assert effort["conditional"] > 0.02


def test_publicity_raises_sanctions(make_model) -> None:
    ministry = make_model("kazakhstan").ministry
    assert ministry.sanction_probability(1.0) > 1.5 * ministry.sanction_probability(0.0)


def test_dialogue_builds_on_existing_will(make_model) -> None:
    gains = {}
    for will in (0.02, 0.5):
        model = make_model("kazakhstan", political_will=will)
        model.regime.elite_confidence = 1.0
        model.regime.update()
        gains[will] = model.regime.will - will
    assert gains[0.5] > 5 * gains[0.02] > 0


def test_programme_spending_is_recorded_by_type(make_model) -> None:
    model = make_model("kyrgyzstan", "border_management", **quiet())
    model.run_for(8)
    spent = dict(zip(PROGRAMMES, model.spent_by_programme, strict=True))
    assert spent["border_management"] == max(spent.values())
