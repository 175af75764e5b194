"""Linked data: the description of one resource of the graph, its documents in the RDF formats,
the choice of format (suffix or `Accept`), the headers of every answer, and names of things in
a page's language.

One pattern for every IRI this server publishes (api/routes/resources.py for the data under
/id/, api/pages/vocabulary.py for the ontology at /def): the IRI's own path answers `200` with
the format the client's `Accept` prefers, `Vary: Accept`, and `Content-Location` naming the
document of that format (the path plus a suffix: `.html .ttl .jsonld .nt .rdf .json`), which
answers the same bytes without negotiation. Every answer has a `Link` header with
`rel="alternate"` to each other format and `rel="canonical"` to the real IRI (the IRI the
graph uses, which is not this server's address when the server runs on a local port).

A resource's document (describe) holds its concise bounded description (CBD: every triple
with the IRI as subject and, for each blank node among their objects, that node's triples in
turn); the links to it from the other resources of the graph (every triple with the IRI as
object and an IRI as subject, except rdf:type, so that the document of a class would not list
its instances): what a client needs to follow links both ways (the plan's document lists its
objectives and actions, an organisation's the actions it takes part in); and two statements of
the publisher: the dataset it is in (`void:inDataset {public site}dataset`, VoID's link from
what a dataset describes to the dataset) and the data's licence (`dcterms:license`, the licence
the dataset description states). Not dcterms:isPartOf, which the data uses for the plan's
structure: an objective would be part of both its plan and the dataset. (VoID gives
void:inDataset the domain foaf:Document: the IRI answers with its document, 200, no 303.) The
documents carry the graph's own IRIs, never the local paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from actieplan.api.plumbing.negotiation import choose
from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.graph.core.builder import new_graph
from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP, DATA_LICENCE, PREFIXES, SCHEMA, VOID
from actieplan.graph.rdf.export import serialize
from actieplan.graph.rdf.jsonld_context import CONTEXT_PATH
from actieplan.graph.rdf.loading import read_graph_file
from actieplan.graph.sparql.results import CANONICAL_TYPE


@dataclass(frozen=True)
class DocumentFormat:
    """One format a resource is served in: the path suffix that names its document, the media
    type, a label for people, the graph serialisation (None: not an RDF format), and other
    media types clients ask for it by (the answer has `media_type`)."""

    suffix: str
    media_type: str
    label: str
    serialisation: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        if self.serialisation is None:
            return self.media_type
        return CANONICAL_TYPE[("graph", self.serialisation)]


HTML = DocumentFormat("html", "text/html", "HTML")
# Turtle is N3 (text/n3) too; application/x-turtle is its name before registration; rdflib's
# `Graph().parse(url, format="nt")` asks for text/plain, N-Triples' name before registration.
TURTLE = DocumentFormat(
    "ttl", "text/turtle", "Turtle", "turtle", aliases=("application/x-turtle", "text/n3")
)
JSON_LD = DocumentFormat("jsonld", "application/ld+json", "JSON-LD", "json-ld")
N_TRIPLES = DocumentFormat(
    "nt", "application/n-triples", "N-Triples", "nt", aliases=("text/plain",)
)
RDF_XML = DocumentFormat("rdf", "application/rdf+xml", "RDF/XML", "xml")
JSON = DocumentFormat("json", "application/json", "JSON")
RDF_FORMATS = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
# The Link from a JSON answer to the JSON-LD context that makes it linked data (JSON-LD 1.1
# §6.1), the one every JSON-LD document embeds.
CONTEXT_LINK = (
    f'<{CONTEXT_PATH}>; rel="http://www.w3.org/ns/json-ld#context"; type="{JSON_LD.media_type}"'
)
# In the order negotiation breaks ties: a browser, or a client accepting anything, gets HTML.
RESOURCE_FORMATS = (HTML, *RDF_FORMATS, JSON)
VOCABULARY_FORMATS = (HTML, *RDF_FORMATS)


def split_suffix(path: str, formats: Sequence[DocumentFormat]) -> tuple[str, DocumentFormat] | None:
    """(path without its suffix, the format the suffix names), or None when `path` ends in
    none of the formats' suffixes."""
    stem, dot, suffix = path.rpartition(".")
    if not dot or not stem:
        return None
    for fmt in formats:
        if fmt.suffix == suffix:
            return stem, fmt
    return None


