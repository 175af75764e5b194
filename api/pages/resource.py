"""The page of any IRI of the data that a browser asks `/id/{path}` for (api/routes/resources.py
hands it over through `BrowserPages`): the typed page of api/pages/entities.py where there is
one (plan, objective, action, organisation, minister post), else the generic resource page
made here: its name in the page's language, its types, every fact, the blank nodes it
reaches, what points to it (by property), and a query for the SPARQL editor that returns
exactly its description.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from actieplan.api.pages.entities import entity_html
from actieplan.api.pages.web import PageContext, Twin, page_language, render
from actieplan.api.readmodel.deps import iri_map, plan_asked, served_plans, service_data
from actieplan.api.readmodel.linked_data import (
    RDF_FORMATS,
    Names,
    concise_description,
    curie,
    describe_query,
    vocabulary,
)
from actieplan.api.readmodel.plans import PlanRequired


def resource_html(request: Request, iri: URIRef, path: str) -> Response:
    """The typed entity page of `iri`, else its generic page (`path`: its local path). With
    many plans and none asked: an organisation's part in each plan (the named question
    organisation-plans), and for anything else the list of plans to choose from."""
    plans = served_plans(request)
    if plans.many and plan_asked(request) is None:
        organisations = plans.across().catalogue.organisations.values()
        organisation = next((o.id for o in organisations if o.iri == str(iri)), None)
        if organisation is None:
            raise PlanRequired()
        target = PageContext(request, page_language(request), iri_map(request)).href(
            "/questions/organisation-plans", organisation=organisation
        )
        return RedirectResponse(target, status_code=303)
    return entity_html(request, iri, path) or resource_page(request, iri, path)


def _value(node: Node, names: Names) -> dict[str, Any]:
    """A value as the template shows it: a link with a name, a blank node (shown further down
    the page), or a literal with its language or datatype."""
    if isinstance(node, BNode):
        return {"blank": str(node)}
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return {
            "text": str(node),
            "lang": node.language,
            "datatype": (curie(datatype) or datatype) if datatype else None,
        }
    return {"iri": str(node), "label": names.label(node)}


def _grouped(pairs: list[tuple[Node, Node]], names: Names) -> list[dict[str, Any]]:
    """(property, value) pairs as one group per property, by the property's name; values by
    their text or name."""
    groups: dict[Node, list[Node]] = {}
    for predicate, value in pairs:
        groups.setdefault(predicate, []).append(value)
    rows: list[dict[str, Any]] = []
    for p, values in groups.items():
        shown = sorted((_value(v, names) for v in values), key=_order)
        label = {"iri": str(p), "label": names.label(p), "curie": curie(str(p))}
        rows.append({"property": label, "values": shown})
    return sorted(rows, key=lambda row: row["property"]["label"].casefold())


def _order(value: dict[str, Any]) -> tuple[str, str]:
    shown = value.get("label") or value.get("text") or value.get("blank") or ""
    return shown.casefold(), value.get("lang") or ""


def resource_page(request: Request, iri: URIRef, path: str) -> Response:
    """The page of any resource of the graph: its name, types, every fact and the backlinks."""
    graph = service_data(request).graph
    lang = page_language(request)
    names = Names((graph, vocabulary()), lang, iri_map(request).data_base)
    description = concise_description(graph, iri)
    facts = [(p, o) for s, p, o in description if s == iri and p != RDF.type]
    blank_nodes = {
        str(s): _grouped(list(description.predicate_objects(s)), names)
        for s in description.subjects()
        if s != iri
    }
    label = names.label(iri)
    values = {
        "iri": str(iri),
        "label": label,
        "types": [_value(t, names) for t in sorted(graph.objects(iri, RDF.type), key=str)],
        "facts": _grouped(facts, names),
        "blank_nodes": blank_nodes,
        "backlinks": _grouped([(p, s) for s, p in graph.subject_predicates(iri)], names),
        "query": describe_query(str(iri), iri_map(request).dataset, description),
    }
    twins = [Twin(f"{path}.{fmt.suffix}", fmt.media_type, fmt.label) for fmt in RDF_FORMATS]
    return render(request, "resource.html", values, title=label, twins=twins)
