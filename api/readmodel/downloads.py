"""The files the service offers at /download/NAME: the served graph as Turtle, N-Triples and
JSON-LD (also gzipped), the ontology and the SHACL shapes; their bytes, size and checksum.

Each file is computed once from what the service serves (the graph through
graph/rdf/export.py's deterministic writers, so a dump holds exactly the served triples; the
ontology and shapes as the package's own files) and kept in the API cache. The route
(api/routes/downloads.py) sends them; the dataset description (api/readmodel/
dataset_description.py) and the dataset page list them with their sizes and checksums.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from rdflib import Graph

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.resources import ontology_file, shapes_dir
from actieplan.graph.rdf.export import serialize
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK
from actieplan.graph.validation.report import load_shapes

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


def _compute(data: ServiceData, cache: ComputedCache, download: Download) -> bytes:
    if download.compressed:
        # mtime=0: the same bytes every time (no time stamp in the gzip header).
        return gzip.compress(file_bytes(data, cache, DOWNLOADS[download.name[:-3]]), mtime=0)
    if download.content == "ontology":
        return ontology_file().read_bytes()
    if download.content == "shapes":
        return shapes_turtle()
    assert download.rdf_format is not None
    return graph_dump(data.graph, download.rdf_format)


def file_bytes(data: ServiceData, cache: ComputedCache, download: Download) -> bytes:
    """The bytes of a download, computed at first use and kept in the API cache."""
    return cache.get(("download", download.name), lambda: _compute(data, cache, download))


@dataclass(frozen=True)
class FileFacts:
    """What a dataset description says of a download: its size and checksum."""

    byte_size: int
    sha256: str


def file_facts(data: ServiceData, cache: ComputedCache, download: Download) -> FileFacts:
    def compute() -> FileFacts:
        body = file_bytes(data, cache, download)
        return FileFacts(len(body), hashlib.sha256(body).hexdigest())

    return cache.get(("download-facts", download.name), compute)
