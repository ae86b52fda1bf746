"""Take the screenshots of the teaching app that docs/teaching.md shows.

Serves ``ssrsim app``, opens it in Debian's Chromium with the browser tests' driver
(tests/appdriver.py) at a projector's 1280x720, sets up an exercise, runs it to the end and saves
the window and single panels, each as a small PNG:

    .venv/bin/python scripts/app_screenshot.py [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from appdriver import TIMEOUT_MS, AppPage, launch_chromium, served_app  # noqa: E402

from ssrsim.app.exercises import EXERCISES_BY_KEY  # noqa: E402

#: Picture file -> the panel it shows (None: the whole window).
SHOTS: dict[str, str | None] = {
    "app-screenshot.png": None,
    "app-why-trust.png": "causes",
    "app-agents.png": "agents",
    "app-exercise.png": "exercise",
}


def save_small(path: Path) -> None:
    """Reduce a screenshot to 256 colours, which keeps it sharp and well under 300 KB."""
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir, served_app(Path(workdir)) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        app = AppPage(browser, url, width=1280, height=720).open()
        app.choose("Exercise", EXERCISES_BY_KEY["georgia"].title)
        expect(app.panel("run")).to_contain_text("A: Georgia from 2004")
        app.press("Run to the end")
        expect(app.panel("run")).to_contain_text("the end of the scenario", timeout=TIMEOUT_MS)
        app.wait_for_charts()
        app.page.wait_for_timeout(2000)  # let the last redraw settle
        for name, panel in SHOTS.items():
            path = args.out / name
            if panel is None:
                app.page.screenshot(path=str(path))
            else:
                app.page.emulate_media(media="print")  # panels flow on one page, without the app bar over them
                app.panel(panel).screenshot(path=str(path))
            save_small(path)
            print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
        browser.close()


if __name__ == "__main__":
    main()
