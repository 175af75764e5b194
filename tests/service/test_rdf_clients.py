"""What generic RDF clients get, over HTTP against the session's server: rdflib's
`Graph().parse(url)` in its default mode and with `format=` nt, turtle, xml and json-ld (each
sends its own Accept: rdflib/parser.py URLInputSource) reads the same triples as the resource's
N-Triples document, for every kind of resource the service publishes; the media types clients
still send by their old names (text/plain, text/n3, application/x-turtle) are negotiated; every
negotiated answer, the SPARQL service description included, varies by Accept.
"""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
# One resource of each kind: the data's (test_linked_data.py KINDS), the vocabulary's documents,
# the dataset description and VoID. -> (path, the IRI the document describes)
RESOURCES = {
    "plan": PLAN,
    "objective": f"{PLAN}/objective/3",
    "action": f"{PLAN}/action/3.12",
    "organisation": "/id/organisation/abb",
    "minister post": "/id/minister-post/justitie",
    "source document": f"{PLAN}/source",
    "SKOS concept": "/id/policy-domain/kbbj",
    "ontology": "/def",
    "external labels": "/def/external-labels",
    "ontology 1.0": "/def/1.0",
    "dataset": "/dataset",
    "VoID": "/.well-known/void",
}
SUBJECTS = {
    "ontology": "https://w3id.org/actieplan/def",
    "external labels": "https://w3id.org/actieplan/def/external-labels",
    "ontology 1.0": "https://w3id.org/actieplan/def",  # the version IRI names the document
    "dataset": "https://w3id.org/actieplan/dataset",
    "VoID": "https://w3id.org/actieplan/dataset",
}
MODES = [None, "nt", "turtle", "xml", "json-ld"]


def subject_of(kind: str) -> URIRef:
    path = RESOURCES[kind]
    return URIRef(SUBJECTS.get(kind, "https://w3id.org/actieplan" + path))


def n_triples(site, path: str) -> Graph:
    answer = httpx.get(site.url(path), headers={"Accept": "application/n-triples"})
    assert answer.status_code == 200, path
    assert answer.headers["content-type"] == "application/n-triples"
    return Graph().parse(data=answer.content, format="nt")


@pytest.fixture(scope="module")
def documents(site) -> dict[str, Graph]:
    return {kind: n_triples(site, path) for kind, path in RESOURCES.items()}


@pytest.mark.parametrize("kind", RESOURCES)
def test_the_n_triples_document_describes_the_resource(documents, kind):
    assert (subject_of(kind), RDF.type, None) in documents[kind], kind


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m or "default")
@pytest.mark.parametrize("kind", RESOURCES)
def test_rdflib_parses_every_resource_in_every_mode(site, documents, kind, mode):
    graph = Graph().parse(site.url(RESOURCES[kind]), format=mode)
    assert len(graph) == len(documents[kind]) > 0
    assert isomorphic(graph, documents[kind])


# --- negotiation by other names -------------------------------------------------------------

NEGOTIATED = [
    "/id/organisation/abb",
    f"{PLAN}/action/3.12",
    "/def",
    "/def/1.0",
    "/def/external-labels",
    "/dataset",
    "/.well-known/void",
]
OTHER_NAMES = {
    "text/plain": "application/n-triples",
    "text/plain, */*;q=0.1": "application/n-triples",  # rdflib's format="nt"
    "text/n3": "text/turtle",
    "application/x-turtle": "text/turtle",
    "text/turtle, application/x-turtle, */*;q=0.1": "text/turtle",  # rdflib's "turtle"
    "application/rdf+xml, */*;q=0.1": "application/rdf+xml",  # rdflib's "xml"
}


@pytest.mark.parametrize("accept", OTHER_NAMES)
@pytest.mark.parametrize("path", NEGOTIATED)
def test_old_names_of_the_rdf_types_are_negotiated(site, path, accept):
    answer = httpx.get(site.url(path), headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == OTHER_NAMES[accept]
    assert answer.headers["vary"] == "Accept"


def test_rdf_xml_of_the_dataset_and_void(site, documents):
    for kind, suffixed in (("dataset", "/dataset.rdf"), ("VoID", None)):
        path = suffixed or RESOURCES[kind]
        answer = httpx.get(site.url(path), headers={"Accept": "application/rdf+xml"})
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/rdf+xml"
        graph = Graph().parse(data=answer.content, format="xml")
        assert isomorphic(graph, documents[kind])


# --- the SPARQL service description ---------------------------------------------------------

SD_TYPES = {
    "text/turtle": ("text/turtle", "turtle"),
    "text/n3": ("text/turtle", "turtle"),
    "application/x-turtle": ("text/turtle", "turtle"),
    "text/plain": ("application/n-triples", "nt"),
    "application/n-triples": ("application/n-triples", "nt"),
    "application/ld+json": ("application/ld+json", "json-ld"),
    "application/rdf+xml": ("application/rdf+xml", "xml"),
}
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize("accept", SD_TYPES)
def test_the_service_description_is_negotiated_and_names_the_published_endpoint(site, accept):
    """Whatever Host the request names (a proxy's, an attacker's), the description names the
    endpoint's published IRI (the public site + sparql: api/readmodel/iri_paths.py)."""
    media, parser = SD_TYPES[accept]
    answer = httpx.get(site.sparql, headers={"Accept": accept, "Host": "evil.example"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media
    assert answer.headers["vary"] == "Accept"
    graph = Graph().parse(data=answer.content, format=parser)
    services = set(graph.subjects(RDF.type, URIRef(SD + "Service")))
    assert services == {URIRef("https://w3id.org/actieplan/sparql")}
    assert "evil.example" not in answer.text


def test_every_service_description_answer_varies_by_accept(site):
    browser = httpx.get(site.sparql, headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html")  # the editor
    refused = httpx.get(site.sparql, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    for answer in (browser, refused):
        assert answer.headers["vary"] == "Accept"


def test_the_service_description_says_the_same_in_json_ld_as_in_turtle(site):
    """The JSON-LD answer (with the served context of terms, blank nodes embedded) holds the
    same graph as the Turtle one."""
    documents = {
        parser: Graph().parse(
            data=httpx.get(site.sparql, headers={"Accept": media}).content, format=parser
        )
        for media, parser in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"))
    }
    assert len(documents["json-ld"]) == len(documents["turtle"]) > 0
    assert isomorphic(documents["json-ld"], documents["turtle"])
