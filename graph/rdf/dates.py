"""The dates a graph states of itself: when the served graph last changed (never a file's time,
which is the time of a checkout or a copy), and the period of its plan."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, TIME

from actieplan.graph.core.vocab import AP


def data_modified(graph: Graph) -> dt.date | None:
    """The newest `dcterms:modified` date stated on the graph's action plans; None when the
    graph states none (a graph built before the build wrote it)."""
    dates = [
        value.toPython()
        for plan in graph.subjects(RDF.type, AP.ActionPlan)
        for value in graph.objects(plan, DCTERMS.modified)
        if isinstance(value, Literal)
    ]
    days = [d if not isinstance(d, dt.datetime) else d.date() for d in dates]
    return max((d for d in days if isinstance(d, dt.date)), default=None)


# Years printed as a period, "2020-2024", in a plan's title or its source file's name.
PERIOD_PRINTED = re.compile(r"\b((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)\b")


def plan_period(graph: Graph) -> tuple[dt.date, dt.date] | None:
    """The plan's period: the years printed as "YYYY-YYYY" in its title or in the file name of
    its source text (1 January of the first, 31 December of the last), else the first and last
    date of its actions' timings; None when neither is there."""
    printed = sorted(
        str(text)
        for plan in graph.subjects(RDF.type, AP.ActionPlan)
        for text in graph.objects(plan, DCTERMS.title)
    )
    printed += sorted(
        str(name)
        for plan in graph.subjects(RDF.type, AP.ActionPlan)
        for source in graph.objects(plan, DCTERMS.source)
        for name in graph.objects(source, AP.fileName)
    )
    for text in printed:
        match = PERIOD_PRINTED.search(text)
        if match and match.group(1) <= match.group(2):
            return dt.date(int(match.group(1)), 1, 1), dt.date(int(match.group(2)), 12, 31)
    dates = [
        value.toPython()
        for value in graph.objects(None, TIME.inXSDDate)
        if isinstance(value, Literal) and isinstance(value.toPython(), dt.date)
    ]
    return (min(dates), max(dates)) if dates else None
