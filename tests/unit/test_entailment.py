"""What the ontology promises, in the built graph (graph/core/entailment.py): the generic
queries of a client that knows ORG, PROV, DCTERMS and SKOS but not this ontology answer with
the counts tests/support/served_graph.py derives from the plan read by hand and the reference
data; what the build writes is what an OWL 2 RL reasoner derives from ontology + data (owlrl),
follows the ontology file, and decomposes as served_graph.py says. Also the data's own date
and its links out (SKOS concept schemes, Themis).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from support.paths import REPO
from support.served_graph import (
    ENTAILED,
    GENERIC_QUERIES,
    PLAN_ENTAILED_TRIPLES,
    PLAN_INVERSE_TRIPLES,
    PLAN_STATED_TRIPLES,
    PLAN_TRIPLES,
    PREFIXES,
)

from actieplan.graph.core.builder import build_facts
from actieplan.graph.core.entailment import Hierarchy, add_entailments
from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.dates import data_modified

BASE = "https://w3id.org/actieplan/id/"
PLAN = URIRef(f"{BASE}plan/actieplan-radicalisering-2020-2024")
REFERENCE = REPO / "data" / "reference"
THEMIS_FILE = REFERENCE / "themis-jambon-ministers.ttl"
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
NAMESPACES = {
    "ap": str(AP),
    "dcterms": str(DCTERMS),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "p-plan": "http://purl.org/net/p-plan#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": str(RDFS),
    "schema": "http://schema.org/",
    "skos": str(SKOS),
    "time": "http://www.w3.org/2006/time#",
}


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(PREFIXES + query)))[0])  # type: ignore[index]


@pytest.fixture(scope="module")
def closure(plan_graph: Graph) -> Graph:
    """Ontology + the served graph, closed under OWL 2 RL (the issue's measure; the reused
    vocabularies' own axioms are not loaded: tests/unit/test_reasoning.py does that)."""
    graph = Graph()
    graph += plan_graph
    graph.parse(ontology_file())
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


@pytest.mark.parametrize("name", GENERIC_QUERIES)
def test_generic_queries_on_the_built_graph(plan_graph, name):
    query, expected = GENERIC_QUERIES[name]
    assert count(plan_graph, query) == expected


@pytest.mark.parametrize("name", GENERIC_QUERIES)
def test_a_reasoner_finds_no_more(plan_graph, closure, name):
    """The same queries on the OWL 2 RL closure of ontology + data, counted over the data's
    IRIs (the closure also holds the ontology's own concepts), answer the same."""
    query, expected = GENERIC_QUERIES[name]
    data_only = Graph()
    for s, p, o in closure:
        if str(s).startswith(BASE):
            data_only.add((s, p, o))
    assert count(data_only, query) == expected


def test_every_entailed_triple_is_one_a_reasoner_derives(built, closure):
    """What the build writes as entailed is in the closure (sound); the inverse links come from
    DCMI's definition of dcterms:hasPart, which its RDF does not state as owl:inverseOf."""
    assert built.entailments.entailed - set(closure) == set()
    assert {p for _, p, _ in built.entailments.inverse} == {DCTERMS.hasPart}


def test_the_served_graph_decomposes(built, plan_graph):
    assert len(plan_graph) == PLAN_TRIPLES
    assert len(built.entailments.entailed) == PLAN_ENTAILED_TRIPLES
    assert len(built.entailments.inverse) == PLAN_INVERSE_TRIPLES
    assert len(plan_graph) - PLAN_ENTAILED_TRIPLES - PLAN_INVERSE_TRIPLES == PLAN_STATED_TRIPLES
    # the build's own count, which its summary prints, without reading the graph again
    assert built.entailments.stated == PLAN_STATED_TRIPLES
    assert built.triples() == PLAN_TRIPLES
    assert f"triples:        {PLAN_TRIPLES} ({PLAN_STATED_TRIPLES} stated," in built.summary()
    by_term = Counter(o if p == RDF.type else p for _, p, o in built.entailments.entailed)
    assert dict(by_term) == {expand(term): n for term, _, n in ENTAILED}


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":")
    return URIRef(NAMESPACES[prefix] + local)


