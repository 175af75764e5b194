"""Take the screenshots README and the manual show (docs/screenshots/*.png) in headless chromium.

    .venv/bin/python scripts/readme-screenshots.py

Starts `actieplan serve` (the vendored plan) on a free loopback port, opens each page in
Debian's chromium (/usr/bin/chromium, through Playwright) at 1366 x 768 (a staff laptop) and a
few at 390 x 844 (a phone, `phone-*.png`), and saves the visible part of the page. Re-run after
a page changes and commit the pictures.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.browser import CHROMIUM  # noqa: E402
from support.server import running_server  # noqa: E402

OUT = REPO / "docs" / "screenshots"
PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
SHOTS = {
    "home": "/",
    "action": f"{PLAN}/action/3.12",
    "organisation": "/id/organisation/abb",
    "network": "/network",
    "timeline": "/timeline",
    "questions": "/questions/shared-actions-organisations",
    "completeness": "/completeness",
    "sparql": "/sparql",
    "vocabulary": "/def",
    "dataset": "/dataset",
    "budget": "/budget",
}
# What a phone shows first (390 x 844).
PHONE_SHOTS = {
    "phone-home": "/",
    "phone-network": "/network",
    "phone-organisation": "/id/organisation/opgroeien",
}
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with running_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for viewport, shots in ((LAPTOP, SHOTS), (PHONE, PHONE_SHOTS)):
            page = browser.new_page(viewport=viewport, locale="nl-BE")
            for name, path in shots.items():
                page.goto(server.url(path), wait_until="networkidle")
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"docs/screenshots/{name}.png  <- {path}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
