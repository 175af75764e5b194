"""No outbound connection, whatever way a query spells SERVICE or LOAD: against a real
`actieplan serve` per engine and through `actieplan sparql`, every variant below is refused
(400 for SERVICE and for text the engines would read differently, 403 for updates) and a
listener on a loopback port sees no connection at all.

The variants are those an engine reads differently from a naive check (issue 9, item 1):
a comment ended by CR (Oxigraph ends comments there; it called the service), by LF CR and by
other line terminators; \\u / \\U escapes, which rdflib expands before parsing (it called the
service); mixed case; SERVICE SILENT; and SERVICE inside a sub-query, next to VALUES, in
FILTER EXISTS / NOT EXISTS, OPTIONAL, MINUS and GRAPH. Each is sent by GET, by a form POST
and by a direct POST (application/sparql-query), to both engines.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.cli_runner import run_cli
from support.paths import TEST_DATA
from support.server import RunningServer, running_server

DATA = TEST_DATA / "protocol" / "data1.ttl"  # a few triples to join
DIRECT = "application/sparql-query"
ENGINES = ("oxigraph", "rdflib")

# name: (query template, what the refusal says). "SERVICE": refused as SERVICE; "line end":
# a comment holding a character some reader takes for a line end is refused as such.
SERVICE = "SERVICE (federated query) is not allowed"
LINE_END = "which some SPARQL readers take for the end of a line"
VARIANTS = {
    "comment CR": ("SELECT * WHERE {{ ?s ?p ?o #\r SERVICE <{url}/x> {{ ?a ?b ?c }} }}", SERVICE),
    "comment LF CR": (
        "SELECT * WHERE {{ ?s ?p ?o #\n\r SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        SERVICE,
    ),
    "comment CR, long string": (
        'SELECT * WHERE {{ ?s ?p ?o # \r """ \n SERVICE <{url}/x> {{ ?a ?b ?c }} # """\n }}',
        SERVICE,
    ),
    "comment VT": (
        "SELECT * WHERE {{ ?s ?p ?o #\x0b SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        LINE_END,
    ),
    "comment FF": (
        "SELECT * WHERE {{ ?s ?p ?o #\x0c SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        LINE_END,
    ),
    "comment NEL": (
        "SELECT * WHERE {{ ?s ?p ?o #\x85 SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        LINE_END,
    ),
    "comment LS": (
        "SELECT * WHERE {{ ?s ?p ?o #\u2028 SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        LINE_END,
    ),
    "comment PS": (
        "SELECT * WHERE {{ ?s ?p ?o #\u2029 SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        LINE_END,
    ),
    "\\u": ("SELECT * WHERE {{ ?s ?p ?o \\u0053ERVICE <{url}/x> {{ ?a ?b ?c }} }}", SERVICE),
    "\\U": ("SELECT * WHERE {{ ?s ?p ?o \\U00000053ERVICE <{url}/x> {{ ?a ?b ?c }} }}", SERVICE),
    "\\u, rdflib's 8 digits": (
        "SELECT * WHERE {{ ?s ?p ?o \\u00000053ERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        SERVICE,
    ),
    "\\u line feed in a comment": (
        "SELECT * WHERE {{ ?s ?p ?o #\\u000a SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
        SERVICE,
    ),
    "mixed case": ("SELECT * WHERE {{ ?s ?p ?o sErViCe <{url}/x> {{ ?a ?b ?c }} }}", SERVICE),
    "silent": ("SELECT * WHERE {{ ?s ?p ?o SERVICE SILENT <{url}/x> {{ ?a ?b ?c }} }}", SERVICE),
    "glued to true": ("SELECT * WHERE {{ ?s ?p ?o . ?s ?p trueSERVICE <{url}/x> {{ }} }}", SERVICE),
    "glued to SILENT": (
        "SELECT * WHERE {{ ?s ?p ?o SERVICESILENT<{url}/x> {{ ?a ?b ?c }} }}",
        SERVICE,
    ),
    "sub-query": (
        "SELECT * WHERE {{ ?s ?p ?o {{ SELECT * WHERE {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }} }} }}",
        SERVICE,
    ),
    "VALUES before": (
        "SELECT * WHERE {{ VALUES ?at {{ <{url}/x> }} ?s ?p ?o SERVICE ?at {{ ?a ?b ?c }} }}",
        SERVICE,
    ),
    "VALUES after": (
        "SELECT * WHERE {{ ?s ?p ?o SERVICE ?at {{ ?a ?b ?c }} }} VALUES ?at {{ <{url}/x> }}",
        SERVICE,
    ),
    "filter exists": (
        "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }} }}",
        SERVICE,
    ),
    "filter not exists": (
        "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }} }}",
        SERVICE,
    ),
    "optional": (
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/x> {{ ?s ?b ?c }} }} }}",
        SERVICE,
    ),
    "minus": (
        "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}/x> {{ ?s ?b ?c }} }} }}",
        SERVICE,
    ),
    "graph": ("SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }} }}", SERVICE),
}
# Updates that would fetch (LOAD) or change something, spelled as above: 403, no connection.
UPDATES = {
    "LOAD after a CR comment": "ASK {{}} #\rLOAD <{url}/data.ttl>",
    "\\u LOAD": "\\u004cOAD <{url}/data.ttl>",
    "\\U LOAD SILENT": "\\U0000004cOAD SILENT <{url}/data.ttl> INTO GRAPH <http://x/g>",
    "mixed case LOAD": "lOaD <{url}/data.ttl>",
    "\\u INSERT": "\\u0049NSERT DATA {{ <http://x/s> <http://x/p> <{url}/o> }}",
}


