"""Downloads: the served graph as Turtle, N-Triples and JSON-LD (also gzipped), the ontology
and the SHACL shapes, at /download/NAME.

Each file is computed once from what the service serves (the graph through
graph/rdf/export.py's deterministic writers, so a dump holds exactly the served triples; the
ontology and shapes as the package's own files) and kept in the API cache. Every answer has a
strong ETag (the SHA-256 of its bytes: it changes exactly when the file does; If-None-Match
gets 304) and a Content-Disposition with the file name.

Compressed files: `/download/graph.ttl.gz` is a gzip file (`application/gzip`, no
Content-Encoding, so a browser saves what the link names). The plain files are also sent
gzipped, with `Content-Encoding: gzip`, to a client that accepts that encoding.

The tables of the actions (/download/actions.csv, .xlsx) are api/routes_tables.py's.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Graph

from actieplan.api.negotiation import parse_accept
from actieplan.api.sparql_endpoint import etag_matches
from actieplan.graph.core.resources import ontology_file, shapes_dir
from actieplan.graph.rdf.export import serialize
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK
from actieplan.graph.validation.report import load_shapes

router = APIRouter(include_in_schema=False)
GZIP = "application/gzip"


@dataclass(frozen=True)
class Download:
    """One file of /download/: what it holds and in which format."""

    name: str  # the file name, also the last segment of its URL
    content: str  # "graph", "ontology" or "shapes"
    media_type: str  # of the file, uncompressed
    file_type: str  # its code in the EU file-type authority list (DCAT-AP dcterms:format)
    title_nl: str
    title_en: str
    rdf_format: str | None = None  # the graph's serialisation (graph/rdf/export.py)
    compressed: bool = False

    @property
    def sent_media_type(self) -> str:
        return GZIP if self.compressed else self.media_type


def _graph_dumps() -> list[Download]:
    formats = [
        ("graph.ttl", "turtle", "text/turtle", "RDF_TURTLE", "Turtle"),
        ("graph.nt", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
        ("graph.jsonld", "json-ld", "application/ld+json", "JSON_LD", "JSON-LD"),
    ]
    dumps = []
    for compressed in (False, True):
        for name, rdf_format, media_type, file_type, label in formats:
            packed = " (gzip)" if compressed else ""
            dumps.append(
                Download(
                    name + (".gz" if compressed else ""),
                    "graph",
                    media_type,
                    file_type,
                    f"De hele graaf in {label}{packed}",
                    f"The whole graph in {label}{packed}",
                    rdf_format,
                    compressed,
                )
            )
    return dumps


GRAPH_DUMPS = _graph_dumps()
ONTOLOGY = Download(
    "ontology.ttl", "ontology", "text/turtle", "RDF_TURTLE", "De ontologie", "The ontology"
)
SHAPES = Download(
    "shapes.ttl", "shapes", "text/turtle", "RDF_TURTLE", "De SHACL-vormen", "The SHACL shapes"
)
DOWNLOADS = {d.name: d for d in [*GRAPH_DUMPS, ONTOLOGY, SHAPES]}


def graph_dump(graph: Graph, rdf_format: str) -> bytes:
    """The graph in one format, by the build's writers (sorted, deterministic). A graph file
    served with blank nodes, which those writers refuse, goes through rdflib's serialiser."""
    with RDFLIB_LOCK:
        try:
            return serialize(graph, rdf_format).encode("utf-8")
        except ValueError:
            return graph.serialize(format=rdf_format, encoding="utf-8")


def shapes_turtle() -> bytes:
    """The shapes file as it ships (comments kept); several files merged into one graph."""
    paths = sorted(shapes_dir().glob("*.ttl"))
    if len(paths) == 1:
        return paths[0].read_bytes()
    with RDFLIB_LOCK:
        return load_shapes().serialize(format="turtle", encoding="utf-8")


def _compute(request: Request, download: Download) -> bytes:
    if download.compressed:
        # mtime=0: the same bytes every time (no time stamp in the gzip header).
        return gzip.compress(file_bytes(request, DOWNLOADS[download.name[:-3]]), mtime=0)
    if download.content == "ontology":
        return ontology_file().read_bytes()
    if download.content == "shapes":
        return shapes_turtle()
    assert download.rdf_format is not None
    return graph_dump(request.app.state.data.graph, download.rdf_format)


def file_bytes(request: Request, download: Download) -> bytes:
    """The bytes of a download, computed at first use and kept in the API cache."""
    cache = request.app.state.api_cache
    return cache.get(("download", download.name), lambda: _compute(request, download))


@dataclass(frozen=True)
class FileFacts:
    """What a dataset description says of a download: its size and checksum."""

    byte_size: int
    sha256: str


def file_facts(request: Request, download: Download) -> FileFacts:
    cache = request.app.state.api_cache

    def compute() -> FileFacts:
        body = file_bytes(request, download)
        return FileFacts(len(body), hashlib.sha256(body).hexdigest())

    return cache.get(("download-facts", download.name), compute)


def accepts_gzip(header: str | None) -> bool:
    """Accept-Encoding names gzip (or *) with a q above 0."""
    if not header:
        return False
    return any(coding in ("gzip", "*") and q > 0 for coding, q, _ in parse_accept(header))


@router.get("/download/{name}")
async def download(request: Request, name: str) -> Response:
    item = DOWNLOADS.get(name)
    if item is None:
        raise HTTPException(404, f"no download named {name!r}: see /dataset for the list")
    # Plain files go gzipped to a client that accepts it (a second ETag: other bytes).
    encoded = not item.compressed and accepts_gzip(request.headers.get("accept-encoding"))
    served = DOWNLOADS[name + ".gz"] if encoded and name + ".gz" in DOWNLOADS else item
    facts = await run_in_threadpool(file_facts, request, served)
    headers = {
        "ETag": f'"{facts.sha256[:32]}"',
        "Content-Disposition": f'attachment; filename="{item.name}"',
        "Vary": "Accept-Encoding",
    }
    if served is not item:
        headers["Content-Encoding"] = "gzip"
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    body = await run_in_threadpool(file_bytes, request, served)
    media_type = item.sent_media_type
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return Response(body, media_type=media_type, headers=headers)
