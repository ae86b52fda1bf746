"""More mechanisms, each as a small controlled experiment: the same seed with and without the
mechanism (common random numbers), asserting the direction of its effect. Each test fails if its
mechanism is removed or inverted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ssrsim import InputError, SSRModel, civil_society, load_scenario, policing, politics
from ssrsim import delivery as deliver
from ssrsim.outcomes import COLUMNS, INDICES
from ssrsim.police_force import BRANCHES
from ssrsim.population import Population
from ssrsim.programmes import PROGRAMMES
from ssrsim.scenario import EventSpec, Scenario
from tests.conftest import quiet

Build = Callable[..., SSRModel]

#: Dated events on, random ones off: only the events a test schedules happen.
ONLY_DATED = {"events_enabled": True, "crisis_hazard": 0.0, "leadership_hazard": 0.0}


def _event(kind: str, year: float, **fields: Any) -> EventSpec:
    return EventSpec(year=year, kind=kind, label=f"test {kind}", source="test event", **fields)


def _with_events(name: str, *events: EventSpec) -> Scenario:
    """A shipped scenario whose dated events are exactly ``events`` (none: the control)."""
    return replace(load_scenario(name), events=tuple(events))


def _series(model: SSRModel, quarters: int, read: Callable[[SSRModel], Any]) -> np.ndarray:
    """Step the model and read one value after every quarter."""
    values = []
    for _ in range(quarters):
        model.step()
        values.append(read(model))
    return np.array(values)


def _population(n: int = 10000, trust: float = 0.5, regions: int = 1) -> Population:
    shares = np.full(regions, 1.0 / regions)
    pop = Population(np.random.default_rng(0), n, shares, np.zeros(regions), np.full(regions, 0.3), 0.5)
    pop.set_trust(np.full(regions, trust))
    return pop


def _write_strategy(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(
        '[strategy]\ntitle = "Test strategy"\n'
        'description = "A strategy written by a test to isolate one mechanism."\n'
        'source = "test"\n' + body
    )
    return path


# ------------------------------------------------------------------ 1. securitisation
def test_securitisation_cuts_access_to_police_and_lowers_trust(make_model: Build) -> None:
    """Securitisation events (fenced police stations) cut access to good service, which lowers trust;
    access recovers slowly (2% of the gap a quarter)."""
    fenced = make_model(_with_events("kazakhstan", _event("securitisation", 2014.0, severity=0.5)), rng=3, **ONLY_DATED)
    control = make_model(_with_events("kazakhstan"), rng=3, **ONLY_DATED)
    access = _series(fenced, 12, lambda m: float(m.accessibility.mean()))
    trust_fenced = fenced.outcomes.current["trust"]
    _series(control, 12, lambda m: 0.0)
    assert (control.accessibility == 1.0).all()
    assert access[3] == 1.0  # before the event (quarter 5)
    assert access[4] == pytest.approx(0.51)  # halved, then 2% of the gap recovered
    assert np.all(np.diff(access[4:]) > 0)
    assert access[-1] < 0.6
    assert trust_fenced < control.outcomes.current["trust"] - 0.005


def test_securitisation_of_one_region_leaves_the_others_alone(make_model: Build) -> None:
    """Securitisation confined to one region cuts access to the police there only."""
    model = make_model("kazakhstan", **quiet())
    west = model.region_index("west")
    politics.securitise(model, west, 0.3)
    assert model.accessibility[west] == pytest.approx(0.7)
    assert np.delete(model.accessibility, west).tolist() == [1.0] * (len(model.regions) - 1)


# ------------------------------------------------------------------ 2. media exposé
def test_a_media_expose_boosts_publicity_which_then_halves_each_quarter(make_model: Build) -> None:
    """A media exposé adds to publicity (and so to the sanction rate) in its quarter; the boost halves
    every quarter after."""
    expose = make_model(_with_events("kazakhstan", _event("media_expose", 2014.0, severity=0.5)), rng=3, **ONLY_DATED)
    control = make_model(_with_events("kazakhstan"), rng=3, **ONLY_DATED)

    def read(m: SSRModel) -> tuple[float, float]:
        return (m.scrutiny.publicity, m.scrutiny.sanction)

    a = _series(expose, 12, read)
    b = _series(control, 12, read)
    extra_publicity, extra_sanction = (a - b).T
    assert extra_publicity[:4] == pytest.approx([0.0] * 4)  # nothing before the exposé (quarter 5)
    assert extra_publicity[4] == pytest.approx(0.5, abs=1e-3)
    for k in range(5, 9):
        assert extra_publicity[k] == pytest.approx(0.5 * extra_publicity[k - 1], rel=0.05)
    assert extra_publicity[-1] < 0.01
    assert extra_sanction[4] > 0.005
    assert extra_sanction[4] > extra_sanction[6] > 0


def test_a_media_expose_lowers_trust_through_the_news(make_model: Build) -> None:
    """Published misconduct after an exposé lowers trust, the more the more the media sway people."""
    drops = {}
    for influence in (0.0, 2.0, 6.0):
        runs = {}
        for label, events in (("expose", (_event("media_expose", 2014.0, severity=0.5),)), ("control", ())):
            model = make_model(_with_events("kazakhstan", *events), rng=3, media_influence=influence, **ONLY_DATED)
            model.run_for(8)
            runs[label] = model.outcomes.current["trust"]
        drops[influence] = runs["control"] - runs["expose"]
    assert abs(drops[0.0]) < 5e-4
    assert drops[6.0] > drops[2.0] > 1e-3


# ------------------------------------------------------------------ 3. news
def test_published_misconduct_lowers_trust_and_published_sanctions_raise_it() -> None:
    """hear_media: bad news pulls every citizen's trust down, good news up, in the region it is
    published in only."""
    pop = _population(regions=2)
    before = pop.by_region(pop.trust)
    pop.hear_media(np.array([0.2, 0.0]), np.array([0.0, 0.0]))
    after = pop.by_region(pop.trust)
    assert after[0] == pytest.approx(0.8 * before[0])
    assert after[1] == before[1]
    pop.hear_media(np.array([0.0, 0.0]), np.array([0.0, 0.2]))
    assert pop.by_region(pop.trust)[1] == pytest.approx(0.8 * before[1] + 0.2)


def test_the_news_scales_with_media_influence_and_sanctions(make_model: Build) -> None:
    """The model publishes misconduct in proportion to media influence; good news is the share
    sanctioned."""
    bad, good = make_model("kazakhstan", **quiet()).news()
    assert (bad > 0).all()
    assert (good > 0).all()
    assert (good < bad).all()
    louder_bad, _ = make_model("kazakhstan", media_influence=4.0, **quiet()).news()
    silent_bad, silent_good = make_model("kazakhstan", media_influence=0.0, **quiet()).news()
    assert (louder_bad > bad).all()
    assert (silent_bad == 0).all()
    assert (silent_good == 0).all()


# ------------------------------------------------------------------ 4. social influence
def test_social_influence_pulls_trust_toward_the_regional_mean() -> None:
    """Population.influence: spread within a region shrinks, each region's mean is kept, and regions
    do not mix."""
    pop = _population(regions=2)
    pop.trust[pop.slices[1]] = np.clip(pop.trust[pop.slices[1]] + 0.3, 0.0, 1.0)
    means = pop.by_region(pop.trust)
    spread = [pop.trust[s].std() for s in pop.slices]
    pop.influence(0.5)
    assert pop.by_region(pop.trust) == pytest.approx(means)
    assert [pop.trust[s].std() for s in pop.slices] == pytest.approx([0.5 * s for s in spread])


def test_social_influence_makes_opinion_more_uniform_in_the_model(make_model: Build) -> None:
    """Neighbours' influence (social_influence) narrows the spread of trust within each region."""
    spread = {}
    for rate in (0.0, 0.3):
        model = make_model("kyrgyzstan", rng=3, social_influence=rate, **quiet())
        model.run_for(8)
        pop = model.population
        spread[rate] = max(pop.trust[s].std() for s in pop.slices)
    assert spread[0.3] < 0.5 * spread[0.0]


