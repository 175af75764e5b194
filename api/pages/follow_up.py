"""The follow-up pages (issue 23): `/follow-up`, the state of every action as of a date
(`?as_of=`, today by default) with the statuses counted per objective, lead organisation and
coordinating minister, and what changed since a date (`?since=`); `/follow-up/mid-term`, the
state two years after the start of the plan's period (its title's "2020-2024": 1 January 2022),
as the Vlaams Platform evaluates it, or as of `?as_of=`. Each has its
downloads (XLSX with a sheet per table, CSV of the actions' states; headers in the page's
language). Every figure is api/readmodel/follow_up.py's.

The counts are drawn as bars whose parts differ by pattern (api/pages/templates/_follow_up.html)
and are named in words by the legend, each part's title and the table they stand in: the table
holds every number the bars show. Without reports (no ledger, or a store without updates) the
pages say so and show every action without a report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from actieplan.api.pages.budget import SECTIONS  # the same groupings, the same words
from actieplan.api.pages.web import PageContext, Twin, page_language, render
from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.readmodel.action_sheets import sheet_csv
from actieplan.api.readmodel.deps import Cache, Data, Pool, iri_map
from actieplan.api.readmodel.follow_up import (
    GROUPINGS,
    KEYS,
    ActionState,
    cached_reports,
    changes_since,
    counts_sheet,
    group_name,
    mid_term_date,
    one_off_budget,
    overdue,
    plan_counts,
    plan_period,
    state_as_of,
    state_sheet,
    status_counts,
    status_words,
)
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.questions import XLSX
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.workbook import Sheet, workbook_bytes

router = APIRouter(include_in_schema=False)

FOLLOW_UP_FILE = N_("follow-up")  # a download's file name starts with it
MID_TERM_FILE = N_("mid-term-evaluation")
DELIMITERS = ("comma", "semicolon")


def date_parameter(request: Request, name: str) -> dt.date | None:
    """The ISO date of the query parameter `name`; None when absent; 400 when no date."""
    text = request.query_params.get(name) or None
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise HTTPException(400, f"{name}='{text}': not a date (yyyy-mm-dd)") from error


def _delimiter(request: Request) -> str:
    delimiter = request.query_params.get("delimiter", "comma")
    if delimiter not in DELIMITERS:
        raise HTTPException(400, f"delimiter={delimiter!r}: use comma or semicolon")
    return delimiter


def _groups(states: list[ActionState], labels: Labels, groupings: tuple[str, ...]) -> list:
    """(grouping, section words, rows as (name, IRI, counts)) for the template."""
    return [
        (
            grouping,
            SECTIONS[grouping],
            [
                (group_name(labels, grouping, row), row.iri, row)
                for row in status_counts(states, labels.catalogue, grouping)
            ],
        )
        for grouping in groupings
    ]


def _common(labels: Labels) -> dict[str, Any]:
    """What both pages' templates use: the status keys and their words."""
    return {
        "keys": KEYS,
        "status_names": {key: status_words(labels, key) for key in KEYS},
        "labels": labels,
    }


def _state(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, as_of: dt.date
) -> list[ActionState]:
    return state_as_of(data, cache, pool, client_address(request), as_of)


def follow_up_values(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, labels: Labels
) -> dict[str, Any]:
    as_of = date_parameter(request, "as_of") or dt.date.today()
    since = date_parameter(request, "since")
    states = _state(request, data, cache, pool, as_of)
    reports = cached_reports(data, cache)
    return {
        **_common(labels),
        "as_of": as_of,
        "since": since,
        "reported": bool(reports),
        "last_report": max(
            (r.status_date for r in reports if r.status_date <= as_of), default=None
        ),
        "states": states,
        "plan_counts": plan_counts(states),
        "groups": _groups(states, labels, GROUPINGS),
        "changes": changes_since(data, cache, since) if since is not None else None,
        "mid_term": mid_term_date(data, cache),
    }


def _downloads(href, path: str, **query: Any) -> dict[str, str]:
    return {
        "xlsx": href(f"{path}.xlsx", **query),
        "csv": href(f"{path}.csv", **query),
        "csv_semicolon": href(f"{path}.csv", delimiter="semicolon", **query),
    }


def _twins(downloads: dict[str, str], json: str | None = None) -> list[Twin]:
    found = [Twin(json, "application/json", "JSON")] if json else []
    return found + [
        Twin(downloads["xlsx"], XLSX, "XLSX"),
        Twin(downloads["csv"], "text/csv", "CSV"),
    ]


