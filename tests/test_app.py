"""The teaching app's pure-Python parts: controls, run pairing, tables, charts, assets, the page."""

from __future__ import annotations

import functools
import json
import socket
import subprocess
from pathlib import Path
from typing import Any, ClassVar

import ipyvuetify as v
import pandas as pd
import pytest
import solara
from appdriver import ssrsim_command

from ssrsim import resources
from ssrsim.app import agents, charts, frames, page
from ssrsim.app.assets import installed_assets, link_assets, major_aliases
from ssrsim.app.classroom import NO_COMPARISON, Classroom, page_message
from ssrsim.app.components import changed_settings
from ssrsim.app.controls import SLIDERS, parse_more, parse_seed, slider_overrides
from ssrsim.app.exercises import EXERCISES_BY_KEY
from ssrsim.app.page import exercise_settings, initial_settings, preset, titles
from ssrsim.app.server import check_address
from ssrsim.errors import InputError
from ssrsim.scenario import load_scenario
from ssrsim.strategy import load_strategy

COUNTRIES = resources.available("scenarios")
SLIDER = {slider.name: slider for slider in SLIDERS}
#: Small, short runs keep these tests fast; every rate is per capita.
QUICK = "n_citizens=500, horizon=6"


# --- controls --------------------------------------------------------------------------------------
@pytest.mark.parametrize("country", COUNTRIES)
def test_sliders_start_at_the_country_values_and_leave_them_unchanged(country: str) -> None:
    scenario = load_scenario(country)
    positions = {slider.name: slider.default(scenario) for slider in SLIDERS}
    overrides = slider_overrides(positions, scenario)
    for name, value in overrides.items():
        assert value == pytest.approx(float(scenario.parameters[name].value))
    assert set(overrides) == {slider.name for slider in SLIDERS}


def test_the_oversight_slider_is_the_models_own_lever() -> None:
    """The page's oversight strength is the model's oversight_strength: every body scaled together."""
    scenario = load_scenario("kazakhstan")
    assert SLIDER["oversight_strength"].default(scenario) == 1.0
    assert slider_overrides({"oversight_strength": 2.0}, scenario) == {"oversight_strength": 2.0}


def test_a_slider_left_out_keeps_the_scenario() -> None:
    assert slider_overrides({"political_will": 0.9}, load_scenario("tajikistan")) == {"political_will": 0.9}


@pytest.mark.parametrize(
    ("name", "position", "says"), [("political_will", 1.5, "out of range"), ("oversight_strength", "x", "number")]
)
def test_an_impossible_slider_position_is_a_readable_error(name: str, position: object, says: str) -> None:
    with pytest.raises(InputError, match=says) as caught:
        slider_overrides({name: position}, load_scenario("kyrgyzstan"))
    assert name in str(caught.value)


def test_the_seed_is_a_whole_number_from_zero() -> None:
    assert parse_seed(" 12 ") == 12
    for bad, says in (("abc", "whole number"), ("1.5", "whole number"), ("", "whole number"), ("-3", "negative")):
        with pytest.raises(InputError, match=says):
            parse_seed(bad)


def test_more_parameters_are_name_value_pairs() -> None:
    assert parse_more(" crisis_hazard=0 , events_enabled = false;") == {
        "crisis_hazard": "0",
        "events_enabled": "false",
    }
    assert parse_more("") == {}
    with pytest.raises(InputError, match="not name=value"):
        parse_more("crisis_hazard")
    with pytest.raises(InputError, match="slider of its own"):
        parse_more("oversight_strength=2")


# --- the runs the class watches ---------------------------------------------------------------------
def test_one_strategy_makes_one_run() -> None:
    classroom = Classroom(country="tajikistan", strategy="no_aid", more=QUICK)
    assert classroom.error is None
    assert [run.label for run in classroom.runs] == [classroom.runs[0].model.strategy.title]
    assert classroom.running


def test_side_by_side_runs_differ_only_by_strategy() -> None:
    classroom = Classroom(
        country="kazakhstan",
        strategy="train_and_equip",
        compare_with="holistic",
        political_will=0.6,
        seed="3",
        more=QUICK,
    )
    a, b = (run.model for run in classroom.runs)
    assert [run.label[:3] for run in classroom.runs] == ["A: ", "B: "]
    assert (a.strategy.title, b.strategy.title) == (
        load_strategy("train_and_equip").title,
        load_strategy("holistic").title,
    )
    assert a.scenario_name == b.scenario_name == "kazakhstan"
    assert a._seed == b._seed == 3
    for name in ("political_will", "oversight_strength", "n_citizens", "horizon"):
        assert getattr(a.scenario, name) == getattr(b.scenario, name)
    assert a.scenario.political_will == 0.6


