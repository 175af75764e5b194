"""`/id/{path}`: every IRI of the served graph under the data base IRI answers here, in HTML,
Turtle, JSON-LD, N-Triples, RDF/XML or JSON (the pattern: api/readmodel/linked_data.py).

The path is the IRI's part after the base (api/readmodel/iri_paths.py). Ids contain dots
(action `3.12`), so a suffix is taken off only when what is left is an IRI of the graph. The
HTML and the 404 answer are the pages' (`BrowserPages`, api/readmodel/deps.py): the typed page
of api/pages/entities.py where there is one, else the generic resource page
(api/pages/resource.py).

Every document has a strong ETag (from its bytes), `Last-Modified` (the data's own date,
graph/rdf/dates.py, when the graph states one) and answers a conditional request with 304
(api/plumbing/conditional.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef

from actieplan.api.plumbing.conditional import conditional
from actieplan.api.readmodel.api_context import API_CONTEXT_LINK
from actieplan.api.readmodel.deps import BrowserPages, Iris, Pages, PlanOrAll
from actieplan.api.readmodel.iri_paths import DATA_PATH, sent_path
from actieplan.api.readmodel.linked_data import (
    CONTEXT_LINK,
    HTML,
    JSON,
    JSON_LD,
    RESOURCE_FORMATS,
    DocumentFormat,
    catalogue_entry,
    describe,
    document_headers,
    is_described,
    negotiate,
    not_acceptable,
    rdf_document,
    rdf_response,
    split_suffix,
)
from actieplan.api.readmodel.service import ServiceData

router = APIRouter(include_in_schema=False)


@router.get("/id/{path:path}")
def resource(request: Request, path: str, data: PlanOrAll, iris: Iris, pages: Pages) -> Response:
    graph = data.graph
    wanted = sent_path(request)[len(DATA_PATH) :]
    iri = URIRef(iris.data_iri(DATA_PATH + wanted))
    fmt: DocumentFormat | None = None
    if not is_described(graph, iri):
        suffixed = split_suffix(wanted, RESOURCE_FORMATS)
        if suffixed is None or not is_described(
            graph, stem_iri := URIRef(iris.data_iri(DATA_PATH + suffixed[0]))
        ):
            return pages.not_found(request, f"{DATA_PATH}{wanted}", str(iri))
        wanted, fmt, iri = suffixed[0], suffixed[1], stem_iri
    negotiated = fmt is None
    if fmt is None:
        fmt = negotiate(request.headers.get("accept"), RESOURCE_FORMATS)
        if fmt is None:
            return not_acceptable(RESOURCE_FORMATS)
    path = DATA_PATH + wanted
    headers = document_headers(path, str(iri), fmt, RESOURCE_FORMATS, negotiated)
    dataset = URIRef(iris.dataset)
    answer = _document(request, data, pages, iri, dataset, path, fmt, headers)
    return conditional(request.headers, answer, data.modified)


def _document(
    request: Request,
    data: ServiceData,
    pages: BrowserPages,
    iri: URIRef,
    dataset: URIRef,
    path: str,
    fmt: DocumentFormat,
    headers: dict[str, str],
) -> Response:
    """The document of `iri` in `fmt` (part of `dataset`), with the pattern's `headers`."""
    if fmt == HTML:
        page = pages.resource(request, iri, path)
        page.headers.update(headers)
        return page
    if fmt == JSON:
        entry = catalogue_entry(data.catalogue, str(iri))
        # JSON-LD as plain JSON: the Link names its context (JSON-LD 1.1 §6.1): the JSON API's
        # for its models (what /api/actions/{number} and the like answer), else the data's.
        if entry is not None:
            headers["Link"] += ", " + API_CONTEXT_LINK
            return JSONResponse(entry.model_dump(mode="json"), headers=headers)
        headers["Link"] += ", " + CONTEXT_LINK
        return Response(
            rdf_document(describe(data.graph, iri, dataset), JSON_LD),
            media_type=JSON.media_type,
            headers=headers,
        )
    return rdf_response(describe(data.graph, iri, dataset), fmt, headers)
