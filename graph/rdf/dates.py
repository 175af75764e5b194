"""The data's own date: when the served graph last changed, as the graph itself states it
(never a file's time, which is the time of a checkout or a copy)."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

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