def test_stepping_advances_every_run_until_the_horizon() -> None:
    classroom = Classroom(strategy="status_quo", compare_with="civil_society_first", more=QUICK)
    for quarter in range(1, 7):
        classroom.step()
        assert [run.model.steps for run in classroom.runs] == [quarter, quarter]
    assert not classroom.running
    classroom.step()
    assert [run.model.steps for run in classroom.runs] == [6, 6]


@pytest.mark.parametrize(
    ("inputs", "says"),
    [
        ({"seed": "abc"}, "seed must be a whole number"),
        ({"strategy": "nope"}, "'nope'"),
        ({"more": "horizon=1000"}, "out of range"),
        ({"more": "horizn=40"}, "did you mean 'horizon'"),
        ({"political_will": 7.0}, "out of range"),
    ],
)
def test_bad_input_becomes_a_message_not_an_exception(inputs: dict[str, object], says: str) -> None:
    classroom = Classroom(**inputs)
    assert classroom.error is not None
    assert says in classroom.error
    assert classroom.runs == []
    assert not classroom.running
    classroom.step()  # nothing to step, and no exception


# --- tables and charts ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stepped() -> Classroom:
    classroom = Classroom(country="kyrgyzstan", strategy="status_quo", compare_with="train_and_equip", more=QUICK)
    for _ in range(6):
        classroom.step()
    return classroom


def test_outcome_table_is_long_and_labelled(stepped: Classroom) -> None:
    columns = charts.SERIES_BY_KEY["trust"].columns
    table = frames.outcomes(stepped, columns)
    assert list(table.columns) == ["run", "year", "measure", "value", "line"]
    assert len(table) == 2 * 7 * len(columns)
    assert set(table["line"]) == {""}
    assert set(table["measure"]) == set(columns.values())
    assert set(table["run"]) == {run.label for run in stepped.runs}
    assert table["year"].min() == frames.year_span(stepped)[0]


def test_region_table_has_every_unit_every_quarter(stepped: Classroom) -> None:
    table = frames.regions(stepped)
    regions = len(stepped.runs[0].model.police_units)
    assert len(table) == 2 * 7 * regions
    assert table[["corruption", "trust"]].notna().all().all()
    assert set(table["region"]) == {frames.region_name(r.name) for r in stepped.runs[0].model.regions}


def test_event_table_leaves_out_routine_cso_entries(stepped: Classroom) -> None:
    run = stepped.runs[0]
    run.model.log_event("cso_founded", "a new CSO forms", None)
    run.model.log_event("law", "a test law", 0)
    table = frames.events(stepped)
    assert "a new CSO forms" not in set(table["label"])
    row = table[table["label"] == "a test law"].iloc[0]
    assert (row["event"], row["region"]) == ("new law", frames.region_name(run.model.regions[0].name))


def test_names_for_the_page() -> None:
    assert frames.event_name("leadership_change") == "leadership change"
    assert frames.event_name("some_new_kind") == "some new kind"
    assert (frames.region_name("gbao"), frames.region_name("north")) == ("GBAO", "North")


@pytest.mark.parametrize("runs", [1, 2])
def test_every_chart_compiles_and_takes_the_rows(stepped: Classroom, runs: int) -> None:
    span = frames.year_span(stepped)
    for spec in charts.SERIES:
        template = charts.series_template(spec.key, runs, span)
        assert template is charts.series_template(spec.key, runs, span)  # compiled once
        filled = charts.vega_spec(template, frames.outcomes(stepped, spec.columns, frames.keep(stepped), marked=True))
        assert len(filled["datasets"][charts.ROWS]) > 0
        assert ("facet" in template) == (runs > 1)
    regions = frames.regions(stepped)
    for metric in charts.REGION_METRICS:
        assert charts.regions_template(metric, runs, span, regions["region"].nunique())["data"] == {"name": "rows"}
    events = frames.events(stepped)
    assert charts.timeline_template(charts.lanes(events), runs, span)
    assert charts.vega_spec(charts.causes_template(runs, span), frames.trust_changes(stepped))["datasets"]


def test_timeline_lanes_follow_the_event_order() -> None:
    table = pd.DataFrame({"event": ["new law", "zeppelin", "leadership change", "new law"]})
    assert charts.lanes(table) == ("leadership change", "new law", "zeppelin")


