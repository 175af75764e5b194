"""What the follow-up reads of the graph: the plan (its IRIs, title, text's SHA-256, period)
and, per action, what the template shows in its locked columns: number, title, lead, timing
as printed, and the last known status and note as of a date.

The last known state is the library's own question, queries/progress-as-of.rq, run on the
graph: one definition of "the state as of a date".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.query import ResultRow

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import number_order
from actieplan.graph.core.resources import queries_dir
from actieplan.graph.core.vocab import AP, Iris
from actieplan.graph.followup.layout import status_labels
from actieplan.graph.rdf.dates import plan_period
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK

AS_OF_QUERY = "progress-as-of.rq"


@dataclass(frozen=True)
class PlanFacts:
    plan: URIRef
    iris: Iris
    title: str
    source_sha256: str  # of the plan's text, as the graph states it ("" when it does not)
    period: tuple[dt.date, dt.date] | None


def plan_facts(graph: Graph) -> PlanFacts:
    """The one plan of the graph; InputError when the graph holds none or several."""
    plans = sorted(p for p in graph.subjects(RDF.type, AP.ActionPlan) if isinstance(p, URIRef))
    if len(plans) != 1:
        raise InputError(
            Problem(
                "graph",
                None,
                "ap:ActionPlan",
                f"the follow-up works on one plan; the graph holds {len(plans)}",
            )
        )
    plan = plans[0]
    base, found, plan_id = str(plan).rpartition("plan/")
    if not found or not plan_id:
        raise InputError(Problem("graph", None, "ap:ActionPlan", f"<{plan}> is no plan IRI"))
    sha256 = next(
        (
            str(value)
            for source in graph.objects(plan, DCTERMS.source)
            for value in graph.objects(source, AP.sha256)
        ),
        "",
    )
    return PlanFacts(
        plan, Iris(base, plan_id), _text(graph, plan, DCTERMS.title), sha256, plan_period(graph)
    )


@dataclass(frozen=True)
class ActionLine:
    """One action as the template's locked columns show it."""

    action: URIRef
    number: str
    title: str
    lead: str  # the lead organisation's name in the template's language ("" without a lead)
    lead_organisation: URIRef | None
    timing: str  # as printed
    last_status: str  # the status label as of the date ("" without a report)
    last_note: str


def action_lines(
    graph: Graph, lang: str, as_of: dt.date, organisation: URIRef | None = None
) -> list[ActionLine]:
    """Every action of the graph (only those the organisation leads or is a partner in, when
    one is given), in the plan's order, with its last known state as of the date."""
    labels = status_labels(lang)
    with RDFLIB_LOCK:  # rdflib's SPARQL parser is shared by the process (rdflib_lock.py)
        state = {
            row["action"]: row
            for row in graph.query(_as_of_query(), initBindings={"date": Literal(as_of)})
            if isinstance(row, ResultRow)
        }
    lines = []
    for action in graph.subjects(RDF.type, AP.Action):
        if not isinstance(action, URIRef):
            continue
        if organisation is not None and organisation not in {
            *graph.objects(action, AP.leadOrganisation),
            *graph.objects(action, AP.partnerOrganisation),
        }:
            continue
        lead = graph.value(action, AP.leadOrganisation)
        timing = graph.value(action, AP.timing)
        last = state.get(action)
        status = last["status"] if last is not None else None
        note = last["note"] if last is not None else None
        lines.append(
            ActionLine(
                action,
                str(graph.value(action, AP.number) or ""),
                _text(graph, action, DCTERMS.title),
                name(graph, lead, lang) if isinstance(lead, URIRef) else "",
                lead if isinstance(lead, URIRef) else None,
                str(graph.value(timing, AP.printedText) or "") if timing is not None else "",
                labels.get(status, str(status or "")) if isinstance(status, URIRef) else "",
                str(note or ""),
            )
        )
    return sorted(lines, key=lambda line: number_order(line.number))


def name(graph: Graph, node: URIRef, lang: str) -> str:
    """A node's skos:prefLabel in the language, else in Dutch, else its IRI."""
    labels = {
        label.language: str(label)
        for label in graph.objects(node, SKOS.prefLabel)
        if isinstance(label, Literal)
    }
    return labels.get(lang) or labels.get("nl") or next(iter(labels.values()), str(node))


def _text(graph: Graph, node: URIRef, predicate: URIRef) -> str:
    return str(graph.value(node, predicate) or "")


@cache
def _as_of_query() -> str:
    return (queries_dir() / AS_OF_QUERY).read_text(encoding="utf-8")
