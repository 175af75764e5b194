"""Shared fixtures: the vendored plan, built once per test session."""

from __future__ import annotations

import pytest

from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf.pipeline import BuildResult, build


@pytest.fixture(scope="session")
def built() -> BuildResult:
    """The vendored plan, built with the default base IRI (files serialised too)."""
    return build(default_source(), base_iri="https://w3id.org/actieplan/id/")


@pytest.fixture(scope="session")
def plan_graph(built: BuildResult):
    """The rdflib Graph of the vendored plan (do not modify: copy it first)."""
    return built.graph


@pytest.fixture(scope="session")
def actions(built: BuildResult):
    """Resolved actions by number ("3.12")."""
    return {item.action.number: item for item in built.resolved.actions}


# --- a server and a browser for the page tests (tests/browser.py) ----------------------------


@pytest.fixture(scope="session")
def site():
    """One `actieplan serve` (the vendored plan, oxigraph) on a loopback port, for the tests
    that read pages over HTTP or in the browser. Read-only: do not restart or load it."""
    from server import running_server

    with running_server() as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser). One per
    test module: Playwright's sync API keeps an asyncio loop running in this thread while it is
    open, and tests elsewhere call asyncio.run()."""
    from browser import CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, site, request):
    """A fresh tab on `site`; at the end: screenshot, then fail on any problem it recorded."""
    from browser import BrowserPage

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    tab = BrowserPage(context.new_page(), site.base)
    tab.attach()
    try:
        yield tab
        tab.finish(request.node.nodeid)
    finally:
        context.close()
