"""The teaching app in a real browser: a served ``ssrsim app`` driven through Debian's Chromium.

Locally these tests skip when Chromium is missing (``scripts/install-browser.sh`` installs it);
under CI (the ``CI`` environment variable set) they fail instead, so that CI never skips them silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from appdriver import CHART_PANELS, TIMEOUT_MS, AppPage, chromium_available, launch_chromium, served_app
from playwright.sync_api import Browser, expect, sync_playwright

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


def steps_shown(app: AppPage, quarter: int) -> None:
    expect(app.panel("run")).to_contain_text(f"Quarter {quarter} of", timeout=TIMEOUT_MS)


def test_the_page_renders_offline_with_every_chart(app: AppPage, tmp_path: Path) -> None:
    for key in CHART_PANELS:
        expect(app.panel(key).locator("svg.marks").first).to_be_visible()
        assert app.panel(key).locator("svg.marks path, svg.marks rect").count() > 3, key
    expect(app.page.get_by_text("What it shows.")).to_have_count(len(CHART_PANELS) + 1)  # and the timeline
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
    app.choose("Donor strategy", "train_and_equip")
    app.choose("Side by side with", "civil_society_first")
    app.press("Reset")
    for _ in range(3):
        app.press("Step")
    steps_shown(app, 3)
    for title in (load_strategy("train_and_equip").title, load_strategy("civil_society_first").title):
        expect(app.panel("run")).to_contain_text(title)
        expect(app.panel("trust").locator("svg.marks")).to_contain_text(title[:12])
    for key, markup in before.items():
        assert app.chart(key) != markup, f"the {key} chart did not change"
    app.press("▶")
    app.wait_for_quarter(6)
    app.press("❚❚")
    expect(app.page.get_by_role("button", name="Step", exact=True)).to_be_enabled()


def test_bad_input_shows_a_message_and_the_page_keeps_working(app: AppPage) -> None:
    app.type_into("Seed", "seven")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_contain_text("the seed must be a whole number, not 'seven'")
    app.press("Step")  # there is nothing to step: the message stays, nothing breaks
    expect(app.page.get_by_role("button", name="Step", exact=True)).to_be_disabled()
    expect(app.page.locator(".ssrsim-error")).to_be_visible()

    app.type_into("Seed", "3")
    app.type_into("More parameters (name=value, ...)", "horizon=9999")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_contain_text("value '9999' for 'horizon' is out of range")

    app.type_into("More parameters (name=value, ...)", "crisis_hazard=0")
    app.press("Reset")
    expect(app.page.locator(".ssrsim-error")).to_have_count(0)
    app.wait_for_charts()
    app.press("Step")
    steps_shown(app, 1)


def test_a_country_preset_sets_the_sliders_to_its_values(app: AppPage) -> None:
    scenario = load_scenario("tajikistan")
    app.choose("Country", "tajikistan")
    for label, name in (("Political will", "political_will"), ("Ministry resistance", "moi_resistance")):
        thumb = app.field(label).locator("[role=slider]")
        expect(thumb).to_have_attribute("aria-valuenow", f"{scenario.parameters[name].value:g}")
    app.press("Reset")
    expect(app.panel("run")).to_contain_text(scenario.title)
    expect(app.panel("regions").locator("svg.marks")).to_contain_text("GBAO")
