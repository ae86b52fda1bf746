"""The teaching app's pure-Python parts: controls, run pairing, tables, charts, assets, the page."""

from __future__ import annotations

import functools
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
from ssrsim.app import charts, frames, page
from ssrsim.app.assets import installed_assets, link_assets, major_aliases
from ssrsim.app.classroom import NO_COMPARISON, Classroom
from ssrsim.app.controls import SLIDERS, parse_more, parse_seed, slider_overrides
from ssrsim.app.page import initial_settings, preset, user_inputs
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
    assert list(table.columns) == ["run", "year", "measure", "value"]
    assert len(table) == 2 * 7 * len(columns)
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
        filled = charts.vega_spec(template, frames.outcomes(stepped, spec.columns))
        assert len(filled["datasets"][charts.ROWS]) > 0
        side_by_side = "facet" in template
        assert side_by_side == (runs > 1 and not spec.independent)
    regions = frames.regions(stepped)
    for metric in charts.REGION_METRICS:
        assert charts.regions_template(metric, runs, span, regions["region"].nunique())["data"] == {"name": "rows"}
    events = frames.events(stepped)
    assert charts.timeline_template(charts.lanes(events), runs, span)


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
def test_controls_show_the_settings() -> None:
    settings = initial_settings("tajikistan")
    inputs = user_inputs(settings)
    assert {name: spec["value"] for name, spec in inputs.items()} == {
        k: value for k, value in settings.items() if k != "country"
    }
    assert inputs["compare_with"]["values"][0] == NO_COMPARISON
    assert preset("tajikistan") == {name: settings[name] for name in SLIDER}


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
        return next(found.widget for found in rc.find(kind) if found.widget.label == label)

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
