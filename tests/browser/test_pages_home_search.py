"""The home page and the search, in a real browser (tests/support/browser.py) and over HTTP.

Expected values: the pairs sharing most actions and ABB's weighted degree are counted by hand
in tests/unit/test_network.py (ABB-AgII 13, ABB-Justitiehuizen 12; ABB 77); 3.12 is the one action
with an empty Trekker cell and 3.14, 6.3 and 8.5 the ones printed without an end that are not
ongoing (docs/command-line.md, Validate: the Violation and the end-date Warnings).
"""

from __future__ import annotations

import httpx


def test_home_shows_the_top_pair_with_its_count_and_links_to_it(browser_page):
    page = browser_page.open("/")
    first = page.locator("#top-pairs tbody tr").first
    assert first.locator("td.number").inner_text() == "13"
    links = first.locator("td:first-child a").evaluate_all("els => els.map(e => e.pathname)")
    assert links == ["/id/organisation/abb", "/id/organisation/agii"]
    second = page.locator("#top-pairs tbody tr").nth(1)
    assert second.locator("td.number").inner_text() == "12"
    assert "Afdeling Justitiehuizen" in second.inner_text()
    # the most central organisation, by weighted degree
    central = page.locator("#central tbody tr").first
    assert "Agentschap Binnenlands Bestuur" in central.inner_text()
    assert central.locator("td.number").first.inner_text() == "77"
    assert page.locator("#without-lead a").all_inner_texts() == ["3.12"]
    assert page.locator("#without-end a").all_inner_texts() == ["3.14", "6.3", "8.5"]
    counts = page.locator("#counts .figure").all_inner_texts()
    assert counts[:4] == ["8", "50", "48", "9"]  # objectives, actions, organisations, posts
    for path in ("/network", "/timeline", "/questions", "/completeness"):
        assert page.locator(f"#everything a[href='{path}']").count() == 1, path
    # The technical entries are in the folded part for researchers.
    for path in ("/sparql", "/def", "/dataset", "/docs"):
        assert (
            page.locator(f"details.for-researchers #for-researchers a[href='{path}']").count() == 1
        )
    assert not page.locator("#for-researchers").is_visible()
    first.locator("td:first-child a").first.click()
    page.wait_for_url("**/id/organisation/abb")
    browser_page.check_accessibility()


def test_home_is_accessible_and_its_links_work(browser_page):
    browser_page.open("/")
    browser_page.check_accessibility()
    browser_page.check_links()


def test_home_in_english(browser_page):
    page = browser_page.open("/?lang=en")
    first = page.locator("#top-pairs tbody tr").first.inner_text()
    assert "Agency for Home Affairs" in first
    assert "Who shares most actions?" in page.locator("#pairs-heading").inner_text()


def search(browser_page, text: str):
    """Types `text` in the search box of the header and submits it."""
    page = browser_page.page
    page.fill("#site-search", text)
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search?q=*")
    return page


def first_hit(page) -> tuple[str, str]:
    hit = page.locator("#hits li").first
    return hit.get_attribute("data-kind"), hit.locator("a").evaluate("e => e.pathname")


def test_search_by_abbreviation_alias_and_number(browser_page):
    browser_page.open("/")
    page = search(browser_page, "ABB")
    assert first_hit(page) == ("organisation", "/id/organisation/abb")
    # "Justitiehuisen" is how the plan misprints Justitiehuizen (an alias in organisations.toml)
    page = search(browser_page, "Justitiehuisen")
    assert first_hit(page) == ("organisation", "/id/organisation/justitiehuizen")
    page = search(browser_page, "3.12")
    assert first_hit(page) == (
        "action",
        "/id/plan/actieplan-radicalisering-2020-2024/action/3.12",
    )
    assert page.locator("#hits li").count() == 1  # "3.1" and "31" are other numbers
    browser_page.check_accessibility()
    browser_page.check_links()


def test_search_nothing_found_suggests_close_names(browser_page):
    page = browser_page.open("/search?q=Justitiehuizn")
    assert "Niets gevonden" in page.locator("#no-hits").inner_text()
    suggested = page.locator("#suggestions a").evaluate_all("els => els.map(e => e.pathname)")
    assert "/id/organisation/justitiehuizen" in suggested
    browser_page.check_accessibility()


def test_search_json_twin(site):
    answer = httpx.get(site.url("/search.json"), params={"q": "verbindingsofficier"}).json()
    # the title of 3.12: "Informatie-uitwisseling via de Vlaamse verbindingsofficier."
    assert [(h["kind"], h["path"].rsplit("/", 1)[-1]) for h in answer["hits"]] == [
        ("action", "3.12")
    ]
    # a minister post by a word of its portfolio; the English name in English
    answer = httpx.get(site.url("/search.json"), params={"q": "Justitie", "lang": "en"}).json()
    assert answer["hits"][0]["kind"] == "minister-post"
    assert answer["hits"][0]["name"].startswith("Minister of Justice")
    # a bounded query
    long = httpx.get(site.url("/search.json"), params={"q": "a" * 5000}).json()
    assert long["truncated"] and len(long["query"]) == 100 and long["hits"] == []
    page = httpx.get(site.url("/search"), params={"q": "ABB"})
    assert page.status_code == 200 and "/search.json?q=ABB" in page.text
