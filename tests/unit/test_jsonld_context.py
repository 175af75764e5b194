"""JSON-LD as plain JSON: the context of terms (ontology/context.jsonld, served at
/context.jsonld) is current with the graphs it describes, every kind of JSON-LD answer embeds
it, and a JSON-LD processor from outside the project (pyld, its document loader off: no
network) reads the same triples as the N-Triples twin, as rdflib does; compacted with the
served context, its keys are the context's terms. Values from the plan's text are plain JSON:
strings, numbers, true/false, `label.nl`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from actieplan.api.readmodel.json_ld import derived_context
from actieplan.graph.rdf.jsonld_context import served_context
from actieplan.graph.rdf.writer import to_jsonld

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
CONTEXT_LINK = '</context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"'
# Every kind of JSON-LD answer, with the URL of its N-Triples twin.
ANSWERS = {
    "action": (f"{PLAN}/action/1.1.jsonld", f"{PLAN}/action/1.1.nt"),
    "timing": (f"{PLAN}/action/1.1/timing.jsonld", f"{PLAN}/action/1.1/timing.nt"),
    "organisation": ("/id/organisation/abb.jsonld", "/id/organisation/abb.nt"),
    "minister post": (
        "/id/minister-post/binnenlands-bestuur.jsonld",
        "/id/minister-post/binnenlands-bestuur.nt",
    ),
    "objective": (f"{PLAN}/objective/1.jsonld", f"{PLAN}/objective/1.nt"),
    "plan": (f"{PLAN}.jsonld", f"{PLAN}.nt"),
    "ontology": ("/def.jsonld", "/def.nt"),  # blank nodes: owl:unionOf, dcterms:creator
    "dataset": ("/dataset.jsonld", "/dataset.nt"),
    "graph dump": ("/download/graph.jsonld", "/download/graph.nt"),
}


def no_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"pyld tried to load {url}: a JSON-LD answer must be self-contained")


PYLD = {"documentLoader": no_network}


def pyld_graph(document: Any, options: dict[str, Any] | None = None) -> Graph:
    quads = jsonld.to_rdf(document, {**PYLD, **(options or {}), "format": "application/n-quads"})
    return Graph().parse(data=quads, format="nt")


def node_keys(compacted: Any, context: dict[str, Any]) -> set[str]:
    """The keys of the node objects in a compacted document (not those of language maps)."""
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                keys.add(key)
                definition = context.get(key)
                if isinstance(definition, dict) and "@language" in definition.get("@container", []):
                    continue
                walk(item)

    walk(compacted.get("@graph", compacted))
    return keys - {"@context"}


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return served_context()


def test_context_file_is_current(client, plan_graph, context):
    """ontology/context.jsonld is what the data, the ontology and /dataset call for: run
    `python scripts/jsonld_context.py` after changing their properties."""
    description = Graph().parse(data=client.get("/dataset.nt").text, format="nt")
    assert derived_context(plan_graph, description) == context, (
        "ontology/context.jsonld is out of date: run python scripts/jsonld_context.py"
    )


def test_context_has_the_terms_a_web_developer_writes(context):
    assert context["id"] == "@id"
    assert context["type"] == {"@id": "@type", "@container": "@set"}
    assert context["title"] == {"@id": "dcterms:title", "@container": "@language"}
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["partOf"] == {"@id": "dcterms:isPartOf", "@type": "@id"}
    assert context["leadOrganisation"] == {"@id": "ap:leadOrganisation", "@type": "@id"}
    assert context["startsOn"] == {"@id": "ap:startsOn", "@type": "xsd:date"}
    assert context["value"] == {"@id": "schema:value", "@type": "xsd:decimal"}
    assert context["isOngoing"] == {"@id": "ap:isOngoing"}  # native true/false
    # An action has up to 9 partners (tests/support/plan_values.py): always an array.
    assert context["partnerOrganisation"]["@container"] == "@set"
    assert context["Action"] == "ap:Action"
    assert context["voidDataset"] == "void:Dataset"  # "Dataset" is dcat:Dataset


def test_context_is_served(client, context):
    answer = client.get("/context.jsonld")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/ld+json"
    assert answer.headers["cache-control"] == "public, max-age=86400"
    assert answer.json() == {"@context": context}
    again = client.get("/context.jsonld", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    head = client.head("/context.jsonld")
    assert head.status_code == 200 and head.headers["etag"] == answer.headers["etag"]


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_answer_reads_as_its_n_triples_twin(client, context, kind):
    url, twin = ANSWERS[kind]
    answer = client.get(url)
    assert answer.status_code == 200, url
    assert answer.headers["content-type"].split(";")[0] == "application/ld+json"
    document = answer.json()
    assert document["@context"] == context, "the served context, inline"
    expected = Graph().parse(data=client.get(twin).text, format="nt")
    assert len(expected) > 0
    assert isomorphic(pyld_graph(document), expected), f"pyld reads {url} otherwise"
    assert isomorphic(Graph().parse(data=answer.text, format="json-ld"), expected), url
    compacted = jsonld.compact(jsonld.expand(document, PYLD), {"@context": context}, PYLD)
    for written in (document, compacted):  # as served, and as pyld compacts it
        keys = node_keys(written, context)
        not_terms = {key for key in keys if key not in context and not key.startswith("@")}
        # a prefixed name or a full IRI would show here: every property has a fitting term
        assert not not_terms, f"{url}: keys that are no term of the context: {sorted(not_terms)}"


def node(client, url: str) -> dict[str, Any]:
    (only,) = [n for n in client.get(url).json()["@graph"] if n["id"].endswith(url[3:-7])]
    return only


def test_values_are_plain_json(client):
    """Action 1.1 (plan line 97): "Actie 1.1: Afstemmen en voorzien van een
    ondersteuningsaanbod rond polarisatie via een overkoepelend netwerk", minister "Minister
    van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen", lead "KBBJ
    (Agentschap Binnenlands Bestuur)", timing "1 april 2021 – 31 maart 2023", budget
    "104.320 euro / jaar"; action 1.6 (line 112) runs "Doorlopend"."""
    action = node(client, f"{PLAN}/action/1.1.jsonld")
    # ap:Action, and the super-classes the ontology gives it (prov:Entity, p-plan:Step), which
    # the build writes into the data (graph/core/entailment.py)
    assert action["type"] == ["Action", "Entity", "Step"]
    assert action["number"] == "1.1"
    assert action["title"]["nl"] == (
        "Afstemmen en voorzien van een ondersteuningsaanbod rond polarisatie via een "
        "overkoepelend netwerk"
    )
    assert action["leadOrganisation"] == "https://w3id.org/actieplan/id/organisation/abb"
    assert action["coordinatingMinister"] == (
        "https://w3id.org/actieplan/id/minister-post/binnenlands-bestuur"
    )
    timing = node(client, f"{PLAN}/action/1.1/timing.jsonld")
    assert timing["printedText"] == "1 april 2021 – 31 maart 2023"
    assert (timing["startsOn"], timing["endsOn"]) == ("2021-04-01", "2023-03-31")
    assert timing["isOngoing"] is False and timing["isOpenEnded"] is False
    assert node(client, f"{PLAN}/action/1.6/timing.jsonld")["isOngoing"] is True
    amount = node(client, f"{PLAN}/action/1.1/budget/amount/1.jsonld")
    assert amount["perYear"] is True  # "/ jaar"
    assert amount["value"] == "104320"  # xsd:decimal, its (XSD 1.1 canonical) lexical form
    assert isinstance(amount["position"], int) and amount["position"] == 1
    post = node(client, "/id/minister-post/binnenlands-bestuur.jsonld")
    assert post["label"]["nl"] == (
        "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen"
    )
    organisation = node(client, "/id/organisation/abb.jsonld")
    assert organisation["altLabel"]["nl"] == ["KBBJ (Agentschap Binnenlands Bestuur)"]
    objective = node(client, f"{PLAN}/objective/1.jsonld")
    assert objective["number"] == "1" and objective["partOf"] == (
        "https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024"
    )


def test_json_twin_links_its_context(client, context):
    """A `.json` twin that is JSON-LD (a resource with no JSON API model) names its context
    in a Link; read with that context only, it gives the resource's triples."""
    url = f"{PLAN}/action/1.1/timing"
    answer = client.get(f"{url}.json")
    assert answer.headers["content-type"] == "application/json"
    assert CONTEXT_LINK in answer.headers["link"]
    document = answer.json()
    del document["@context"]
    options = {"expandContext": {"@context": context}}
    expected = Graph().parse(data=client.get(f"{url}.nt").text, format="nt")
    assert isomorphic(pyld_graph(document, options), expected)
    # the API's model: the JSON API's own context (tests/unit/test_api_context.py), not this one
    model = client.get(f"{PLAN}/action/1.1.json")
    assert CONTEXT_LINK not in model.headers["link"]
    assert (
        '</api/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"' in model.headers["link"]
    )


