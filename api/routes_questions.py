"""JSON API: the named questions of the query library, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated

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
from actieplan.graph.core.tables import json_value, render_csv
from actieplan.graph.core.vocab import local_id
from actieplan.graph.sparql.library import (
    NamedQuery,
    ParameterError,
    answer,
    get_query,
    load_library,
    parameter_terms,
    python_value,
)

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


def _answer(
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


@router.get(
    "/{name}",
    response_model=QuestionAnswer,
    responses={200: {"content": {"text/csv": {}}}},
    summary="Answer one named question; parameters as query parameters",
)
async def answer_question(
    request: Request,
    name: str,
    format: Annotated[str, Query(pattern="^(json|csv)$", description="json or csv")] = "json",
):
    try:
        query = get_query(name)
    except ParameterError as error:
        raise HTTPException(404, str(error)) from error
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    try:
        given, columns, rows = await run_in_threadpool(
            _answer, request.app.state.data, request.app.state.api_cache, query, values
        )
    except ParameterError as error:
        raise HTTPException(400, str(error)) from error
    if format == "csv":
        return Response(
            render_csv(columns, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return QuestionAnswer(
        name=name,
        parameters=given,
        columns=columns,
        rows=[{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows],
    )
