"""JSON API: the named questions of the query library, as JSON, CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import URIRef
from rdflib.term import Node

from actieplan.api.models import (
    PROBLEM_RESPONSES,
    Question,
    QuestionAnswer,
    QuestionColumn,
    QuestionParameter,
)
from actieplan.api.state import ComputedCache, ServiceData
from actieplan.graph.core.tables import json_value, render_csv, spreadsheet_csv
from actieplan.graph.core.vocab import local_id
from actieplan.graph.core.workbook import Sheet, workbook_bytes
from actieplan.graph.sparql.library import (
    NamedQuery,
    ParameterError,
    answer,
    get_query,
    load_library,
    parameter_terms,
    python_value,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(prefix="/api/questions", tags=["questions"], responses=PROBLEM_RESPONSES)


def _model(query: NamedQuery) -> Question:
    return Question(
        name=query.name,
        title_nl=query.title_nl,
        title_en=query.title_en,
        description=query.description,
        sparql=query.sparql,
        parameters=[
            QuestionParameter(
                name=p.name,
                type=p.type,
                default=p.default,
                description=p.description,
                choices=list(p.choices),
            )
            for p in query.parameters
        ],
        columns=[
            QuestionColumn(name=c.name, type=c.type, description=c.description)
            for c in query.columns
        ],
    )


@router.get("", response_model=list[Question], summary="The named questions")
def list_questions():
    return [_model(q) for q in load_library().values()]


def _as_text(term: Node) -> str:
    """A parameter as the API echoes it: a literal's value, an entity's id."""
    return local_id(term) if isinstance(term, URIRef) else str(term)


def computed_answer(
    data: ServiceData, cache: ComputedCache, query: NamedQuery, values: dict[str, str]
) -> tuple[dict[str, str], list[str], list[list]]:
    """(the given parameters as read, columns, rows). Cached by the parameters' RDF terms, not
    their text: `min_shared=1`, `01` and `+1` are one entry."""
    terms = parameter_terms(query, values, data.entities)
    key = ("question", query.name, tuple(sorted((k, t.n3()) for k, t in terms.items())))

    def compute() -> tuple[list[str], list[list]]:
        result = answer(data.store, query, terms)
        types = {c.name: c.type for c in query.columns}
        rows = [
            [
                python_value(term, types.get(var, "string"))
                for var, term in zip(result.variables, row, strict=True)
            ]
            for row in result.rows
        ]
        return result.variables, rows

    columns, rows = cache.get(key, compute)
    return {name: _as_text(terms[name]) for name in values}, columns, rows


def answer_sheet(query: NamedQuery, columns: list[str], rows: list[list]) -> Sheet:
    """An answer as a sheet; the values of date columns as dates (the JSON has them as text)."""
    dates = {c.name for c in query.columns if c.type == "date"}

    def cell(column: str, value: object) -> object:
        if column in dates and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value  # a date the engine did not give as xsd:date stays text
        return value

    # A sheet's name holds at most 31 characters.
    typed = [[cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    return Sheet(query.name[:31], columns, typed)


# Query parameters that shape the answer, not parameters of the question.
ANSWER_OPTIONS = ("format", "delimiter")


@router.get(
    "/{name}",
    response_model=QuestionAnswer,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
    summary="Answer one named question; parameters as query parameters",
)
async def answer_question(
    request: Request,
    name: str,
    format: Annotated[
        str, Query(pattern="^(json|csv|xlsx)$", description="json, csv or xlsx")
    ] = "json",
    delimiter: Annotated[
        Literal["comma", "semicolon"] | None,
        Query(
            description="CSV for a spreadsheet: the UTF-8 byte order mark, and `;` between "
            "fields with semicolon (Excel in a comma-decimal locale); without: RFC 4180 CSV"
        ),
    ] = None,
):
    try:
        query = get_query(name)
    except ParameterError as error:
        raise HTTPException(404, str(error)) from error
    values = {k: v for k, v in request.query_params.items() if k not in ANSWER_OPTIONS}
    try:
        given, columns, rows = await run_in_threadpool(
            computed_answer, request.app.state.data, request.app.state.api_cache, query, values
        )
    except ParameterError as error:
        raise HTTPException(400, str(error)) from error
    if format == "csv":
        text = (
            render_csv(columns, rows)
            if delimiter is None
            else spreadsheet_csv(columns, rows, delimiter)
        )
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "xlsx":
        body = await run_in_threadpool(workbook_bytes, [answer_sheet(query, columns, rows)])
        return Response(
            body,
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return QuestionAnswer(
        name=name,
        parameters=given,
        columns=columns,
        rows=[{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows],
    )
