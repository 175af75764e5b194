"""The completeness page and its JSON twin with ?as_of=YYYY-MM-DD
(api/readmodel/completeness_as_of.py): the follow-up checks on that date, over HTTP against
`actieplan serve` (the vendored plan, no progress reports)."""

from __future__ import annotations

import re

import httpx
from support.browser import BROWSER_ACCEPT

# The actions whose printed end is before 2025-06-30: the hand-derived list and its source lines
# are in tests/unit/test_validate_as_of.py (34 actions; the latest printed end is 14 January 2025,
# action 4.1, line 283).
PAST_END_2025_06_30 = {
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.7", "2.1", "2.2", "2.3", "3.3", "3.5", "3.9",
    "3.11", "3.12", "3.13", "4.1", "4.2", "4.3", "4.5", "4.7", "5.1", "5.2", "5.3", "6.1",
    "6.2", "6.4", "6.5", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3", "8.4",
}  # fmt: skip


def _row(html: str, key: str) -> str:
    found = re.search(rf'<tr id="check-{key}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, f"no row check-{key}"
    return found.group(1)


def test_the_page_as_of_a_date_shows_the_overdue_actions(site):
    answer = httpx.get(
        site.url("/completeness?as_of=2025-06-30"), headers=BROWSER_ACCEPT, timeout=120
    )
    assert answer.status_code == 200
    html = answer.text
    assert 'id="as-of"' in html and "Opvolging op 2025-06-30" in html
    row = _row(html, "ActionPastEnd")
    assert 'class="severity-violation"' in html.split('id="check-ActionPastEnd"')[1][:40]
    linked = set(re.findall(r'<a [^>]*href="[^"]*/action/([0-9.]+)"', row))
    assert linked == PAST_END_2025_06_30
    assert "eindigde op 2025-01-14" in row  # 4.1: 15 januari 2021 tot 14 januari 2025
    # the filter forms keep the date
    assert html.count('<input type="hidden" name="as_of" value="2025-06-30">') == 2

    twin = httpx.get(site.url("/api/completeness?as_of=2025-06-30"), timeout=120).json()
    assert twin["as_of"] == "2025-06-30"
    assert {r["action"] for r in twin["results"] if r["shape"].endswith("#ActionPastEnd")} == (
        PAST_END_2025_06_30
    )
    # HEAD like GET (a query parameter of an existing route: no new route to list)
    head = httpx.head(site.url("/completeness?as_of=2025-06-30"), timeout=120)
    assert head.status_code == 200 and head.content == b""


def test_without_a_date_the_page_is_as_before(site):
    html = httpx.get(site.url("/completeness"), headers=BROWSER_ACCEPT).text
    assert 'id="as-of"' not in html and 'id="check-ActionPastEnd"' not in html


def test_a_bad_date_is_400_saying_what_to_give(site):
    for value, said in (
        ("30-06-2025", "give a date as YYYY-MM-DD"),
        ("2025-02-30", "give a date as YYYY-MM-DD"),
        ("1990-01-01", "give a date from 2019-01-01 to"),  # 2019: the first year a timing names
    ):
        answer = httpx.get(site.url(f"/api/completeness?as_of={value}"))
        assert answer.status_code == 400
        assert said in answer.text
        page = httpx.get(site.url(f"/completeness?as_of={value}"), headers=BROWSER_ACCEPT)
        assert page.status_code == 400
