"""Take the screenshots README and the manual show (docs/screenshots/*.png) in headless chromium.

    .venv/bin/python scripts/readme-screenshots.py

    .venv/bin/python scripts/readme-screenshots.py follow-up mid-term   # only these

Starts `actieplan serve` (the vendored plan) on a free loopback port, opens each page in
Debian's chromium (/usr/bin/chromium, through Playwright) at 1366 x 768 (a staff laptop) and a
few at 390 x 844 (a phone, `phone-*.png`), and saves the visible part of the page. The
follow-up pages (`FOLLOW_UP_SHOTS`) are taken on a second server with the tests' example
ledger (tests/support/progress_ledger.py), since the vendored plan has no progress reports.
Re-run after a page changes and commit the pictures.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

import tempfile  # noqa: E402

from support.browser import CHROMIUM  # noqa: E402
from support.progress_ledger import write_ledger  # noqa: E402
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
# The follow-up, on the example ledger (laptop size).
FOLLOW_UP_SHOTS = {
    "follow-up": "/follow-up?as_of=2022-06-30",
    "mid-term": "/follow-up/mid-term",
    "action-progress": f"{PLAN}/action/3.9#progress",
    "timeline-follow-up": "/timeline?as_of=2021-06-30&objective=3#chart-heading",
}
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def take(browser, server, viewport: dict, shots: dict[str, str], only: set[str]) -> None:
    page = browser.new_page(viewport=viewport, locale="nl-BE")
    for name, path in shots.items():
        if only and name not in only:
            continue
        page.goto(server.url(path), wait_until="networkidle")
        page.screenshot(path=str(OUT / f"{name}.png"))
        print(f"docs/screenshots/{name}.png  <- {path}")
    page.close()


def main(only: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        if not only or only & (set(SHOTS) | set(PHONE_SHOTS)):
            with running_server() as server:
                take(browser, server, LAPTOP, SHOTS, only)
                take(browser, server, PHONE, PHONE_SHOTS, only)
        if not only or only & set(FOLLOW_UP_SHOTS):
            with tempfile.TemporaryDirectory() as folder:
                ledger = write_ledger(Path(folder) / "ledger")
                with running_server("--progress", str(ledger)) as server:
                    take(browser, server, LAPTOP, FOLLOW_UP_SHOTS, only)
        browser.close()


if __name__ == "__main__":
    main(set(sys.argv[1:]))
