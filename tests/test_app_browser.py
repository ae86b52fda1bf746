"""The teaching app in a real browser: a served ``ssrsim app`` driven through Debian's Chromium.

Locally these tests skip when Chromium is missing (``scripts/install-browser.sh`` installs it);
under CI (the ``CI`` environment variable set) they fail instead, so that CI never skips them silently.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from appdriver import CHART_PANELS, TIMEOUT_MS, AppPage, chromium_available, launch_chromium, served_app
from playwright.sync_api import Browser, expect, sync_playwright

from ssrsim.app.exercises import EXERCISES_BY_KEY
from ssrsim.app.texts import TITLE
from ssrsim.scenario import load_scenario
from ssrsim.strategy import load_strategy

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not chromium_available():
        message = "Debian's chromium is not installed (scripts/install-browser.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One ``ssrsim app`` for the module, started from a directory outside the repository."""
    with served_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture
def app(browser: Browser, app_url: str) -> Iterator[AppPage]:
    """A fresh tab: Solara gives every tab its own runs."""
    page = AppPage(browser, app_url).open()
    yield page
    page.close()


#: The faint lines of kept runs, as Vega draws them in SVG.
FAINT = "svg.marks path[opacity='0.3'], svg.marks path[stroke-opacity='0.3']"


def steps_shown(app: AppPage, quarter: int) -> None:
    expect(app.panel("run")).to_contain_text(f"Quarter {quarter} of", timeout=TIMEOUT_MS)


def test_the_page_renders_offline_with_every_chart(app: AppPage, app_url: str, tmp_path: Path) -> None:
    with urllib.request.urlopen(app_url, timeout=30) as response:  # the tab's title before any script runs
        assert f"<title>{TITLE}</title>" in response.read().decode("utf-8")
    expect(app.page).to_have_title(TITLE)
    for key in CHART_PANELS:
        expect(app.panel(key).locator("svg.marks").first).to_be_visible()
        assert app.panel(key).locator("svg.marks path, svg.marks rect").count() > 3, key
    expect(app.page.get_by_text("What it shows.")).to_have_count(len(CHART_PANELS) + 2)  # causes, timeline
    expect(app.panel("run")).to_contain_text(load_scenario("kyrgyzstan").title)
    for button in ("Reset", "Step"):
        expect(app.page.get_by_role("button", name=button, exact=True)).to_be_enabled()
    shot = app.screenshot(tmp_path / "app.png")
    assert shot.stat().st_size > 50_000  # a blank page is a few kilobytes
    assert app.external == []
    assert app.failed == []


def test_sliders_strategies_and_steps_change_the_charts(app: AppPage) -> None:
    before = {key: app.chart(key) for key in ("trust", "reform", "success")}
    assert app.slide("Political will", "End") == "1"
    app.choose("Donor strategy", load_strategy("train_and_equip").title)
    app.choose("Side by side with", load_strategy("civil_society_first").title)
    app.press("Reset")
    for _ in range(3):
        app.press("Step")
    steps_shown(app, 3)
    for title in (load_strategy("train_and_equip").title, load_strategy("civil_society_first").title):
        expect(app.panel("run")).to_contain_text(title)
        expect(app.panel("trust").locator("svg.marks")).to_contain_text(title[:12])
    for key, markup in before.items():
        assert app.chart(key) != markup, f"the {key} chart did not change"
    # the longest pause between quarters leaves the page still between redraws, so that the pause
    # button can be clicked on a busy machine
    app.slide("Pause between quarters", "End")
    app.press("▶")
    app.wait_for_quarter(6)
    app.press("❚❚")
    expect(app.page.get_by_role("button", name="Step", exact=True)).to_be_enabled()
    expect(app.page.locator(".ssrsim-readout")).to_contain_text("B − A")


def test_bad_input_shows_a_message_and_the_page_keeps_working(app: AppPage) -> None:
    app.type_into("Seed", "seven")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_contain_text("the seed must be a whole number, not 'seven'")
    # there is nothing to step or play: the buttons say so, and the message stays
    expect(app.page.get_by_role("button", name="Step", exact=True)).to_be_disabled()
    expect(app.page.locator(".ssrsim-error")).to_be_visible()

    app.type_into("Seed", "3")
    app.type_into("More parameters (name=value, ...)", "horizon=9999")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_contain_text("value '9999' for 'horizon' is out of range")
    expect(app.page.locator(".ssrsim-error")).not_to_contain_text(".toml")

    app.type_into("More parameters (name=value, ...)", "crisis_hazard=0")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_have_count(0)
    app.wait_for_charts()
    app.press("Step")
    steps_shown(app, 1)


def test_a_country_preset_sets_the_sliders_to_its_values(app: AppPage) -> None:
    scenario = load_scenario("tajikistan")
    app.choose("Country", scenario.title)
    for label, name in (("Political will", "political_will"), ("Ministry resistance", "moi_resistance")):
        thumb = app.field(label).locator("[role=slider]")
        value = f"{scenario.parameters[name].value:g}"
        expect(thumb).to_have_attribute("aria-valuenow", value)
        expect(app.field(label).locator("label")).to_have_text(f"{label}: {value}")
    expect(app.page.locator(".ssrsim-stale")).to_contain_text("country")  # the charts still show Kyrgyzstan
    app.press("Reset")
    expect(app.page.locator(".ssrsim-stale")).to_have_count(0)
    expect(app.panel("run")).to_contain_text(scenario.title)
    expect(app.panel("regions").locator("svg.marks")).to_contain_text("GBAO")