# ------------------------------------------------------------------ 5. CSO outreach and campaigns
def test_cso_outreach_builds_engagement_which_brings_complaints(make_model: Build) -> None:
    """CSO outreach raises civic engagement, and engaged citizens complain more about mistreatment."""
    ends = {}
    for effect in (0.0, 0.3):
        model = make_model("kyrgyzstan", rng=3, outreach_effect=effect, **quiet())
        model.run_for(8)
        ends[effect] = model.outcomes.current
    assert ends[0.0]["engagement"] == 0.0
    assert ends[0.3]["engagement"] > 0.1
    assert ends[0.3]["complaints"] > 1.1 * ends[0.0]["complaints"]


def test_outreach_needs_csos_that_reach_people(make_model: Build) -> None:
    """No reach (cso_reach = 0), no engagement: engagement comes from CSO outreach alone."""
    model = make_model("kyrgyzstan", rng=3, cso_reach=0.0, **quiet())
    model.run_for(4)
    assert model.outcomes.current["engagement"] == 0.0


def test_engagement_strengthens_the_campaign_for_reform(make_model: Build) -> None:
    """Engaged citizens add demand to the CSO campaign; no advocacy, no campaign."""
    model = make_model("kyrgyzstan", **quiet())
    calm = civil_society.campaign(model, 5.0)
    model.population.engagement[:] = 1.0
    model.population.summarise()
    assert civil_society.campaign(model, 5.0) > calm > 0
    assert civil_society.campaign(model, 0.0) == 0.0