# --- offline assets and the server --------------------------------------------------------------------
def test_major_aliases_pick_the_newest_version() -> None:
    names = ["vega@5.21.0", "vega@5.3.1", "vega-lite@5.2.0", "@widgetti", "font-awesome@4.5.0", "katex@0.16.9"]
    aliases = major_aliases([*names, "katex@0"])
    assert aliases == {
        "vega@5": "vega@5.21.0",
        "vega-lite@5": "vega-lite@5.2.0",
        "font-awesome@4": "font-awesome@4.5.0",
    }


def test_the_chart_widgets_files_are_served_under_the_paths_it_asks_for(tmp_path: Path) -> None:
    served = link_assets(installed_assets(), tmp_path)
    for path in (
        "vega@5/build/vega.min.js",
        "vega-lite@5/build/vega-lite.min.js",
        "vega-embed@6/build/vega-embed.min.js",
    ):
        assert (served / path).is_file(), path
    assert (served / "requirejs@2.3.6").is_dir()


def test_an_address_of_another_machine_is_a_readable_error() -> None:
    with pytest.raises(InputError, match="--host") as caught:
        check_address("192.0.2.1", 8765)  # TEST-NET-1: never an address of this machine
    assert "cannot serve the app on 192.0.2.1:8765" in str(caught.value)


