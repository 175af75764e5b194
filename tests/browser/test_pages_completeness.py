"""The completeness page in a browser: the SHACL report of the vendored plan, readable.

Expected values (docs/command-line.md, Validate; counted from the plan text): 1 Violation
(action 3.12, whose Trekker cell is empty), 4 Warnings (no end for 3.14, 6.3 and 8.5; 5.2 names
a fund and no figure); 50 actions ("Actie N.M" rows), 8 objectives."""

from __future__ import annotations

PLAN_ACTIONS = 50


def test_summary_checks_and_matrix(browser_page):
    page = browser_page.open("/completeness")
    assert page.title().startswith("Volledigheid")
    assert page.locator("#count-violation .figure").inner_text() == "1"
    assert page.locator("#count-warning .figure").inner_text() == "4"
    assert "Niet conform" in page.locator("#conforms").inner_text()

    violations = page.locator("#checks tr.severity-violation")
    assert violations.count() == 1
    assert violations.locator("td").nth(3).locator("a").all_inner_texts() == ["3.12"]
    warned = page.locator("#checks tr.severity-warning td:nth-child(4) a").all_inner_texts()
    assert sorted(warned) == ["3.14", "5.2", "6.3", "8.5"]

    rows = page.locator("#matrix tbody tr")
    assert rows.count() == PLAN_ACTIONS
    # Every finding is a link; 3.12's missing lead is its one mark, in words too.
    gap = page.locator("#action-3\\.12 td.marked a.gap")
    assert gap.count() == 1
    assert gap.first.get_attribute("data-fact") == "trekker"
    assert "Overtreding" in gap.first.inner_text()
    # Actions without a finding have no mark.
    assert page.locator("#action-1\\.1 td.marked").count() == 0
    browser_page.check_accessibility()
    browser_page.check_links()


def test_a_gap_opens_its_action_page(browser_page):
    page = browser_page.open("/completeness")
    page.locator("#action-3\\.12 td.marked a.gap").first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/action/3.12")
    assert "3.12" in page.locator("h1").inner_text()


def test_filters_live_in_the_url(browser_page):
    page = browser_page.open("/completeness")
    page.select_option("#objective", "3")
    page.check("input[name=gaps]")
    page.locator("form:has(#objective) button[type=submit]").click()
    page.wait_for_url("**objective=3**")
    assert "objective=3" in page.url and "gaps=1" in page.url
    numbers = page.locator("#matrix tbody th a").all_inner_texts()
    assert numbers == ["3.12", "3.14"]  # objective 3's actions with a finding
    warnings_only = browser_page.open("/completeness?severity=warning")
    assert warnings_only.locator("#checks tr.severity-violation").count() == 0
    assert warnings_only.locator("#checks tr.severity-warning").count() == 2


def test_english(browser_page):
    page = browser_page.open("/completeness?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#summary-title").inner_text() == "Summary"
    assert page.locator("h2#fill-title").inner_text() == "Fill rates"
    assert page.locator("#count-violation").inner_text() == "1 violation"
    assert page.locator("#count-warning").inner_text() == "4 warnings"
    assert "Does not conform" in page.locator("#conforms").inner_text()
    # Links keep the language.
    assert page.locator("#action-3\\.12 th a").get_attribute("href").endswith("lang=en")


def test_fill_rates_and_twins(browser_page):
    page = browser_page.open("/completeness")
    everything = page.locator("#fill-all tbody tr")
    assert everything.count() == 1
    assert everything.locator("td").first.inner_text() == str(PLAN_ACTIONS)
    # 49 of 50 actions have every required fact (3.12 lacks its lead): 98 %.
    assert everything.locator("td").nth(1).inner_text().startswith("98")
    assert page.locator("#fill-coordinating_minister tbody tr").count() >= 2
    assert page.locator("#fill-lead_organisation tbody tr").count() >= 2
    twins = page.locator("footer .twins a")
    hrefs = twins.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "/api/completeness?format=turtle" in hrefs
    assert any("format=csv" in h for h in hrefs)
    browser_page.check_links()


def test_the_follow_up_as_of_a_date(browser_page):
    """?as_of=2025-06-30 on the vendored plan (no progress reports): 1 + 34 Violations (3.12's
    lead; the 34 actions whose printed end is before the date, listed by hand with their
    source lines in tests/unit/test_validate_as_of.py) and 4 + 50 Warnings (every action runs
    with no report since 2024-12-30). The date picker keeps the date."""
    page = browser_page.open("/completeness?as_of=2025-06-30")
    assert page.locator("#count-violation .figure").inner_text() == "35"
    assert page.locator("#count-warning .figure").inner_text() == "54"
    assert "Opvolging op 2025-06-30" in page.locator("#as-of").inner_text()
    assert page.locator("#as_of").input_value() == "2025-06-30"
    overdue = page.locator("#check-ActionPastEnd td:nth-child(4) a").all_inner_texts()
    assert len(overdue) == 34 and "4.1" in overdue and "4.6" not in overdue
    browser_page.check_accessibility()