def negotiate(accept: str | None, formats: Sequence[DocumentFormat]) -> DocumentFormat | None:
    """The format the client's `Accept` header prefers (ties: the order of `formats`, then
    their aliases); None when it accepts none of them."""
    offered = [fmt.media_type for fmt in formats]
    offered += [alias for fmt in formats for alias in fmt.aliases]
    chosen = choose(accept, offered)
    return next((f for f in formats if chosen == f.media_type or chosen in f.aliases), None)


def document_headers(
    path: str,
    iri: str,
    chosen: DocumentFormat,
    formats: Sequence[DocumentFormat],
    negotiated: bool,
) -> dict[str, str]:
    """The headers of the answer for `path` (the resource's path on this server, no suffix) in
    `chosen`: Content-Location (its document), Link (the other formats' documents and the real
    IRI) and, when `Accept` chose the format, Vary."""
    links = [
        f'<{path}.{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"'
        for fmt in formats
        if fmt != chosen
    ]
    links.append(f'<{iri}>; rel="canonical"')
    headers = {"Content-Location": f"{path}.{chosen.suffix}", "Link": ", ".join(links)}
    if negotiated:
        headers["Vary"] = "Accept"
    return headers


def not_acceptable(formats: Sequence[DocumentFormat]) -> JSONResponse:
    """406, naming the media types on offer."""
    offered = [fmt.media_type for fmt in formats]
    return JSONResponse(
        {"detail": "none of the accepted media types is on offer; offered: " + ", ".join(offered)},
        status_code=406,
        headers={"Vary": "Accept"},
    )


# --- descriptions -------------------------------------------------------------------------


def is_described(graph: Graph, iri: URIRef) -> bool:
    """Whether the graph mentions `iri` (as subject, predicate or object)."""
    return (iri, None, None) in graph or (None, None, iri) in graph or (None, iri, None) in graph


def describe(graph: Graph, iri: URIRef, dataset: URIRef) -> Graph:
    """The document of `iri` (see the module's docstring): its concise bounded description,
    the links to it from other resources, the dataset (`dataset`) and the data's licence."""
    description = concise_description(graph, iri)
    for subject, predicate in graph.subject_predicates(iri):
        if isinstance(subject, URIRef) and predicate != RDF.type:
            description.add((subject, predicate, iri))
    description += publisher_statements(iri, dataset)
    return description


def publisher_statements(iri: URIRef, dataset: URIRef) -> Graph:
    """What every document of a resource adds to the graph's triples: the dataset the resource
    is in and the data's licence."""
    statements = Graph()
    statements.add((iri, VOID.inDataset, dataset))
    statements.add((iri, DCTERMS.license, DATA_LICENCE))
    return statements


def concise_description(graph: Graph, iri: URIRef) -> Graph:
    """The concise bounded description of `iri`: its triples, and those of the blank nodes
    they reach through other blank nodes."""
    description = new_graph()
    todo: list[Node] = [iri]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            description.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return description


def has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)


def rdf_document(graph: Graph, fmt: DocumentFormat) -> bytes:
    """`graph` in an RDF format: the project's sorted writers (graph/rdf/export.py) where they
    apply (JSON-LD with the served context; Turtle, N-Triples of a graph without blank
    nodes), rdflib's otherwise."""
    if fmt.serialisation is None:
        raise ValueError(f"{fmt.label} is not an RDF format")
    if fmt.serialisation == "json-ld" or (
        fmt.serialisation != "xml" and not has_blank_nodes(graph)
    ):
        return serialize(graph, fmt.serialisation).encode("utf-8")
    return graph.serialize(format=fmt.serialisation, encoding="utf-8")


def rdf_response(graph: Graph, fmt: DocumentFormat, headers: dict[str, str]) -> Response:
    return Response(rdf_document(graph, fmt), media_type=fmt.content_type, headers=headers)


