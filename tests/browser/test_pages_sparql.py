"""The SPARQL editor (YASGUI on /sparql, api/pages/sparql_editor.py) and the offline API docs
(/docs, /redoc, api/pages/api_docs.py) in a real browser; nothing may leave the server (the
`browser_page` fixture fails the test on any outside request).

Expected values from the plan (data/source/actieplan-radicalisering-2020-2024.txt): the actions
whose Trekker cell is empty: only 3.12 (line 23 of build's actions.csv; the plan's row for 3.12
has no lead organisation).
"""

from __future__ import annotations

import httpx

from actieplan.graph.core.vocab import PREFIXES
from actieplan.graph.sparql.library import load_library


def _editor_text(page) -> str:
    return page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")


def test_editor_loads_with_the_prefixes(browser_page):
    page = browser_page.open("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    text = _editor_text(page)
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in text
    options = page.locator("#example option").all_inner_texts()
    assert len(options) == len(load_library()) + 1  # and the "choose" line
    # The whole page, YASGUI included (api/pages/static/sparql.js repairs what YASGUI's markup
    # lacks).
    browser_page.check_accessibility()


def test_run_a_library_query(browser_page):
    page = browser_page.open("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("#example").select_option("actions-without-lead")
    page.get_by_role("button", name="Laad in de editor").click()
    assert "ap:leadOrganisation" in _editor_text(page)
    assert "edit=" in page.url  # the URL is the editor's permalink
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    rows = page.locator(".yasr table.dataTable tbody tr").all_inner_texts()
    assert len(rows) == 1 and "3.12" in rows[0]
    browser_page.check_accessibility()  # with YASGUI's results table drawn


def test_edit_parameter_prefills_the_editor(browser_page):
    query = "SELECT (COUNT(?a) AS ?actions) WHERE { ?a a <https://w3id.org/actieplan/def#Action> }"
    page = browser_page.open("/sparql?" + httpx.QueryParams({"edit": query}).__str__())
    page.wait_for_selector(".yasqe .CodeMirror")
    assert _editor_text(page) == query
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    assert "50" in page.locator(".yasr table.dataTable tbody tr").first.inner_text()


def test_protocol_clients_still_get_the_service_description(site):
    for accept in (None, "*/*", "text/turtle", "application/sparql-results+json"):
        headers = {"Accept": accept} if accept else {}
        answer = httpx.get(site.url("/sparql"), headers=headers)
        assert answer.status_code == 200
        assert "sparql-service-description" in answer.text, accept
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = httpx.get(site.url("/sparql"), headers={"Accept": browser})
    assert page.headers["content-type"].startswith("text/html") and "yasgui" in page.text
    # a browser asking a query gets the answer, not the editor
    answer = httpx.get(site.url("/sparql"), params={"query": "ASK {}"}, headers={"Accept": browser})
    assert answer.headers["content-type"].startswith("application/sparql-results")


def test_swagger_ui_offline(browser_page):
    page = browser_page.open("/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/actions" in [p.strip() for p in paths]
    # Swagger UI's markup with api/pages/static/docs.css and without deep links passes, an
    # operation opened too.
    page.locator(".opblock-summary-control").first.click()
    page.wait_for_selector(".opblock.is-open .parameters")
    browser_page.check_accessibility()


def test_redoc_offline(browser_page):
    page = browser_page.open("/redoc")
    page.wait_for_selector("h1")
    assert "Actieplan knowledge graph" in page.locator("h1").first.inner_text()
    browser_page.check_accessibility()


def test_swagger_oauth2_redirect_answers(site):
    assert httpx.get(site.url("/docs/oauth2-redirect")).status_code == 200
