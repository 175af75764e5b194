"""The timeline (/timeline) in a real browser: every action on one axis, the kinds of timing
told apart by shape and text, the filters equal to /api/actions', the JSON twin.

Known values of the plan (docs/command-line.md, Validate): 50 actions; 13 ongoing; 3 open-ended
(3.14 "Vanaf 01/09/2021", 6.3, 8.5); action 4.3 in two phases (2021; end 2021 - 2024).
"""

from __future__ import annotations

import httpx


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(".timeline .row", "rows => rows.map(r => r.id.slice(7))")


def test_all_actions_by_default(browser_page):
    page = browser_page.open("/timeline")
    shown = _shown(page)
    assert len(shown) == 50 and shown[0] == "1.1"
    assert page.locator("#timeline-table tbody tr").count() == 50
    kinds = page.eval_on_selector_all(".timeline .row", "rows => rows.map(r => r.dataset.kind)")
    assert kinds.count("ongoing") == 13 and kinds.count("open-ended") == 3
    assert kinds.count("phases") == 1
    assert [y.strip() for y in page.locator(".timeline .year").all_inner_texts()][:2] == [
        "2019",
        "2020",
    ]
    browser_page.check_accessibility()
    browser_page.check_links()


def test_open_ended_ongoing_and_phases_differ(browser_page):
    page = browser_page.open("/timeline")
    open_ended = page.locator("#action-3\\.14 .bar")
    assert "open-ended" in open_ended.get_attribute("class")
    assert "geen einde" in open_ended.get_attribute("aria-label")
    assert "vanaf 2021-09-01 →" in open_ended.inner_text()
    assert (
        page.inner_text("#timeline-table tr[data-action='3.14'] td:nth-of-type(3)") == "geen einde"
    )
    # ongoing: a striped bar over the whole axis that says so in words
    ongoing = page.locator("#action-3\\.1 .bar")
    assert ongoing.inner_text().strip() == "doorlopend"
    assert ongoing.evaluate("e => getComputedStyle(e).backgroundImage").startswith(
        "repeating-linear-gradient"
    )
    dated = page.locator("#action-1\\.1 .bar")
    assert dated.evaluate("e => getComputedStyle(e).backgroundImage") == "none"
    # 4.3: two numbered phases, the second starting where the plan says (end 2021)
    phases = page.locator("#action-4\\.3 .bar")
    assert phases.count() == 2
    assert [p.strip() for p in phases.all_inner_texts()] == ["1", "2"]
    assert "Tweede fase 2021-12-01 – 2024-12-31" in phases.nth(1).get_attribute("aria-label")
    row = page.inner_text("#timeline-table tr[data-action='4.3']")
    assert "1. Eerste fase: 2021-01-01 – 2021-12-31 (2021)" in row
    page.click("#action-4\\.3 .bar >> nth=0")
    page.wait_for_url("**/action/4.3")
    page.wait_for_load_state("networkidle")  # its favicon too


def test_filter_by_organisation_is_exactly_its_actions(browser_page, site):
    page = browser_page.open("/timeline")
    page.select_option("#t-organisation", "abb")
    page.click(".timeline-filters button")
    page.wait_for_url("**/timeline?*organisation=abb*")
    expected = [a["number"] for a in httpx.get(site.url("/api/actions?organisation=abb")).json()]
    # ABB: lead or partner in 20, and lead of 3.14 through its unit (the information and
    # screening service): an organisation counts its units' actions
    assert _shown(page) == expected and len(expected) == 21 and "3.14" in expected
    assert page.input_value("#t-organisation") == "abb"
    twin = page.get_attribute("link[rel=alternate][type='application/json']", "href")
    assert "organisation=abb" in twin
    answer = httpx.get(site.url(twin)).json()
    assert [a["number"] for a in answer["actions"]] == expected


def test_filter_by_objective_and_minister(browser_page, site):
    page = browser_page.open("/timeline?objective=3&minister=justitie")
    expected = [
        a["number"]
        for a in httpx.get(site.url("/api/actions?objective=3&minister=justitie")).json()
    ]
    assert _shown(page) == expected and 0 < len(expected) < 16
    assert all(number.startswith("3.") for number in expected)


def test_timeline_in_english(browser_page):
    page = browser_page.open("/timeline?lang=en")
    assert page.title().startswith("Timeline of the actions")
    assert page.inner_text("#timeline-table tr[data-action='3.14'] td:nth-of-type(3)") == "no end"
    assert page.locator("#action-3\\.1 .bar").inner_text().strip() == "ongoing"
    # the graph names phases in Dutch only: in English the page numbers them
    assert "2. Phase 2: 2021-12-01" in page.inner_text("#timeline-table tr[data-action='4.3']")
    browser_page.check_accessibility()


def test_bad_objective_is_refused(site):
    assert httpx.get(site.url("/timeline?objective=three")).status_code == 400
    assert httpx.get(site.url("/timeline.json?organisation=nobody")).status_code == 400
