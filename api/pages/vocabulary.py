"""`/def`: the ontology (ontology/actieplan.ttl), documented from its own annotations and
joined to the data, or as RDF (`/def.ttl .jsonld .nt .rdf`, or by `Accept`: the pattern of
api/readmodel/linked_data.py).

Every term of the ontology has its section at its IRI's fragment (`/def#Action` is
`id="Action"`), with its label and definition in the page's language, its super-classes or
super-properties, domain and range, and how the served graph uses it: how many instances (a
class), triples (a property) or references (a concept), and a few examples linked to their
pages. The terms of other vocabularies the graph uses are listed with their Dutch labels and
usage notes (ontology/external-labels.ttl) and the same counts.

The RDF is the ontology document alone (the Turtle is the file itself, comments included);
the labels of reused terms are a separate file and are not part of it: it answers at
`/def/external-labels`, and each released version at its version IRI (`/def/1.0`,
api/readmodel/ontology_versions.py), in the RDF formats; the current version IRI has this page
too. Every document has an ETag and the
`Last-Modified` of the date its ontology header states.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN
from rdflib.term import Node

from actieplan.api.pages.web import Twin, page_language, render
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.conditional import conditional
from actieplan.api.readmodel.deps import Cache, Data, Iris
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.linked_data import (
    HTML,
    RDF_FORMATS,
    TURTLE,
    VOCABULARY_FORMATS,
    DocumentFormat,
    Names,
    curie,
    document_headers,
    negotiate,
    not_acceptable,
    ontology,
    rdf_response,
    split_suffix,
    vocabulary,
    with_labels,
)
from actieplan.api.readmodel.ontology_versions import (
    OntologyDocument,
    current_ontology,
    ontology_documents,
)
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import AP

router = APIRouter(include_in_schema=False)

PATH = "/def"
ONTOLOGY = URIRef(str(AP).rstrip("#"))
EXAMPLES = 5  # example instances shown per term
DEFINITIONS = (SKOS.definition, RDFS.comment)
NOTES = (SKOS.scopeNote, SKOS.note)
# (heading id, Dutch heading, English heading, the type whose terms the section lists)
SECTIONS = (
    ("classes", "Klassen", "Classes", OWL.Class),
    ("object-properties", "Objecteigenschappen", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype-eigenschappen", "Datatype properties", OWL.DatatypeProperty),
    (
        "annotation-properties",
        "Annotatie-eigenschappen",
        "Annotation properties",
        OWL.AnnotationProperty,
    ),
    ("concept-schemes", "Begrippenlijsten", "Concept schemes", SKOS.ConceptScheme),
)
# The kinds of term the sections list; the other types of a term are shown with it.
DECLARATIONS = {kind for *_, kind in SECTIONS}
PROPERTY_TYPES = {
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
}
CHARACTERISTICS = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
)


@router.get(PATH)
def vocabulary_negotiated(request: Request, data: Data, cache: Cache, iris: Iris) -> Response:
    return _answer(request, data, cache, iris, current_ontology(str(ONTOLOGY)), None)


@router.get(PATH + ".{suffix}")
def vocabulary_document(
    request: Request, data: Data, cache: Cache, iris: Iris, suffix: str
) -> Response:
    fmt = next((f for f in VOCABULARY_FORMATS if f.suffix == suffix), None)
    if fmt is None:
        raise HTTPException(404)  # the application's 404 (api/pages/errors.py)
    return _answer(request, data, cache, iris, current_ontology(str(ONTOLOGY)), fmt)


@router.get(PATH + "/{name}")
def vocabulary_version(
    request: Request, data: Data, cache: Cache, iris: Iris, name: str
) -> Response:
    """A released version of the ontology, or the labels of reused terms
    (api/readmodel/ontology_versions.py): by `Accept` at its IRI's path, or named by a suffix
    (`/def/1.0.ttl`; a version's own dots are no suffix: `/def/2.0.1`)."""
    documents = ontology_documents(str(ONTOLOGY))
    if name in documents:
        return _answer(request, data, cache, iris, documents[name], None)
    suffixed = split_suffix(name, VOCABULARY_FORMATS)
    document = documents.get(suffixed[0]) if suffixed else None
    if suffixed is None or document is None or suffixed[1] not in formats_of(document):
        raise HTTPException(404)  # the application's 404 (api/pages/errors.py)
    return _answer(request, data, cache, iris, document, suffixed[1])


def formats_of(document: OntologyDocument) -> tuple[DocumentFormat, ...]:
    """The current ontology has its page; earlier versions and the labels are RDF only."""
    return VOCABULARY_FORMATS if document.has_page else RDF_FORMATS


def _answer(
    request: Request,
    data: ServiceData,
    cache: ComputedCache,
    iris: IriMap,
    document: OntologyDocument,
    fmt: DocumentFormat | None,
) -> Response:
    """The document in `fmt`, or (None) in the format `Accept` prefers; with its ETag and the
    date its header states."""
    formats = formats_of(document)
    negotiated = fmt is None
    if fmt is None:
        # A document without a page: a browser (text/html only) gets the Turtle, like VoID.
        accept = request.headers.get("accept")
        fmt = negotiate(accept, formats) or (TURTLE if negotiate(accept, (HTML,)) else None)
        if fmt is None:
            return not_acceptable(formats)
    headers = document_headers(document.path, document.iri, fmt, formats, negotiated)
    if fmt == TURTLE:  # the file itself, comments included
        body = document.file.read_bytes()
        answer: Response = Response(body, media_type=fmt.content_type, headers=headers)
    elif fmt != HTML:
        answer = rdf_response(document.graph(), fmt, headers)
    else:
        answer = _page(request, data, cache, iris, document)
        answer.headers.update(headers)
    return conditional(request.headers, answer, document.modified)


def _page(
    request: Request,
    data: ServiceData,
    cache: ComputedCache,
    iris: IriMap,
    document: OntologyDocument,
) -> Response:
    lang = page_language(request)
    values = cache.get(
        ("vocabulary-page", document.name, lang),
        lambda: _documentation(data.graph, iris.data_base, lang, document.graph()),
    )
    twins = [Twin(f"{document.path}.{f.suffix}", f.media_type, f.label) for f in RDF_FORMATS]
    return render(request, "vocabulary.html", values, title=values["ontology_title"], twins=twins)


# --- the documentation ---------------------------------------------------------------------


def fragment(term: Node) -> str | None:
    """The fragment of an ontology term's IRI (`Action` for ap:Action); None for other IRIs."""
    iri = str(term)
    return iri[len(str(AP)) :] if iri.startswith(str(AP)) else None


def usage(graph: Graph, term: Node, unit: str | None = None) -> dict[str, Any]:
    """How the graph uses a term, counted in `unit`: "instances" (of a class), "triples" (with
    a property as predicate) or "references" (triples with the term as object: a concept);
    None: the first of these the graph has. With the first subjects, in natural order, as
    examples."""
    instances = set(graph.subjects(RDF.type, term))
    if unit is None:
        unit = "instances" if instances else "triples" if (None, term, None) in graph else ""
    if unit == "instances":
        count, subjects = len(instances), instances
    elif unit == "triples":
        triples = list(graph.triples((None, term, None)))
        count, subjects = len(triples), {s for s, _, _ in triples}
    else:
        unit = "references"
        uses = [s for s, p in graph.subject_predicates(term) if p != RDF.type]
        count, subjects = len(uses), set(uses)
    examples = sorted((str(s) for s in subjects if isinstance(s, URIRef)), key=_natural)
    return {"count": count, "unit": unit, "examples": examples[:EXAMPLES]}


def unit_of(term: Node, vocab: Graph) -> str | None:
    """What a term's use is counted in, by its declaration; None when it has none here."""
    types = set(vocab.objects(term, RDF.type))
    if types & {OWL.Class, RDFS.Class}:
        return "instances"
    if types & PROPERTY_TYPES:
        return "triples"
    return "references" if types else None


def _natural(text: str) -> list[tuple[int, str]]:
    """Sort key with the numbers in a text read as numbers (action 3.2 before 3.12)."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]


def _link(node: Node, names: Names) -> dict[str, Any]:
    """A term as the template links it: within the page for the ontology's own terms."""
    local = fragment(node)
    return {
        "iri": str(node),
        "label": names.label(node),
        "curie": curie(str(node)),
        "fragment": local,
    }


def _term(term: Node, names: Names, vocab: Graph, data: Graph) -> dict[str, Any]:
    def links(predicate: URIRef) -> list[dict[str, Any]]:
        objects = sorted(vocab.objects(term, predicate), key=str)
        return [_link(o, names) for o in objects if isinstance(o, URIRef)]

    types = sorted(vocab.objects(term, RDF.type), key=str)
    return {
        "id": fragment(term),
        "iri": str(term),
        "curie": curie(str(term)),
        "label": names.label(term),
        "definition": names.text(term, DEFINITIONS),
        "note": names.text(term, NOTES),
        "types": [
            _link(t, names) for t in types if t not in DECLARATIONS and t not in CHARACTERISTICS
        ],
        "characteristics": [_link(t, names) for t in types if t in CHARACTERISTICS],
        "super_classes": links(RDFS.subClassOf),
        "super_properties": links(RDFS.subPropertyOf),
        "domain": links(RDFS.domain),
        "range": links(RDFS.range),
        "in_scheme": links(SKOS.inScheme),
        "usage": _named_usage(usage(data, term, unit_of(term, vocab)), names),
    }


def _named_usage(found: dict[str, Any], names: Names) -> dict[str, Any]:
    examples = [{"iri": iri, "label": names.label(URIRef(iri))} for iri in found["examples"]]
    return {**found, "examples": examples}


def _documentation(data: Graph, data_base: str, lang: str, ontology_graph: Graph) -> dict[str, Any]:
    """Everything the vocabulary page of `ontology_graph` (the ontology, or one of its versions)
    shows, in `lang` (`data`: the served graph, whose IRIs are minted under `data_base`)."""
    vocab = vocabulary() if ontology_graph is ontology() else with_labels(ontology_graph)
    names = Names((vocab, data), lang, data_base)
    own = {s for s in ontology_graph.subjects() if fragment(s)}
    sections = []
    listed: set[Node] = set()
    for section_id, nl, en, kind in SECTIONS:
        terms = sorted(
            (t for t in own if (t, RDF.type, kind) in ontology_graph),
            key=lambda t: names.label(t).casefold(),
        )
        listed.update(terms)
        entries = []
        for term in terms:
            entry = _term(term, names, vocab, data)
            if kind == SKOS.ConceptScheme:
                members = sorted(
                    ontology_graph.subjects(SKOS.inScheme, term),
                    key=lambda c: names.label(c).casefold(),
                )
                entry["concepts"] = [_term(c, names, vocab, data) for c in members]
                listed.update(members)
            entries.append(entry)
        sections.append({"id": section_id, "heading": en if lang == "en" else nl, "terms": entries})
    others = sorted(own - listed - {ONTOLOGY}, key=lambda t: names.label(t).casefold())
    if others:
        sections.append(
            {
                "id": "individuals",
                "heading": "Individuals" if lang == "en" else "Individuen",
                "terms": [_term(t, names, vocab, data) for t in others],
            }
        )
    reused = sorted(
        (s for s in vocab.subjects(SKOS.scopeNote) if isinstance(s, URIRef) and not fragment(s)),
        key=lambda t: curie(str(t)) or str(t),
    )
    return {
        "ontology_title": names.text(ONTOLOGY, (DCTERMS.title,)) or "Ontology",
        "about": _about(ontology_graph, names),
        "sections": [s for s in sections if s["terms"]],
        "reused": [_term(t, names, vocab, data) for t in reused],
    }


def _about(graph: Graph, names: Names) -> dict[str, Any]:
    def value(predicate: URIRef) -> Node | None:
        return graph.value(ONTOLOGY, predicate)

    creators = [names.label(c) for c in graph.objects(ONTOLOGY, DCTERMS.creator)]
    licence = value(DCTERMS.license)
    return {
        "iri": str(ONTOLOGY),
        "description": names.text(ONTOLOGY, (DCTERMS.description,)),
        "version": str(value(OWL.versionInfo) or ""),
        "version_iri": str(value(OWL.versionIRI) or ""),
        "prior_version": str(value(OWL.priorVersion) or ""),
        "licence": str(licence) if licence else None,
        "creators": creators,
        "created": str(value(DCTERMS.created) or ""),
        "modified": str(value(DCTERMS.modified) or ""),
        "prefix": str(value(VANN.preferredNamespacePrefix) or ""),
        "namespace": str(value(VANN.preferredNamespaceUri) or ""),
        "see_also": [
            str(o)
            for o in sorted(graph.objects(ONTOLOGY, RDFS.seeAlso), key=str)
            if not isinstance(o, Literal)
        ],
    }