@router.get("/follow-up", response_class=HTMLResponse)
async def follow_up_page(request: Request, data: Data, cache: Cache, pool: Pool) -> HTMLResponse:
    lang = page_language(request)
    labels = Labels(data.graph, data.catalogue, lang)
    values = await run_in_threadpool(follow_up_values, request, data, cache, pool, labels)
    href = PageContext(request, lang, iri_map(request)).href
    asked = request.query_params.get("as_of") or None
    downloads = _downloads(href, "/follow-up", as_of=asked)
    since = request.query_params.get("since") or None
    return render(
        request,
        "follow_up.html",
        {**values, "downloads": downloads},
        title=messages(lang).gettext("Follow-up"),
        twins=_twins(downloads, href("/follow-up.json", as_of=asked, since=since)),
    )


def _state_json(state: ActionState) -> dict[str, Any]:
    return {
        "number": state.number,
        "iri": state.iri,
        "status": str(state.status) if state.status else None,
        "status_date": state.status_date.isoformat() if state.status_date else None,
        "note": state.note,
        "reporter": state.reporter,
        "amount_spent": float(state.amount_spent) if state.amount_spent is not None else None,
        "update": state.update,
    }


@router.get("/follow-up.json")
async def follow_up_json(request: Request, data: Data, cache: Cache, pool: Pool) -> JSONResponse:
    """The twin of /follow-up: every action's state as of `as_of`, the counts per status
    (status IRIs' local names, NoReport) for the plan and per group, and with `since` what
    changed after it."""
    labels = Labels(data.graph, data.catalogue, page_language(request))
    values = await run_in_threadpool(follow_up_values, request, data, cache, pool, labels)
    changes = values["changes"]
    return JSONResponse(
        {
            "as_of": values["as_of"].isoformat(),
            "counts": values["plan_counts"],
            "groups": {
                grouping: [{"id": row.id, "iri": row.iri, **row.counts} for _, _, row in rows]
                for grouping, _, rows in values["groups"]
            },
            "actions": [_state_json(state) for state in values["states"]],
            "changes": None
            if changes is None
            else {
                "since": changes.since.isoformat(),
                "reports": [
                    {
                        "iri": entry.iri,
                        "action": entry.action,
                        "number": entry.number,
                        "status": str(entry.status),
                        "status_date": entry.status_date.isoformat(),
                        "update": entry.update,
                        "imported_at": entry.imported_at.isoformat() if entry.imported_at else None,
                    }
                    for entry in changes.reports
                ],
                "added_actions": [
                    {"iri": a.iri, "number": a.number, "title": a.title, "update": a.update}
                    for a in changes.added
                ],
            },
        }
    )


def _file(sheets: list[Sheet], stem: str, form: str) -> tuple[str | bytes, str, str]:
    if form == "xlsx":
        return workbook_bytes(sheets), XLSX, f"{stem}.xlsx"
    suffix = "" if form == "comma" else "-semicolon"
    return sheet_csv(sheets[0], form), "text/csv; charset=utf-8", f"{stem}{suffix}.csv"


def _follow_up_file(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, form: str
):
    lang = page_language(request)
    words, labels = messages(lang), Labels(data.graph, data.catalogue, lang)
    as_of = date_parameter(request, "as_of") or dt.date.today()
    states = _state(request, data, cache, pool, as_of)
    sheets = [state_sheet(states, labels, words.gettext("Actions"))]
    sheets += [counts_sheet(states, labels, grouping) for grouping in GROUPINGS]
    return _file(sheets, f"{words.gettext(FOLLOW_UP_FILE)}-{as_of.isoformat()}", form)


@router.get("/follow-up.xlsx")
async def follow_up_workbook(request: Request, data: Data, cache: Cache, pool: Pool) -> Response:
    """The state of every action as of `as_of`, and the counts per group, as a workbook."""
    found = await run_in_threadpool(_follow_up_file, request, data, cache, pool, "xlsx")
    return attachment(*found)


@router.get("/follow-up.csv")
async def follow_up_csv(request: Request, data: Data, cache: Cache, pool: Pool) -> Response:
    """The state of every action as of `as_of` as CSV (`?delimiter=semicolon` for Excel)."""
    form = _delimiter(request)
    return attachment(*await run_in_threadpool(_follow_up_file, request, data, cache, pool, form))


