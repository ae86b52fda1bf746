"""Officers, personnel policy and a ministry that moves: each mechanism in isolation, each test
failing if its mechanism is removed or inverted."""

from __future__ import annotations

import numpy as np
import pytest

from ssrsim import InputError, SSRModel
from ssrsim.police_force import BRANCHES
from tests.conftest import quiet

PATROL = BRANCHES.index("patrol")


def _unit(model: SSRModel, region: int = 0, branch: int = PATROL) -> np.ndarray:
    return model.force.unit == region * len(BRANCHES) + branch


def _quarters(model: SSRModel, n: int, deterrence: np.ndarray | None = None, pay: float | None = None) -> None:
    """Run only the officers' own rules: socialisation, then each officer's choice on graft."""
    force = model.force
    chance = model.scrutiny.deterrence(force.region, force.patron) if deterrence is None else deterrence
    for _ in range(n):
        force.socialise(np.zeros(force.n_units))
        force.decide_corruption(chance, model.ministry.pay if pay is None else pay)


def test_the_force_follows_the_officers_per_citizen_ratio(make_model) -> None:
    """Officers scale with the citizens at the country's ratio; small runs keep a floor per unit."""
    big = make_model("kyrgyzstan", n_citizens=200_000)
    p = big.scenario
    ratio = p.police_officers / (p.population_millions * 1e6)
    assert big.force.n == pytest.approx(200_000 * ratio, rel=0.02)
    small = make_model("kyrgyzstan", n_citizens=2000)
    assert small.force.serving().min() >= p.min_officers_per_unit
    assert small.force.n_units == len(small.regions) * len(BRANCHES)


def test_branch_shares_that_leave_no_criminal_police_are_refused(make_model) -> None:
    with pytest.raises(InputError, match="no criminal police"):
        make_model("kyrgyzstan", patrol_share=0.7, special_share=0.3)


def test_a_unit_of_corrupt_colleagues_pulls_a_trained_officer_back(make_model) -> None:
    """A course lifts an officer's orientation and turns some from graft; back among corrupt
    colleagues, the orientation fades to the unit's culture and the graft returns."""
    model = make_model("kyrgyzstan", **quiet())
    force = model.force
    trainees = np.flatnonzero(_unit(model) & force.corrupt)[:15]
    disposition = force.disposition[trainees].copy()
    force.orientation[trainees] = 1.0
    force.fresh[trainees] = True  # they reconsider at once
    _quarters(model, 1)
    turned = force.corrupt[trainees].mean()
    assert turned < 0.9
    _quarters(model, 40)
    assert np.abs(force.orientation[trainees] - disposition).max() < 0.05
    assert force.corrupt[trainees].mean() > turned


def test_training_a_whole_unit_fades_more_slowly_than_training_one_officer(make_model) -> None:
    """Colleagues who changed too hold a trainee's orientation up (conformity)."""
    fade = {}
    for everyone in (False, True):
        model = make_model("kyrgyzstan", **quiet())
        force = model.force
        unit = np.flatnonzero(_unit(model))
        trainees = unit if everyone else unit[:1]
        force.orientation[trainees] = np.minimum(force.disposition[trainees] + 0.5, 1.0)
        start = force.orientation[unit[0]] - force.disposition[unit[0]]
        _quarters(model, 8)
        fade[everyone] = (force.orientation[unit[0]] - force.disposition[unit[0]]) / start
    assert fade[True] > fade[False] + 0.1


def test_a_dismissal_and_rehire_wave_changes_the_units_norm(make_model) -> None:
    """Dismissing a unit and hiring screened recruits breaks its norm of graft; with the old
    incentives the rents pull it back up, with a living wage and a real chance of sanction it holds."""
    ends = {}
    for label, pay, deterrence in (("old incentives", None, None), ("new incentives", 1.5, 0.15)):
        model = make_model("kyrgyzstan", **quiet())
        force = model.force
        patrol = _unit(model)
        before = force.corrupt[patrol].mean()
        force.dismiss_and_rehire(PATROL, 1.0, skill=None)
        assert not force.patron[patrol].any()  # all screened recruits
        chance = None if deterrence is None else np.full(force.n, deterrence)
        _quarters(model, 1, chance, pay)
        assert force.corrupt[patrol].mean() < before - 0.2  # the norm is broken
        _quarters(model, 59, chance, pay)
        ends[label] = force.corrupt[patrol].mean()
    assert ends["old incentives"] > 0.7
    assert ends["new incentives"] < 0.45


