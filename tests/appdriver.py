"""Drive the teaching app in a real browser: a served ``ssrsim app`` and Debian's Chromium.

Used by the browser tests and by ``scripts/app_screenshot.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Locator, Page, Playwright, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
#: Headless, and quiet: without the last flags Chromium tries to reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: How often to click a chart's menu open before giving up (a redraw can close it).
MENU_TRIES = 5
#: Panels that draw a chart from quarter 0, by the ``ssrsim-<key>`` class of their card.
CHART_PANELS = (
    "trust",
    "accountability",
    "reform",
    "corruption",
    "abuse",
    "repression",
    "success",
    "drivers",
    "regions",
    "agents",
)
START_TIMEOUT_S = 60.0
TIMEOUT_MS = 30_000
# a page redraw can take seconds on a busy machine: every expectation waits as long as an action
expect.set_options(timeout=TIMEOUT_MS)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ssrsim_command() -> str:
    """The ``ssrsim`` console script of the interpreter running this code."""
    found = shutil.which("ssrsim", path=str(Path(sys.executable).parent)) or shutil.which("ssrsim")
    if found is None:
        raise RuntimeError("the ssrsim command is not installed; run pip install -e . first")
    return found


@contextmanager
def served_app(workdir: Path) -> Iterator[str]:
    """Run ``ssrsim app`` on a free port from ``workdir`` and yield its URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (workdir / "ssrsim-app.log").open("w")
    process = subprocess.Popen(
        [ssrsim_command(), "app", "--port", str(port)], cwd=workdir, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_until_up(url, process, workdir / "ssrsim-app.log")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ssrsim app exited with code {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"ssrsim app did not answer at {url} within {START_TIMEOUT_S:.0f} s:\n{log.read_text()}")


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium (Playwright cannot download browsers here), headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class AppPage:
    """The teaching page in a browser tab, with the steps a student takes.

    Requests that leave 127.0.0.1 are blocked and listed in ``external``, failed ones in ``failed``:
    the page must work offline.
    """

    def __init__(self, browser: Browser, url: str, width: int = 1600, height: int = 1000) -> None:
        self.url = url
        self.page: Page = browser.new_page(viewport={"width": width, "height": height})
        self.page.set_default_timeout(TIMEOUT_MS)
        self.external: list[str] = []
        self.failed: list[str] = []
        self.page.route("**/*", self._only_local)
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))

    def _only_local(self, route: Route) -> None:
        if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def open(self) -> AppPage:
        """Load the page and wait until every chart panel has drawn."""
        self.page.goto(self.url)
        self.wait_for_charts()
        return self

    def panel(self, key: str) -> Locator:
        return self.page.locator(f".ssrsim-{key}")

    def wait_for_charts(self) -> None:
        for key in CHART_PANELS:
            self.panel(key).locator("svg.marks").first.wait_for()

    def open_chart_menu(self, key: str) -> Locator:
        """Open the actions menu of a panel's chart and return it.

        A chart redrawn between the click and the check replaces its menu with a closed one, so the
        click is repeated until the menu shows.
        """
        menu = self.panel(key).locator("details").first
        item = menu.get_by_text("Save as PNG")
        for _ in range(MENU_TRIES):
            if menu.get_attribute("open") is None:
                menu.locator("summary").click()
            try:
                item.wait_for(state="visible", timeout=5_000)
                return menu
            except PlaywrightTimeoutError:
                continue
        expect(item).to_be_visible()  # fails, with the page's state in its message
        return menu

    def wait_for_quarter(self, at_least: int) -> None:
        """Wait until the runs have reached quarter ``at_least`` (or later, while playing)."""
        self.page.wait_for_function(
            """n => {
                const shown = document.querySelector('.ssrsim-run')?.innerText.match(/Quarter (\\d+) of/);
                return Boolean(shown) && Number(shown[1]) >= n;
            }""",
            arg=at_least,
            timeout=90_000,  # playing redraws every chart each quarter: slow on a busy 2-core machine
        )

    def chart(self, key: str) -> str:
        """The SVG markup of a panel's chart, to see whether it changed."""
        return self.panel(key).locator("svg.marks").first.inner_html()

    def field(self, label: str) -> Locator:
        """The input control whose label reads ``label``."""
        return self.page.locator(".v-input").filter(has=self.page.locator("label", has_text=label)).first

    def choose(self, label: str, option: str) -> None:
        """Pick ``option`` from a drop-down and wait until the page shows it chosen."""
        field = self.field(label)
        field.locator(".v-select__slot").click()
        exactly = re.compile(rf"^\s*{re.escape(option)}\s*$")
        self.page.locator(".menuable__content__active .v-list-item", has_text=exactly).click()
        expect(field.locator(".v-select__selection")).to_have_text(exactly)

    def slide(self, label: str, key: str) -> str:
        """Press ``key`` (ArrowRight, End, ...) on a slider; returns the value it shows after."""
        thumb = self.field(label).locator("[role=slider]")
        thumb.focus()
        thumb.press(key)
        return thumb.get_attribute("aria-valuenow") or ""

    def type_into(self, label: str, text: str) -> None:
        box = self.field(label).locator("input")
        box.fill(text)
        box.press("Enter")

    def press(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()

    def layout_problems(self) -> list[str]:
        """What a projector would cut: a page wider than the window, a panel or chart beyond the right
        edge, a chart wider than its card."""
        return self.page.evaluate(
            """() => {
                const problems = [];
                const width = window.innerWidth;
                if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways');
                for (const card of document.querySelectorAll('.ssrsim-panel')) {
                    const box = card.getBoundingClientRect();
                    const name = [...card.classList].find(c => c.startsWith('ssrsim-') && c !== 'ssrsim-panel');
                    if (box.right > width + 1) problems.push(`${name} ends at ${box.right}px`);
                    for (const svg of card.querySelectorAll('svg.marks')) {
                        const chart = svg.getBoundingClientRect();
                        if (chart.right > box.right + 1) problems.push(`${name}: a chart ends past its card`);
                    }
                }
                return problems;
            }"""
        )

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.page.close()
