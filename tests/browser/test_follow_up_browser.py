"""The follow-up pages in a real browser, on a server with the test ledger
(tests/support/progress_ledger.py): /follow-up at 1366×768 and on a phone (390×844), the
action page's progress history and the timeline's as-of line, each
axe clean, with no sideways scroll of the page, and the status patterns named in words.

Expected values from the ledger's table REPORTS: as of 2022-06-30 (after both updates) 1.1 is
on schedule, 1.5 done, 2.1 and 6.4 started, 3.9 stopped, 5.2 merged, 7.3 delayed, 8.1 not
started; the other 43 of the 51 actions (the plan's 50 and 8.7, added) have no report.
"""

from __future__ import annotations

import pytest
from support.browser import SCREENS

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"


@pytest.fixture
def served(followed_site):
    return followed_site


@pytest.mark.parametrize("size", list(SCREENS))
def test_follow_up_page(browser_page, size):
    page = browser_page.open_on("/follow-up?as_of=2022-06-30", size)
    assert page.inner_text("h1") == "Opvolging"
    counts = page.inner_text("#plan-counts")
    for line in ("1 niet gestart", "2 gestart", "1 volgens planning", "1 vertraagd", "1 afgerond"):
        assert line in " ".join(counts.split())
    assert "43 geen rapport" in " ".join(counts.split())
    # every bar part is drawn with a pattern the legend names
    fills = set(
        page.eval_on_selector_all(".status-bar rect", "rs => rs.map(r => r.getAttribute('fill'))")
    )
    legend = page.eval_on_selector_all(
        ".status-legend .swatch rect", "rs => rs.map(r => r.getAttribute('fill'))"
    )
    assert fills and fills <= set(legend)
    # the navigation names the page
    assert page.is_visible("header.site a[href='/follow-up']")
    browser_page.assert_no_sideways_scroll()
    browser_page.check_accessibility()


def test_follow_up_changes_since_in_english(browser_page):
    page = browser_page.open_on("/follow-up?since=2021-06-30&lang=en", "desktop")
    assert "What changed since" in page.inner_text("#changes h2")
    assert "Action 8.7" in page.inner_text("#added-actions")
    browser_page.check_accessibility()


def test_action_page_progress_history(browser_page):
    page = browser_page.open_on(f"{PLAN}/action/3.9", "phone")
    rows = page.locator("#progress-history tbody tr")
    assert rows.count() == 2
    assert "stopgezet" in rows.nth(0).inner_text() and "vertraagd" in rows.nth(1).inner_text()
    browser_page.assert_no_sideways_scroll()
    browser_page.check_accessibility()


def test_timeline_as_of_line(browser_page):
    page = browser_page.open_on("/timeline?as_of=2021-06-30", "desktop")
    line = page.locator(".timeline .axis .as-of-line")
    assert line.count() == 1
    # placed by timeline.js from its data-left, like the bars
    assert line.evaluate("e => e.style.left") == line.get_attribute("data-left") + "%"
    label = page.get_attribute("#action-3\\.9 .as-of-status svg", "aria-label")
    assert label == "Status op 30 juni 2021: vertraagd"
    browser_page.check_accessibility()
