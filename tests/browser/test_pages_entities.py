"""The entity pages (plan, objective, action, organisation, minister post) at their IRIs' paths,
in a real browser (tests/support/browser.py) and over HTTP.

Expected values are read from the plan's text or counted by hand (tests/unit/test_network.py has
the hand-read table of the Trekker cells), and compared with the JSON API where the page shows
the same answer another way.
"""

from __future__ import annotations

import re

import httpx
import pytest

from actieplan.graph.core.resources import default_source

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
ACTION_3_12 = f"{PLAN}/action/3.12"
PAGES = {
    "plan": PLAN,
    "objective": f"{PLAN}/objective/3",
    "action": f"{PLAN}/action/1.1",
    "organisation": "/id/organisation/abb",
    "minister post": "/id/minister-post/justitie",
}


def printed_line(prefix: str) -> int:
    """The number of the plan's line that starts with `prefix` (1-based, as the parser counts)."""
    lines = default_source().read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


def numbers_in(page, selector: str) -> list[str]:
    """The action numbers a table on the page links to, in order (first column)."""
    return [
        text.split()[-1]
        for text in page.locator(f"{selector} tbody tr td:first-child").all_inner_texts()
    ]


def test_action_3_12_shows_its_missing_lead_and_its_source_lines(browser_page):
    page = browser_page.open(ACTION_3_12)
    # The plan's Trekker cell of 3.12 is empty (docs/command-line.md, Validate: the one Violation).
    assert "ontbreekt" in page.locator("#lead").inner_text()
    first = printed_line("Actie 3.12:")
    assert first == 231  # the row that starts action 3.12 in the vendored text
    row = page.locator(f"#L{first}")
    assert row.inner_text().startswith(f"{first}Actie 3.12: Informatie-uitwisseling")
    # that line holds the minister, timing and budget cells: the graph says so (ap:sourceLine)
    assert "used" in row.get_attribute("class")
    facts = row.locator(".facts").inner_text()
    assert "timing: 2020 - 2024" in facts and "Binnen de reguliere middelen" in facts
    # the span ends before the next action's row
    numbers = [int(n) for n in page.locator("#source-lines .number").all_inner_texts()]
    assert numbers == list(range(first, printed_line("Actie 3.13:")))
    browser_page.check_accessibility()
    browser_page.check_links()


def test_a_partner_link_leads_to_the_organisation_that_lists_the_action_as_partner(browser_page):
    # 1.1's Trekker cell: "KBBJ (Agentschap Binnenlands Bestuur) KBBJ (Agentschap Integratie en
    # Inburgering)": ABB leads, AgII is the partner.
    page = browser_page.open(f"{PLAN}/action/1.1")
    assert "Agentschap Binnenlands Bestuur" in page.locator("#lead").inner_text()
    page.locator("#partners a", has_text="Agentschap Integratie en Inburgering").click()
    page.wait_for_url(re.compile(r"/id/organisation/agii$"))
    assert "1.1" in numbers_in(page, "#partner-actions")
    assert "1.1" not in (
        numbers_in(page, "#lead-actions") if page.locator("#lead-actions tbody").count() else []
    )


def test_the_organisation_page_of_abb(browser_page, site):
    page = browser_page.open("/id/organisation/abb")
    # Trekker of 16 actions (tests/unit/test_network.py: ABB has 20, partner in 3.8, 3.9, 3.13, 5.1)
    lead = numbers_in(page, "#lead-actions")
    assert len(lead) == 16 and "1.1" in lead and "3.8" not in lead
    assert numbers_in(page, "#partner-actions") == ["3.8", "3.9", "3.13", "5.1"]
    # Partners with their shared-action counts: the same as the network API's pairs with ABB
    shown = {
        row.get_attribute("data-id"): int(row.locator("td.number").inner_text())
        for row in page.locator("#shared-actions tbody tr").all()
    }
    pairs = httpx.get(site.url("/api/network/shared-actions")).json()["rows"]
    expected = {
        (r["target"] if r["source"] == "abb" else r["source"]): r["shared_actions"]
        for r in pairs
        if "abb" in (r["source"], r["target"])
    }
    assert shown == expected
    assert shown["agii"] == 13 and shown["justitiehuizen"] == 12  # by hand, test_network.py
    assert len(shown) == 14
    # the ego network as a picture with an accessible name that summarises it
    svg = page.locator("svg.ego")
    assert svg.get_attribute("role") == "group"  # not "img": its nodes are links
    label = svg.get_attribute("aria-label")
    assert "14 organisaties" in label and "Agentschap Integratie en Inburgering (13)" in label
    assert svg.locator("a").count() == 15  # ABB and its 14 partners, each linked
    assert page.locator("a[href='/network?focus=abb']").count() == 1
    browser_page.check_accessibility()
    browser_page.check_links()


def test_the_minister_post_page_lists_its_coordinating_actions(browser_page, site):
    page = browser_page.open("/id/minister-post/justitie")
    coordinating = numbers_in(page, "#coordinating")
    # 3.12's minister cell starts with the minister of Justitie (the plan's line 231)
    assert "3.12" in coordinating
    api = httpx.get(site.url("/api/minister-posts/justitie")).json()
    assert coordinating == api["coordinating_actions"]
    assert numbers_in(page, "#involved") == api["involved_actions"]
    themis = page.locator("a[rel=external]").get_attribute("href")
    assert themis.startswith("http://themis.vlaanderen.be/id/mandataris/")
    browser_page.check_accessibility()
    browser_page.check_links()


def test_english_pages_show_english_names(browser_page):
    page = browser_page.open("/id/organisation/abb?lang=en")
    assert page.locator("h1").inner_text() == "Agency for Home Affairs (ABB)"
    assert page.locator("html").get_attribute("lang") == "en"
    # links keep the language
    assert page.locator("#lead-actions a").first.get_attribute("href").endswith("?lang=en")
    page = browser_page.open(f"{ACTION_3_12}?lang=en")
    assert "missing" in page.locator("#lead").inner_text()


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_entity_page_is_accessible_and_its_links_work(browser_page, kind):
    page = browser_page.open(PAGES[kind])
    assert page.title().endswith("Actieplan-kennisgraaf")
    assert page.locator("#backlinks-heading").count() == 1 or kind == "plan"
    editor = page.locator("#editor-link").get_attribute("href")
    assert editor.startswith("/sparql?edit=CONSTRUCT")
    twins = page.eval_on_selector_all(
        "link[rel=alternate]", "els => els.map(e => e.getAttribute('href'))"
    )
    path = PAGES[kind]
    assert f"{path}.ttl" in twins and f"{path}.jsonld" in twins
    browser_page.check_accessibility()
    browser_page.check_links()


def test_the_editor_query_returns_the_pages_turtle_twin(site):
    """The 'open in the SPARQL editor' query gives the triples of the page's Turtle twin."""
    from urllib.parse import parse_qs, urlsplit

    from rdflib import Graph
    from rdflib.compare import isomorphic

    html = httpx.get(site.url("/id/organisation/abb")).text
    link = re.search(r'id="editor-link" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)["edit"][0]
    answer = httpx.post(
        site.url("/sparql"), data={"query": query}, headers={"Accept": "text/turtle"}
    )
    twin = httpx.get(site.url("/id/organisation/abb.ttl"))
    assert answer.status_code == twin.status_code == 200
    constructed = Graph().parse(data=answer.text, format="turtle")
    assert len(constructed) > 5
    assert isomorphic(constructed, Graph().parse(data=twin.text, format="turtle"))