def test_a_strong_campaign_forces_adoption_then_cools_down(make_model: Build) -> None:
    """A CSO campaign above the threshold forces a reform within the quarter; then eight quarters pass
    before another can."""
    model = make_model("kyrgyzstan", **quiet())
    regime, p = model.regime, model.scenario
    weak = make_model("kyrgyzstan", **quiet()).regime
    weak.legislate(p.campaign_threshold - 0.01, 0.0)
    before = regime.formal_reform
    regime.legislate(p.campaign_threshold + 0.01, 0.0)
    assert regime.formal_reform - weak.formal_reform > 0.5 * p.petition_gain * p.openness_governance * (1 - before)
    adopted = [1]
    for quarter in range(2, 20):
        formal = regime.formal_reform
        regime.legislate(p.campaign_threshold + 0.01, 0.0)
        if regime.formal_reform - formal > 0.05:
            adopted.append(quarter)
    assert adopted == [1, 10, 19]
    kinds = [e["kind"] for e in model.timeline]
    assert kinds.count("campaign_adoption") == 3


def test_no_adoption_below_the_campaign_threshold(make_model: Build) -> None:
    """A campaign below the threshold adds pressure, never a forced adoption."""
    regime = make_model("kyrgyzstan", **quiet()).regime
    for _ in range(12):
        regime.legislate(regime.model.scenario.campaign_threshold - 0.01, 0.0)
    assert regime.campaign_cooldown == 0
    assert "campaign_adoption" not in [e["kind"] for e in regime.model.timeline]


# ------------------------------------------------------------------ 6. threat and restriction
def test_threat_closes_civic_space_where_repression_is_likely(make_model: Build) -> None:
    """Regime.restrict: civic space closes under threat, the more so with a high propensity to
    repress."""
    ends = {}
    for threat, propensity in ((0.0, 0.45), (0.8, 0.1), (0.8, 0.45), (0.8, 0.9)):
        regime = make_model("kyrgyzstan", repression_propensity=propensity, **quiet()).regime
        for _ in range(40):
            regime.threat = threat
            regime.restrict()
        ends[(threat, propensity)] = regime.civic_space
    assert ends[(0.0, 0.45)] > ends[(0.8, 0.1)] > ends[(0.8, 0.45)] > ends[(0.8, 0.9)]
    assert ends[(0.8, 0.9)] < 0.5 * ends[(0.0, 0.45)]