def test_the_entailments_follow_the_ontology_file(built, plan_graph):
    """Read from the ontology, not a list in the code: a sub-class added to the ontology types
    the data, a sub-class taken out no longer does."""
    ontology = Graph().parse(ontology_file())
    facts = Graph()
    for triple in plan_graph:
        if triple not in built.entailments.entailed and triple not in built.entailments.inverse:
            facts.add(triple)
    extra = URIRef("http://example.org/Thing")
    ontology.add((AP.Objective, RDFS.subClassOf, extra))
    ontology.remove((AP.Organisation, RDFS.subClassOf, None))
    add_entailments(facts, Hierarchy.of(ontology))
    assert len(set(facts.subjects(RDF.type, extra))) == 8  # the 8 objectives
    assert set(facts.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Organization"))) == set()


def test_the_inverse_links_let_a_client_walk_down_the_plan(plan_graph):
    """The plan has its 8 objectives as parts; objective 3 its 16 actions (3.1 to 3.16,
    support/plan_values.py)."""
    objectives = set(plan_graph.objects(PLAN, DCTERMS.hasPart))
    assert objectives == {URIRef(f"{PLAN}/objective/{n}") for n in range(1, 9)}
    actions = set(plan_graph.objects(URIRef(f"{PLAN}/objective/3"), DCTERMS.hasPart))
    assert actions == {URIRef(f"{PLAN}/action/3.{n}") for n in range(1, 17)}


def test_the_data_states_its_own_date(plan_graph):
    """The newest of the ontology's dcterms:modified and the reference files' `modified`
    (the plan's text states no date of its own), read here from the files."""
    ontology = Graph().parse(ontology_file())
    header = URIRef("https://w3id.org/actieplan/def")
    dates = [ontology.value(header, DCTERMS.modified).toPython()]  # type: ignore[union-attr]
    for name in ("vocabularies.toml", "minister-posts.toml", "organisations.toml"):
        stated = tomllib.loads((REFERENCE / name).read_text(encoding="utf-8"))["modified"]
        assert isinstance(stated, dt.date), name
        dates.append(stated)
    assert list(plan_graph.objects(PLAN, DCTERMS.modified)) == [Literal(max(dates))]
    assert data_modified(plan_graph) == max(dates)


def test_the_build_dates_the_data_by_the_ontology_and_the_reference_data(built):
    newer_ontology = dt.date(2030, 1, 1)
    facts = build_facts(built.resolved, built.iris, newer_ontology)
    assert data_modified(facts) == newer_ontology
    assert data_modified(build_facts(built.resolved, built.iris, None)) is None


def test_the_reference_vocabularies_are_concept_schemes(plan_graph):
    """Each of the three vocabularies of vocabularies.toml is a scheme with Dutch and English
    names, and each of its entries one of its top concepts."""
    vocabularies = tomllib.loads((REFERENCE / "vocabularies.toml").read_text(encoding="utf-8"))
    paths = {"policy_domain": "policy-domain", "government_level": "government-level"}
    for scheme in vocabularies["scheme"]:
        node = URIRef(f"{BASE}concept-scheme/{scheme['id']}")
        assert (node, RDF.type, SKOS.ConceptScheme) in plan_graph
        assert {label.language for label in plan_graph.objects(node, SKOS.prefLabel)} == {
            "nl",
            "en",
        }
        table = scheme["vocabulary"]
        path = paths.get(table, "organisation-kind")
        concepts = {URIRef(f"{BASE}{path}/{entry['id']}") for entry in vocabularies[table]}
        assert set(plan_graph.objects(node, SKOS.hasTopConcept)) == concepts
        assert set(plan_graph.subjects(SKOS.topConceptOf, node)) == concepts
        assert set(plan_graph.subjects(SKOS.inScheme, node)) == concepts


def test_links_out_to_themis(plan_graph):
    """The Flemish Government links to its government body in Themis, a besluit:Bestuursorgaan
    of the vendored Themis file; each minister post's Themis mandataris is an rdfs:seeAlso too
    (ap:themisMandataris ⊑ rdfs:seeAlso)."""
    themis = Graph().parse(THEMIS_FILE)
    body = plan_graph.value(URIRef(f"{BASE}organisation/vlaamse-regering"), RDFS.seeAlso)
    assert (body, RDF.type, BESLUIT.Bestuursorgaan) in themis
    assert (body, OWL.sameAs, None) not in plan_graph
    posts = set(plan_graph.subjects(RDF.type, AP.MinisterPost))
    assert len(posts) == 9
    for post in posts:
        mandataris = plan_graph.value(post, AP.themisMandataris)
        assert set(plan_graph.objects(post, RDFS.seeAlso)) == {mandataris}
