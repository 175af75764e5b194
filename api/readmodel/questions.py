"""Named questions' answers (graph/sparql/library.py), computed once per parameters and cached:
the JSON API (/api/questions), the question pages and the tables read the same answers.

A question runs in the query workers (api/plumbing/query_pool.py) like a query sent to
/sparql, on either engine: within `--timeout` (the worker is killed after it: QueryTimeout,
503) and with no lock shared with other requests (rdflib's, graph/rdf/rdflib_lock.py, is the
worker's own). Its parameters travel as bindings, and its SPARQL JSON answer is read back into
the terms the engine gave.
"""

from __future__ import annotations

import datetime as dt

import anyio.from_thread
from rdflib import URIRef
from rdflib.term import Node

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.query_pool import QueryPool, QueryReply, QueryRequest
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import local_id
from actieplan.graph.core.workbook import Sheet
from actieplan.graph.sparql.library import NamedQuery, parameter_terms, python_value, shaped
from actieplan.graph.sparql.results import from_json
from actieplan.graph.sparql.store import Answer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class QuestionFailed(RuntimeError):
    """The query workers could not answer a named question (a bug, not the client's)."""


def _as_text(term: Node) -> str:
    """A parameter as the API echoes it: a literal's value, an entity's id."""
    return local_id(term) if isinstance(term, URIRef) else str(term)


def _pool_answer(pool: QueryPool, client: str, query: NamedQuery, request: QueryRequest) -> Answer:
    """The answer of the query workers, from a thread of the thread pool (which waits without
    holding anything: the query runs in a worker process). QueryTimeout and PoolBusy pass on."""
    status, payload = anyio.from_thread.run(pool.run, request, client)
    if status != "ok" or not isinstance(payload, QueryReply):
        raise QuestionFailed(f"named question {query.name}: {status}: {payload}")
    return from_json(payload.body)


def computed_answer(
    data: ServiceData,
    cache: ComputedCache,
    pool: QueryPool,
    client: str,
    query: NamedQuery,
    values: dict[str, str],
) -> tuple[dict[str, str], list[str], list[list]]:
    """(the given parameters as read, columns, rows). Cached by the parameters' RDF terms, not
    their text: `min_shared=1`, `01` and `+1` are one entry. Runs in a thread of the thread
    pool (`run_in_threadpool`); `client` is the address the query counts against in the query
    workers' fair share."""
    terms = parameter_terms(query, values, data.entities)
    key = ("question", query.name, tuple(sorted((k, t.n3()) for k, t in terms.items())))

    def compute() -> tuple[list[str], list[list]]:
        request = QueryRequest(query.sparql, None, "json", "nt", pool.max_rows, bindings=terms)
        result = shaped(query, _pool_answer(pool, client, query, request))
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