# --- The mid-term evaluation -------------------------------------------------------------


def mid_term_dates(
    request: Request, data: ServiceData, cache: ComputedCache
) -> tuple[dt.date | None, dt.date | None]:
    """(the date the view is for: `?as_of=`, else the evaluation date; the evaluation date, two
    years after the plan's start). Both None when the graph states no period and none is asked."""
    evaluation = mid_term_date(data, cache)
    return date_parameter(request, "as_of") or evaluation, evaluation


def mid_term_values(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, labels: Labels
) -> dict[str, Any]:
    """The state of every action at the mid-term date (or `?as_of=`), its counts (plan, per
    objective), the actions overdue then, and the amounts spent set against one-off budgets."""
    date, evaluation = mid_term_dates(request, data, cache)
    period = plan_period(data, cache)
    common = {**_common(labels), "evaluation": evaluation, "period": period}
    if date is None:
        return {**common, "date": None}
    states = _state(request, data, cache, pool, date)
    spent = []
    for state in states:
        if state.amount_spent is None:
            continue
        spent.append((state, one_off_budget(data.catalogue, state.number)))
    compared = [(state, budget) for state, budget in spent if budget is not None]
    return {
        **common,
        "date": date,
        "reported": bool(cached_reports(data, cache)),
        "states": states,
        "plan_counts": plan_counts(states),
        "groups": _groups(states, labels, ("objective",)),
        "overdue": overdue(states, data.catalogue, date),
        "spent": spent,
        "spent_total": sum((state.amount_spent or 0 for state, _ in compared), 0),
        "budget_total": sum((budget for _, budget in compared), 0),
        "compared": len(compared),
    }


@router.get("/follow-up/mid-term", response_class=HTMLResponse)
async def mid_term_page(request: Request, data: Data, cache: Cache, pool: Pool) -> HTMLResponse:
    lang = page_language(request)
    labels = Labels(data.graph, data.catalogue, lang)
    values = await run_in_threadpool(mid_term_values, request, data, cache, pool, labels)
    href = PageContext(request, lang, iri_map(request)).href
    downloads = _downloads(
        href, "/follow-up/mid-term", as_of=request.query_params.get("as_of") or None
    )
    return render(
        request,
        "mid_term.html",
        {**values, "downloads": downloads},
        title=messages(lang).gettext("Mid-term evaluation"),
        twins=_twins(downloads),
    )


def _mid_term_file(
    request: Request, data: ServiceData, cache: ComputedCache, pool: QueryRunner, form: str
):
    lang = page_language(request)
    words, labels = messages(lang), Labels(data.graph, data.catalogue, lang)
    date, _ = mid_term_dates(request, data, cache)
    if date is None:
        raise HTTPException(
            404, "the graph states no plan period, so no mid-term date: ask ?as_of="
        )
    states = _state(request, data, cache, pool, date)
    overdue_numbers = {state.number for state in overdue(states, data.catalogue, date)}
    sheet = state_sheet(states, labels, words.gettext("Actions"))
    # one more column: overdue at the mid-term date
    overdue_sheet = Sheet(
        sheet.title,
        [*sheet.columns, words.gettext("Overdue")],
        [
            [*row, words.gettext("yes") if state.number in overdue_numbers else words.gettext("no")]
            for row, state in zip(sheet.rows, states, strict=True)
        ],
        sheet.number_formats,
    )
    sheets = [overdue_sheet, counts_sheet(states, labels, "objective")]
    return _file(sheets, f"{words.gettext(MID_TERM_FILE)}-{date.isoformat()}", form)


@router.get("/follow-up/mid-term.xlsx")
async def mid_term_workbook(request: Request, data: Data, cache: Cache, pool: Pool) -> Response:
    """The state of every action at the mid-term date (or `as_of`), and the counts per
    objective."""
    found = await run_in_threadpool(_mid_term_file, request, data, cache, pool, "xlsx")
    return attachment(*found)


@router.get("/follow-up/mid-term.csv")
async def mid_term_csv(request: Request, data: Data, cache: Cache, pool: Pool) -> Response:
    """The state of every action at the mid-term date (or `as_of`) as CSV."""
    form = _delimiter(request)
    return attachment(*await run_in_threadpool(_mid_term_file, request, data, cache, pool, form))
