"""What the ontology promises, written into the data, so that a client without a reasoner finds
it: the super-classes of each node's types and the super-properties of each triple's property,
as ontology/actieplan.ttl states them (rdfs:subClassOf, rdfs:subPropertyOf, their transitive
closure), and the inverse links (owl:inverseOf in the ontology, and dcterms:hasPart for each
dcterms:isPartOf: DCMI defines each as the inverse of the other).

Read from the ontology at build time, never from a list in the code, so the data follows the
ontology. What the reused vocabularies state about their own terms (PROV-O: prov:Plan ⊑
prov:Entity; ORG: org:Organization ⊑ foaf:Agent) is not added: the data carries the types and
properties its own ontology names, up to the first term of each reused vocabulary. So the
entailed triples are a subset of what an OWL 2 RL reasoner derives from ontology + data
(tests/unit/test_entailment.py compares them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# DCMI Metadata Terms: dcterms:hasPart "is an inverse property of Is Part Of" (and the reverse);
# the published RDF of DCMI Terms does not state it as owl:inverseOf, so it is stated here.
DCMI_INVERSES = {DCTERMS.isPartOf: DCTERMS.hasPart, DCTERMS.hasPart: DCTERMS.isPartOf}


def _closure(direct: Mapping[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    """Every term's ancestors through `direct` (the term itself left out)."""
    found: dict[URIRef, frozenset[URIRef]] = {}
    for term in direct:
        ancestors: set[URIRef] = set()
        todo = list(direct[term])
        while todo:
            parent = todo.pop()
            if parent not in ancestors and parent != term:
                ancestors.add(parent)
                todo.extend(direct.get(parent, ()))
        found[term] = frozenset(ancestors)
    return found


def _direct(ontology: Graph, predicate: URIRef) -> dict[URIRef, set[URIRef]]:
    """Named term -> the named terms it is stated to be below (anonymous classes left out)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for child, parent in ontology.subject_objects(predicate):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            direct.setdefault(child, set()).add(parent)
    return direct


@dataclass(frozen=True)
class Hierarchy:
    """The ontology's class and property hierarchy and its inverse properties."""

    super_classes: Mapping[URIRef, frozenset[URIRef]]
    super_properties: Mapping[URIRef, frozenset[URIRef]]
    inverses: Mapping[URIRef, frozenset[URIRef]]

    @classmethod
    def of(cls, ontology: Graph) -> Hierarchy:
        inverses: dict[URIRef, set[URIRef]] = {}
        for one, other in ontology.subject_objects(OWL.inverseOf):
            if isinstance(one, URIRef) and isinstance(other, URIRef):
                inverses.setdefault(one, set()).add(other)
                inverses.setdefault(other, set()).add(one)
        for one, other in DCMI_INVERSES.items():
            inverses.setdefault(one, set()).add(other)
        return cls(
            _closure(_direct(ontology, RDFS.subClassOf)),
            _closure(_direct(ontology, RDFS.subPropertyOf)),
            {term: frozenset(found) for term, found in inverses.items()},
        )


def entailed(triples: Iterable[Triple], hierarchy: Hierarchy) -> set[Triple]:
    """The super-types of each typed node and the super-property triples of each triple."""
    found: set[Triple] = set()
    for s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef):
            found.update((s, RDF.type, above) for above in hierarchy.super_classes.get(o, ()))
        found.update((s, above, o) for above in hierarchy.super_properties.get(p, ()))
    return found


def inverse(triples: Iterable[Triple], hierarchy: Hierarchy) -> set[Triple]:
    """The inverse link of each triple whose property has an inverse and whose object is an
    IRI."""
    return {
        (o, other, s)
        for s, p, o in triples
        if isinstance(o, URIRef)
        for other in hierarchy.inverses.get(p, ())
    }


@dataclass(frozen=True)
class Entailments:
    """What add_entailments wrote: the entailed triples and the inverse links; and how many
    triples the graph stated before (none of them among the two)."""

    entailed: frozenset[Triple]
    inverse: frozenset[Triple]
    stated: int


def add_entailments(graph: Graph, hierarchy: Hierarchy) -> Entailments:
    """Add to `graph` what the hierarchy entails from it, until nothing new follows (an inverse
    link can have super-properties, an entailed triple an inverse); returns what was new."""
    stated: set[Triple] = set(graph)  # type: ignore[arg-type]
    new_entailed: set[Triple] = set()
    new_inverse: set[Triple] = set()
    todo = stated
    while todo:
        more_entailed = entailed(todo, hierarchy) - stated - new_entailed - new_inverse
        more_inverse = inverse(todo, hierarchy) - stated - new_entailed - new_inverse
        more_inverse -= more_entailed
        new_entailed |= more_entailed
        new_inverse |= more_inverse
        todo = more_entailed | more_inverse
    for triple in (*new_entailed, *new_inverse):
        graph.add(triple)
    return Entailments(frozenset(new_entailed), frozenset(new_inverse), len(stated))


def ontology_modified(ontology: Graph) -> dt.date | None:
    """The `dcterms:modified` date the ontology states of itself (its owl:Ontology node)."""
    dates = [
        value.toPython()
        for node in ontology.subjects(RDF.type, OWL.Ontology)
        for value in ontology.objects(node, DCTERMS.modified)
        if isinstance(value, Literal)
    ]
    return max((d for d in dates if isinstance(d, dt.date)), default=None)