def test_sparql_construct_in_json_ld_uses_the_context(client, context):
    timing = f"https://w3id.org/actieplan{PLAN}/action/1.1/timing"
    query = f"CONSTRUCT {{ <{timing}> ?p ?o }} WHERE {{ <{timing}> ?p ?o }}"
    answer = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/ld+json"}
    )
    assert answer.status_code == 200
    document = answer.json()
    assert document["@context"] == context
    assert document["@graph"][0]["isOngoing"] is False


def test_writer_round_trips_blank_nodes_and_odd_literals(context):
    """Blank nodes inside one subject are nested, a shared one is labelled; literals no term
    fits (a non-canonical boolean, a title without language tag, a label typed xsd:string)
    keep their form."""
    graph = Graph()
    shared, inner, subject = BNode(), BNode(), URIRef("https://example.org/a")
    ap = "https://w3id.org/actieplan/def#"
    graph.add((subject, URIRef(ap + "timing"), inner))
    graph.add((inner, URIRef(ap + "isOngoing"), Literal("1", datatype=URIRef(XSD_BOOLEAN))))
    graph.add((subject, URIRef(ap + "payer"), shared))
    graph.add((URIRef("https://example.org/b"), URIRef(ap + "payer"), shared))
    graph.add((shared, RDFS.label, Literal("gedeeld", lang="nl")))
    graph.add((subject, URIRef(ap + "position"), Literal("007", datatype=URIRef(XSD_INTEGER))))
    graph.add((subject, URIRef(ap + "position"), Literal(3)))
    graph.add((subject, URIRef(ap + "startsOn"), Literal("2021")))
    text = to_jsonld(graph)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)
    assert isomorphic(pyld_graph(json.loads(text)), graph)
    assert to_jsonld(graph) == text  # deterministic


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
