"""Take the screenshot of the teaching app that docs/teaching.md shows.

Serves ``ssrsim app``, opens it in Debian's Chromium with the browser tests' driver
(tests/appdriver.py), sets up a side-by-side comparison, runs it for a while and saves the page:

    .venv/bin/python scripts/app_screenshot.py [--out docs/app-screenshot.png] [--quarters 40]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from appdriver import TIMEOUT_MS, AppPage, launch_chromium, served_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "app-screenshot.png")
    parser.add_argument("--quarters", type=int, default=40, help="quarters to run before the picture")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, served_app(Path(workdir)) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        app = AppPage(browser, url, width=1600, height=2150).open()
        app.choose("Donor strategy", "train_and_equip")
        app.choose("Side by side with", "holistic")
        app.press("Reset")
        for quarter in range(1, args.quarters + 1):
            app.press("Step")
            expect(app.panel("run")).to_contain_text(f"Quarter {quarter} of", timeout=TIMEOUT_MS)
        app.wait_for_charts()
        app.page.wait_for_timeout(2000)  # let the last redraw settle
        args.out.parent.mkdir(parents=True, exist_ok=True)
        app.screenshot(args.out)
        browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
