"""The mid-term evaluation view over HTTP (/follow-up/mid-term, api/pages/follow_up.py): a
server with the test ledger (tests/support/progress_ledger.py: reports dated 2020-12-31 and
2021-12-31), the session's server without one, and a server on a triple store (`--store`).

The evaluation date comes from the plan's text: its period is printed under its title, "2020-2024"
(data/source/actieplan-radicalisering-2020-2024.txt, line 5), and line 37 says "Na twee jaar zal
een tussentijdse evaluatie worden uitgevoerd door het Vlaams Platform": two years after
1 January 2020 is 1 January 2022. The statuses come from the ledger's table REPORTS, the actions'
end dates and budgets from the plan read by hand (tests/support/plan_values.py), never from the
code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal

import httpx
from openpyxl import load_workbook
from support.cli_runner import run_cli
from support.oxigraph_server import running_oxigraph
from support.plan_values import EXPECTED, YearPart
from support.progress_ledger import ADDED_ACTION, REPORTS, UPDATES
from support.server import running_server

from actieplan.graph.core.vocab import AP

EVALUATION = dt.date(2022, 1, 1)  # 2020 (line 5) + two years (line 37)
CLOSED = {AP.Done, AP.Stopped, AP.Merged}  # no longer carried out: never overdue
STATUS_KEYS = {
    AP.NotStarted: "NotStarted",
    AP.Started: "Started",
    AP.OnSchedule: "OnSchedule",
    AP.Delayed: "Delayed",
    AP.Done: "Done",
    AP.Stopped: "Stopped",
    AP.Merged: "Merged",
}


def statuses_as_of(date: dt.date) -> dict[str, object]:
    """Action -> its status in the last report of REPORTS dated on or before `date`."""
    found: dict[str, tuple[dt.date, object]] = {}
    for update, action, status, *_ in REPORTS:
        dated = UPDATES[update][2]
        if dated <= date and (action not in found or found[action][0] <= dated):
            found[action] = (dated, status)
    return {action: status for action, (_, status) in found.items()}


def printed_end_year(number: str) -> int | None:
    """The year of an action's printed end (plan_values), None when ongoing or without one."""
    end = EXPECTED[number][5]
    if isinstance(end, YearPart):
        return int(end.year)
    return int(end[:4]) if isinstance(end, str) and end[:1].isdigit() else None


def overdue_on_new_year(date: dt.date) -> list[str]:
    """The actions printed to end in a year before `date`'s (so before `date`, a 1 January) and
    not closed as of it: by hand, from the printed years and REPORTS."""
    assert (date.month, date.day) == (1, 1)
    status = statuses_as_of(date)
    return sorted(
        (
            number
            for number in EXPECTED
            if (year := printed_end_year(number)) is not None
            and year < date.year
            and status.get(number) not in CLOSED
        ),
        key=lambda n: tuple(int(p) for p in n.split(".")),
    )


def get(server, path: str, **params: str) -> httpx.Response:
    answer = httpx.get(server.url(path), params=params, timeout=60)
    assert answer.status_code == 200, (path, answer.text[:300])
    return answer