def test_protest_and_exposure_raise_threat(make_model: Build) -> None:
    """perceive_threat: protest, and civil pressure where will is low, raise the regime's threat."""
    start = make_model("kazakhstan", **quiet()).regime.threat
    threats = {}
    for protest, pressure in ((0.0, 0.0), (0.1, 0.0), (0.0, 0.8)):
        regime = make_model("kazakhstan", **quiet()).regime
        regime.perceive_threat(protest, pressure)
        threats[(protest, pressure)] = regime.threat
    assert threats[(0.0, 0.0)] == pytest.approx(start)
    assert threats[(0.1, 0.0)] > start
    assert threats[(0.0, 0.8)] > start


def test_a_threatened_regime_restricts_civic_space_in_the_model(make_model: Build) -> None:
    """Over a run, a higher sense of threat leaves less civic space, and with it less CSO activity."""
    ends = {}
    for threat in (0.1, 0.9):
        model = make_model("kyrgyzstan", rng=3, threat_perception=threat, **quiet())
        model.run_for(12)
        ends[threat] = model.outcomes.current
    assert ends[0.9]["civic_space_now"] < ends[0.1]["civic_space_now"] - 0.1
    assert ends[0.9]["detection"] < ends[0.1]["detection"]


def test_a_restriction_event_closes_civic_space_which_reopens_slowly(make_model: Build) -> None:
    """A restriction event cuts civic space at once (and detection with it); it reopens only at the
    regime's pace."""
    restricted = make_model(_with_events("kazakhstan", _event("restriction", 2014.0, delta=0.3)), rng=3, **ONLY_DATED)
    control = make_model(_with_events("kazakhstan"), rng=3, **ONLY_DATED)

    def read(m: SSRModel) -> tuple[float, float]:
        return (m.regime.civic_space, m.outcomes.current["detection"])

    a = _series(restricted, 12, read)
    b = _series(control, 12, read)
    gap, detection_gap = (b - a).T
    assert gap[:4] == pytest.approx([0.0] * 4)
    assert gap[4] > 0.25
    assert np.all(np.diff(gap[4:]) < 0)
    assert gap[-1] > 0.1
    assert detection_gap[4] > 0.02


# ------------------------------------------------------------------ 7. violent dispersal
def _protest_run(make_model: Build, shock: float) -> SSRModel:
    model = make_model(
        "kyrgyzstan",
        rng=3,
        crisis_trust_shock=shock,
        **quiet(grievance_base=0.9, protest_threshold=0.05, fear_base=0.0),
    )
    model.run_for(8)
    return model


def test_news_of_violent_dispersal_lowers_trust(make_model: Build) -> None:
    """Protest met with force becomes bad news the next quarter: trust falls with the shock it
    carries."""
    ends = {shock: _protest_run(make_model, shock) for shock in (0.0, 0.3)}
    assert ends[0.0].outcomes.current["protest"] > 0.1  # the experiment has protest to disperse
    assert (ends[0.3].repression_news > 0).all()
    assert (ends[0.0].repression_news == 0).all()
    assert ends[0.3].outcomes.current["trust"] < ends[0.0].outcomes.current["trust"] - 0.02


def test_no_protest_no_dispersal_news(make_model: Build) -> None:
    """Without protest there is nothing to disperse and no news of it."""
    model = make_model("kazakhstan", rng=3, **quiet())
    model.run_for(4)
    assert model.outcomes.current["protest"] == 0.0
    assert (model.repression_news == 0).all()


