"""The parts of `actieplan publish` that need no store server (graph/sparql/graph_store.py):
chunks that keep blank nodes together, the swap request (run on a pyoxigraph store), endpoint
URLs, graph IRIs, and the redaction of secrets. The publish itself runs against real Oxigraph
and Virtuoso servers in tests/service/test_publish.py."""

from __future__ import annotations

import base64

from pyoxigraph import BlankNode, NamedNode, Quad, Store
from pyoxigraph import Literal as OxLiteral
from rdflib import BNode, Graph, Literal, URIRef

from actieplan.graph.sparql.graph_store import (
    Credentials,
    Endpoints,
    GraphStore,
    NamedGraph,
    PublishPlan,
    chunks,
    endpoint_problem,
    iri_problem,
    redacted_url,
)

EX = "https://example.org/"


def test_blank_nodes_linked_to_each_other_travel_in_one_chunk():
    graph = Graph()
    # A list of four blank nodes hanging off one IRI: eight triples linked through blank nodes.
    nodes = [BNode() for _ in range(4)]
    graph.add((URIRef(EX + "shape"), URIRef(EX + "in"), nodes[0]))
    for here, there in zip(nodes, nodes[1:], strict=False):
        graph.add((here, URIRef(EX + "rest"), there))
    for number, node in enumerate(nodes):
        graph.add((node, URIRef(EX + "first"), Literal(number)))
    # And five plain triples.
    for number in range(5):
        graph.add((URIRef(f"{EX}n/{number}"), URIRef(EX + "p"), Literal(number)))
    parts = list(chunks(graph, 2))
    assert sum(len(part) for part in parts) == len(graph) == 13
    linked = [part for part in parts if any(isinstance(t[0], BNode) for t in part)]
    assert len(linked) == 1 and len(linked[0]) == 8  # 1 + 3 rest + 4 first, whatever the size
    assert all(len(part) <= 2 for part in parts if part not in linked)


def test_the_swap_leaves_each_target_holding_exactly_its_upload():
    plan = PublishPlan.of(
        [NamedGraph("data", EX + "data", Graph()), NamedGraph("shapes", EX + "shapes", Graph())],
        100,
    )
    store = Store()
    p = NamedNode(EX + "p")

    def add(graph: str, subject: NamedNode | BlankNode, value: int) -> None:
        store.add(Quad(subject, p, OxLiteral(str(value)), NamedNode(graph)))

    def held(graph: str) -> set[tuple[str, str]]:
        return {
            (str(q.subject), q.object.value)
            for q in store.quads_for_pattern(None, None, None, NamedNode(graph))
        }

    # The data as published before: 1, 2, 3; the upload: 2, 3, 4. The shapes: a blank node
    # before and another in the upload (never the same node), the same value.
    for value in (1, 2, 3):
        add(EX + "data", NamedNode(f"{EX}s/{value}"), value)
    for value in (2, 3, 4):
        add(plan.temporary["data"], NamedNode(f"{EX}s/{value}"), value)
    old_blank, new_blank = BlankNode(), BlankNode()
    add(EX + "shapes", old_blank, 7)
    add(plan.temporary["shapes"], new_blank, 7)
    store.update(plan.swap_update())
    assert held(EX + "data") == {(f"<{EX}s/{v}>", str(v)) for v in (2, 3, 4)}
    assert held(EX + "shapes") == {(str(new_blank), "7")}
    assert held(plan.temporary["data"]) == held(plan.temporary["shapes"]) == set()
    assert set(store.named_graphs()) == {NamedNode(EX + "data"), NamedNode(EX + "shapes")}


def test_the_swap_onto_an_empty_target_inserts_every_uploaded_triple():
    plan = PublishPlan.of([NamedGraph("data", EX + "data", Graph())], 100)
    store = Store()
    p = NamedNode(EX + "p")
    for value in (2, 3, 4):
        store.add(
            Quad(
                NamedNode(f"{EX}s/{value}"),
                p,
                OxLiteral(str(value)),
                NamedNode(plan.temporary["data"]),
            )
        )
    request = plan.swap_update(empty=["data"])
    # Nothing asked of the target in the insert: it held nothing when counted.
    assert f"FILTER NOT EXISTS {{ GRAPH <{EX}data>" not in request
    store.update(request)
    held = {
        (str(q.subject), q.object.value)
        for q in store.quads_for_pattern(None, None, None, NamedNode(EX + "data"))
    }
    assert held == {(f"<{EX}s/{v}>", str(v)) for v in (2, 3, 4)}
    assert set(store.named_graphs()) == {NamedNode(EX + "data")}


def test_endpoint_urls():
    assert Endpoints.of_server("http://127.0.0.1:7878/") == Endpoints(
        "http://127.0.0.1:7878/store", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"
    )
    assert "user or password" in (endpoint_problem("https://me:pw@store.example/") or "")
    assert "http://" in (endpoint_problem("ftp://store.example/") or "")
    assert endpoint_problem("https://store.example/ds") is None
    assert redacted_url("https://me:pw@store.example:8443/x") == "https://***@store.example:8443/x"


def test_graph_iris_that_would_break_the_request_are_refused():
    assert iri_problem("https://w3id.org/actieplan/id/graph") is None
    assert iri_problem("urn:x:y") is None
    assert iri_problem("https://x/> } ; DROP ALL ; #") is not None
    assert iri_problem("graph") is not None  # relative


def test_secrets_are_redacted_wherever_they_appear():
    store = GraphStore(
        Endpoints.of_server("http://127.0.0.1:1"), Credentials("publisher", "s3cr3t-pass")
    )
    basic = base64.b64encode(b"publisher:s3cr3t-pass").decode()
    assert store.redact(f"sent s3cr3t-pass and Basic {basic}") == "sent *** and Basic ***"
    assert "s3cr3t" not in repr(Credentials("publisher", "s3cr3t-pass"))
    store.close()
