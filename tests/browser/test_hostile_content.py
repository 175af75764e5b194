"""Hostile content in a real browser: the plan's graph with `javascript:`, `data:` and
`vbscript:` IRIs as a Themis link and as rdfs:seeAlso, formula-leading names and titles, and a
title holding `</script><script>alert(2)</script>` (tests/support/hostile.py), served by its
own `actieplan serve --graph`.

On every kind of page that shows these values: no link has a script scheme (only http, https
and the site's own paths become links: api/pages/web.py `link_target`), the hostile texts are
shown as text, and clicking every link that leaves the site's pages opens no dialog and runs no
script. `browser_page` (tests/browser/conftest.py) fails each test on any console error too, so
a Content-Security-Policy report fails it as well.
"""

from __future__ import annotations

import pytest
from support.hostile import FORMULAS, SCRIPT_END, SCRIPT_IRIS, write_hostile_graph

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
# Each page that shows hostile values, with the values it must show as text.
PAGES = {
    "/id/organisation/abb": [FORMULAS[0], FORMULAS[1]],
    "/id/organisation/ocad": [FORMULAS[0], FORMULAS[3]],
    "/id/minister-post/justitie": [FORMULAS[0]],  # and one script IRI: see the test
    f"{PLAN}/action/1.1": [FORMULAS[1]],
    f"{PLAN}/action/2.1": [FORMULAS[2]],
    PLAN: [SCRIPT_END, FORMULAS[1], FORMULAS[2]],
    "/id/policy-domain/kbbj": list(SCRIPT_IRIS),  # the generic resource page
    "/search?q=HYPERLINK": [FORMULAS[0]],
    "/": [SCRIPT_END],
    "/network?view=table": [FORMULAS[0]],
    "/timeline": [FORMULAS[1], FORMULAS[2]],
    "/questions/organisation-profile?organisation=ocad": [FORMULAS[0]],
}
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from support.server import running_server

    path = write_hostile_graph(tmp_path_factory.mktemp("hostile"))
    with running_server("--graph", str(path)) as server:
        yield server


@pytest.fixture
def served(hostile_site):
    """`browser_page` opens its tab on the hostile graph's server."""
    return hostile_site


def link_targets(page) -> list[str]:
    """The target of every link of the page (HTML and SVG), resolved as the browser does."""
    return page.eval_on_selector_all(
        "a[href]",
        "els => els.map(e => typeof e.href === 'string' ? e.href"
        " : new URL(e.href.baseVal, document.baseURI).href)",
    )


@pytest.mark.parametrize("path", list(PAGES))
def test_hostile_values_are_text_and_no_link_runs_script(browser_page, path):
    page = browser_page.open(path)
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for scheme in SCRIPT_SCHEMES:
        assert page.locator(f'a[href^="{scheme}" i]').count() == 0, (path, scheme)
    targets = link_targets(page)
    assert all(t.startswith(("http://", "https://")) for t in targets), path
    shown = page.locator("body").inner_text()
    for value in PAGES[path]:
        assert value in shown, (path, value)
    if path == "/id/minister-post/justitie":
        # its Themis link is one of the script IRIs: shown as text, not as a link
        assert any(iri in shown for iri in SCRIPT_IRIS)
        assert page.locator("#facts a[rel=external]").count() == 0

    # Click every link that leaves the site's pages. Outside addresses are answered here with
    # 204 (the browser stays on the page), so the click happens and nothing leaves.
    page.route(lambda url: not url.startswith(browser_page.base), lambda r: r.fulfill(status=204))
    leaving = [i for i, t in enumerate(targets) if not t.startswith(browser_page.base)]
    for index in leaving:
        page.evaluate("i => document.querySelectorAll('a[href]')[i].click()", index)
    page.evaluate("() => new Promise(r => setTimeout(r, 0))")  # let queued navigations run
    assert page.url.startswith(browser_page.base + path.split("?")[0])
    assert dialogs == [], (path, dialogs)
    # the page's own scripts ran, no other: the hostile title did not become a script
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == (
        page.locator('script[type="application/json"]').count()
    )