# ------------------------------------------------------------------ 8. reporting and effectiveness
def test_citizens_reporting_crime_make_the_police_more_effective(make_model: Build) -> None:
    """No trust, no effective policing: more trusting citizens report more, and the police serve
    them better."""
    service = {}
    for slope in (0.0, 0.6):
        model = make_model("kyrgyzstan", reporting_trust_slope=slope, **quiet())
        before = model.force.service.copy()
        model.population.trust[:] = 0.9
        model.population.decide_reporting(model.scenario.reporting_base, slope)
        policing.conduct(model)
        service[slope] = model.force.service / before
    assert service[0.0] == pytest.approx(np.ones(model.force.n))
    assert service[0.6].min() > 1.2
    unit = make_model("kyrgyzstan", **quiet()).police_units[0]
    assert unit.service_factor(1.0) == pytest.approx(2.0 * unit.service_factor(0.0))


# ------------------------------------------------------------------ 9. duplication and coordination
def _delivery_efficiency(make_model: Build, strategy: str, **overrides: Any) -> float:
    """Value (units x unit cost) landing in the programmes' pipelines per euro spent, over 6 quarters."""
    model = make_model("kyrgyzstan", strategy, rng=3, **quiet(**overrides))
    pushed = dict.fromkeys(PROGRAMMES, 0.0)
    for programme, pipeline in model.pipelines.items():

        def record(impulse: float, programme: str = programme, push: Callable = pipeline.push) -> float:
            pushed[programme] += impulse
            return push(impulse)

        pipeline.push = record  # type: ignore[method-assign]
    model.run_for(6)
    value = sum(units * getattr(model.scenario, f"{k}_cost") for k, units in pushed.items())
    return value / float(model.spent_by_programme.sum())


def test_uncoordinated_donors_lose_money_to_duplication(make_model: Build) -> None:
    """Duplication wastes a share of aid that coordination saves: uncoordinated donors deliver less
    per euro spent."""
    none_lost = _delivery_efficiency(make_model, "status_quo", duplication_loss=0.0)
    uncoordinated = _delivery_efficiency(make_model, "status_quo", duplication_loss=0.5, aid_coordination=0.0)
    coordinated = _delivery_efficiency(make_model, "holistic", duplication_loss=0.5, aid_coordination=0.0)
    assert none_lost == pytest.approx(1.0)
    assert uncoordinated == pytest.approx(0.5)
    assert uncoordinated < coordinated < none_lost
    assert coordinated == pytest.approx(1.0 - 0.5 * (1.0 - 0.9))  # holistic coordination is 0.9


def test_duplication_loss_shows_in_outputs(make_model: Build) -> None:
    """Money lost to duplication trains fewer officers."""
    trained = {}
    for loss in (0.0, 0.6):
        model = make_model("kyrgyzstan", "train_and_equip", rng=3, **quiet(duplication_loss=loss, aid_coordination=0.0))
        model.run_for(8)
        trained[loss] = model.outcomes.current["trained"]
    assert trained[0.6] < 0.8 * trained[0.0]


# ------------------------------------------------------------------ 10. redirect vs withhold
_CONDITIONAL = """
[allocation]
equipment = 0.5
training = 0.5

[[conditions]]
programmes = ["equipment"]
requires = "accountability_rising"
window = 4
"""


@pytest.fixture
def conditional_strategies(tmp_path: Path) -> dict[str, Path]:
    """Two strategies that tie equipment to rising accountability; one withholds, one redirects."""
    return {
        "withhold": _write_strategy(tmp_path, "withhold", _CONDITIONAL + 'otherwise = "withhold"\n'),
        "redirect": _write_strategy(
            tmp_path, "redirect", _CONDITIONAL + 'otherwise = "redirect"\nredirect_to = { cso_grants = 1.0 }\n'
        ),
    }


