"""JSON API: the named questions of the query library, as JSON, CSV or XLSX.

JSON keeps the machine names (columns, coded values) whatever is asked; a CSV or XLSX asked
with `lang=nl` or `lang=en` is for a person: headers and coded values in that language, IRI
columns last (api/readmodel/questions.py localised_table); without `lang` it is the JSON's
table.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.readmodel.deps import Cache, PlanOrAll, Pool
from actieplan.api.readmodel.models import (
    PROBLEM_RESPONSES,
    Question,
    QuestionAnswer,
    QuestionColumn,
    QuestionParameter,
)
from actieplan.api.readmodel.questions import (
    XLSX,
    answer_sheet,
    computed_answer,
    localised_table,
)
from actieplan.graph.core.tables import json_value, render_csv, spreadsheet_csv
from actieplan.graph.core.workbook import workbook_bytes
from actieplan.graph.sparql.library import NamedQuery, ParameterError, get_query, load_library

router = APIRouter(prefix="/api/questions", tags=["questions"], responses=PROBLEM_RESPONSES)


def _model(query: NamedQuery) -> Question:
    return Question(
        name=query.name,
        title_nl=query.title_nl,
        title_en=query.title_en,
        description=query.description,
        description_nl=query.about.nl,
        sparql=query.sparql,
        parameters=[
            QuestionParameter(
                name=p.name,
                type=p.type,
                default=p.default,
                description=p.description,
                description_nl=p.help.nl,
                choices=list(p.choices),
                choice_words={k: {"nl": v.nl, "en": v.en} for k, v in p.values.items()},
            )
            for p in query.parameters
        ],
        columns=[
            QuestionColumn(
                name=c.name,
                type=c.type,
                description=c.description,
                header_nl=c.header.nl,
                value_words={k: {"nl": v.nl, "en": v.en} for k, v in c.values.items()},
            )
            for c in query.columns
        ],
    )


@router.get("", response_model=list[Question], summary="The named questions")
def list_questions():
    return [_model(q) for q in load_library().values()]


# Query parameters that shape the answer, not parameters of the question.
ANSWER_OPTIONS = ("format", "delimiter", "lang", "plan")


@router.get(
    "/{name}",
    response_model=QuestionAnswer,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
    summary="Answer one named question; parameters as query parameters",
)
async def answer_question(
    request: Request,
    data: PlanOrAll,
    cache: Cache,
    pool: Pool,
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
    lang: Annotated[
        Literal["nl", "en"] | None,
        Query(
            description="CSV or XLSX for a person reading Dutch (nl) or English (en): headers "
            "and coded values in that language, IRI columns last; without: the machine names"
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
            computed_answer, data, cache, pool, client_address(request), query, values
        )
    except ParameterError as error:
        raise HTTPException(400, str(error)) from error
    if format == "csv":
        headers, cells = (
            (columns, rows) if lang is None else localised_table(query, columns, rows, lang)
        )
        text = (
            render_csv(headers, cells)
            if delimiter is None
            else spreadsheet_csv(headers, cells, delimiter)
        )
        return attachment(text, "text/csv; charset=utf-8", f"{name}.csv")
    if format == "xlsx":
        body = await run_in_threadpool(workbook_bytes, [answer_sheet(query, columns, rows, lang)])
        return attachment(body, XLSX, f"{name}.xlsx")
    return QuestionAnswer(
        name=name,
        parameters=given,
        columns=columns,
        rows=[{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows],
    )