def test_a_higher_pay_lowers_graft_where_sanctions_bite(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    chance = np.full(model.force.n, 0.1)
    levels = []
    for pay in (0.4, 1.0, 2.0):
        model.force.corrupt[:] = True
        _quarters(model, 80, chance, pay)
        levels.append(model.force.corrupt.mean())
    assert levels[0] > levels[1] > levels[2]


def test_merit_recruits_are_screened_for_integrity(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    force = model.force
    posts = np.arange(force.n)
    force.recruit(posts, merit_share=1.0)
    merit = np.median(force.threshold)
    assert not force.patron.any()
    force.recruit(posts, merit_share=0.0)
    assert force.patron.all()
    assert merit > 1.5 * np.median(force.threshold)


def test_re_certification_dismisses_the_corrupt_it_finds_but_patrons_shield_theirs(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    force = model.force
    corrupt = force.corrupt.copy()
    patron = force.patron.copy()
    dismissed = force.attest(1.0, rigour=1.0, protection=1.0, merit_share=1.0)
    replaced = force.tenure == 0.0
    assert dismissed == replaced.sum() > 0
    assert (corrupt[replaced] & ~patron[replaced]).all()  # only unprotected corrupt officers went
    assert force.attest(1.0, rigour=0.0, protection=0.0, merit_share=1.0) == 0  # no rigour, no finding


def test_will_without_resistance_makes_re_certification_rigorous(make_model) -> None:
    weak = make_model("kyrgyzstan", political_will=0.1, **quiet()).ministry.rigour()
    strong = make_model("kyrgyzstan", political_will=0.9, moi_resistance=0.2, **quiet()).ministry.rigour()
    assert strong > 5 * weak


def test_staff_cuts_keep_the_patrons_people_first(make_model) -> None:
    model = make_model("kyrgyzstan", n_citizens=50_000, **quiet())
    force = model.force
    before = force.patron[force.active].mean()
    cut = force.cut(None, 0.4)
    assert cut > 0
    assert force.active.sum() == force.n - cut
    assert force.patron[force.active].mean() > before + 0.05
    assert not force.corrupt[~force.active].any()


def test_the_ministrys_patronage_is_read_from_its_officers(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    assert model.ministry.patronage == pytest.approx(model.scenario.patronage)
    model.force.dismiss_and_rehire(None, 1.0, skill=None)  # every officer a screened recruit
    assert model.ministry.patronage == 0.0
    assert model.ministry.merit_share() == 1.0


def test_pressure_moves_resistance_only_with_will_and_it_moves_back(make_model) -> None:
    """Pressure beyond what the ministry bore wears resistance down and opens it up, as far as the
    leadership has will; without pressure both drift back to the institution's level."""
    moved = {}
    for will in (0.0, 0.8):
        model = make_model("kyrgyzstan", **quiet())
        ministry = model.ministry
        model.regime.will = will
        for _ in range(20):
            ministry.respond_to_pressure(ministry.pressure0 + 1.0)
        moved[will] = (model.scenario.moi_resistance - ministry.resistance, ministry.transparency)
        if will:
            low = ministry.resistance
            for _ in range(40):
                ministry.respond_to_pressure(ministry.pressure0)
            assert low < ministry.resistance < model.scenario.moi_resistance
    assert moved[0.0][0] == pytest.approx(0.0)
    assert moved[0.8][0] > 0.2
    assert moved[0.8][1] > moved[0.0][1]


def test_falling_pressure_hardens_the_ministry(make_model) -> None:
    model = make_model("kyrgyzstan", **quiet())
    ministry = model.ministry
    for _ in range(20):
        ministry.respond_to_pressure(ministry.pressure0 - 0.5)
    assert ministry.resistance > model.scenario.moi_resistance


def test_a_new_leadership_appoints_its_minister(make_model) -> None:
    reformer = make_model("kyrgyzstan", **quiet())
    reformer.regime.change_leader(will=0.9, reversal=0.0)
    restorer = make_model("kyrgyzstan", **quiet())
    restorer.regime.change_leader(will=0.05, reversal=0.0)
    assert reformer.ministry.resistance < reformer.scenario.moi_resistance < restorer.ministry.resistance


def test_oversight_strength_scales_every_body_together(make_model) -> None:
    base = make_model("kyrgyzstan", **quiet())
    strong = make_model("kyrgyzstan", oversight_strength=2.0, **quiet())
    none = make_model("kyrgyzstan", oversight_strength=0.0, **quiet())
    for b, s, n in zip(base.oversight_bodies, strong.oversight_bodies, none.oversight_bodies, strict=True):
        assert s.powers == pytest.approx(min(2.0 * b.powers, 1.0))
        assert n.powers == 0.0
    assert (strong.scrutiny.detection > base.scrutiny.detection).all()


def test_contacts_meet_officers_of_the_citizens_region_by_branch(make_model) -> None:
    model = make_model("kyrgyzstan", n_citizens=20_000, **quiet())
    force = model.force
    rng = np.random.default_rng(0)
    regions = rng.integers(0, len(model.regions), 50_000)
    met = force.pick(regions, rng.random(regions.size))
    assert (force.region[met] == regions).all()
    patrol, special = (force.branch[met] == b for b in (PATROL, BRANCHES.index("special")))
    per_officer = patrol.sum() / (force.branch == PATROL).sum(), special.sum() / (force.branch == 2).sum()
    assert per_officer[1] / per_officer[0] == pytest.approx(model.scenario.special_contact_weight, rel=0.15)


@pytest.mark.parametrize("event", ["dismissal", "pay", "attestation", "staff_cut", "minister_change"])
def test_personnel_events_run_from_a_scenario(make_model, event: str) -> None:
    """Each personnel event fires on its date from a scenario file and changes what it names."""
    model = make_model("georgia_2004", "no_aid", n_citizens=3000)
    before = (model.force.dismissed, model.ministry.pay, model.ministry.resistance, model.force.active.sum())
    model.run_for(8)
    after = (model.force.dismissed, model.ministry.pay, model.ministry.resistance, model.force.active.sum())
    changed = {
        "dismissal": after[0] > before[0],
        "pay": after[1] == 1.5,
        "attestation": after[0] > before[0],
        "staff_cut": after[3] < before[3],
        "minister_change": after[2] < before[2],
    }
    assert changed[event]
    assert event in {row["kind"] for row in model.timeline}


def test_georgia_runs_as_a_held_out_case() -> None:
    model = SSRModel(scenario="georgia_2004", strategy="status_quo", rng=1, n_citizens=3000)
    model.run_for(model.scenario.horizon)
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["year"].iloc[-1] == pytest.approx(2012.5)
    assert frame["corruption"].iloc[-1] < frame["corruption"].iloc[0]


def test_the_force_settings_are_the_scenarios(make_model) -> None:
    model = make_model("kyrgyzstan", corruption_peer_effect=3.0, human_rights_training_decay=0.2)
    assert model.force.s.peer_effect == 3.0
    assert model.force.s.socialisation_rate == 0.2
