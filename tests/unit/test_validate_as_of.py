"""The follow-up checks as of a date (shapes/as-of/follow-up.ttl; issue 23, point 3): on the
vendored plan with no reports, and with a ledger of progress updates made by
graph/rdf/progress.py; `actieplan validate --as-of`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rdflib import Graph
from support.cli_runner import run_cli

from actieplan.graph.core.vocab import AP, Iris
from actieplan.graph.rdf.progress import (
    Report,
    read_ledger,
    record_update,
    update_graph,
    with_progress,
)
from actieplan.graph.validation.report import (
    AsOf,
    ValidationReport,
    months_before,
    validate_graph,
)

AS_OF = dt.date(2025, 6, 30)
IRIS = Iris("https://w3id.org/actieplan/id/", "actieplan-radicalisering-2020-2024")

# The actions whose printed Timing cell ends before 2025-06-30, read by hand from
# data/source/actieplan-radicalisering-2020-2024.txt (line of the Timing cell; a year ends on
# 31 December, a month on its last day, "half 2023" mid-2023, "najaar 2021" in autumn 2021).
# The latest printed end in the plan is 14 January 2025 (4.1), so every action that prints an
# end is on the list. Not on it, because their cells print no end date: "Doorlopend" (1.6, 3.1,
# 3.2, 3.4, 3.6, 3.7, 3.8, 3.10, 3.15, 3.16, 4.4), "Doorlopend (tot einde legislatuur)" (4.6:
# an event, not a date), "Vanaf 01/09/2021" (3.14), "2021 en verder" (6.3), "Vanaf 2021" (8.5),
# "Globale actie continue proces" (8.6).
PAST_END_2025_06_30 = {
    "1.1",  # line 97: 1 april 2021 – 31 maart 2023
    "1.2",  # line 99: 2021-2024
    "1.3",  # line 104: 2021-2024
    "1.4",  # line 108: 2020-2024
    "1.5",  # line 110: 1 januari 2020 – 31 december 2021
    "1.7",  # line 116: 1/1/2020 tot 31/12/2021
    "2.1",  # line 129: 2020 - 2021
    "2.2",  # line 132: Conceptnota: voorzien in najaar 2021
    "2.3",  # line 134: 1 mei 2021 – 1 mei 2024
    "3.3",  # line 160: 2020 - 2024
    "3.5",  # line 196: 2020 - 2024
    "3.9",  # line 218: 2020 - 2024
    "3.11",  # line 227: 2020 - 2024
    "3.12",  # line 231: 2020 - 2024
    "3.13",  # line 235: 2020 - 2024
    "4.1",  # line 283: 15 januari 2021 tot 14 januari 2025
    "4.2",  # line 292: 2021 – 2024
    "4.3",  # lines 301, 304: Eerste fase : 2021 / Tweede fase: eind 2021 - 2024
    "4.5",  # line 309: 2020 - 2021
    "4.7",  # line 313: 2019 - 2023
    "5.1",  # line 333: 2021
    "5.2",  # line 344: 1 februari 2020 – 31 januari 2022
    "5.3",  # line 351: 01/01/2019 – 31/12/2021
    "6.1",  # line 370: 2020 - 2022
    "6.2",  # line 372: 2021 - 2022
    "6.4",  # line 378: 15 december 2020 – 31 december 2023
    "6.5",  # line 380: 2020 - 2022
    "7.1",  # line 391: 2021
    "7.2",  # line 393: Draaiboek: 2020
    "7.3",  # line 397: Mei 2021 tot half 2023
    "8.1",  # line 406: 2021-2022
    "8.2",  # line 409: 2020 - 2024
    "8.3",  # line 411: 2020 - 2024
    "8.4",  # line 413: 2020 - 2022
}
# The same actions counted off the lines above: 6 of objective 1, 3 of 2, 6 of 3, 5 of 4, 3 of
# 5, 4 of 6, 3 of 7, 4 of 8.
PAST_END_COUNT = 34


def flagged(report: ValidationReport, check: str) -> set[str]:
    return {f.action for f in report.results if f.check.key == check and f.action}


@pytest.fixture(scope="module")
def no_reports(plan_graph) -> ValidationReport:
    return validate_graph(plan_graph, as_of=AsOf(AS_OF))


def test_vendored_plan_past_end_as_of_2025_06_30(no_reports):
    past_end = flagged(no_reports, "ActionPastEnd")
    assert past_end == PAST_END_2025_06_30
    assert len(past_end) == PAST_END_COUNT == 34
    assert not no_reports.conforms  # a Violation each
    check = next(c for c in no_reports.checks if c.key == "ActionPastEnd")
    assert check.severity_name("en") == "Violation"
    # the result names the printed timing, and the message the end date (1 april 2021 – 31
    # maart 2023: ends 2023-03-31)
    finding = next(f for f in no_reports.results if f.action == "1.1" and f.check.key == check.key)
    assert finding.printed_text == "1 april 2021 – 31 maart 2023"
    assert finding.message("en") == (
        "Action 1.1 ended on 2023-03-31 and is not reported done, stopped or merged."
    )
    assert finding.message("nl").startswith("Actie 1.1 eindigde op 2023-03-31")


def test_with_no_reports_the_other_checks_are_unchanged(plan_graph, no_reports):
    """The as-of report is the plain report plus the follow-up group: the same findings of
    every other check."""
    plain = validate_graph(plan_graph)
    follow_up = {"ActionPastEnd", "ActionUnreported", "ActionDoneEarly"}
    assert {c.key for c in no_reports.checks} == {c.key for c in plain.checks} | follow_up
    assert [(f.check.key, f.action) for f in plain.results] == [
        (f.check.key, f.action) for f in no_reports.results if f.check.key not in follow_up
    ]
    assert plain.as_of is None and "as_of" not in plain.to_dict()
    assert not flagged(no_reports, "ActionDoneEarly")  # no report says done


def test_with_no_reports_every_running_action_is_unreported(no_reports):
    """No report at all: every action that is ongoing or started before 2024-12-30 (six months
    before the date) is flagged: all 50. From the cells named above: 13 are ongoing (the 11
    "Doorlopend", 4.6, 8.6), 3 start in 2021 (3.14, 6.3, 8.5), and the 34 with an end start in
    2019-2021."""
    assert len(flagged(no_reports, "ActionUnreported")) == 50
    check = next(c for c in no_reports.checks if c.key == "ActionUnreported")
    assert check.severity_name("en") == "Warning"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 6, 30), 6, dt.date(2024, 12, 30)),
        (dt.date(2025, 6, 30), 8, dt.date(2024, 10, 30)),
        (dt.date(2025, 6, 30), 12, dt.date(2024, 6, 30)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),  # February 2025 has 28 days
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),  # 2024 is a leap year
        (dt.date(2025, 1, 15), 13, dt.date(2023, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


# ---------------------------------------------------------------------------------------
# With a ledger
# ---------------------------------------------------------------------------------------


def _record(ledger: Path, key: str, imported_at: dt.datetime, reports: list[Report]) -> None:
    sha256 = key * 64  # one hexadecimal digit repeated: a distinct key per update
    graph = update_graph(IRIS, sha256, f"{key}.xlsx", imported_at, reports, "test")
    assert record_update(ledger, sha256, graph) is not None


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    """Two updates. The first (imported 1 March 2025) reports 1.1 done after its end, 1.2
    delayed, 2.1 done, 4.1 done in 2024 while it ends on 14 January 2025, 6.3 ("2021 en
    verder") started on 30 October 2024 (8 months before 30 June 2025), 5.1 done on a date
    after 30 June 2025, 7.1 stopped and 7.2 merged. The second (imported later) corrects 2.1 on
    the same status date: delayed."""
    folder = tmp_path_factory.mktemp("ledger")
    _record(
        folder,
        "a",
        dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC),
        [
            Report("1.1", AP.Done, dt.date(2025, 2, 1)),
            Report("1.2", AP.Delayed, dt.date(2025, 5, 1)),
            Report("2.1", AP.Done, dt.date(2025, 4, 1)),
            Report("4.1", AP.Done, dt.date(2024, 6, 1)),
            Report("6.3", AP.Started, dt.date(2024, 10, 30)),
            Report("5.1", AP.Done, dt.date(2025, 7, 15)),
            Report("7.1", AP.Stopped, dt.date(2025, 1, 10)),
            Report("7.2", AP.Merged, dt.date(2025, 1, 10)),
        ],
    )
    _record(
        folder,
        "b",
        dt.datetime(2025, 4, 2, 9, 0, tzinfo=dt.UTC),
        [Report("2.1", AP.Delayed, dt.date(2025, 4, 1))],
    )
    return folder


@pytest.fixture(scope="module")
def followed(plan_graph, ledger) -> Graph:
    return with_progress(plan_graph, read_ledger(ledger))


@pytest.fixture(scope="module")
def with_ledger(followed) -> ValidationReport:
    return validate_graph(followed, as_of=AsOf(AS_OF))


def test_reported_done_stopped_or_merged_leaves_the_list(with_ledger):
    past_end = flagged(with_ledger, "ActionPastEnd")
    # done (1.1, 4.1), stopped (7.1), merged (7.2): closed as of the date
    assert past_end == PAST_END_2025_06_30 - {"1.1", "4.1", "7.1", "7.2"}
    assert "1.2" in past_end  # reported delayed: stays
    assert "2.1" in past_end  # done, corrected to delayed by a later import on the same date
    assert "5.1" in past_end  # reported done after the date: not yet as of the date


def test_an_earlier_date_sees_the_state_of_then(followed):
    """As of 1 March 2025 the report of 1.2 (1 May 2025) and the correction of 2.1 (its status
    date 1 April 2025) do not speak yet; 1.1 (done on 1 February 2025) is closed."""
    report = validate_graph(followed, as_of=AsOf(dt.date(2025, 3, 1)))
    past_end = flagged(report, "ActionPastEnd")
    assert {"1.2", "2.1"} <= past_end
    assert "1.1" not in past_end


def test_no_report_for_eight_months_is_stale_with_six_not_with_twelve(followed, with_ledger):
    assert "6.3" in flagged(with_ledger, "ActionUnreported")  # 6 months: since 2024-12-30
    finding = next(
        f for f in with_ledger.results if f.action == "6.3" and f.check.key == "ActionUnreported"
    )
    assert finding.message("en") == "Action 6.3: no progress report since 2024-10-30."
    twelve = validate_graph(followed, as_of=AsOf(AS_OF, stale_months=12))
    assert "6.3" not in flagged(twelve, "ActionUnreported")  # since 2024-06-30
    # closed actions need no more reports; one reported within the six months does not either
    assert not {"1.1", "4.1", "7.1", "7.2", "1.2", "2.1"} & flagged(with_ledger, "ActionUnreported")


def test_done_before_its_end_is_flagged(with_ledger):
    """4.1 was reported done on 1 June 2024; its printed end is 14 January 2025 (line 283).
    1.1 was reported done after its end (31 March 2023): not early."""
    assert flagged(with_ledger, "ActionDoneEarly") == {"4.1"}
    finding = next(f for f in with_ledger.results if f.check.key == "ActionDoneEarly")
    assert finding.check.severity_name("en") == "Warning"
    assert finding.message("en") == (
        "Action 4.1 was reported done on 2024-06-01; its end date 2025-01-14 was still ahead."
    )


def test_the_shapes_and_the_query_library_pick_the_same_report(ledger, with_ledger):
    """queries/progress-as-of.rq and the shapes each state which report speaks for a date:
    an action past its end is flagged exactly when the question's status is not done, stopped
    or merged."""
    code, out, _ = run_cli(
        "query", "progress-as-of", "-p", "date=2025-06-30", "--progress", str(ledger),
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    status = {row["number"]: row["status"] for row in json.loads(out)}
    assert status["2.1"] == str(AP.Delayed) and status["5.1"] is None
    closing = {str(AP.Done), str(AP.Stopped), str(AP.Merged)}
    open_past_end = {n for n in PAST_END_2025_06_30 if status[n] not in closing}
    assert flagged(with_ledger, "ActionPastEnd") == open_past_end


# ---------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------


def test_cli_validate_as_of_json():
    code, out, _ = run_cli("validate", "--as-of", "2025-06-30", "--format", "json", "--lang", "en")
    assert code == 1  # the actions past their end are Violations
    report = json.loads(out)
    assert report["as_of"] == "2025-06-30"
    assert report["stale_months"] == 6 and report["reported_since"] == "2024-12-30"
    past_end = {r["action"] for r in report["results"] if r["shape"].endswith("#ActionPastEnd")}
    assert past_end == PAST_END_2025_06_30
    summary = next(c for c in report["checks"] if c["key"] == "ActionPastEnd")
    assert summary["failing"] == PAST_END_COUNT and summary["severity"] == "Violation"
    assert summary["group"] == "Follow-up as of the date"


def test_cli_validate_as_of_with_a_ledger(ledger):
    code, out, _ = run_cli(
        "validate", "--as-of", "2025-06-30", "--stale-months", "12", "--progress", str(ledger),
        "--format", "json",
    )  # fmt: skip
    assert code == 1
    report = json.loads(out)
    assert report["stale_months"] == 12 and report["reported_since"] == "2024-06-30"
    by_check: dict[str, set[str]] = {}
    for result in report["results"]:
        by_check.setdefault(result["shape"].split("#")[1], set()).add(result["action"])
    assert by_check["ActionPastEnd"] == PAST_END_2025_06_30 - {"1.1", "4.1", "7.1", "7.2"}
    assert by_check["ActionDoneEarly"] == {"4.1"}
    assert "6.3" not in by_check["ActionUnreported"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--as-of", "30/06/2025"], "--as-of [date]: '30/06/2025' is not a date: give YYYY-MM-DD"),
        (["--stale-months", "6"], "--stale-months needs --as-of DATE"),
        (["--as-of", "2025-06-30", "--stale-months", "0"], "give 1 to 120 months"),
    ],
)
def test_cli_validate_as_of_refuses_bad_values(args, said):
    code, _, err = run_cli("validate", *args)
    assert code == 2
    assert said in err
