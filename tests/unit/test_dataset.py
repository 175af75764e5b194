"""The dataset description: DCAT-AP 3 + VoID at /dataset (HTML, Turtle, JSON-LD, N-Triples by
Accept and by suffix), VoID at /.well-known/void; conformance to the official DCAT-AP 3.0.0
shapes (tests/vendor/dcat-ap-3.0.0, pyshacl, no inference); figures of the vendored plan. The
dataset page in a browser: tests/browser/test_dataset_page.py."""

from __future__ import annotations

import hashlib

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from support.paths import TEST_VENDOR
from support.served_graph import PLAN_TRIPLES

from actieplan.graph.core.resources import default_source

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
AP = Namespace("https://w3id.org/actieplan/def#")
SHAPES = TEST_VENDOR / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
DATASET = URIRef("https://w3id.org/actieplan/dataset")
PLAN_ACTIONS = 50  # "Actie N.M" rows of the plan (GUIDE §1; tests/support/plan_values.py)
RDF_FORMATS = {  # suffix -> (media type, rdflib parser)
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
}


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def description(client):
    return Graph().parse(data=client.get("/dataset.ttl").text, format="turtle")


def conformance(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, text


@pytest.mark.parametrize("suffix", ["ttl", "jsonld"])
@pytest.mark.parametrize("how", ["accept", "suffix"])
def test_description_conforms_to_dcat_ap_3(client, shapes, suffix, how):
    media_type, parser = RDF_FORMATS[suffix]
    if how == "accept":
        answer = client.get("/dataset", headers={"Accept": media_type})
    else:
        answer = client.get(f"/dataset.{suffix}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    data = Graph().parse(data=answer.text, format=parser)
    conforms, report = conformance(data, shapes)
    assert conforms, report
    assert "Results (0)" in report or "Conforms: True" in report
    assert (DATASET, RDF.type, DCAT.Dataset) in data


def test_the_shapes_do_catch_a_gap(description, shapes):
    """The conformance test can fail: without its title the dataset breaks DCAT-AP."""
    broken = Graph()
    for triple in description:
        broken.add(triple)
    broken.remove((DATASET, DCTERMS.title, None))
    conforms, report = conformance(broken, shapes)
    assert not conforms and "title" in report


def test_formats_hold_the_same_description(client, description):
    for suffix, (_media_type, parser) in RDF_FORMATS.items():
        other = Graph().parse(data=client.get(f"/dataset.{suffix}").text, format=parser)
        assert set(other) == set(description), suffix  # no blank nodes: plain set equality


def test_negotiation_headers(client):
    answer = client.get("/dataset", headers={"Accept": "application/ld+json"})
    assert answer.headers["content-location"] == "/dataset.jsonld"
    assert answer.headers["vary"] == "Accept"
    links = answer.headers["link"]
    for suffix in ("ttl", "nt", "html"):
        assert f'</dataset.{suffix}>; rel="alternate"' in links
    assert "/dataset.jsonld>" not in links
    html = client.get("/dataset", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-location"] == "/dataset.html"
    assert html.headers["vary"] == "Accept"
    assert '</dataset.ttl>; rel="alternate"; type="text/turtle"' in html.headers["link"]
    etag = answer.headers["etag"]
    again = client.get("/dataset.jsonld", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/dataset", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/dataset.xml").status_code == 404


def test_void_figures_of_the_plan(client, description):
    assert description.value(DATASET, VOID.triples) == Literal(PLAN_TRIPLES)
    assert int(description.value(DATASET, VOID.triples)) == len(client.app.state.plans.only.graph)
    partitions = {
        description.value(part, VOID["class"]): int(description.value(part, VOID.entities))
        for part in description.objects(DATASET, VOID.classPartition)
    }
    assert partitions[AP.Action] == PLAN_ACTIONS
    assert partitions[AP.Objective] == 8  # "DOELSTELLING 1..8" (GUIDE §1)
    assert description.value(DATASET, VOID.uriSpace) == Literal("https://w3id.org/actieplan/id/")
    assert description.value(DATASET, VOID.sparqlEndpoint) == URIRef(
        "https://w3id.org/actieplan/sparql"
    )
    dumps = set(description.objects(DATASET, VOID.dataDump))
    assert URIRef("https://w3id.org/actieplan/download/graph.nt") in dumps
    assert URIRef("https://w3id.org/actieplan/def#") in set(
        description.objects(DATASET, VOID.vocabulary)
    )


def test_well_known_void(client):
    answer = client.get("/.well-known/void")
    assert answer.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=answer.text, format="turtle")
    assert void.value(DATASET, VOID.triples) == Literal(PLAN_TRIPLES)
    assert (DATASET, RDF.type, DCAT.Dataset) not in void  # VoID alone
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert set(Graph().parse(data=jsonld.text, format="json-ld")) == set(void)
    browser = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert browser.headers["content-type"].startswith("text/turtle")


def test_provenance_licence_period(description):
    source = description.value(DATASET, PROV.wasDerivedFrom)
    expected = hashlib.sha256(default_source().read_bytes()).hexdigest()
    assert str(description.value(source, AP.sha256)) == expected
    assert description.value(DATASET, DCTERMS.license) == URIRef(
        "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
    )
    period = description.value(DATASET, DCTERMS.temporal)
    assert description.value(period, DCAT.startDate) == Literal("2020-01-01", datatype=XSD.date)
    assert description.value(period, DCAT.endDate) == Literal("2024-12-31", datatype=XSD.date)
    languages = set(description.objects(DATASET, DCTERMS.language))
    assert URIRef("http://publications.europa.eu/resource/authority/language/NLD") in languages
    service = description.value(predicate=DCAT.servesDataset, object=DATASET)
    assert description.value(service, DCAT.endpointURL) == URIRef(
        "https://w3id.org/actieplan/sparql"
    )


def test_distributions_describe_the_downloads(client, description):
    distributions = list(description.objects(DATASET, DCAT.distribution))
    by_url = {
        str(description.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]: d for d in distributions
    }
    assert set(by_url) - {"None"} == {
        "graph.ttl",
        "graph.nt",
        "graph.jsonld",
        "graph.ttl.gz",
        "graph.nt.gz",
        "graph.jsonld.gz",
    }
    for name, node in by_url.items():
        if name == "None":
            continue  # the SPARQL endpoint's distribution: no file
        body = client.get(f"/download/{name}", headers={"Accept-Encoding": "identity"}).content
        assert int(description.value(node, DCAT.byteSize)) == len(body), name
        checksum = description.value(node, Namespace("http://spdx.org/rdf/terms#").checksum)
        value = description.value(checksum, Namespace("http://spdx.org/rdf/terms#").checksumValue)
        assert str(value) == hashlib.sha256(body).hexdigest(), name


def test_modified_is_the_date_the_data_states(description, plan_graph):
    """Not the served file's time (a checkout's): the date the graph states on its plan, the
    newest of the ontology's and the reference data's dates (tests/unit/test_entailment.py)."""
    plan = next(plan_graph.subjects(RDF.type, AP.ActionPlan))
    stated = plan_graph.value(plan, DCTERMS.modified)
    assert stated is not None
    assert description.value(DATASET, DCTERMS.modified) == Literal(str(stated), datatype=XSD.date)
