"""The ontology parses, describes itself, and declares every term the data uses."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP

VANN = "http://purl.org/vocab/vann/"
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


def declared(ontology: Graph) -> set[URIRef]:
    return {s for kind in DECLARATIONS for s in ontology.subjects(RDF.type, kind)}


def test_header(ontology):
    header = URIRef("https://w3id.org/actieplan/def")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in ontology.objects(header, predicate)} == {"nl", "en"}
    assert ontology.value(header, OWL.versionIRI) is not None
    assert ontology.value(header, DCTERMS.license) is not None
    assert ontology.value(header, DCTERMS.creator) is not None
    assert ontology.value(header, URIRef(VANN + "preferredNamespacePrefix")) == Literal("ap")


def test_every_term_has_labels_and_definitions_in_both_languages(ontology):
    terms = {
        s
        for s in ontology.subjects()
        if isinstance(s, URIRef) and (str(s).startswith(str(AP)) or s in declared(ontology))
    }
    assert len(terms) > 80
    for term in terms:
        for predicate in (RDFS.label, SKOS.definition):
            languages = {o.language for o in ontology.objects(term, predicate)}
            if (term, RDF.type, SKOS.ConceptScheme) in ontology and predicate == RDFS.label:
                languages = {o.language for o in ontology.objects(term, SKOS.prefLabel)}
            assert {"nl", "en"} <= languages, f"{term} lacks {predicate} in nl/en"


def test_every_class_and_property_of_the_data_is_declared(ontology, plan_graph):
    known = declared(ontology)
    predicates = set(plan_graph.predicates()) - {RDF.type}
    classes = set(plan_graph.objects(None, RDF.type))
    assert predicates - known == set()
    assert classes - known == set()
    # the roles, statuses and funding modes the data points at are defined individuals
    for concept in (AP.StatusUnknown, AP.WithinRegularResources, AP.LeadOrganisationRole):
        assert (concept, SKOS.inScheme, None) in ontology


def test_data_uses_no_blank_nodes(plan_graph):
    from rdflib import BNode

    assert not any(isinstance(term, BNode) for triple in plan_graph for term in triple)


def test_minister_posts_link_to_their_themis_mandataris(plan_graph):
    """Each post's Themis IRI is the mandataris whose title is that portfolio."""
    from actieplan.graph.core.resources import reference_dir

    themis = Graph().parse(reference_dir() / "themis-jambon-ministers.ttl")
    posts = set(plan_graph.subjects(RDF.type, AP.MinisterPost))
    assert len(posts) == 9
    for post in posts:
        mandataris = plan_graph.value(post, AP.themisMandataris)
        title = str(themis.value(mandataris, DCTERMS.title))
        portfolio = next(
            str(p) for p in plan_graph.objects(post, AP.portfolio) if p.language == "nl"
        )
        assert title == f"Vlaams minister van {portfolio}"
