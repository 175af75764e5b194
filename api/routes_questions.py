"""JSON API: the named questions of the query library, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.models import (
    PROBLEM_RESPONSES,
    Question,
    QuestionAnswer,
    QuestionColumn,
    QuestionParameter,
)
from graph.queries import NamedQuery, ParameterError, get_query, load_library, python_value
from graph.queries import run_query as run_named_query
from graph.tables import json_value, render_csv

router = APIRouter(prefix="/api/questions", tags=["questions"],
                   responses=PROBLEM_RESPONSES)


def _model(query: NamedQuery) -> Question:
    return Question(
        name=query.name, title_nl=query.title_nl, title_en=query.title_en,
        description=query.description, sparql=query.sparql,
        parameters=[QuestionParameter(name=p.name, type=p.type, default=p.default,
                                      description=p.description, choices=list(p.choices))
                    for p in query.parameters],
        columns=[QuestionColumn(name=c.name, type=c.type, description=c.description)
                 for c in query.columns])


@router.get("", response_model=list[Question], summary="The named questions")
def list_questions():
    return [_model(q) for q in load_library().values()]


@router.get("/{name}", response_model=QuestionAnswer,
            responses={200: {"content": {"text/csv": {}}}},
            summary="Answer one named question; parameters as query parameters")
async def answer_question(
        request: Request, name: str,
        format: Annotated[str, Query(pattern="^(json|csv)$", description="json or csv")] = "json"):
    try:
        query = get_query(name)
    except ParameterError as error:
        raise HTTPException(404, str(error)) from error
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    cache = request.app.state.question_cache
    key = (name, tuple(sorted(values.items())))
    if key not in cache:
        try:
            _, answer = await run_in_threadpool(run_named_query, request.app.state.data.store,
                                                name, values)
        except ParameterError as error:
            raise HTTPException(400, str(error)) from error
        types = {c.name: c.type for c in query.columns}
        rows = [[python_value(term, types.get(var, "string"))
                 for var, term in zip(answer.variables, row, strict=True)]
                for row in answer.rows]
        cache[key] = (answer.variables, rows)
    columns, rows = cache[key]
    if format == "csv":
        return Response(render_csv(columns, rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return QuestionAnswer(name=name, parameters=values, columns=columns,
                          rows=[{c: json_value(v) for c, v in zip(columns, row, strict=True)}
                                for row in rows])
