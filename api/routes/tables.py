"""Table downloads for spreadsheets: the actions as CSV (one row per action, and long), and a
workbook (XLSX) with the actions, the organisations' and ministers' roles, the pairs of
organisations sharing actions and the completeness matrix.

The CSV files are UTF-8 with a byte order mark, so that Excel reads the accents right;
`?delimiter=semicolon` gives the `;`-separated file a Dutch-locale Excel opens in columns by a
double click. Every file is computed once per data version (the API cache); the workbook's
sheets are api/readmodel/tables.py's. Each answer has an ETag from its bytes and the data's own
date as `Last-Modified` (api/plumbing/conditional.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.conditional import conditional
from actieplan.api.readmodel.deps import Cache, Data
from actieplan.api.readmodel.questions import XLSX
from actieplan.api.readmodel.service import ServiceData
from actieplan.api.readmodel.tables import column_title, plan_workbook
from actieplan.graph.core.tables import BYTE_ORDER_MARK, DELIMITERS, spreadsheet_csv
from actieplan.graph.rdf.export import (
    CSV_COLUMNS,
    PLAN_CSV_COLUMNS,
    actions_csv,
    actions_long,
    actions_table,
)

router = APIRouter(include_in_schema=False)
T = TypeVar("T")

StaffLanguage = Annotated[
    Literal["nl", "en"] | None,
    Query(
        description="nl or en: the staff edition, with column headers and sheet names in that "
        "language; none: the dataset's distribution, with machine column names"
    ),
]
Delimiter = Annotated[
    Literal["comma", "semicolon"],
    Query(description="comma (RFC 4180), or semicolon for Excel in a Dutch (comma-decimal) locale"),
]


def _computed(
    data: ServiceData, cache: ComputedCache, name: str, compute: Callable[[ServiceData], T]
) -> T:
    value: T = cache.get(("tables", name), lambda: compute(data))
    return value


@router.get("/download/actions.csv")
async def actions_csv_download(
    request: Request,
    data: Data,
    cache: Cache,
    delimiter: Delimiter = "comma",
    lang: StaffLanguage = None,
) -> Response:
    """One row per action, the columns of the build's actions.csv, lists joined with "; "
    (headers in `lang` for the staff edition)."""

    def compute(served: ServiceData) -> str:
        # a plan among many: its id in a first column, as the build's dataset actions.csv
        columns = CSV_COLUMNS if served.plan_id is None else PLAN_CSV_COLUMNS
        headers = [column_title(name, lang) for name in columns]
        csv = actions_csv(served.graph, DELIMITERS[delimiter], headers, served.plan_id)
        return BYTE_ORDER_MARK + csv

    text = await run_in_threadpool(
        _computed, data, cache, f"actions.csv/{delimiter}/{lang}", compute
    )
    suffix = ("" if delimiter == "comma" else "-semicolon") + (f"-{lang}" if lang else "")
    answer = attachment(text, "text/csv; charset=utf-8", f"actions{suffix}.csv")
    return conditional(request.headers, answer, data.modified)


@router.get("/download/actions-long.csv")
async def actions_long_download(
    request: Request, data: Data, cache: Cache, delimiter: Delimiter = "comma"
) -> Response:
    """One row per (action, field, position, value) of every list column."""

    def compute(served: ServiceData) -> str:
        columns, rows = actions_long(actions_table(served.graph))
        return spreadsheet_csv(columns, rows, delimiter)

    text = await run_in_threadpool(_computed, data, cache, f"actions-long.csv/{delimiter}", compute)
    suffix = "" if delimiter == "comma" else "-semicolon"
    answer = attachment(text, "text/csv; charset=utf-8", f"actions-long{suffix}.csv")
    return conditional(request.headers, answer, data.modified)


@router.get("/download/actions.xlsx")
async def actions_workbook_download(
    request: Request, data: Data, cache: Cache, lang: StaffLanguage = None
) -> Response:
    """The workbook; with `lang`, the staff edition (headers, sheet names and roles in it)."""
    body = await run_in_threadpool(
        _computed, data, cache, f"actions.xlsx/{lang}", lambda served: plan_workbook(served, lang)
    )
    answer = attachment(body, XLSX, f"actions-{lang}.xlsx" if lang else "actions.xlsx")
    return conditional(request.headers, answer, data.modified)
