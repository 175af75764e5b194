"""The documents under /def/ besides the ontology itself: each released version of the ontology
at its version IRI, and the labels of the reused terms.

- A version answers at the path its own `owl:versionIRI` names (`https://w3id.org/actieplan/def/1.0`
  at `/def/1.0`): the files of ontology/versions/ (released versions, archived as they were
  released) and the current ontology/actieplan.ttl, when no archived file has its version IRI
  (an archived file is the version as released; the current file may be edited before its
  version is raised). Releasing a version needs a file, no code.
- `ontology/external-labels.ttl` answers at its ontology IRI, `/def/external-labels`.

Each document's date is the `dcterms:modified` (else `dcterms:created`) its ontology header
states. The current version has a page (api/pages/vocabulary.py, as /def); earlier versions,
kept as released, and the labels are RDF only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from actieplan.api.readmodel.linked_data import ontology
from actieplan.graph.core.resources import ontology_file
from actieplan.graph.rdf.loading import read_graph_file

DEF_PATH = "/def"
VERSIONS_FOLDER = "versions"
EXTERNAL_LABELS = "external-labels.ttl"


@dataclass(frozen=True)
class OntologyDocument:
    """One document of the vocabulary: its name under /def/ ("" for /def itself), its IRI, the
    file, its date, and whether it has a page: the current ontology has (/def and its version
    IRI); earlier versions are kept as released, in RDF (their wording may be what a later
    version corrected), and the external labels are RDF only."""

    name: str
    iri: str
    file: Path
    modified: dt.date | None
    has_page: bool = False

    @property
    def path(self) -> str:
        return f"{DEF_PATH}/{self.name}" if self.name else DEF_PATH

    def graph(self) -> Graph:
        return document_graph(self.file)


@cache
def document_graph(file: Path) -> Graph:
    return ontology() if file == ontology_file() else read_graph_file(file)


def current_ontology(site: str) -> OntologyDocument:
    """The ontology itself at /def (ontology/actieplan.ttl); `site` is its IRI."""
    file = ontology_file()
    header = ontology_header(document_graph(file), file)
    if str(header) != site:
        raise ValueError(f"{file}: the ontology's IRI is {header}, expected {site}")
    return OntologyDocument("", site, file, stated_date(document_graph(file), header), True)


def ontology_header(graph: Graph, file: Path) -> URIRef:
    """The IRI of the file's one owl:Ontology."""
    found = [s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)]
    if len(found) != 1:
        raise ValueError(f"{file}: {len(found)} owl:Ontology headers, expected one")
    return found[0]


def stated_date(graph: Graph, header: URIRef) -> dt.date | None:
    for predicate in (DCTERMS.modified, DCTERMS.created):
        value = graph.value(header, predicate)
        if isinstance(value, Literal) and isinstance(value.toPython(), dt.date):
            day: dt.date = value.toPython()
            return day
    return None


def _document(
    file: Path, site: str, iri_of: URIRef | None = None, has_page: bool = False
) -> OntologyDocument:
    """The document of `file` named by `iri_of` (its version IRI) or its ontology IRI."""
    graph = document_graph(file)
    header = ontology_header(graph, file)
    iri = str(iri_of or header)
    if not iri.startswith(site + "/") or "/" in iri[len(site) + 1 :]:
        raise ValueError(f"{file}: {iri} is not an IRI of a document under {site}/")
    name = iri[len(site) + 1 :]
    return OntologyDocument(name, iri, file, stated_date(graph, header), has_page)


def version_iri(file: Path) -> URIRef:
    graph = document_graph(file)
    found = graph.value(ontology_header(graph, file), OWL.versionIRI)
    if not isinstance(found, URIRef):
        raise ValueError(f"{file}: the ontology header has no owl:versionIRI")
    return found


@cache
def ontology_documents(site: str) -> dict[str, OntologyDocument]:
    """The documents under /def/ by name; `site`: the ontology's IRI without its `#`
    (`https://w3id.org/actieplan/def`)."""
    current = ontology_file()
    folder = current.with_name(VERSIONS_FOLDER)
    archived = sorted(folder.glob("*.ttl"))
    if not archived:
        raise FileNotFoundError(f"no released ontology versions in {folder}")
    latest = _document(current, site, version_iri(current), has_page=True)
    documents: dict[str, OntologyDocument] = {}
    for file in archived:
        iri = version_iri(file)
        document = _document(file, site, iri, has_page=str(iri) == latest.iri)
        if document.name in documents:
            raise ValueError(f"{file} and {documents[document.name].file}: one version IRI")
        documents[document.name] = document
    documents.setdefault(latest.name, latest)
    labels = _document(current.with_name(EXTERNAL_LABELS), site)
    documents[labels.name] = labels
    return documents
