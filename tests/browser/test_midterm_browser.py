"""The mid-term evaluation view (/follow-up/mid-term) in a real browser, on a server with the
test ledger (tests/support/progress_ledger.py): at 1366×768 and on a phone (390×844) in Dutch,
and its date field in English; each axe clean, with no sideways scroll of the page.

Expected values: the plan's period is printed under its title, "2020-2024" (data/source/
actieplan-radicalisering-2020-2024.txt, line 5), and line 37 puts the evaluation two years
later: 1 January 2022. The actions printed to end in 2020 or 2021 (tests/support/plan_values.py)
are 1.5, 1.7, 2.1, 2.2, 4.5, 5.1, 5.3, 7.1 and 7.2; the ledger's REPORTS has 1.5 done on
2021-12-31, so eight are overdue then. As of 1 January 2021 only 7.2 (printed end "2020") is.
"""

from __future__ import annotations

import pytest
from support.browser import SCREENS


@pytest.fixture
def served(followed_site):
    return followed_site


@pytest.mark.parametrize("size", list(SCREENS))
def test_mid_term_page_at_the_evaluation_date(browser_page, size):
    page = browser_page.open_on("/follow-up/mid-term", size)
    assert page.inner_text("h1") == "Tussentijdse evaluatie"
    assert "1 januari 2022" in page.inner_text("#mid-term-date")
    overdue = page.eval_on_selector_all(
        "#overdue-actions tbody tr", "rows => rows.map(r => r.dataset.action)"
    )
    assert overdue == ["1.7", "2.1", "2.2", "4.5", "5.1", "5.3", "7.1", "7.2"]
    browser_page.assert_no_sideways_scroll()
    browser_page.check_accessibility()


def test_mid_term_page_for_another_date_in_english(browser_page):
    page = browser_page.open_on("/follow-up/mid-term?lang=en", "desktop")
    page.fill("#as-of", "2021-01-01")
    with page.expect_navigation():
        page.click("form.follow-up-dates button")
    assert "as_of=2021-01-01" in page.url and "lang=en" in page.url
    assert "1 January 2021, the date asked for" in page.inner_text("#shown-date")
    assert page.inner_text("#overdue-actions tbody td") == "7.2"
    browser_page.check_accessibility()
