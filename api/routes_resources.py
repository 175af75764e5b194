"""`/id/{path}`: every IRI of the served graph under the data base IRI answers here, in HTML,
Turtle, JSON-LD, N-Triples, RDF/XML or JSON (the pattern: api/linked_data.py); and the 404
page for what is not there.

The path is the IRI's part after the base (api/iri_paths.py). Ids contain dots (action
`3.12`), so a suffix is taken off only when what is left is an IRI of the graph. HTML is the
typed page of api/pages_entities.py where there is one, else the generic resource page:
every fact, what points to the resource, and a query for the SPARQL editor.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node
from starlette.exceptions import HTTPException as StarletteHTTPException

from actieplan.api import pages_entities
from actieplan.api.iri_paths import DATA_PATH
from actieplan.api.linked_data import (
    HTML,
    JSON,
    RDF_FORMATS,
    RESOURCE_FORMATS,
    DocumentFormat,
    Names,
    catalogue_entry,
    curie,
    describe,
    describe_query,
    document_headers,
    is_described,
    negotiate,
    not_acceptable,
    rdf_document,
    rdf_response,
    split_suffix,
    vocabulary,
)
from actieplan.api.negotiation import choose
from actieplan.api.web import Twin, iri_map, page_language, render
from actieplan.graph.core.vocab import local_id

router = APIRouter(include_in_schema=False)


def _sent_path(request: Request) -> str:
    """The path as the client sent it (percent-encoded), so that an IRI is decoded once."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    return raw.decode("latin-1").split("?", 1)[0]


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"])
def resource(request: Request, path: str) -> Response:
    graph: Graph = request.app.state.data.graph
    iris = iri_map(request)
    wanted = _sent_path(request)[len(DATA_PATH) :]
    iri = URIRef(iris.data_iri(DATA_PATH + wanted))
    fmt: DocumentFormat | None = None
    if not is_described(graph, iri):
        suffixed = split_suffix(wanted, RESOURCE_FORMATS)
        if suffixed is None or not is_described(
            graph, stem_iri := URIRef(iris.data_iri(DATA_PATH + suffixed[0]))
        ):
            return not_found(request, f"{DATA_PATH}{wanted}", str(iri))
        wanted, fmt, iri = suffixed[0], suffixed[1], stem_iri
    negotiated = fmt is None
    if fmt is None:
        fmt = negotiate(request.headers.get("accept"), RESOURCE_FORMATS)
        if fmt is None:
            return not_acceptable(RESOURCE_FORMATS)
    path = DATA_PATH + wanted
    headers = document_headers(path, str(iri), fmt, RESOURCE_FORMATS, negotiated)
    if fmt == HTML:
        page = pages_entities.entity_html(request, iri) or resource_page(request, iri, path)
        page.headers.update(headers)
        return page
    if fmt == JSON:
        entry = catalogue_entry(request.app.state.data.catalogue, str(iri))
        if entry is not None:
            return JSONResponse(entry.model_dump(mode="json"), headers=headers)
        return Response(
            rdf_document(describe(graph, iri), RDF_FORMATS[1]),
            media_type=JSON.media_type,
            headers=headers,
        )
    return rdf_response(describe(graph, iri), fmt, headers)


# --- the generic resource page -------------------------------------------------------------


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
    graph: Graph = request.app.state.data.graph
    lang = page_language(request)
    names = Names((graph, vocabulary()), lang, iri_map(request).data_base)
    description = describe(graph, iri)
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
        "query": describe_query(str(iri), description),
    }
    twins = [Twin(f"{path}.{fmt.suffix}", fmt.media_type, fmt.label) for fmt in RDF_FORMATS]
    return render(request, "resource.html", values, title=label, twins=twins)


# --- not found -----------------------------------------------------------------------------


def not_found(request: Request, path: str, iri: str | None, detail: str | None = None) -> Response:
    """404 for `path` (the IRI it stands for: `iri`, else the site's IRI of the path): the HTML
    page naming both when the client prefers HTML, else JSON `{"detail": ...}`, else plain
    text. `detail`: a more specific message (the JSON API's)."""
    iri = iri or iri_map(request).site_iri(path)
    chosen = choose(request.headers.get("accept"), ["application/json", "text/html", "text/plain"])
    if chosen == "text/html":
        values = {"path": path, "iri": iri, "detail": detail, "search": local_id(path)}
        title = "Niet gevonden" if page_language(request) == "nl" else "Not found"
        return render(request, "not_found.html", values, title=title, status_code=404)
    message = detail or f"no resource {iri} on this server (path {path})"
    if chosen == "application/json":
        return JSONResponse({"detail": message}, status_code=404)
    return PlainTextResponse(message + "\n", status_code=404)


async def not_found_handler(request: Request, error: Exception) -> Response:
    """Every 404 of the application: the HTML 404 page for a client that prefers HTML, the JSON
    API's `{"detail": ...}` answer otherwise (unchanged for API clients)."""
    assert isinstance(error, StarletteHTTPException)
    if choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html":
        path = _sent_path(request)
        iri = iri_map(request).data_iri(path) if path.startswith(DATA_PATH) else None
        generic = error.detail in (None, "", "Not Found")
        return not_found(request, path, iri, None if generic else str(error.detail))
    return await http_exception_handler(request, error)
