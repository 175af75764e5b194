"""The follow-up pages over HTTP (api/pages/follow_up.py, the action page's progress history):
a server with the test ledger (tests/support/progress_ledger.py: reports dated 2020-12-31 and
2021-12-31, imported 2021-01-12 and 2022-01-14), and the session's server without one.

Expected values come from the ledger's table REPORTS (which action has which status on which
date) and from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt: the
actions per objective, their timing), counted by hand below, never from the code under test.
"""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from openpyxl import load_workbook
from support.progress_ledger import update_iris

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"


def get(server, path: str, **params: str) -> httpx.Response:
    answer = httpx.get(server.url(path), params=params, timeout=60)
    assert answer.status_code == 200, (path, answer.text[:300])
    return answer


def state_rows(server, as_of: str) -> dict[str, dict[str, str]]:
    """The CSV of /follow-up (English headers): action number -> its row."""
    text = get(server, "/follow-up.csv", as_of=as_of, lang="en").text.lstrip("\ufeff")
    return {row["Action"]: row for row in csv.DictReader(io.StringIO(text))}


def counts(html: str, table: str) -> dict[str, dict[str, int]]:
    """A counts table of a page: group id -> status key -> count."""
    body = re.search(rf'<table class="status-counts" id="{table}">(.*?)</table>', html, re.S)
    assert body, table
    found = {}
    for group, row in re.findall(r'<tr data-group="([^"]*)">(.*?)</tr>', body.group(1), re.S):
        cells = re.findall(r'data-status="(\w+)">([\d.]+)<', row)
        found[group] = {key: int(value.replace(".", "")) for key, value in cells}
    return found


def test_the_action_page_shows_its_history_newest_first(followed_site):
    html = get(followed_site, f"{PLAN}/action/1.1", lang="en").text
    history = re.search(r'<table class="progress-history".*?</table>', html, re.S)
    assert history
    rows = re.findall(r'<tr data-status="(\w+)">(.*?)</tr>', history.group(0), re.S)
    # REPORTS: 1.1 "not started" on 2020-12-31, "on schedule" on 2021-12-31, both by ABB
    assert [status for status, _ in rows] == ["OnSchedule", "NotStarted"]
    assert 'datetime="2021-12-31"' in rows[0][1] and 'datetime="2020-12-31"' in rows[1][1]
    assert "Ondersteuningsaanbod loopt." in rows[0][1]
    assert "€104,320" in rows[0][1]  # the amount spent reported in the second update
    assert all('href="/id/organisation/abb?lang=en"' in row for _, row in rows)
    # the update each report came in with, as a link, named by its import date
    assert update_iris()[2].replace("https://w3id.org/actieplan", "") in rows[0][1]
    assert "14 January 2022" in rows[0][1]


def test_an_action_without_reports_says_so(followed_site):
    html = get(followed_site, f"{PLAN}/action/1.2").text
    assert 'id="no-progress"' in html and "nog geen voortgang gerapporteerd" in html
    assert "progress-history" not in html


def test_status_as_of_dates_on_either_side_of_the_second_update(followed_site):
    before, after = state_rows(followed_site, "2021-06-30"), state_rows(followed_site, "2022-06-30")
    # before the reports dated 2021-12-31: the first update's statuses
    assert before["1.1"]["Status"] == "not started"
    assert before["3.9"]["Status"] == "delayed"
    assert before["1.5"]["Amount spent"] == "40000"
    assert before["5.2"]["Status"] == "no report"
    # after: the second update's
    assert after["1.1"]["Status"] == "on schedule"
    assert after["3.9"]["Status"] == "stopped"
    assert after["1.5"]["Status"] == "done"
    assert after["5.2"]["Status"] == "merged into another action"
    assert (
        after["5.2"]["Reporting organisation"] == "Association of Flemish Cities and Municipalities"
    )  # VVSG
    # untouched by the second update
    assert after["2.1"]["Status"] == "started" and after["2.1"]["Status date"] == "2020-12-31"
    # the plan's 50 actions and the one the second update added
    assert len(after) == 51 and after["8.7"]["Status"] == "no report"
    assert "8.7" in before  # the as-of date picks reports; the action is in the graph


def test_counts_per_objective(followed_site):
    html = get(followed_site, "/follow-up", as_of="2022-06-30").text
    found = counts(html, "counts-objective")
    # Objective 1 has 7 actions (1.1-1.7): 1.1 on schedule, 1.5 done
    assert found["1"] == {
        "NotStarted": 0,
        "Started": 0,
        "OnSchedule": 1,
        "Delayed": 0,
        "Done": 1,
        "Stopped": 0,
        "Merged": 0,
        "NoReport": 5,
    }
    # Objective 3 has 16 (3.1-3.16): 3.9 stopped
    assert found["3"]["Stopped"] == 1 and found["3"]["NoReport"] == 15
    # Objective 8: 8.1-8.6 and 8.7 added: 8.1 not started
    assert found["8"]["NotStarted"] == 1 and found["8"]["NoReport"] == 6
    # Objective 5 (5.1-5.3): 5.2 merged
    assert found["5"]["Merged"] == 1 and found["5"]["NoReport"] == 2
    organisations = counts(html, "counts-lead-organisation")
    # ABB leads 1.1, 1.5, 8.1 among the reported ones: on schedule, done, not started
    assert organisations["abb"]["OnSchedule"] == 1
    assert organisations["abb"]["Done"] == 1
    assert organisations["abb"]["NotStarted"] == 1
    ministers = counts(html, "counts-coordinating-minister")
    # Justitie coordinates 3.9 (stopped) and 7.3 (delayed)
    assert ministers["justitie"]["Stopped"] == 1 and ministers["justitie"]["Delayed"] == 1