def test_redirected_money_is_offered_elsewhere_and_withheld_money_is_not(
    make_model: Build, conditional_strategies: dict[str, Path]
) -> None:
    """When a condition fails, redirect moves the tied money to other programmes; withhold keeps it
    back."""
    equipment, grants = PROGRAMMES.index("equipment"), PROGRAMMES.index("cso_grants")
    offers = {}
    for how, path in conditional_strategies.items():
        model = make_model("kyrgyzstan", path, **quiet())
        donor = model.donor("eu")
        assert not deliver.condition_met(model, model.strategy.conditions[0])  # no history yet: not met
        offers[how] = donor.plan()
        money = donor.budget / 4.0
    assert offers["withhold"][equipment] == offers["redirect"][equipment] == 0.0
    assert offers["withhold"].sum() == pytest.approx(0.5 * money)
    assert offers["withhold"][grants] == 0.0
    assert offers["redirect"].sum() == pytest.approx(money)
    assert offers["redirect"][grants] == pytest.approx(0.5 * money)


def test_redirected_money_is_spent_and_withheld_money_is_not(
    make_model: Build, conditional_strategies: dict[str, Path]
) -> None:
    """Over a run, redirect spends the failing programmes' money on others; withhold spends less."""
    spent = {}
    for how, path in conditional_strategies.items():
        model = make_model("kyrgyzstan", path, rng=3, **quiet())
        model.run_for(8)
        followers = [d for d in model.donors if d.follows_strategy]
        spent[how] = sum(d.spent for d in followers) / sum(d.allocated for d in followers)
    assert spent["redirect"] > spent["withhold"] + 0.1


def test_a_met_condition_leaves_the_money_where_it_was(
    make_model: Build, conditional_strategies: dict[str, Path]
) -> None:
    """Conditions act only when they fail: with accountability rising, the tied programme is funded."""
    model = make_model("kyrgyzstan", conditional_strategies["withhold"], **quiet())
    model.outcomes.history["accountability"][:] = [0.0]
    model.outcomes.history["accountability"].append(1.0)
    assert deliver.condition_met(model, model.strategy.conditions[0])
    offers = model.donor("eu").plan()
    assert offers[PROGRAMMES.index("equipment")] > 0
    assert offers[PROGRAMMES.index("equipment")] == pytest.approx(offers[PROGRAMMES.index("training")])


def test_a_programme_tied_by_two_conditions_counts_once_in_the_conditional_share(
    make_model: Build, tmp_path: Path
) -> None:
    """The share of aid riding on conditions is a share of the plan: a programme under two
    conditions is still only its own money."""
    twice = _CONDITIONAL + '\n[[conditions]]\nprogrammes = ["equipment"]\nrequires = "practice_rising"\nwindow = 4\n'
    path = _write_strategy(tmp_path, "twice", twice)
    model = make_model("kyrgyzstan", path, **quiet())
    for outcome in ("accountability", "practice_now"):  # both conditions met, so none moves the money
        model.outcomes.history[outcome][:] = [0.0, 1.0]
    assert all(deliver.condition_met(model, condition) for condition in model.strategy.conditions)
    donor = model.donor("eu")
    donor.plan()
    assert donor.conditional_share == pytest.approx(0.5)


# ------------------------------------------------------------------ 11. phases
def test_a_phase_holds_only_within_its_years(make_model: Build, tmp_path: Path) -> None:
    """A strategy phase (years 1-2 here: quarters 4 to 7) sets funding and allocation only within
    its window."""
    path = _write_strategy(
        tmp_path,
        "phased",
        "[allocation]\ntraining = 1.0\n\n[[phases]]\nfrom_years = 1\nuntil_years = 2\nfunding = 2.0\n"
        "[phases.allocation]\ndialogue = 1.0\n",
    )
    model = make_model("kyrgyzstan", path, rng=3, **quiet())
    eu = model.donor("eu")
    training = PROGRAMMES.index("training")
    allocated, spent_training = [], []
    for _ in range(12):
        before, trained_before = eu.allocated, model.spent_by_programme[training]
        model.step()
        allocated.append(eu.allocated - before)
        spent_training.append(model.spent_by_programme[training] - trained_before)
    base = eu.budget / 4.0
    assert allocated == pytest.approx([base] * 4 + [2.0 * base] * 4 + [base] * 4)
    assert [s > 0 for s in spent_training] == [True] * 4 + [False] * 4 + [True] * 4


