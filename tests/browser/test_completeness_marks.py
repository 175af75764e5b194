"""The completeness grid in a browser marks what the SHACL report says, action by action: each
marked cell is one sh:ValidationResult of the report (/api/completeness, Turtle: its focus node
and source shape), each note mark one action of a note of the report; nothing else is marked.

Expected values (counted from the plan text): 1 Violation (3.12's Trekker cell is empty) and 4
Warnings (no end for 3.14 "Vanaf 01/09/2021", 6.3 "2021 en verder", 8.5 "Vanaf 2021"; 5.2 names
the ISF-P fund and no figure). Action 1.1 prints "1 april 2021 – 31 maart 2023" and "104.320
euro": satisfied by its dates and its euro figure, not marked for "doorlopend" or "reguliere
middelen"."""

from __future__ import annotations

from collections import Counter

import httpx
from rdflib import Graph
from rdflib.namespace import RDF, SH

MARKS = """() => Array.from(document.querySelectorAll('#matrix tbody tr')).flatMap(row =>
  Array.from(row.querySelectorAll('[data-severity]')).map(cell =>
    [row.id.replace('action-', ''), cell.dataset.check, cell.dataset.severity]))"""
NOTES = """() => Array.from(document.querySelectorAll('#matrix tbody tr')).flatMap(row =>
  Array.from(row.querySelectorAll('td[data-note]')).map(cell =>
    [row.id.replace('action-', ''), cell.dataset.note]))"""


def _report_results(base: str) -> Counter[tuple[str, str, str]]:
    """(action number, shape, severity) of every result of the report, from its Turtle; a focus
    node that is an action gives its number."""
    turtle = httpx.get(base + "/api/completeness", params={"format": "turtle"}, timeout=30)
    report = Graph().parse(data=turtle.text, format="turtle")
    actions = httpx.get(base + "/api/completeness", timeout=30).json()["matrix"]
    numbers = {row["iri"]: row["action"] for row in actions}
    found: Counter[tuple[str, str, str]] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        shape = str(report.value(result, SH.sourceShape)).split("#")[-1]
        severity = str(report.value(result, SH.resultSeverity)).split("#")[-1].lower()
        found[(numbers.get(focus, focus), shape, severity)] += 1
    return found


def test_marks_equal_the_report_action_by_action(browser_page, served):
    page = browser_page.open("/completeness")
    marks = Counter(tuple(mark) for mark in page.evaluate(MARKS))
    expected = _report_results(served.base)
    assert marks == expected
    assert sorted(marks) == [
        ("3.12", "ActionLeadOrganisation", "violation"),
        ("3.14", "ActionEnd", "warning"),
        ("5.2", "ActionFunding", "warning"),
        ("6.3", "ActionEnd", "warning"),
        ("8.5", "ActionEnd", "warning"),
    ]
    notes = Counter(tuple(mark) for mark in page.evaluate(NOTES))
    report = httpx.get(served.base + "/api/completeness", timeout=30).json()
    assert notes == Counter(
        (item["action"], note["key"])
        for note in report["notes"]
        if note["scope"] == "action"
        for item in note["actions"]
    )
    # The grid's counts are the report's: 1 violation, 4 warnings.
    assert page.locator("#grid-count-violation").inner_text() == "1 overtreding"
    assert page.locator("#grid-count-warning").inner_text() == "4 waarschuwingen"
    assert page.locator("#count-violation .figure").inner_text() == "1"
    assert page.locator("#count-warning .figure").inner_text() == "4"


def test_action_1_1_is_satisfied_by_dates_and_a_euro_figure(browser_page):
    page = browser_page.open("/completeness")
    row = page.locator("#action-1\\.1")
    assert row.locator("[data-severity]").count() == 0
    start = row.locator("td[data-check=ActionStart]")
    end = row.locator("td[data-check=ActionEnd]")
    funding = row.locator("td[data-check=ActionFunding]")
    assert "present" in start.get_attribute("class")
    assert start.locator(".by").inner_text() == "begindatum"
    assert end.locator(".by").inner_text() == "einddatum"
    assert funding.locator(".by").inner_text() == "bedrag in euro"
    assert "doorlopend" not in row.inner_text() and "reguliere middelen" not in row.inner_text()
    # An ongoing action is satisfied by "ongoing" and is marked as a note, not as missing.
    english = browser_page.open("/completeness?lang=en")
    ongoing = english.evaluate(NOTES)
    first_ongoing = next(number for number, key in ongoing if key == "ActionOngoing")
    cells = english.locator(f"#action-{first_ongoing.replace('.', chr(92) + '.')}")
    assert cells.locator("td[data-check=ActionEnd] .by").inner_text() == "ongoing"
    assert cells.locator("[data-severity]").count() == 0
