"""The completeness page (`/completeness`): the SHACL report of the served graph, readable.

A summary (Violations, Warnings, notes), the checks with their failing actions, the notes, the
fill rates (all actions, per coordinating minister, per lead organisation) and the matrix of
actions x facts, every gap a link to its action page. It shows the report computed at
start-up (api/readmodel/service.py) through graph/validation/render.py's rows, like the CLI
and CSV, in the page's language. Filters live in the URL: `severity=violation|warning`,
`checks=all` (also the checks that found nothing), `objective=N` and `gaps=1` (matrix rows
with a finding).
Twins: /api/completeness as JSON, Turtle (the sh:ValidationReport) and the CSV matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.readmodel.deps import Data
from actieplan.graph.validation.render import fill_rate_rows, matrix_rows
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
class Cell:
    """A fact of one action in the matrix: present, or a gap to follow to the action."""

    fact: str
    level: str  # "required", "desirable"
    present: bool


@dataclass(frozen=True)
class MatrixRow:
    action: ActionRow
    objective: str
    coordinating_minister: str
    lead_organisation: str
    cells: list[Cell]
    findings: dict[str, int]  # severity name -> count
    notes: list[tuple[str, bool]]  # (note name, true of the action)


def objective_of(number: str) -> str:
    """The objective part of an action number ("3" of "3.12")."""
    return number.split(".", 1)[0]


def matrix(report: ValidationReport, lang: str) -> tuple[list[str], list[MatrixRow]]:
    """The matrix as graph/validation/render.py lays it out (its headers), one MatrixRow per
    action in the report's order."""
    headers, rows = matrix_rows(report, lang, present=bool)
    facts, notes = report.facts, report.action_notes
    severity_names = [SEVERITY_NAMES[s][lang] for s in SEVERITIES]
    result = []
    for action, row in zip(report.actions, rows, strict=True):
        fact_values = row[4 : 4 + len(facts)]
        counts = row[4 + len(facts) : 4 + len(facts) + len(SEVERITIES)]
        note_values = row[4 + len(facts) + len(SEVERITIES) :]
        result.append(
            MatrixRow(
                action=action,
                objective=objective_of(action.number),
                coordinating_minister=str(row[2]),
                lead_organisation=str(row[3]),
                cells=[
                    Cell(in_language(fact.name, lang), fact.level, bool(value))
                    for fact, value in zip(facts, fact_values, strict=True)
                ],
                findings=dict(
                    zip(
                        severity_names,
                        (c if isinstance(c, int) else 0 for c in counts),
                        strict=True,
                    )
                ),
                notes=[
                    (in_language(note.name, lang), bool(value))
                    for note, value in zip(notes, note_values, strict=True)
                ],
            )
        )
    return headers, result


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

    headers, rows = matrix(report, lang)
    objectives = known
    shown = [
        row
        for row in rows
        if (objective is None or row.objective == objective)
        and (not gaps_only or any(row.findings.values()))
    ]
    counts = report.counts()
    return {
        "conforms": report.conforms,
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
        "facts": [(in_language(f.name, lang), f.level) for f in report.facts],
        "severity_names": [SEVERITY_NAMES[s][lang] for s in SEVERITIES],
        "note_names": [in_language(n.name, lang) for n in report.action_notes],
        "matrix_headers": headers,
        "rows": shown,
        "total_rows": len(rows),
        "objectives": objectives,
        "objective": objective or "",
        "gaps_only": gaps_only,
        "fill": fill_rates(report, lang),
    }


@router.get("/completeness")
async def completeness_page(request: Request, data: Data) -> HTMLResponse:
    lang = page_language(request)
    report = data.completeness
    values = await run_in_threadpool(page_values, report, request, lang)
    twins = [
        Twin(f"/api/completeness?lang={lang}", "application/json", "JSON"),
        Twin("/api/completeness?format=turtle", "text/turtle", "Turtle (sh:ValidationReport)"),
        Twin(f"/api/completeness?format=csv&table=matrix&lang={lang}", "text/csv", "CSV"),
    ]
    title = "Volledigheid" if lang == "nl" else "Completeness"
    return render(request, "completeness.html", values, title=title, twins=twins)