# ------------------------------------------------------------------ 12. delivery
def test_rule_of_law_builds_judicial_capacity_which_raises_sanctions(make_model: Build) -> None:
    """Rule-of-law aid builds judicial capacity, and courts that can sanction raise the sanction
    rate."""
    model = make_model("kazakhstan", **quiet())
    ministry = model.ministry
    sanction = ministry.sanction_probability(model.scrutiny.publicity)
    deliver.rule_of_law(model, 0.0)
    assert ministry.judicial_capacity == 0.0
    deliver.rule_of_law(model, 2.0)
    assert ministry.judicial_capacity > 0.02
    assert ministry.sanction_probability(model.scrutiny.publicity) > sanction
    inert = make_model("kazakhstan", rule_of_law_effect=0.0, **quiet())
    deliver.rule_of_law(inert, 2.0)
    assert inert.ministry.judicial_capacity == 0.0


def test_oversight_support_strengthens_the_state_bodies_not_the_media(make_model: Build) -> None:
    """Oversight support adds capacity to parliament, ombudsman, commissions and councils (not the
    media), raising their strength and detection."""
    model = make_model("kyrgyzstan", **quiet())
    strength = {b.kind: b.strength() for b in model.oversight_bodies}
    detection = model.scrutiny.detection.copy()
    deliver.oversight_support(model, 2.0)
    for body in model.oversight_bodies:
        if body.kind == "media":
            assert body.support == 0.0
            assert body.strength() == strength["media"]
        else:
            assert body.support > 0.05
            assert body.strength() > strength[body.kind]
    model._oversee()
    assert (model.scrutiny.detection > detection).all()


def test_disaster_preparedness_builds_rapport_that_opens_the_door(make_model: Build) -> None:
    """Disaster-preparedness cooperation builds rapport, which raises consent to governance aid."""
    model = make_model("tajikistan", **quiet())
    regime = model.regime
    acceptance = regime.governance_acceptance(0.0)
    deliver.disaster_preparedness(model, 2.0)
    assert regime.rapport > 0.02
    assert regime.governance_acceptance(0.0) > acceptance


def test_governance_programmes_move_their_targets_in_a_run(make_model: Build) -> None:
    """Delivered through the pipelines, oversight support and dialogue strategies move judicial
    capacity, the bodies' support and rapport above what no aid leaves."""
    ends = {}
    for strategy in ("no_aid", "oversight_support", "dialogue"):
        model = make_model("kyrgyzstan", strategy, rng=3, **quiet())
        model.run_for(12)
        support = max(b.support for b in model.oversight_bodies)
        ends[strategy] = (model.ministry.judicial_capacity, support, model.regime.rapport)
    assert ends["oversight_support"][0] > ends["no_aid"][0]
    assert ends["oversight_support"][1] > ends["no_aid"][1] == 0.0
    assert ends["dialogue"][2] > ends["no_aid"][2] == 0.0


# ------------------------------------------------------------------ 13. initial calibration
@pytest.mark.parametrize(
    ("scenario", "trust"), [("kazakhstan", None), ("kyrgyzstan", None), ("tajikistan", None), ("kyrgyzstan", 0.33)]
)
def test_the_start_is_calibrated_to_the_observed_trust_and_corruption(
    make_model: Build, scenario: str, trust: float | None
) -> None:
    """At quarter 0, mean trust is the scenario's initial_trust, each unit's rank and file are as
    corrupt as observed, and every officer's choice is a resting point: asked again, none changes."""
    overrides = {} if trust is None else {"initial_trust": trust}
    model = make_model(scenario, "no_aid", rng=3, n_citizens=5000, **quiet(funding_scale=0.0, **overrides))
    p = model.scenario
    start = model.datacollector.get_model_vars_dataframe().iloc[0]
    assert start["trust"] == pytest.approx(p.initial_trust, abs=0.01)
    force = model.force
    rank = ~force.senior
    for region in model.regions:
        target = min(max(p.police_corruption + region.corruption_offset, 0.01), 0.99)
        for branch in range(len(BRANCHES)):
            officers = rank & (force.unit == region.index * len(BRANCHES) + branch)
            assert force.corrupt[officers].mean() == pytest.approx(target, abs=1.0 / officers.sum())
    choices = force.corrupt.copy()
    force.s = replace(force.s, adjust_rate=1.0)
    force.decide_corruption(model.scrutiny.deterrence(force.region, force.patron), model.ministry.pay)
    assert (force.corrupt == choices).all()


