"""JSON API: the completeness report (SHACL validation of the served graph, graph/validate.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from graph.commands.validate import TABLES, render_csv, render_json, render_turtle
from graph.validate import ValidationReport, validate_graph

router = APIRouter(prefix="/api", tags=["completeness"])
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
               "turtle": "text/turtle; charset=utf-8"}


async def _report(request: Request) -> ValidationReport:
    state = request.app.state
    if getattr(state, "completeness", None) is None:  # validated once: the data is read-only
        state.completeness = await run_in_threadpool(validate_graph, state.data.graph)
    return state.completeness


@router.get("/completeness", summary="What the plan leaves unsaid: SHACL completeness report",
            description="Checks by shape (severity, failing actions, examples), the completeness "
                        "matrix (facts present per action) and fill rates (all actions, per "
                        "coordinating minister, per lead organisation). JSON, CSV (one table: "
                        "`table=` " + ", ".join(TABLES) + ") or the standard "
                        "sh:ValidationReport in Turtle.",
            responses={200: {"content": {"application/json": {}, "text/csv": {},
                                         "text/turtle": {}}}})
async def completeness(
        request: Request,
        format: Annotated[Literal["json", "csv", "turtle"], Query()] = "json",
        lang: Annotated[Literal["en", "nl"], Query(description="language of texts")] = "en",
        table: Annotated[Literal["summary", "results", "matrix", "fill-rates"] | None,
                         Query(description="one table only (CSV default: matrix)")] = None):
    report = await _report(request)
    renderer = {"json": render_json, "csv": render_csv, "turtle": render_turtle}[format]
    return Response(renderer(report, lang, table), media_type=MEDIA_TYPES[format])