def describe_query(iri: str, dataset: str, description: Graph) -> str:
    """A SPARQL CONSTRUCT that returns `description` (describe's document of `iri`) from the
    graph: the IRI's triples, those of the blank nodes among their objects (one level deep,
    which is every blank node a graph of this project has), the links to it from other
    resources, and the publisher's two statements as constants."""
    blank = ""
    if has_blank_nodes(description):
        blank = "\n    OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) }"
    return (
        "CONSTRUCT {\n"
        f"  <{iri}> ?p ?o .{' ?o ?p2 ?o2 .' if blank else ''}\n"
        f"  ?s ?q <{iri}> .\n"
        f"  <{iri}> <{VOID.inDataset}> <{dataset}> ;\n"
        f"    <{DCTERMS.license}> <{DATA_LICENCE}> .\n"
        "}\nWHERE {\n"
        f"  {{ <{iri}> ?p ?o{blank} }}\n"
        f"  UNION {{ ?s ?q <{iri}> FILTER(isIRI(?s) && ?q != <{RDF.type}>) }}\n"
        "}"
    )


def catalogue_entry(catalogue: Catalogue, iri: str) -> BaseModel | None:
    """The JSON API's model of the plan, objective, action, organisation or minister post with
    this IRI (what /api/actions/{number} and the like answer); None for anything else."""
    kinds: Iterable[dict] = (
        catalogue.actions,
        catalogue.objectives,
        catalogue.organisations,
        catalogue.minister_posts,
    )
    for entries in kinds:
        for entry in entries.values():
            if entry.iri == iri:
                return entry
    return None


# --- the vocabulary and names in a language ------------------------------------------------


@cache
def ontology() -> Graph:
    """The ontology (ontology/actieplan.ttl): the document served at /def."""
    return read_graph_file(ontology_file())


@cache
def vocabulary() -> Graph:
    """The ontology and the Dutch labels of the reused vocabularies' terms
    (ontology/external-labels.ttl): the names and definitions pages show for terms."""
    return with_labels(ontology())


@cache
def external_labels() -> Graph:
    return read_graph_file(ontology_file().with_name("external-labels.ttl"))


def with_labels(ontology_graph: Graph) -> Graph:
    """An ontology (or a version of it) with the labels of the reused terms."""
    graph = Graph()
    graph += ontology_graph
    graph += external_labels()
    return graph


LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SCHEMA.name)
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def curie(iri: str) -> str | None:
    """`ap:Action` for an IRI of a namespace of graph/core/vocab.py PREFIXES, else None."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        local = iri[len(str(namespace)) :]
        if iri.startswith(str(namespace)) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return None


@dataclass(frozen=True)
class Names:
    """Names and texts of things in one language, from the graphs given (the data, then the
    vocabulary): the literal in `lang`, else one without a language, else the Dutch one, else
    any."""

    graphs: tuple[Graph, ...]
    lang: str
    data_base: str = ""  # data IRIs without a label are named by their path under this base

    def text(self, node: Node, predicates: Sequence[URIRef]) -> str | None:
        found = self.literal(node, predicates)
        return None if found is None else str(found)

    def literal(self, node: Node, predicates: Sequence[URIRef]) -> Literal | None:
        for graph in self.graphs:
            for predicate in predicates:
                found = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
                if found:
                    return min(found, key=self._preference)
        return None

    def _preference(self, literal: Literal) -> tuple[int, str]:
        language = literal.language or ""
        rank = {self.lang: 0, "": 1, "nl": 2}.get(language, 3)
        return rank, str(literal)

    def label(self, node: Node) -> str:
        """The node's label, or a short form of its IRI. A term of another vocabulary with a
        label in another language only (the Dutch labels of external-labels.ttl on an English
        page) is named by its prefixed name (`p-plan:Step`)."""
        iri = str(node)
        short = curie(iri)
        found = self.literal(node, LABEL_PROPERTIES)
        if found is not None:
            other_language = found.language not in (None, self.lang)
            if not (other_language and short and not iri.startswith(str(AP))):
                return str(found)
        if self.data_base and iri.startswith(self.data_base):
            return iri[len(self.data_base) :]
        return short or iri