def section(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(1)


def plan_counts(html: str) -> dict[str, int]:
    counts = section(html, r'<ul [^>]*id="plan-counts"[^>]*>(.*?)</ul>')
    return {
        key: int(value)
        for key, value in re.findall(r'data-status="(\w+)">.*?<strong>(\d+)</strong>', counts)
    }


def overdue_numbers(html: str) -> list[str]:
    table = re.search(r'<table id="overdue-actions">(.*?)</table>', html, re.S)
    return re.findall(r'data-action="([\d.]+)"', table.group(1)) if table else []


def test_the_evaluation_date_is_two_years_after_the_plan_s_start(followed_site):
    html = get(followed_site, "/follow-up/mid-term", lang="en").text
    lead = section(html, r'id="mid-term-date">(.*?)</p>')
    # the period printed under the title (line 5): 2020-2024
    assert "1 January 2020" in lead and "31 December 2024" in lead
    assert "1 January 2022" in lead
    assert 'id="shown-date" data-date="2022-01-01"' in html
    assert 'id="as-of" name="as_of" type="date" value="2022-01-01"' in html
    dutch = get(followed_site, "/follow-up/mid-term").text
    assert "1 januari 2022" in section(dutch, r'id="mid-term-date">(.*?)</p>')
    # the follow-up page links it with its date
    assert "(1 January 2022)" in get(followed_site, "/follow-up", lang="en").text


def test_the_state_at_the_evaluation_date_counted_per_status(followed_site):
    html = get(followed_site, "/follow-up/mid-term", lang="en").text
    # as of 2022-01-01 both updates hold: 1.1 on schedule, 1.5 done, 3.9 stopped, 5.2 merged,
    # 7.3 delayed (2021-12-31); 2.1 and 6.4 started, 8.1 not started (2020-12-31)
    reported = Counter(STATUS_KEYS[s] for s in statuses_as_of(EVALUATION).values())
    assert reported == {
        "OnSchedule": 1,
        "Done": 1,
        "Stopped": 1,
        "Merged": 1,
        "Delayed": 1,
        "Started": 2,
        "NotStarted": 1,
    }
    # the plan's 50 actions and 8.7, which the second update added: 51 - 8 reported
    assert plan_counts(html) == {**{k: 0 for k in STATUS_KEYS.values()}, **reported, "NoReport": 43}


def test_the_actions_overdue_at_the_evaluation_date(followed_site):
    html = get(followed_site, "/follow-up/mid-term", lang="en").text
    expected = overdue_on_new_year(EVALUATION)
    # printed to end in 2020 or 2021: 1.5, 1.7, 2.1, 2.2 ("najaar 2021"), 4.5, 5.1, 5.3, 7.1,
    # 7.2; 1.5 is done by then
    assert expected == ["1.7", "2.1", "2.2", "4.5", "5.1", "5.3", "7.1", "7.2"]
    assert overdue_numbers(html) == expected
    assert "8 actions ended before this date" in html


def test_amounts_spent_against_the_budget(followed_site):
    html = get(followed_site, "/follow-up/mid-term", lang="en").text
    spent = section(html, r'<table id="spent-actions">(.*?)</table>')
    rows = dict(re.findall(r'<tr data-action="([\d.]+)">(.*?)</tr>', spent, re.S))
    # REPORTS: 1.1 spent €104,320 (2021), 1.5 €85,000 (2021), 6.4 €10,000 (2020)
    assert sorted(rows) == ["1.1", "1.5", "6.4"]
    # 1.1's budget is yearly ("104.320 euro per jaar"): nothing to set it against
    assert EXPECTED["1.1"][6] == [("104320", True)]
    assert "€104,320" in rows["1.1"] and "no one-off amount" in rows["1.1"]
    # 1.5: 85.000 euro one-off; 6.4: 228.125 euro one-off
    assert "€85,000" in rows["1.5"] and "100%" in rows["1.5"]
    assert "€10,000" in rows["6.4"] and "€228,125" in rows["6.4"]
    total = section(spent, r"<tfoot>(.*?)</tfoot>")
    both = Decimal(85000) + Decimal(10000), Decimal(85000) + Decimal(228125)
    assert both == (Decimal(95000), Decimal(313125))
    assert "2 actions with both" in total and "€95,000" in total and "€313,125" in total
    assert "30.3%" in total  # 95,000 / 313,125 = 0.3034


def test_as_of_overrides_the_date(followed_site):
    html = get(followed_site, "/follow-up/mid-term", as_of="2021-01-01", lang="en").text
    assert 'id="shown-date" data-date="2021-01-01"' in html
    assert "1 January 2021, the date asked for" in html
    assert "1 January 2022" in section(html, r'id="mid-term-date">(.*?)</p>')  # still said
    # only the first update holds: 1.5 on schedule, €40,000 spent
    assert plan_counts(html)["OnSchedule"] == 1 and plan_counts(html)["Done"] == 0
    # printed to end in 2020: 7.2 only
    assert overdue_numbers(html) == overdue_on_new_year(dt.date(2021, 1, 1)) == ["7.2"]
    spent = section(html, r'<table id="spent-actions">(.*?)</table>')
    assert "€40,000" in spent
    # the downloads are for the date asked for
    assert 'href="/follow-up/mid-term.xlsx?as_of=2021-01-01&amp;lang=en"' in html
    answer = get(followed_site, "/follow-up/mid-term.csv", as_of="2021-01-01", lang="en")
    assert 'filename="mid-term-evaluation-2021-01-01.csv"' in answer.headers["content-disposition"]


def test_the_csv_holds_every_action_s_state_and_whether_it_is_overdue(followed_site):
    answer = get(followed_site, "/follow-up/mid-term.csv", lang="en")
    assert 'filename="mid-term-evaluation-2022-01-01.csv"' in answer.headers["content-disposition"]
    rows = {row["Action"]: row for row in csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff")))}
    assert len(rows) == 51 and rows[ADDED_ACTION[0]]["Status"] == "no report"
    assert rows["1.5"]["Status"] == "done" and rows["1.5"]["Status date"] == "2021-12-31"
    assert rows["1.5"]["Amount spent"] == "85000" and rows["1.5"]["Overdue"] == "no"
    assert rows["2.1"]["Status"] == "started" and rows["2.1"]["Status date"] == "2020-12-31"
    assert rows["2.1"]["Overdue"] == "yes" and rows["1.7"]["Status"] == "no report"
    overdue = sorted((n for n, row in rows.items() if row["Overdue"] == "yes"), key=str)
    assert overdue == sorted(overdue_on_new_year(EVALUATION), key=str)


def test_the_workbook_counts_per_objective_in_dutch(followed_site):
    answer = get(followed_site, "/follow-up/mid-term.xlsx")
    assert "2022-01-01.xlsx" in answer.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames == ["Acties", "Doelstelling"]
    sheet = workbook["Doelstelling"]
    header = [cell.value for cell in sheet[1]]
    rows = {
        str(row[0]).split(".")[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    per_objective = Counter(number.split(".")[0] for number in EXPECTED)
    # objective 1 (1.1-1.7): 1.1 on schedule, 1.5 done
    assert rows["1"]["Acties"] == per_objective["1"] == 7
    assert rows["1"]["volgens planning"] == 1 and rows["1"]["afgerond"] == 1
    assert rows["1"]["geen rapport"] == 5
    # objective 8 (8.1-8.6 and 8.7, added): 8.1 not started
    assert rows["8"]["Acties"] == per_objective["8"] + 1 == 7
    assert rows["8"]["niet gestart"] == 1 and rows["8"]["geen rapport"] == 6
    assert sum(row["Acties"] for row in rows.values()) == 51


def test_without_a_ledger_every_action_has_no_report(site):
    html = get(site, "/follow-up/mid-term", lang="en").text
    assert 'id="no-reports"' in html and 'data-date="2022-01-01"' in html
    assert plan_counts(html)["NoReport"] == 50
    # nothing reported: every action printed to end in 2020 or 2021 is overdue
    overdue = [n for n in EXPECTED if (year := printed_end_year(n)) and year < 2022]
    assert len(overdue) == 9 and overdue_numbers(html) == overdue


def test_a_date_that_is_no_date_is_refused(followed_site):
    answer = httpx.get(
        followed_site.url("/follow-up/mid-term.csv"), params={"as_of": "2022-13-01"}, timeout=30
    )
    assert answer.status_code == 400 and "as_of" in answer.text


def test_on_a_triple_store_the_view_reads_the_plan_s_period(built, tmp_path_factory):
    """`serve --store` (no ledger there): the period read through SPARQL, every action without
    a report."""
    graph_file = tmp_path_factory.mktemp("graph") / "graph.nt"
    graph_file.write_text(built.files["graph.nt"], encoding="utf-8")
    with running_oxigraph(tmp_path_factory.mktemp("store") / "data") as store:
        code, _, err = run_cli("publish", "--graph", str(graph_file), *store.publish_arguments())
        assert code == 0, err
        with running_server("--store", store.query_url) as server:
            html = get(server, "/follow-up/mid-term", lang="en").text
    assert "1 January 2022" in section(html, r'id="mid-term-date">(.*?)</p>')
    assert plan_counts(html)["NoReport"] == 50 and len(overdue_numbers(html)) == 9