def test_a_busy_port_is_a_readable_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match=f"cannot serve the app on 127.0.0.1:{port}"):
            check_address("127.0.0.1", port)
        done = subprocess.run(
            [ssrsim_command(), "app", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 2
    assert "cannot serve the app" in done.stderr
    assert "Traceback" not in done.stderr


# --- the page, without a browser ------------------------------------------------------------------------
def test_the_page_starts_with_the_country_values_and_readable_names() -> None:
    settings = initial_settings("tajikistan")
    assert preset("tajikistan") == {name: settings[name] for name in SLIDER}
    assert settings["compare_with"] == NO_COMPARISON
    assert titles("scenarios")["georgia_2004"] == load_scenario("georgia_2004").title
    assert titles("strategies")["no_aid"] == "No aid"


def test_an_exercise_step_sets_the_controls_and_keeps_a_listed_seed() -> None:
    exercise = EXERCISES_BY_KEY["policy_practice_gap"]
    settings = exercise_settings(exercise.key, 3, seed="2")
    assert settings["country"] == "kazakhstan"
    assert (settings["political_will"], settings["moi_resistance"]) == (0.6, 0.4)
    assert settings["media_freedom"] == preset("kazakhstan")["media_freedom"]
    assert settings["seed"] == "2"
    assert exercise_settings(exercise.key, 0, seed="99")["seed"] == str(exercise.seeds[0])


class RecordingClassroom(Classroom):
    """A classroom that notes the settings each reset built it from."""

    made: ClassVar[list[dict[str, Any]]] = []

    @functools.wraps(Classroom.__init__)
    def __init__(self, **settings: Any) -> None:
        RecordingClassroom.made.append(settings)
        super().__init__(**settings)


def test_a_country_preset_moves_the_sliders_and_resets_use_what_they_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "Classroom", RecordingClassroom)
    _, rc = solara.render(solara.AppLayout(children=[page.Page()]), handle_error=False)

    def control(kind: type, label: str) -> v.VuetifyWidget:
        return next(found.widget for found in rc.find(kind) if found.widget.label.split(":")[0] == label)

    def button(text: str) -> v.Btn:
        return next(found.widget for found in rc.find(v.Btn) if found.widget.children == [text])

    expected = load_scenario("tajikistan").parameters["political_will"].value
    control(v.Select, "Country").v_model = "tajikistan"
    assert control(v.Slider, "Political will").v_model == pytest.approx(expected)
    control(v.Slider, "Political will").v_model = 0.9
    button("Reset").click()
    assert RecordingClassroom.made[-1]["country"] == "tajikistan"
    assert RecordingClassroom.made[-1]["political_will"] == 0.9
    leads = [found.widget.children for found in rc.find(v.Html, tag="strong")]
    assert [load_scenario("tajikistan").title + "."] in leads

    button("Country values").click()
    assert control(v.Slider, "Political will").v_model == pytest.approx(expected)
    button("Reset").click()
    assert RecordingClassroom.made[-1]["political_will"] == pytest.approx(expected)


# --- the controls tell the truth ------------------------------------------------------------------------
def test_run_to_the_end_computes_every_quarter_at_once() -> None:
    classroom = Classroom(strategy="no_aid", compare_with="holistic", more=QUICK)
    classroom.run_to_end()
    assert [run.model.steps for run in classroom.runs] == [6, 6]
    assert not classroom.running
    assert [len(run.ledger) for run in classroom.runs] == [7, 7]


def test_run_b_may_be_another_country_at_its_own_values() -> None:
    classroom = Classroom(country="georgia_2004", compare_country="kyrgyzstan_2003", political_will=0.5)
    a, b = (run.model for run in classroom.runs)
    assert [run.label for run in classroom.runs] == ["A: Georgia from 2004", "B: Kyrgyzstan from 2003"]
    assert a.scenario.political_will == 0.5
    assert b.scenario.political_will == load_scenario("kyrgyzstan_2003").parameters["political_will"].value
    assert frames.year_span(classroom) == (2003.0, 2003.0 + 62 / 4)


def test_errors_name_no_file_and_no_one_point_range() -> None:
    message = Classroom(country="georgia_2004", more="horizon=1000").error
    assert message is not None
    assert "/" not in message.replace("name=value", "")
    assert "plausible range is [34, 34]" not in message
    assert "this scenario fixes it at 34" in message
    error = InputError("bad", file="/somewhere/x.toml", key="k", hint="the scenario's plausible range is [0.2, 0.4].")
    assert page_message(error) == "bad (at key 'k'). Hint: the country's plausible range is [0.2, 0.4]."


def test_the_banner_names_the_controls_that_changed() -> None:
    settings = initial_settings()
    classroom = Classroom(**settings)
    assert changed_settings(settings, classroom) == []
    moved = {**settings, "political_will": 0.9, "country": "tajikistan"}
    assert changed_settings(moved, classroom) == ["country", "political will"]


def test_kept_runs_are_drawn_under_the_run_of_their_place(stepped: Classroom) -> None:
    kept = frames.keep(stepped)
    assert [k.label for k in kept] == [f"{run.label[3:]}, seed 7" for run in stepped.runs]
    table = frames.outcomes(stepped, {"trust": "true trust"}, kept)
    for slot, run in enumerate(stepped.runs):
        mine = table[(table["run"] == run.label) & (table["line"] != "")]
        assert set(mine["line"]) == {kept[slot].label}
    single = Classroom(country="kyrgyzstan", strategy="status_quo", more=QUICK)
    assert set(frames.outcomes(single, {"trust": "true trust"}, kept)["line"]) == {"", kept[0].label}


def test_axes_are_fixed_from_zero() -> None:
    accountability = charts.SERIES_BY_KEY["accountability"]
    assert accountability.percent
    assert accountability.top(pd.Series([0.0003, 0.04])) == 0.1
    assert accountability.top(pd.Series([0.2])) == 0.25
    assert charts.SERIES_BY_KEY["trust"].top(pd.Series([0.01])) == 1.0
    template = charts.regions_template("trust", 1, (2013.0, 2033.0), 3)
    assert template["encoding"]["color"]["scale"]["domain"] == [0.0, 1.0]


def test_the_readout_and_why_trust_moved(stepped: Classroom) -> None:
    table = frames.end_values(stepped, {"trust": "true trust"})
    assert list(table.columns) == [run.label for run in stepped.runs]
    changes = frames.trust_changes(stepped)
    assert len(changes) == 2 * 6 * len(frames.CAUSE_NAMES)
    for run in stepped.runs:
        trust = frames.frame(run)["trust"]
        mine = changes[changes["run"] == run.label].groupby("year")["change"].sum()
        assert mine.to_numpy() == pytest.approx(trust.diff().iloc[1:].to_numpy(), abs=1e-12)


def test_the_agent_tables_read_the_model(stepped: Classroom) -> None:
    model = stepped.runs[0].model
    citizens = agents.citizens(model)
    assert len(citizens) == agents.CITIZEN_SAMPLE
    assert (citizens["declared trust"] >= citizens["true trust"]).all()
    officers = agents.officers(model)
    assert len(officers) == model.force.n
    assert (officers["conduct"] == "takes bribes").sum() == model.force.corrupt.sum()
    assert len(agents.csos(model)) == len(model.csos)
    assert list(agents.oversight(model)["body"]) == [
        "Parliament",
        "Ombudsman",
        "Monitoring commission",
        "Public council",
        "Media",
    ]
    assert agents.donors(model)["eur"].gt(0).all()
    officer_chart = json.dumps(agents.officers_chart(officers))
    assert officer_chart.count('"integrity"') >= len(officers)
