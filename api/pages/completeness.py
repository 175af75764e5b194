"""The completeness page (`/completeness`): the SHACL report of the served graph, readable.

A summary (Violations, Warnings, notes), the checks with their failing actions, the notes, the
fill rates (all actions, per coordinating minister, per lead organisation) and the grid of
actions x facts (graph/validation/grid.py): a cell is marked only where the report has a finding
of that fact on the action (a link to the action page), otherwise it says which alternative
satisfies the fact; the notes true of an action are marked as notes. The grid's marks are the
report's findings and notes, one for one. It shows the report computed at
start-up (api/readmodel/service.py) through graph/validation/render.py's rows, like the CLI
and CSV, in the page's language. Filters live in the URL: `severity=violation|warning`,
`checks=all` (also the checks that found nothing), `objective=N` and `gaps=1` (matrix rows
with a finding); `as_of=YYYY-MM-DD` adds the follow-up checks on that date
(api/readmodel/follow_up.py: one report per date, cached).
Twins: /api/completeness as JSON, Turtle (the sh:ValidationReport) and the CSV matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from rdflib import URIRef

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.readmodel.completeness_as_of import AsOfError, report_as_of
from actieplan.api.readmodel.deps import Cache, Data
from actieplan.graph.validation.grid import Grid, completeness_grid
from actieplan.graph.validation.render import fill_rate_rows
from actieplan.graph.validation.report import (
    SEVERITIES,
    SEVERITY_NAMES,
    ActionRow,
    ValidationReport,
    in_language,
)

router = APIRouter(include_in_schema=False)
SEVERITY_KEYS = {name["en"].lower(): severity for severity, name in SEVERITY_NAMES.items()}


@dataclass(frozen=True)
class MatrixCell:
    """A fact of one action as the grid shows it: marked with the report's findings, or
    satisfied by the named alternatives."""

    check: str  # the check's key (its shape's local name)
    fact: str  # the check's name in the page's language
    level: str  # "required", "desirable"
    severity_key: str  # "violation", "warning"; "" when satisfied
    messages: list[str]  # the findings' messages
    satisfied_by: list[str]  # names of the alternatives that hold (when the check has several)


@dataclass(frozen=True)
class MatrixRow:
    action: ActionRow
    objective: str
    cells: list[MatrixCell]
    other: list[tuple[str, str, str]]  # (check key, severity key, message) of other findings
    notes: list[tuple[str, str, bool]]  # (note key, note name, true of the action)

    @property
    def marked(self) -> bool:
        return bool(self.other) or any(cell.severity_key for cell in self.cells)


def objective_of(number: str) -> str:
    """The objective part of an action number ("3" of "3.12")."""
    return number.split(".", 1)[0]


def _severity_key(severity: URIRef | None) -> str:
    """The severity as "violation" or "warning"; "" for none."""
    return SEVERITY_NAMES[severity]["en"].lower() if severity is not None else ""


def matrix(grid: Grid, lang: str) -> list[MatrixRow]:
    """One MatrixRow per action of the grid (graph/validation/grid.py), texts in `lang`."""
    return [
        MatrixRow(
            action=row.action,
            objective=objective_of(row.action.number),
            cells=[
                MatrixCell(
                    check=cell.column.key,
                    fact=in_language(cell.column.check.name, lang),
                    level=cell.column.level,
                    severity_key=_severity_key(cell.severity),
                    messages=[finding.message(lang) for finding in cell.findings],
                    satisfied_by=[in_language(f.name, lang) for f in cell.satisfied_by]
                    if cell.column.has_alternatives
                    else [],
                )
                for cell in row.cells
            ],
            other=[
                (f.check.key, _severity_key(f.check.severity), f.message(lang)) for f in row.other
            ],
            notes=[(note.key, in_language(note.name, lang), true) for note, true in row.notes],
        )
        for row in grid.rows
    ]


def fill_rates(report: ValidationReport, lang: str) -> dict[str, Any]:
    """The fill-rate table (render.py's rows; cells as (count, actions)), split by grouping."""
    headers, rows = fill_rate_rows(report, lang, cell=lambda count, total: (count, total))
    groups: dict[str, list[list[Any]]] = {}
    for row in rows:
        groups.setdefault(str(row[0]), []).append(row[1:])
    return {"headers": headers[1:], "groups": groups}


def page_values(report: ValidationReport, request: Request, lang: str) -> dict[str, Any]:
    params = request.query_params
    severity = SEVERITY_KEYS.get(params.get("severity", "").lower())
    if params.get("severity") and severity is None:
        raise HTTPException(
            400, f"severity={params['severity']!r}: use " + ", ".join(SEVERITY_KEYS)
        )
    all_checks = params.get("checks") == "all"
    objective = params.get("objective") or None
    known = sorted({objective_of(a.number) for a in report.actions}, key=lambda n: (len(n), n))
    if objective is not None and objective not in known:
        raise HTTPException(
            400, f"objective={objective!r}: the plan's objectives are " + ", ".join(known)
        )
    gaps_only = params.get("gaps") == "1"
    by_number = {action.number: action for action in report.actions}

    checks = []
    for summary in report.summary(failing_only=not all_checks):
        if severity is not None and summary.check.severity != severity:
            continue
        failing: dict[str, ActionRow | None] = {}
        for finding in summary.findings:
            number = finding.action or str(finding.focus)
            failing.setdefault(number, by_number.get(finding.action or ""))
        checks.append(
            {
                "key": summary.check.key,
                "severity": summary.check.severity_name(lang),
                "severity_key": summary.check.severity_name("en").lower(),
                "group": in_language(summary.check.group_label, lang),
                "name": in_language(summary.check.name, lang),
                "description": in_language(summary.check.description, lang),
                "failing": failing,
                "findings": [(f.action, f.printed_text, f.message(lang)) for f in summary.findings],
            }
        )

    grid = completeness_grid(report)
    rows = matrix(grid, lang)
    shown = [
        row
        for row in rows
        if (objective is None or row.objective == objective) and (not gaps_only or row.marked)
    ]
    grid_counts = grid.counts()
    counts = report.counts()
    return {
        "conforms": report.conforms,
        "as_of": report.as_of,
        "counts": [
            (SEVERITY_NAMES[s][lang], SEVERITY_NAMES[s]["en"].lower(), counts[s])
            for s in SEVERITIES
        ],
        "checks": checks,
        "all_checks": all_checks,
        "severity": params.get("severity", "").lower() if severity is not None else "",
        "notes": [
            {
                "key": item.note.key,
                "scope": item.note.scope,
                "name": in_language(item.note.name, lang),
                "message": in_language(item.note.message, lang),
                "description": in_language(item.note.description, lang),
                "count": item.count,
                "of": item.of,
                "actions": [(n, by_number.get(n)) for n, _text in item.actions],
            }
            for item in report.notes
        ],
        "columns": [
            (column.key, in_language(column.check.name, lang), column.level)
            for column in grid.columns
        ],
        "note_columns": [(note.key, in_language(note.name, lang)) for note in grid.notes],
        "grid_counts": [(SEVERITY_NAMES[s]["en"].lower(), grid_counts[s]) for s in SEVERITIES],
        "grid_notes": grid.note_count(),
        "unplaced": [(f.check.severity_name(lang), f.message(lang)) for f in grid.unplaced],
        "rows": shown,
        "total_rows": len(rows),
        "objectives": known,
        "objective": objective or "",
        "gaps_only": gaps_only,
        "fill": fill_rates(report, lang),
    }


@router.get("/completeness")
async def completeness_page(request: Request, data: Data, cache: Cache) -> HTMLResponse:
    lang = page_language(request)
    report = data.completeness
    as_of = request.query_params.get("as_of")
    if as_of is not None:
        try:
            report = await run_in_threadpool(report_as_of, data, cache, as_of)
        except AsOfError as error:
            raise HTTPException(400, str(error)) from None
    values = await run_in_threadpool(page_values, report, request, lang)
    dated = "" if report.as_of is None else f"&as_of={report.as_of.date.isoformat()}"
    twins = [
        Twin(f"/api/completeness?lang={lang}{dated}", "application/json", "JSON"),
        Twin(
            f"/api/completeness?format=turtle{dated}",
            "text/turtle",
            "Turtle (sh:ValidationReport)",
        ),
        Twin(f"/api/completeness?format=csv&table=matrix&lang={lang}{dated}", "text/csv", "CSV"),
    ]
    title = "Volledigheid" if lang == "nl" else "Completeness"
    return render(request, "completeness.html", values, title=title, twins=twins)
