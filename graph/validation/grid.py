"""The completeness grid: per action, each fact the shapes ask of an action (a column) with
what the SHACL report says of it, and the notes worth knowing that are true of the action.

A cell is *marked* only where the report has a finding (a sh:ValidationResult, report.results)
of that fact's check on the action; otherwise the fact is satisfied, and the cell says by which
of the check's alternatives (its sh:or: "start date" or "ongoing"; report.matrix). Findings of
checks that are not facts (consistency, reference data, form of the data) are the row's
`other` findings; findings on no action at all are the grid's `unplaced`. Notes are the
report's action notes true of the action (report.noted). So the marks are the report's findings
and notes one for one, and `Grid.counts()` equals `report.counts()`.

    grid = completeness_grid(report)
    grid.columns, grid.rows, grid.counts(), grid.note_count()
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from actieplan.graph.validation.report import (
    SEVERITIES,
    ActionRow,
    Check,
    Fact,
    Finding,
    Note,
    ValidationReport,
)


@dataclass(frozen=True)
class Column:
    """A fact check of an action: one targeted shape of the required or desirable facts, with
    the alternatives that satisfy it (the shape itself when it has no sh:or)."""

    check: Check
    level: str  # "required" or "desirable"
    alternatives: tuple[Fact, ...]

    @property
    def key(self) -> str:
        return self.check.key

    @property
    def has_alternatives(self) -> bool:
        return len(self.alternatives) > 1


@dataclass(frozen=True)
class Cell:
    """What the report says of one fact of one action: its findings (marked), else the
    alternatives that satisfy the fact."""

    column: Column
    findings: tuple[Finding, ...]
    satisfied_by: tuple[Fact, ...]

    @property
    def marked(self) -> bool:
        return bool(self.findings)

    @property
    def severity(self) -> URIRef | None:
        """The worst severity of the cell's findings, None when unmarked."""
        severities = {finding.check.severity for finding in self.findings}
        return next((s for s in SEVERITIES if s in severities), None)


@dataclass(frozen=True)
class GridRow:
    action: ActionRow
    cells: tuple[Cell, ...]
    other: tuple[Finding, ...]  # findings of checks that are not fact columns
    notes: tuple[tuple[Note, bool], ...]  # every action note, true of the action or not

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for cell in self.cells for f in cell.findings) + self.other

    @property
    def noted(self) -> tuple[Note, ...]:
        return tuple(note for note, true in self.notes if true)


@dataclass(frozen=True)
class Grid:
    columns: tuple[Column, ...]
    notes: tuple[Note, ...]  # the action notes, the grid's last columns
    rows: tuple[GridRow, ...]
    unplaced: tuple[Finding, ...]  # findings about no action

    def counts(self) -> dict[URIRef, int]:
        """Marked findings by severity: the report's counts."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in [f for row in self.rows for f in row.findings] + list(self.unplaced):
            counts[finding.check.severity] += 1
        return counts

    def note_count(self) -> int:
        """Marked notes: (action, note) pairs the report lists."""
        return sum(len(row.noted) for row in self.rows)


def _columns(report: ValidationReport) -> tuple[Column, ...]:
    """The fact checks in the order of their first fact, each with its alternatives."""
    checks = {check.shape: check for check in report.checks}
    grouped: dict[URIRef, list[Fact]] = {}
    for fact in report.facts:
        for shape in fact.checks:
            grouped.setdefault(shape, []).append(fact)
    return tuple(
        Column(checks[shape], alternatives[0].level, tuple(alternatives))
        for shape, alternatives in grouped.items()
        if shape in checks
    )


def completeness_grid(report: ValidationReport) -> Grid:
    """The grid of the report: one row per action in the report's order."""
    columns = _columns(report)
    column_shapes = {column.check.shape for column in columns}
    by_action: dict[str, list[Finding]] = {}
    unplaced = []
    for finding in report.results:
        if finding.action is None:
            unplaced.append(finding)
        else:
            by_action.setdefault(finding.action, []).append(finding)
    action_notes = tuple(report.action_notes)
    rows = []
    for action in report.actions:
        findings = by_action.get(action.number, [])
        present = report.matrix[action.iri]
        cells = tuple(
            Cell(
                column=column,
                findings=tuple(f for f in findings if f.check.shape == column.check.shape),
                satisfied_by=tuple(fact for fact in column.alternatives if present[fact.key]),
            )
            for column in columns
        )
        rows.append(
            GridRow(
                action=action,
                cells=cells,
                other=tuple(f for f in findings if f.check.shape not in column_shapes),
                notes=tuple((note, report.noted[action.iri][note.key]) for note in action_notes),
            )
        )
    return Grid(columns, action_notes, tuple(rows), tuple(unplaced))
