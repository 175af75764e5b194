"""Named questions' answers (graph/sparql/library.py), computed once per parameters and cached:
the JSON API (/api/questions), the question pages and the tables read the same answers."""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef
from rdflib.term import Node

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import local_id
from actieplan.graph.core.workbook import Sheet
from actieplan.graph.sparql.library import NamedQuery, answer, parameter_terms, python_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
