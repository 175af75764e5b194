"""The completeness grid says what the SHACL report says: its marks are the report's findings
and notes, action by action; a fact satisfied by one of its alternatives is shown as satisfied.

Expected values (counted from the plan text; docs/command-line.md, Validate): 1 Violation (3.12's
Trekker cell is empty), 4 Warnings (no end for 3.14, 6.3 and 8.5; 5.2 names a fund and no
figure). Action 1.1 prints "1 april 2021 – 31 maart 2023" and "104.320 euro": it has dates and a
euro figure, so "ongoing" and "regular resources" are alternatives it does not need."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from actieplan.graph.rdf.loading import load_graph
from actieplan.graph.validation.grid import completeness_grid
from actieplan.graph.validation.report import validate_graph

PLAN_ACTIONS = 50


@pytest.fixture(scope="module")
def report():
    return validate_graph(load_graph())


def test_the_grid_counts_what_the_report_counts(report):
    grid = completeness_grid(report)
    assert grid.counts() == report.counts()
    assert [grid.counts()[s] for s in (SH.Violation, SH.Warning)] == [1, 4]
    assert grid.note_count() == sum(
        item.count for item in report.notes if item.note.scope == "action"
    )
    assert len(grid.rows) == PLAN_ACTIONS
    assert grid.unplaced == ()


def test_marks_are_the_report_results_per_focus_node(report):
    """Each sh:ValidationResult of the report's own graph is one mark, on its action."""
    grid = completeness_grid(report)
    numbers = {row.action.iri: row.action.number for row in grid.rows}
    expected = Counter(
        (
            numbers[report.graph.value(result, SH.focusNode)],
            report.graph.value(result, SH.sourceShape),
        )
        for result in report.graph.subjects(RDF.type, SH.ValidationResult)
    )
    marked = Counter(
        (row.action.number, finding.check.shape) for row in grid.rows for finding in row.findings
    )
    assert marked == expected
    assert sorted(number for number, _shape in marked) == ["3.12", "3.14", "5.2", "6.3", "8.5"]


def test_a_fact_satisfied_by_its_alternative_is_satisfied(report):
    grid = completeness_grid(report)
    first = next(row for row in grid.rows if row.action.number == "1.1")
    assert not first.findings
    by_check = {cell.column.key: cell for cell in first.cells}
    assert [f.key for f in by_check["ActionStart"].satisfied_by] == ["start_date"]
    assert [f.key for f in by_check["ActionEnd"].satisfied_by] == ["end_date"]
    assert [f.key for f in by_check["ActionFunding"].satisfied_by] == ["euro_figure"]
    # 3.14 "Vanaf 01/09/2021": a start, no end, not ongoing: marked on the end, not the start.
    open_ended = next(row for row in grid.rows if row.action.number == "3.14")
    cells = {cell.column.key: cell for cell in open_ended.cells}
    assert cells["ActionEnd"].marked and cells["ActionEnd"].severity == SH.Warning
    assert not cells["ActionStart"].marked


class _Marks(HTMLParser):
    """The marked cells of the page's grid: (action, check) per finding, (action, note)."""

    def __init__(self) -> None:
        super().__init__()
        self.row: str | None = None
        self.findings: Counter[tuple[str, str]] = Counter()
        self.notes: Counter[tuple[str, str]] = Counter()
        self.missing = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        row_id = values.get("id") or ""
        if tag == "tr" and row_id.startswith("action-"):
            self.row = row_id.removeprefix("action-")
        if self.row and values.get("data-severity"):
            self.findings[(self.row, values["data-check"] or "")] += 1
        if self.row and tag == "td" and values.get("data-note"):
            self.notes[(self.row, values["data-note"] or "")] += 1


def test_the_page_marks_the_report_findings_and_notes(client):
    page = client.get("/completeness")
    marks = _Marks()
    marks.feed(page.text)
    report = client.get("/api/completeness").json()
    assert marks.findings == Counter(
        (result["action"], result["shape"].split("#")[-1]) for result in report["results"]
    )
    assert marks.notes == Counter(
        (item["action"], note["key"])
        for note in report["notes"]
        if note["scope"] == "action"
        for item in note["actions"]
    )
    assert sum(marks.notes.values()) == 82  # 13 ongoing, 3 open-ended, 36 no figure, 1 fund, 29
    grid = page.text.split('id="matrix"', 1)[1].split("</table>", 1)[0]
    assert "ontbreekt" not in grid  # the old grid's word for every absent alternative
    assert 'id="grid-count-violation">1 overtreding<' in page.text
    assert 'id="grid-count-warning">4 waarschuwingen<' in page.text
    # The report's Turtle has as many results as the page has marks.
    turtle = Graph().parse(data=client.get("/api/completeness?format=turtle").text, format="turtle")
    assert len(set(turtle.subjects(RDF.type, SH.ValidationResult))) == sum(marks.findings.values())


def test_action_1_1_is_not_marked_for_ongoing_or_regular_resources(client):
    page = client.get("/completeness")
    row = page.text.split('id="action-1.1"', 1)[1].split("</tr>", 1)[0]
    assert "data-severity" not in row
    assert row.count('class="present"') == 11  # every fact check of an action
    assert "begindatum" in row and "einddatum" in row and "bedrag in euro" in row
    assert "reguliere middelen" not in row and "doorlopend" not in row
