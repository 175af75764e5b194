"""The completeness report as of a date (`?as_of=YYYY-MM-DD` on /completeness and
/api/completeness): the report computed at start-up plus the follow-up checks of
shapes/as-of/*.ttl on that date (graph/validation/report.py, `AsOf`), with the default number
of months without a report.

Each date is one pyshacl run (seconds), so a report is kept in the computed cache (bounded in
bytes), and the date is bounded to the data's own years: from the first year a timing or a
progress report names to the year after the last one (or after this year, when that is later).
A date outside that range, or not a date, is an `AsOfError` the faces answer with 400.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import AP
from actieplan.graph.validation.report import AsOf, ValidationReport, validate_graph

DATED = (AP.startsOn, AP.endsOn, AP.statusDate)  # the data's dates that bound ?as_of


class AsOfError(ValueError):
    """An ?as_of that is not a date of the data's range; the message says what to give."""


def as_of_years(graph: Graph, today: dt.date | None = None) -> tuple[int, int]:
    """(first, last) year an as-of date may fall in: the data's dates' first year, and the year
    after the later of their last year and this year."""
    years = [
        value.toPython().year
        for predicate in DATED
        for value in graph.objects(None, predicate)
        if isinstance(value, Literal) and value.datatype == XSD.date
    ]
    this_year = (today or dt.date.today()).year
    return min(years, default=this_year), max([*years, this_year]) + 1


def read_as_of(text: str, years: tuple[int, int]) -> AsOf:
    """The AsOf of an ?as_of value; AsOfError when it is not a YYYY-MM-DD date in `years`."""
    try:
        date = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        date = None
    if date is None:
        raise AsOfError(f"as_of={text!r}: give a date as YYYY-MM-DD, e.g. 2025-06-30")
    first, last = years
    if not first <= date.year <= last:
        raise AsOfError(f"as_of={text}: give a date from {first}-01-01 to {last}-12-31")
    return AsOf(date)


def report_as_of(data: ServiceData, cache: ComputedCache, text: str) -> ValidationReport:
    """The completeness report with the follow-up checks as of the date `text`; AsOfError for
    a bad date. With --store the checks run on one snapshot of the store's graph."""
    years = cache.get(("as-of-years",), lambda: as_of_years(_whole_graph(data)))
    as_of = read_as_of(text, years)
    return cache.get(
        ("completeness-as-of", as_of.date.isoformat()),
        lambda: validate_graph(_whole_graph(data), as_of=as_of),
    )


def _whole_graph(data: ServiceData) -> Graph:
    return data.remote.whole_graph() if data.remote is not None else data.graph
