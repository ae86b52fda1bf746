"""Scenario and strategy files: provenance, validation and the errors a user sees."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from ssrsim import InputError, SSRModel, load_scenario, load_strategy
from ssrsim.parameters import GLOBAL
from ssrsim.programmes import PROGRAMMES
from ssrsim.resources import available

STRATEGIES = {
    "no_aid",
    "status_quo",
    "train_and_equip",
    "border_management",
    "community_policing",
    "civil_society_first",
    "oversight_support",
    "dialogue",
    "conditional",
    "holistic",
    "training_of_trainers",
}


def test_the_eleven_strategies_ship() -> None:
    assert set(available("strategies")) >= STRATEGIES


@pytest.mark.parametrize("name", ["kazakhstan", "kyrgyzstan", "tajikistan"])
def test_every_parameter_has_a_value_and_a_source(name: str) -> None:
    spec = load_scenario(name)
    assert set(GLOBAL) <= set(spec.parameters)
    for param in spec.parameters.values():
        assert param.source.strip(), param.name
        if param.range is not None:
            assert param.range[0] <= float(param.value) <= param.range[1], param.name


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_strategies_describe_themselves(name: str) -> None:
    strategy = load_strategy(name)
    assert len(strategy.description) > 100
    assert strategy.source
    if strategy.allocation is not None:
        assert strategy.allocation.sum() == pytest.approx(1.0)


def test_countries_have_their_regions() -> None:
    assert load_scenario("kyrgyzstan").regions == ("north", "south")
    assert "gbao" in load_scenario("tajikistan").regions
    assert "west" in load_scenario("kazakhstan").regions


def _error(call) -> InputError:
    with pytest.raises(InputError) as info:
        call()
    return info.value


def test_unknown_scenario_names_the_choices() -> None:
    err = _error(lambda: SSRModel("kyrgystan"))
    assert "kyrgyzstan" in str(err)
    assert err.hint
    assert "did you mean" in err.hint


def test_unknown_strategy() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan", "civil_society"))
    assert "civil_society_first" in str(err)


def test_unknown_parameter_suggests_the_closest() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan", politcal_will=0.3))
    assert err.key is None or "politcal_will" in str(err)
    assert "political_will" in err.hint


def test_out_of_range_value_names_key_range_and_plausible_range() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan", political_will=1.5))
    assert err.key == "political_will"
    assert "[0, 1]" in err.allowed
    assert "plausible" in err.hint


def test_wrong_type_is_rejected() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan", n_citizens="many"))
    assert "number" in str(err)
    err = _error(lambda: SSRModel("kyrgyzstan", n_citizens=1000.5))
    assert "whole number" in str(err)


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\ntitle = "x\ncountry = "y"\n')
    err = _error(lambda: load_scenario(bad))
    assert str(bad) in str(err)
    assert "TOML" in str(err)


def _country_copy(tmp_path: Path, edit) -> Path:
    text = (Path(load_scenario("kyrgyzstan").path)).read_text()
    path = tmp_path / "custom.toml"
    path.write_text(
        edit(text).replace('extends = "_base"', f'extends = "{load_scenario("kyrgyzstan").path.parent}/_base.toml"')
    )
    return path


def test_a_missing_parameter_is_an_error_not_a_default(tmp_path: Path) -> None:
    path = _country_copy(tmp_path, lambda t: re.sub(r"\npolitical_will = .*\n", "\n", t))
    err = _error(lambda: load_scenario(path))
    assert "political_will" in str(err)
    assert "does not set" in str(err)


def test_unknown_key_in_a_scenario_file(tmp_path: Path) -> None:
    path = _country_copy(
        tmp_path,
        lambda t: t.replace("[parameters]\n", '[parameters]\npolitical_wil = { value = 0.3, source = "x x x" }\n', 1),
    )
    err = _error(lambda: load_scenario(path))
    assert "political_wil" in str(err)
    assert "political_will" in err.hint


def test_value_outside_its_stated_range(tmp_path: Path) -> None:
    path = _country_copy(
        tmp_path, lambda t: re.sub(r"political_will = \{ value = [0-9.]+", "political_will = { value = 0.9", t)
    )
    err = _error(lambda: load_scenario(path))
    assert "outside its stated range" in str(err)
    assert err.key == "political_will"


def test_region_shares_moved_by_an_override_are_rescaled_to_add_up_to_one() -> None:
    values = load_scenario("kyrgyzstan").values({"region_north_population_share": 0.9})
    north, south = values["region_north_population_share"], values["region_south_population_share"]
    assert north == pytest.approx(0.9 / 1.45)
    assert south == pytest.approx(0.55 / 1.45)
    model = SSRModel("kyrgyzstan", region_north_population_share=0.9, n_citizens=500, rng=1)
    assert model.shares.sum() == pytest.approx(1.0)
    assert model.shares[0] == pytest.approx(0.9 / 1.45)


def test_a_region_too_small_for_one_citizen_still_gets_one() -> None:
    """Rescaled shares can leave a region under one citizen's worth; it gets one, taken from the
    largest, so that its means are defined."""
    shares = {"region_cities_population_share": 0.01, "region_provinces_population_share": 1.0}
    model = SSRModel("kazakhstan", n_citizens=100, rng=1, region_west_population_share=1.0, **shares)
    assert model.population.region_size[0] == 1.0
    assert model.population.region_size.sum() == 100.0
    model.run_for(2)
    assert np.isfinite(model.datacollector.get_model_vars_dataframe().to_numpy(dtype=float)).all()


def test_region_shares_that_are_all_zero_are_refused() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan", region_north_cso_presence=0.0, region_south_cso_presence=0.0))
    assert "all zero" in str(err)
    assert "region_south_cso_presence" in err.key


def test_a_files_shares_that_miss_one_are_refused(tmp_path: Path) -> None:
    old = "population_share = { value = 0.45, range = [0.4, 0.5]"
    path = _country_copy(tmp_path, lambda t: t.replace(old, old.replace("0.45", "0.5")))
    err = _error(lambda: load_scenario(path))
    assert "sum to" in str(err)


def test_a_custom_strategy_file_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[strategy]\ntitle = "x"\ndescription = "a description that is long enough"\nsource = "assumption: test"\n'
        "[allocation]\nequipment = 1.0\ntrainig = 1.0\n"
    )
    err = _error(lambda: load_strategy(path))
    assert "trainig" in str(err)
    assert str(path) in str(err)


def test_a_custom_strategy_file_runs(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[strategy]\ntitle = "Mine"\ndescription = "all money on community policing pilots"\n'
        'source = "assumption: test"\n'
        "[allocation]\ncommunity_policing = 1.0\n"
    )
    model = SSRModel("kyrgyzstan", path, rng=1, n_citizens=500)
    model.run_for(4)
    spent = dict(zip(PROGRAMMES, model.spent_by_programme, strict=True))
    assert spent["community_policing"] > 0
    # only donors that keep their own mix (foundations, UN agencies) spend on anything else, and
    # none of them buys equipment, training or defence cooperation
    assert spent["equipment"] == spent["training"] == spent["defence_cooperation"] == 0


def test_a_start_year_after_the_dated_events_is_refused() -> None:
    err = _error(lambda: SSRModel("kyrgyzstan_2003", start_year=2010))
    assert err.key == "start_year"
    assert "dated events" in str(err)


def test_an_edit_to_a_parent_scenario_is_seen_on_the_next_load(tmp_path: Path) -> None:
    """Scenarios are cached, but the cache watches every file of the extends chain."""
    shipped = load_scenario("kyrgyzstan").path.parent
    base = tmp_path / "_base.toml"
    base.write_text((shipped / "_base.toml").read_text())
    child = tmp_path / "child.toml"
    child.write_text((shipped / "kyrgyzstan.toml").read_text().replace('extends = "_base"', f'extends = "{base}"'))
    before = load_scenario(child).values()["n_citizens"]
    base.write_text(re.sub(r"n_citizens = \{ value = \d+", "n_citizens = { value = 2500", base.read_text()))
    assert before != 2500
    assert load_scenario(child).values()["n_citizens"] == 2500


_STRATEGY_HEAD = (
    '[strategy]\ntitle = "x"\ndescription = "a description that is long enough"\nsource = "assumption: test"\n'
    "[allocation]\nequipment = 0.5\ntraining = 0.5\n"
)


def test_a_phase_counts_years_from_the_start_not_calendar_years(tmp_path: Path) -> None:
    path = tmp_path / "phased.toml"
    path.write_text(_STRATEGY_HEAD + "[[phases]]\nfrom_years = 2014\nuntil_years = 2016\nfunding = 2.0\n")
    err = _error(lambda: load_strategy(path))
    assert "from_years" in str(err)
    assert "years after the start" in str(err)


def test_a_phase_must_end_after_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "phased.toml"
    path.write_text(_STRATEGY_HEAD + "[[phases]]\nfrom_years = 3\nuntil_years = 2\nfunding = 2.0\n")
    err = _error(lambda: load_strategy(path))
    assert err.key == "phases[0]"


def test_an_unknown_condition_names_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "conditional.toml"
    path.write_text(
        _STRATEGY_HEAD + '[[conditions]]\nprogrammes = ["equipment"]\nrequires = "accountability_risng"\nwindow = 4\n'
    )
    err = _error(lambda: load_strategy(path))
    assert "accountability_risng" in str(err)
    assert "accountability_rising" in str(err) + (err.hint or "")


def test_a_misspelt_parent_or_a_missing_key_names_the_table_and_the_closest_name(tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text('[scenario]\ntitle = "t"\ndescription = "d"\ncountry = "x"\nextends = "kyrgyzstn"\n')
    with pytest.raises(InputError, match="did you mean 'kyrgyzstan'"):
        load_scenario(child)
    child.write_text('[scenario]\ndescription = "d"\ncountry = "x"\nextends = "kyrgyzstan"\n')
    with pytest.raises(InputError, match="the table 'scenario' takes the keys title, description"):
        load_scenario(child)


def test_the_scenario_format_doc_example_loads_with_the_values_it_shows(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    example = tmp_path / "my.toml"
    example.write_text(re.search(r"```toml\n(.*?)```", doc, re.S).group(1), encoding="utf-8")
    spec = load_scenario(example)
    assert spec.parameters["political_will"].value == 0.4
    assert spec.parameters["region_south_ethnic_tension"].value == 0.6
    assert (
        spec.parameters["region_north_ethnic_tension"].value
        == load_scenario("kyrgyzstan").parameters["region_north_ethnic_tension"].value
    )  # regions merge field by field
    assert [event.label for event in spec.events] == ["A new president"]  # events replace the parent's


def test_a_scalar_where_a_table_belongs_is_named_with_the_table_it_should_be(tmp_path: Path) -> None:
    head = '[scenario]\ntitle = "t"\ncountry = "x"\nextends = "kyrgyzstan"\n'
    child = tmp_path / "child.toml"
    child.write_text(head + "[parameters]\npolitical_will = 0.3\n")
    with pytest.raises(
        InputError, match=r"a table is expected.*the table 'parameters.political_will' takes the keys value"
    ):
        load_scenario(child)
    child.write_text(head + "[regions]\nnorth = 3\n")
    with pytest.raises(InputError, match=r"in the table 'regions.north', each entry takes the keys value"):
        load_scenario(child)
    child.write_text(head + '[[events]]\nyear = 2015\nkind = "law"\nlabel = "l"\nsource = "abc"\nbogus = 1\n')
    with pytest.raises(InputError, match=r"\[\[events\]\] entry 1 takes the keys year, kind"):
        load_scenario(child)
    child.write_text(head + "[events]\nyear = 2015\n")
    with pytest.raises(InputError, match=r"a list is expected.*each \[\[events\]\] entry takes the keys year, kind"):
        load_scenario(child)


def test_a_declared_provenance_decides_whether_a_value_is_varied(tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text(
        '[scenario]\ntitle = "t"\ncountry = "x"\nextends = "kyrgyzstan"\n[parameters]\n'
        'political_will = { value = 0.3, range = [0.2, 0.4], source = "assumption: x", provenance = "measured" }\n'
        'civic_space = { value = 0.7, range = [0.6, 0.8], source = "measured: x", provenance = "assumed" }\n'
    )
    free = load_scenario(child).free_parameters()
    assert "political_will" not in free
    assert "civic_space" in free


def test_a_validators_own_message_comes_without_the_keys_of_the_table_around_it(tmp_path: Path) -> None:
    strategy = tmp_path / "mine.toml"
    strategy.write_text(
        '[strategy]\ntitle = "t"\ndescription = "a description long enough to pass"\nsource = "a source"\n'
        "[allocation]\ntraining = 1\nphases = 3\n"
    )
    with pytest.raises(InputError, match="unknown programme 'phases'; the programmes are equipment") as caught:
        load_strategy(strategy)
    assert "takes the keys" not in str(caught.value)