@pytest.fixture(scope="module", params=ENGINES)
def server(request) -> Iterator[RunningServer]:
    """One server per engine, one worker each, serving a small graph."""
    with running_server(
        "--engine", request.param, "--graph", str(DATA), "--query-workers", "1"
    ) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base, timeout=30.0) as http:
        yield http


def channels(client: httpx.Client, query: str) -> dict[str, httpx.Response]:
    return {
        "GET": client.get("/sparql", params={"query": query}),
        "POST form": client.post("/sparql", data={"query": query}),
        "POST direct": client.post(
            "/sparql", content=query.encode("utf-8"), headers={"content-type": DIRECT}
        ),
    }


def test_the_server_answers_and_the_listener_listens(client, listener):
    """The controls: the server runs queries on its graph, and the listener does see a
    client that connects."""
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 200 and response.json()["boolean"] is True
    httpx.get(listener.url + "/x", timeout=5.0)
    assert len(listener.connections) == 1


@pytest.mark.parametrize("name", VARIANTS)
def test_service_variant_is_refused_without_a_connection(client, listener, name):
    template, says = VARIANTS[name]
    query = template.format(url=listener.url)
    for channel, response in channels(client, query).items():
        assert response.status_code == 400, f"{channel}: {response.text}"
        assert says in response.text, f"{channel}: {response.text}"
    listener.assert_untouched()


@pytest.mark.parametrize("name", UPDATES)
def test_update_variant_is_refused_without_a_connection(client, listener, name):
    query = UPDATES[name].format(url=listener.url)
    for channel, response in channels(client, query).items():
        assert response.status_code == 403, f"{channel}: {response.text}"
        assert "read-only" in response.text, channel
    listener.assert_untouched()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_cli_refuses_every_variant_without_a_connection(listener, engine):
    """`actieplan sparql`, in this process: the listener would see any connection it made."""
    ok = run_cli("sparql", "ASK { ?s ?p ?o }", "--graph", str(DATA), "--engine", engine)
    assert ok[0] == 0 and ok[1].strip() == "true", ok
    for name, (template, says) in VARIANTS.items():
        code, out, err = run_cli(
            "sparql", template.format(url=listener.url), "--graph", str(DATA), "--engine", engine
        )
        assert code == 2 and says in err, f"{name}: {code} {out} {err}"
    for name, template in UPDATES.items():
        code, out, err = run_cli(
            "sparql", template.format(url=listener.url), "--graph", str(DATA), "--engine", engine
        )
        assert code == 2 and "read-only" in err, f"{name}: {code} {out} {err}"
    listener.assert_untouched()
