"""/budget in a real browser, at 1366×768 and on a phone (390×844): the plan's total in Dutch
format, action 1.7's EU co-funding, no sideways scroll of the page (the wide tables scroll in
their own box), axe clean; the JSON twin gives the same totals.

The plan's figures (worked out by hand in tests/unit/test_budget_totals.py): estimated total
12,071,553 euro; one-off amounts 2,815,411.53; yearly amounts 2,470,320; 14 of the 50 actions
print an amount, 35 are within regular resources, 5.2 is paid from the ISF-P fund; action 1.7,
"991.248 euro (waarvan 90 % door de EU wordt gefinancierd en 10% uit DOV)".
"""

from __future__ import annotations

import httpx
import pytest
from support.browser import SCREENS


@pytest.mark.parametrize("size", list(SCREENS))
def test_budget_page_shows_the_plan_total_in_dutch(browser_page, size):
    page = browser_page.open_on("/budget", size)
    totals = page.inner_text("#plan-total .totals")
    assert "12.071.553 €" in totals
    assert "2.815.411,53 €" in totals and "2.470.320 € per jaar" in totals
    unknowns = page.inner_text("#unknowns")
    assert "14 van de 50 acties noemen een bedrag" in unknowns
    assert "35 met reguliere middelen" in unknowns
    # the plan's row at the foot of the table per objective
    assert "12.071.553 €" in page.inner_text("#by-objective tfoot")
    # action 1.7: EU co-funding, not "eigen bedrag"
    outside = page.inner_text("#outside-1\\.7")
    assert "cofinanciering: 90% EU (892.123,20 €), 10% DOV (99.124,80 €)" in outside
    assert "eigen bedrag" not in page.inner_text("main")
    # the assumptions: one Dutch sentence and a link to the rule in the manual
    assert page.inner_text("#assumptions").startswith("Raming:")
    assert page.get_attribute("#assumptions a", "href") == "/manual/user-guide#the-budget-estimate"
    browser_page.assert_no_sideways_scroll()
    if size == "phone":
        # the tables are wider than the phone: they scroll inside their own box
        box = page.locator("#by-objective .table-scroll")
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    browser_page.check_accessibility()


def test_budget_page_in_english(browser_page):
    page = browser_page.open_on("/budget?lang=en", "phone")
    assert "€12,071,553" in page.inner_text("#plan-total .totals")
    assert "co-funding: 90% EU (€892,123.20)" in page.inner_text("#outside-1\\.7")
    browser_page.assert_no_sideways_scroll()
    browser_page.check_accessibility()


def test_json_twin_gives_the_same_totals(browser_page, site):
    page = browser_page.open_on("/budget", "desktop")
    twin = page.get_attribute("link[rel=alternate][type='application/json']", "href")
    assert twin == "/api/budget"
    plan = httpx.get(site.url(twin)).json()["plan"]
    assert plan["estimated_total_eur"] == 12071553
    assert plan["stated_one_off_eur"] == 2815411.53
    assert plan["stated_per_year_eur"] == 2470320
    assert (plan["actions"], plan["actions_with_figure"]) == (50, 14)
    shown = page.get_attribute("#plan-total dd.big data", "value")
    assert float(shown) == plan["estimated_total_eur"]


@pytest.mark.parametrize("size", list(SCREENS))
def test_action_page_budget_in_dutch_format(browser_page, size):
    page = browser_page.open_on("/id/plan/actieplan-radicalisering-2020-2024/action/1.7", size)
    budget = page.inner_text("#budget")
    assert "“991.248 euro (waarvan 90 % door de EU" in budget
    assert "991.248 €" in budget
    assert "cofinanciering: 90% EU, 10% DOV" in budget
    assert "eigen bedrag" not in budget
    page.click("#budget a[href='/budget']")
    page.wait_for_url("**/budget")
    assert "12.071.553 €" in page.inner_text("#plan-total")