def test_run_to_the_end_keep_and_the_play_button_at_the_end(app: AppPage) -> None:
    # a short horizon: playing redraws every chart each quarter, seconds apiece on a loaded machine
    app.type_into("More parameters (name=value, ...)", "horizon=8")
    app.press("Reset")
    steps_shown(app, 0)
    app.press("Run to the end")
    expect(app.panel("run")).to_contain_text("Quarter 8 of 8", timeout=TIMEOUT_MS)
    for button in ("▶", "Step", "Run to the end"):
        expect(app.page.get_by_role("button", name=button, exact=True)).to_be_disabled()
    app.press("Keep this run")
    expect(app.page.locator(".ssrsim-controls")).to_contain_text("1 kept runs shown faintly")
    app.type_into("Seed", "8")
    expect(app.page.locator(".ssrsim-stale")).to_contain_text("seed")
    app.press("Reset")
    app.slide("Pause between quarters", "Home")
    app.press("▶")
    expect(app.panel("run")).to_contain_text("the end of the scenario", timeout=2 * TIMEOUT_MS)
    expect(app.page.get_by_role("button", name="▶", exact=True)).to_be_disabled()  # not stuck on pause
    expect(app.panel("trust").locator(FAINT).first).to_be_attached()  # the kept run, under the new one


def test_why_trust_moved_and_the_agents(app: AppPage) -> None:
    expect(app.panel("causes")).to_contain_text("Step or run the model")
    for _ in range(2):
        app.press("Step")
    steps_shown(app, 2)
    causes = app.panel("causes")
    expect(causes.locator("svg.marks")).to_be_visible()
    for cause in ("good police contacts", "bribe demands", "abuse", "violent crises"):
        expect(causes.locator("svg.marks")).to_contain_text(cause)
    expect(causes).to_contain_text("since the start: good police contacts +")
    expect(app.panel("drivers").locator("svg.marks")).to_contain_text("fear's lift to the official poll")
    agents = app.panel("agents")
    for title in ("Citizens (400 of them)", "Officers by unit", "Civil-society organisations", "Oversight bodies"):
        expect(agents.locator("svg.marks", has_text=title)).to_have_count(1)
    expect(agents.locator("svg.marks", has_text="Donors' money, by programme")).to_contain_text("EU")
    before = agents.locator("svg.marks", has_text="Citizens").inner_html()
    app.press("Step")
    steps_shown(app, 3)
    app.page.wait_for_function(
        "html => document.querySelector('.ssrsim-agents svg.marks').innerHTML !== html", arg=before
    )


def test_an_exercise_sets_up_its_runs_and_says_what_to_expect(app: AppPage) -> None:
    exercise = EXERCISES_BY_KEY["georgia"]
    app.choose("Exercise", exercise.title)
    card = app.panel("exercise")
    expect(card).to_contain_text("Expected result (seeds 1, 2, 3)")
    expect(card).to_contain_text(exercise.claims[0].text)
    expect(app.panel("run")).to_contain_text("A: Georgia from 2004")
    expect(app.panel("run")).to_contain_text("B: Kyrgyzstan from 2003")
    expect(app.page.locator(".ssrsim-stale")).to_have_count(0)
    app.press("Run to the end")
    expect(app.panel("run")).to_contain_text("the end of the scenario", timeout=2 * TIMEOUT_MS)
    expect(app.page.locator(".ssrsim-readout")).to_contain_text("corruption")

    app.choose("Exercise", EXERCISES_BY_KEY["policy_practice_gap"].title)
    expect(app.panel("run")).to_contain_text("Kazakhstan, 2013")
    app.press("Set up step 4")
    expect(app.field("Political will").locator("label")).to_have_text("Political will: 0.6")
    expect(app.field("Ministry resistance").locator("label")).to_have_text("Ministry resistance: 0.4")


def test_fits_a_projector_and_prints(browser: Browser, app_url: str) -> None:
    app = AppPage(browser, app_url, width=1280, height=720).open()
    try:
        app.choose("Side by side with", load_strategy("holistic").title)
        app.press("Reset")
        app.press("Run to the end")
        expect(app.panel("run")).to_contain_text("the end of the scenario", timeout=2 * TIMEOUT_MS)
        app.wait_for_charts()
        assert app.layout_problems() == []
        assert app.page.get_by_text("This website runs on").count() == 0  # no badge over the charts
        expect(app.page.get_by_text("PAGE 0")).to_have_count(0)
        app.open_chart_menu("trust")
        app.page.emulate_media(media="print")
        expect(app.page.locator(".ssrsim-controls")).to_be_hidden()
        height = app.page.evaluate("() => document.querySelector('.ssrsim-main').getBoundingClientRect().height")
        assert height > 3000  # every panel is printed, not just the window
    finally:
        app.close()
