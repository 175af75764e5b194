"""The dataset description (api/readmodel/dataset_description.py) on the web: a page with its
RDF twins.

- `/dataset`: the dataset page for people (licence, publisher, provenance, downloads, endpoint,
  citation, VoID figures), or DCAT-AP + VoID as Turtle, JSON-LD, N-Triples or RDF/XML by
  `Accept`; `/dataset.ttl`, `.jsonld`, `.nt`, `.rdf`, `.html` name one format. A negotiated
  answer is 200 with `Content-Location` (the suffixed URL it equals), `Vary: Accept` and a
  `Link` rel="alternate" to every other format.
- `/.well-known/void`: VoID alone, Turtle by default, JSON-LD, N-Triples or RDF/XML by `Accept`.

Every answer has an ETag and the data's own date as `Last-Modified` (304 on a conditional
request: api/plumbing/conditional.py).

The page reads what it shows from the description graph, so page and RDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from actieplan.api.pages.web import Twin, link_target, page_language, render
from actieplan.api.plumbing.conditional import conditional
from actieplan.api.readmodel.dataset_description import (
    DESCRIPTION_PREFIXES,
    SPDX,
    description_graph,
    description_text,
)
from actieplan.api.readmodel.deps import (
    computed_cache,
    iri_map,
    plan_asked,
    plan_or_all,
    served_plans,
    service_data,
)
from actieplan.api.readmodel.linked_data import (
    HTML,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    TURTLE,
    DocumentFormat,
    document_headers,
    negotiate,
    not_acceptable,
    rdf_document,
)
from actieplan.api.readmodel.plan_datasets import served_plans_description
from actieplan.graph.core.vocab import AP, DCAT, VOID

router = APIRouter(include_in_schema=False)
DATASET_PATH = "/dataset"

# The formats of /dataset (in the order negotiation breaks ties) and of /.well-known/void.
DATASET_FORMATS = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
VOID_FORMATS = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
TABLE_DOWNLOADS = [  # served by api/routes/tables.py
    (
        "actions.csv",
        "text/csv",
        "De acties als tabel (CSV, UTF-8 met BOM)",
        "The actions as a table (CSV, UTF-8 with BOM)",
    ),
    (
        "actions-long.csv",
        "text/csv",
        "De acties, één rij per waarde (CSV)",
        "The actions, one row per value (CSV)",
    ),
    (
        "actions.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "De acties als werkmap (XLSX)",
        "The actions as a workbook (XLSX)",
    ),
]


async def rdf_answer(
    request: Request, which: str, fmt: DocumentFormat, headers: dict[str, str]
) -> Response:
    """The description in one RDF format, with the linked-data headers and an ETag (of every
    plan, where the service has many and the request names none)."""
    data, cache = plan_or_all(request), computed_cache(request)
    headers = {**headers, "ETag": f'"{data.version}-{which}-{fmt.suffix}"'}
    text = await run_in_threadpool(
        cache.get,
        ("description-text", which, fmt.suffix),
        lambda: _document_text(request, which, fmt),
    )
    answer = Response(text, media_type=fmt.content_type, headers=headers)
    return conditional(request.headers, answer, data.modified)


def _document_text(request: Request, which: str, fmt: DocumentFormat) -> str:
    graph = _description(request, which)
    if fmt == RDF_XML:  # rdflib's writer: the description's own writers have no RDF/XML
        return rdf_document(graph, fmt).decode("utf-8")
    return description_text(graph, fmt.suffix)


def _description(request: Request, which: str) -> Graph:
    plans = served_plans(request)
    if plans.index is not None and plan_asked(request) is None:
        index, iris = plans.index, iri_map(request)
        return computed_cache(request).get(
            ("description", which), lambda: served_plans_description(index, iris, which)
        )
    return description_graph(
        service_data(request), computed_cache(request), iri_map(request), which
    )


async def dataset_answer(request: Request, fmt: DocumentFormat, negotiated: bool) -> Response:
    """/dataset in `fmt`: the page or the RDF, with the IRI pattern's headers
    (api/readmodel/linked_data.py: Content-Location, Link alternates and canonical, Vary if
    negotiated)."""
    iri = iri_map(request).site_iri(DATASET_PATH)
    headers = document_headers(DATASET_PATH, iri, fmt, DATASET_FORMATS, negotiated)
    if fmt != HTML:
        return await rdf_answer(request, "dataset", fmt, headers)
    page = await dataset_page(request)
    page.headers.update(headers)
    return conditional(request.headers, page, service_data(request).modified)


@router.get(DATASET_PATH)
async def dataset(request: Request) -> Response:
    fmt = negotiate(request.headers.get("accept"), DATASET_FORMATS)
    if fmt is None:
        return not_acceptable(DATASET_FORMATS)
    return await dataset_answer(request, fmt, negotiated=True)


@router.get(DATASET_PATH + ".{suffix}")
async def dataset_in_format(request: Request, suffix: str) -> Response:
    fmt = next((f for f in DATASET_FORMATS if f.suffix == suffix), None)
    if fmt is None:
        raise HTTPException(404)  # the application's 404 (api/pages/errors.py)
    return await dataset_answer(request, fmt, negotiated=False)


@router.get("/.well-known/void")
async def void(request: Request) -> Response:
    """VoID alone. It has no page: a browser (text/html only) gets the Turtle."""
    accept = request.headers.get("accept")
    fmt = negotiate(accept, VOID_FORMATS) or (TURTLE if negotiate(accept, (HTML,)) else None)
    if fmt is None:
        return not_acceptable(VOID_FORMATS)
    # The dataset's description holds VoID and more: a related document, not an alternate of
    # this one (rdflib's JSON-LD parser follows an alternate of its own type instead).
    headers = {"Vary": "Accept", "Link": f'<{DATASET_PATH}>; rel="related"'}
    return await rdf_answer(request, "void", fmt, headers)


# --- the page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    iri: str
    name: str
    title: str
    media_type: str
    byte_size: int | None
    sha256: str | None


def _text(graph: Graph, node: Any, predicate: URIRef, lang: str) -> str:
    """The value of `predicate` in `lang`, else any."""
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    for value in values:
        if value.language == lang:
            return str(value)
    return str(values[0]) if values else ""


def _int(graph: Graph, node: Any, predicate: URIRef) -> int | None:
    value = graph.value(node, predicate)
    number = value.toPython() if isinstance(value, Literal) else None
    return number if isinstance(number, int) else None


def page_values(graph: Graph, lang: str, iris: Any) -> dict[str, Any]:
    """What the page shows, read from the description graph."""
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    publisher = graph.value(dataset, DCTERMS.publisher)
    licence = graph.value(dataset, DCTERMS.license)
    period = graph.value(dataset, DCTERMS.temporal)
    files = []
    for distribution in sorted(graph.objects(dataset, DCAT.distribution), key=str):
        url = graph.value(distribution, DCAT.downloadURL)
        if url is None:
            continue
        checksum = graph.value(distribution, SPDX.checksum)
        files.append(
            FileRow(
                iri=str(url),
                name=str(url).rsplit("/", 1)[-1],
                title=_text(graph, distribution, DCTERMS.title, lang),
                media_type=str(graph.value(distribution, DCAT.mediaType)).rsplit("media-types/", 1)[
                    -1
                ],
                byte_size=_int(graph, distribution, DCAT.byteSize),
                sha256=str(graph.value(checksum, SPDX.checksumValue)) if checksum else None,
            )
        )
    sources = [
        {
            "iri": str(doc),
            "file_name": _text(graph, doc, AP.fileName, lang),
            "sha256": _text(graph, doc, AP.sha256, lang),
            "lines": _int(graph, doc, AP.lineCount),
        }
        for doc in sorted(graph.objects(dataset, PROV.wasDerivedFrom), key=str)
    ]
    classes = sorted(
        (
            (_int(graph, part, VOID.entities) or 0, str(graph.value(part, VOID["class"])))
            for part in graph.objects(dataset, VOID.classPartition)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    service = graph.value(predicate=DCAT.servesDataset, object=dataset)
    modified = _text(graph, dataset, DCTERMS.modified, lang)  # "" when the data states no day
    issued = _text(graph, dataset, DCTERMS.issued, lang)
    return {
        "dataset_iri": str(dataset),
        "dataset_title": _text(graph, dataset, DCTERMS.title, lang),
        "description": _text(graph, dataset, DCTERMS.description, lang),
        "publisher": _text(graph, publisher, FOAF.name, lang),
        "licence_iri": str(licence),
        "licence_title": _text(graph, licence, DCTERMS.title, lang),
        "start": _text(graph, period, DCAT.startDate, lang) if period else None,
        "end": _text(graph, period, DCAT.endDate, lang) if period else None,
        "modified": modified,
        "issued": issued,
        "citation_year": (modified or issued)[:4],
        "version": _text(graph, dataset, DCAT.version, lang),
        "provenance": _text(graph, graph.value(dataset, DCTERMS.provenance), RDFS.label, lang),
        "sources": sources,
        "ontology": str(graph.value(dataset, DCTERMS.conformsTo) or ""),
        "files": files,
        "tables": [
            (f"/download/{n}", n, t_nl if lang == "nl" else t_en, m.rsplit("/", 1)[-1])
            for n, m, t_nl, t_en in TABLE_DOWNLOADS
        ],
        "endpoint": link_target(iris, str(graph.value(service, DCAT.endpointURL)))
        if service
        else None,
        "triples": _int(graph, dataset, VOID.triples),
        "entities": _int(graph, dataset, VOID.entities),
        "class_count": _int(graph, dataset, VOID.classes),
        "property_count": _int(graph, dataset, VOID.properties),
        "uri_space": _text(graph, dataset, VOID.uriSpace, lang),
        "classes": classes,
        "curie": lambda iri: _curie(iri),
    }


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(DESCRIPTION_PREFIXES.items(), key=lambda i: -len(i[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


async def dataset_page(request: Request) -> Response:
    lang = page_language(request)
    graph = await run_in_threadpool(_description, request, "dataset")
    values = page_values(graph, lang, iri_map(request))
    twins = [Twin(f"{DATASET_PATH}.{f.suffix}", f.media_type, f.label) for f in VOID_FORMATS]
    twins.append(Twin("/.well-known/void", TURTLE.media_type, "VoID"))
    return render(request, "dataset.html", values, title="Dataset", twins=twins)