def test_the_bars_name_each_pattern_in_words(followed_site):
    html = get(followed_site, "/follow-up", as_of="2022-06-30", lang="en").text
    legend = re.search(r'<ul class="status-legend[^"]*".*?</ul>', html, re.S)
    assert legend
    for words in ("not started", "on schedule", "delayed", "done", "stopped", "no report"):
        assert words in legend.group(0)
    # each part of a bar is a pattern with its status and count in words
    assert re.search(r'fill="url\(#status-Done\)"[^>]*><title>done: 1</title>', html)


def test_what_changed_since_a_date(followed_site):
    html = get(followed_site, "/follow-up", since="2021-06-30", lang="en").text
    changed = re.search(r'<table id="changed-reports">(.*?)</table>', html, re.S)
    assert changed
    # the second update's five reports (1.1, 1.5, 3.9, 5.2, 7.3), and its new action 8.7
    numbers = re.findall(r'<tr data-action="([\d.]+)">', changed.group(1))
    assert sorted(numbers) == ["1.1", "1.5", "3.9", "5.2", "7.3"]
    added = re.search(r'<ul id="added-actions">(.*?)</ul>', html, re.S)
    assert added and re.findall(r'data-action="([\d.]+)"', added.group(1)) == ["8.7"]
    later = get(followed_site, "/follow-up", since="2022-06-30", lang="en").text
    assert "Nothing was reported after this date." in later


def test_the_downloads_name_their_date_and_language(followed_site):
    answer = get(followed_site, "/follow-up.xlsx", as_of="2021-06-30")
    assert 'filename="opvolging-2021-06-30.xlsx"' in answer.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames == ["Acties", "Doelstelling", "Trekker", "Coördinerend minister"]
    semicolon = get(followed_site, "/follow-up.csv", as_of="2021-06-30", delimiter="semicolon")
    assert semicolon.text.lstrip("\ufeff").startswith("Actie;Titel;Status;Statusdatum")


def test_a_date_that_is_no_date_is_refused(followed_site):
    answer = httpx.get(followed_site.url("/follow-up"), params={"as_of": "gisteren"}, timeout=30)
    assert answer.status_code == 400
    assert "as_of" in answer.text


def test_without_a_ledger_the_pages_render_empty(site):
    html = get(site, "/follow-up").text
    assert 'id="no-reports"' in html
    # every one of the plan's 50 actions without a report
    plan = re.search(r'<li data-status="NoReport">.*?<strong>(\d+)</strong>', html, re.S)
    assert plan and plan.group(1) == "50"
    assert 'id="no-reports"' in get(site, "/follow-up/mid-term").text
    assert 'id="no-progress"' in get(site, f"{PLAN}/action/3.12").text


def test_the_timeline_shows_the_as_of_line_and_each_status(followed_site):
    html = get(followed_site, "/timeline", as_of="2021-06-30", lang="en").text
    marks = dict(
        re.findall(
            r'id="action-([\d.]+)".*?class="as-of-status"[^>]*data-status="(\w+)"', html, re.S
        )
    )
    # as of 2021-06-30 the first update holds: 3.9 delayed, 1.5 on schedule, 8.1 not started
    assert marks["3.9"] == "Delayed" and marks["1.5"] == "OnSchedule"
    assert marks["8.1"] == "NotStarted" and marks["1.2"] == "NoReport"
    # every action of the timeline: the plan's 50 and 8.7, which the second update added (it
    # is in the graph whatever the as-of date, and has no report)
    assert len(marks) == 51 and marks["8.7"] == "NoReport"
    # the line: 2021-06-30 on an axis from 1 January 2019 (4.7, 5.3 start in 2019) to
    # 31 December 2025 (4.1 ends on 14 January 2025): 7 years, 2557 days
    left = float(re.search(r'<span class="as-of-line" data-left="([\d.]+)"', html).group(1))
    assert left == pytest.approx(100 * 911 / 2557, abs=0.01)  # 911 days of 2557
    plain = get(followed_site, "/timeline").text
    assert 'id="t-as-of"' in plain  # today by default


def test_without_a_ledger_the_timeline_has_no_as_of_line(site):
    html = get(site, "/timeline").text
    assert "as-of-line" not in html and 'id="t-as-of"' not in html


def test_the_json_twin_holds_the_page_s_figures(followed_site):
    found = get(followed_site, "/follow-up.json", as_of="2022-06-30", since="2021-06-30").json()
    # the same as the page's counts (test_counts_per_objective): objective 1 as of 2022-06-30
    objective_1 = next(row for row in found["groups"]["objective"] if row["id"] == "1")
    assert objective_1["OnSchedule"] == 1 and objective_1["Done"] == 1
    assert objective_1["NoReport"] == 5
    assert found["counts"]["NoReport"] == 43 and len(found["actions"]) == 51
    assert [a["number"] for a in found["changes"]["added_actions"]] == ["8.7"]
    assert len(found["changes"]["reports"]) == 5
