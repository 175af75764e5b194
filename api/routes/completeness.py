"""JSON API: the completeness report (SHACL validation of the served graph,
graph/validation/report.py; renderings from graph/validation/render.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool

from actieplan.api.readmodel.completeness_as_of import AsOfError, report_as_of
from actieplan.api.readmodel.deps import Cache, Data
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK
from actieplan.graph.validation.render import TABLES, render_csv, render_json, render_turtle
from actieplan.graph.validation.report import ValidationReport

router = APIRouter(prefix="/api", tags=["completeness"])
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
}


def _render(report: ValidationReport, format: str, lang: str, table: str | None) -> str:
    """One rendering of the report (computed at start-up: api/readmodel/service.py). Rendering
    serialises the report's rdflib graph, which is shared: under graph/rdf/rdflib_lock.py's
    lock."""
    renderer = {"json": render_json, "csv": render_csv, "turtle": render_turtle}[format]
    with RDFLIB_LOCK:
        return renderer(report, lang, table)


@router.get(
    "/completeness",
    summary="What the plan leaves unsaid: SHACL completeness report",
    description="Checks by shape (severity Violation or Warning, failing actions, examples), "
    "the notes worth knowing that are not gaps (status unknown, once for the plan; ongoing, "
    "open-ended, no euro figure, external fund, no partners per action; never counted "
    "against `conforms`), the completeness matrix (facts present and notes per action) and "
    "fill rates (all actions, per coordinating minister, per lead organisation). "
    "`conforms` is true when no finding is a Violation. JSON, CSV (one table: "
    "`table=` " + ", ".join(TABLES) + ") or the standard "
    "sh:ValidationReport in Turtle.",
    responses={200: {"content": {"application/json": {}, "text/csv": {}, "text/turtle": {}}}},
)
async def completeness(
    data: Data,
    cache: Cache,
    format: Annotated[Literal["json", "csv", "turtle"], Query()] = "json",
    lang: Annotated[Literal["en", "nl"], Query(description="language of texts")] = "en",
    table: Annotated[
        Literal["summary", "results", "notes", "matrix", "fill-rates"] | None,
        Query(description="one table only (CSV default: matrix)"),
    ] = None,
    as_of: Annotated[
        str | None,
        Query(
            description="YYYY-MM-DD: also the follow-up checks on that date (past its end and "
            "not closed; no progress report for more than 6 months; done before its end)",
            max_length=10,
        ),
    ] = None,
):
    report = data.completeness
    if as_of is not None:
        try:
            report = await run_in_threadpool(report_as_of, data, cache, as_of)
        except AsOfError as error:
            raise HTTPException(400, str(error)) from None
    dated = None if report.as_of is None else report.as_of.date.isoformat()
    text = await run_in_threadpool(
        cache.get,
        ("completeness", format, lang, table) + ((dated,) if dated else ()),
        lambda: _render(report, format, lang, table),
    )
    return Response(text, media_type=MEDIA_TYPES[format])
