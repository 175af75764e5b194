"""Fixtures of the browser room: Debian's chromium, driven by Playwright, and a tab on the
session's `site` server (tests/conftest.py) that fails the test on any problem the page had
(tests/support/browser.py). A module that serves other data overrides `served` with its own
server (tests/browser/test_hostile_content.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser). One per
    test module: Playwright's sync API keeps an asyncio loop running in this thread while it is
    open, and tests elsewhere call asyncio.run()."""
    from playwright.sync_api import sync_playwright
    from support.browser import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def served(site):
    """The server `browser_page` opens its tab on: the session's `site`."""
    return site


@pytest.fixture
def browser_page(chromium, served, request):
    """A fresh tab on `served`; at the end: screenshot, then fail on any problem it recorded."""
    from support.browser import BrowserPage

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    tab = BrowserPage(context.new_page(), served.base)
    tab.attach()
    try:
        yield tab
        tab.finish(request.node.nodeid)
    finally:
        context.close()