def test_the_start_is_a_resting_point(make_model: Build) -> None:
    """Without aid or events, trust and corruption stay where they start: every later change comes
    from a change in behaviour."""
    model = make_model(
        "kyrgyzstan", "no_aid", rng=3, n_citizens=5000, min_officers_per_unit=400, **quiet(funding_scale=0.0)
    )
    model.run_for(8)
    frame = model.datacollector.get_model_vars_dataframe()
    assert (frame["trust"] - frame["trust"].iloc[0]).abs().max() < 0.005
    assert (frame["corruption"] - frame["corruption"].iloc[0]).abs().max() < 0.02  # turnover's noise
    regional = model.population.by_region(model.population.trust)
    rates = model.conduct_rates
    worse = int(np.argmax(rates["bribe"] + 2 * rates["abuse"]))
    assert regional[worse] == min(regional)  # where the police extort and abuse more, trust rests lower


# ------------------------------------------------------------------ 14. boundary sweep
def _bounds(pdef: Any, name: str) -> list[Any]:
    if pdef.kind is bool:
        return [False, True]
    lo, hi = pdef.bounds
    if name == "n_citizens":
        return [lo]  # the upper bound is memory, not behaviour
    return [lo, hi]


#: Bounds the sweep leaves to their own tests: a start year after the scenario's dated events, and
#: branch shares that leave no criminal police, are refused.
_OWN_TEST = {("start_year", 2100), ("patrol_share", 1.0), ("special_share", 1.0)}


@pytest.mark.parametrize(
    "scenario",
    [
        "kyrgyzstan",
        pytest.param("kazakhstan", marks=pytest.mark.slow),
        pytest.param("tajikistan", marks=pytest.mark.slow),
    ],
)
def test_every_parameter_at_its_schema_bounds_runs_and_stays_valid(scenario: str) -> None:
    """Each parameter at its lower and upper schema bound (the others at their values): the model
    builds and runs, outcomes stay finite and indices in [0, 1]; nothing is refused (regional
    shares are rescaled to add up to one; a share of zero leaves the other regions' whole)."""
    spec = load_scenario(scenario)
    problems = []
    for name, param in spec.parameters.items():
        for value in _bounds(param.definition, name):
            if (name, value) in _OWN_TEST:
                continue
            try:
                model = SSRModel(spec, "holistic", rng=1, **{"n_citizens": 200, name: value})
            except InputError as error:
                problems.append(f"{name}={value}: refused: {error}")
                continue
            try:
                model.run_for(4)
            except Exception as error:
                problems.append(f"{name}={value}: {type(error).__name__}: {error}")
                continue
            frame = model.datacollector.get_model_vars_dataframe()
            values = frame[list(COLUMNS)].astype(float)
            bad = [c for c in COLUMNS if not np.isfinite(values[c]).all()]
            bad += [c for c in INDICES if not values[c].between(0.0, 1.0).all()]
            if bad:
                problems.append(f"{name}={value}: {sorted(set(bad))}")
    assert problems == []


def test_a_start_year_after_the_scenario_events_is_refused_clearly() -> None:
    """start_year at its schema bound (2100) with the scenario's dated events: an InputError naming
    start_year, never a scheduler error."""
    with pytest.raises(InputError, match="start_year"):
        SSRModel("kyrgyzstan", "status_quo", rng=1, n_citizens=200, start_year=2100)
