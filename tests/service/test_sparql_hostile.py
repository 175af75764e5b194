"""Hostile queries against a real `actieplan serve` process: nothing leaves the machine,
nothing changes, and one client's runaway query does not stop the others.

(a) SERVICE, FROM, FROM NAMED, the protocol's graph parameters and LOAD name a listener this
    test runs on a loopback port: it must see no connection at all.
(b) Updates are refused on every channel (update=, application/sparql-update, query=) and the
    graphs hold the same triples afterwards.
(c) A cartesian product is stopped by the timeout (503) while another client is answered,
    and the killed worker is replaced.
(d)-(f) Too large a body (413), too many rows (400), bytes that are not UTF-8 (400), and
    brackets nested deep enough to crash the query parser (400).

tests/service/test_worker_sandbox.py shows the second wall (a worker cannot connect even when
handed a SERVICE query), tests/service/test_sparql_limits.py the memory, answer-size, fairness
and freeze limits. The listener is tests/support/listener.py.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from support.paths import TEST_DATA
from support.query_cases import CARTESIAN
from support.served_graph import PLAN_TRIPLES
from support.server import RunningServer, client_from, running_server

DATA = TEST_DATA / "protocol"
TIMEOUT = 2  # --timeout of the server under test
MAX_ROWS = 1000
MAX_BODY = 20_000
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with running_server(
        "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--max-body", str(MAX_BODY)
    ) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base, timeout=30.0) as http:
        yield http


@pytest.fixture(scope="module")
def rdflib_server() -> Iterator[RunningServer]:
    """The other engine: rdflib would fetch FROM graphs it does not hold if let."""
    with running_server(
        "--engine", "rdflib", "--graph", str(DATA / "data1.ttl"), "--query-workers", "1"
    ) as running:
        yield running


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engine_client(request) -> Iterator[httpx.Client]:
    running = request.getfixturevalue("server" if request.param == "oxigraph" else "rdflib_server")
    with httpx.Client(base_url=running.base, timeout=30.0) as http:
        yield http


def triple_count(client: httpx.Client) -> int:
    """Triples in every graph, counted afresh (a unique comment passes the answer cache)."""
    query = (
        f"# {uuid.uuid4()}\n"
        "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- (a) no connection to anywhere ---------------------------------------------------------


def test_listener_notices_a_connection(listener):
    """The control: the listener does see a client that connects."""
    httpx.get(listener.url + "/sparql", timeout=5.0)
    assert len(listener.connections) == 1
    assert listener.connections[0].startswith(b"GET /sparql ")


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX remote: <{url}/> SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?at {{ <{url}/sparql> }} SERVICE ?at {{ ?s ?p ?o }} }}",
    "ASK {{ {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
    "# federated\nCONSTRUCT WHERE {{\n  SERVICE <{url}/sparql> {{ ?s ?p ?o }}\n}}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_without_a_connection(engine_client, listener, template):
    query = template.format(url=listener.url)
    for response in (
        engine_client.get("/sparql", params={"query": query}),
        engine_client.post("/sparql", data={"query": query}),
        engine_client.post("/sparql", content=query, headers={"content-type": DIRECT}),
    ):
        assert response.status_code == 400, response.text
        assert "SERVICE (federated query) is not allowed" in response.text
    listener.assert_untouched()


def test_from_and_from_named_fetch_nothing(engine_client, listener):
    """FROM / FROM NAMED only pick graphs the store holds: these run on an empty dataset."""
    url = listener.url
    selects = [
        f"SELECT * FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/y> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/x> FROM NAMED <{url}/y> WHERE "
        "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
        f"SELECT * WHERE {{ GRAPH <{url}/y> {{ ?s ?p ?o }} }}",
    ]
    for query in selects:
        response = engine_client.post("/sparql", data={"query": query})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    response = engine_client.get("/sparql", params={"query": f"DESCRIBE <{url}/x>", "format": "nt"})
    assert response.status_code == 200
    assert response.text.strip() == ""
    listener.assert_untouched()


def test_protocol_graph_parameters_fetch_nothing(engine_client, listener):
    for parameters in (
        [("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", f"{listener.url}/x")],
        [("query", "ASK { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", f"{listener.url}/y")],
    ):
        response = engine_client.get("/sparql", params=parameters)
        assert response.status_code == 200, response.text
        assert response.json()["boolean"] is False
    listener.assert_untouched()


# --- (b) updates refused on every channel --------------------------------------------------

UPDATES = [
    "LOAD <{url}/data.ttl>",
    "LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/loaded>",
    "INSERT DATA {{ <http://example.org/s> <http://example.org/p> 1 }}",
    "DROP ALL",
    "DELETE WHERE {{ ?s ?p ?o }}",
    "PREFIX ap: <https://w3id.org/actieplan/def#>\n"
    "DELETE {{ ?action ap:leadOrganisation ?lead }} WHERE {{ ?action ap:leadOrganisation ?lead }}",
    "CLEAR DEFAULT ; INSERT DATA {{ <http://example.org/s> <http://example.org/p> 1 }}",
    "COPY DEFAULT TO <http://example.org/copy>",
]


def update_channels(client: httpx.Client, update: str) -> dict[str, httpx.Response]:
    return {
        "form update=": client.post("/sparql", data={"update": update}),
        "application/sparql-update": client.post(
            "/sparql", content=update, headers={"content-type": UPDATE}
        ),
        "GET update=": client.get("/sparql", params={"update": update}),
        "GET query=": client.get("/sparql", params={"query": update}),
        "form query=": client.post("/sparql", data={"query": update}),
        "application/sparql-query": client.post(
            "/sparql", content=update, headers={"content-type": DIRECT}
        ),
    }


@pytest.mark.parametrize("template", UPDATES, ids=lambda t: t.split()[0])
def test_update_is_refused_on_every_channel(client, listener, template):
    before = triple_count(client)
    assert before == PLAN_TRIPLES
    for channel, response in update_channels(client, template.format(url=listener.url)).items():
        assert response.status_code == 403, f"{channel}: {response.text}"
        assert "read-only" in response.text, channel
    listener.assert_untouched()
    assert triple_count(client) == before


def test_update_words_elsewhere_are_not_refused(client):
    """The check reads keywords, not text: strings, IRIs, variables, prefixed names pass."""
    query = """PREFIX drop: <http://example.org/drop#>
        SELECT ?load ?insert WHERE {
          ?action <https://w3id.org/actieplan/def#number> ?load .
          OPTIONAL { ?action drop:delete ?insert }
          FILTER(?load != "DROP ALL" && !CONTAINS(STR(?action), "LOAD <x>")) # CLEAR
        } LIMIT 3"""
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 3


# --- (c) a runaway query is stopped; the others are answered meanwhile ---------------------


@pytest.mark.exclusive  # the small query's 1.5 s bound: timed on an idle machine
def test_runaway_query_is_stopped_while_others_are_answered(server, client):
    workers_before = server.child_pids()
    long_result: dict[str, object] = {}

    def run_long_query() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=server.base, timeout=60.0) as own_client:
            long_result["response"] = own_client.get("/sparql", params={"query": CARTESIAN})
        long_result["seconds"] = time.monotonic() - started
        long_result["finished"] = time.monotonic()

    long_client = threading.Thread(target=run_long_query)
    long_client.start()
    time.sleep(0.5)  # the long query is in its worker now

    # Another client (another address: --client-share counts per address), a small query the
    # cache has not seen.
    started = time.monotonic()
    with client_from(server, "127.0.0.2") as other_client:
        small = other_client.get(
            "/sparql",
            params={
                "query": f"# {uuid.uuid4()}\nASK {{ ?action "
                '<https://w3id.org/actieplan/def#number> "3.12" }'
            },
        )
    small_seconds, small_finished = time.monotonic() - started, time.monotonic()
    assert small.status_code == 200, small.text
    assert small.json()["boolean"] is True
    assert small_seconds < 1.5, f"the small query took {small_seconds:.2f} s"

    long_client.join(60)
    long_response: httpx.Response = long_result["response"]
    assert long_response.status_code == 503, long_response.text
    assert f"ran longer than {TIMEOUT} s and was stopped" in long_response.text
    assert "--timeout" in long_response.text
    assert TIMEOUT - 0.1 < long_result["seconds"] < TIMEOUT + 8
    assert small_finished < long_result["finished"] - 0.5

    # The killed worker's place is taken by a new process; the server keeps answering.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers_now = server.child_pids()
        if len(workers_now) == len(workers_before) and workers_now != workers_before:
            break
        time.sleep(0.2)
    assert len(workers_now - workers_before) == 1 and len(workers_before - workers_now) == 1
    for _ in range(4):  # more than the two workers: both answer
        assert triple_count(client) == PLAN_TRIPLES


# --- (d) body too large, (e) too many rows, (f) not UTF-8, deep nesting --------------------


def test_body_larger_than_max_body_is_413(client):
    padding = "#" + "x" * MAX_BODY + "\n"
    too_large = padding + "ASK {}"
    response = client.post("/sparql", content=too_large, headers={"content-type": DIRECT})
    assert response.status_code == 413
    assert f"larger than {MAX_BODY} bytes" in response.text
    response = client.post("/sparql", data={"query": too_large})
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        for _ in range(30):
            yield b"#" + b"x" * 1000 + b"\n"
        yield b"ASK {}"

    response = client.post("/sparql", content=chunks(), headers={"content-type": DIRECT})
    assert response.status_code == 413
    just_fits = "#" + "x" * (MAX_BODY - 20) + "\nASK {}"
    response = client.post("/sparql", content=just_fits, headers={"content-type": DIRECT})
    assert response.status_code == 200
    assert response.json()["boolean"] is True


def test_result_larger_than_max_rows_is_refused(client):
    for query in (
        "SELECT * WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 1}",
    ):
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400, response.text
        assert response.text.strip() == (
            f"Query refused: the result has more than {MAX_ROWS} rows; add a LIMIT to the query"
        )
    response = client.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"}
    )
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS


def test_body_not_utf8_is_400(client):
    latin1 = 'SELECT * WHERE { ?s ?p "café" }'.encode("latin-1")
    response = client.post("/sparql", content=latin1, headers={"content-type": DIRECT})
    assert response.status_code == 400
    assert "not valid UTF-8" in response.text
    response = client.post("/sparql", content=b"query=" + latin1, headers={"content-type": FORM})
    assert response.status_code == 400
    response = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"content-type": f"{DIRECT}; charset=UTF-16"},
    )
    assert response.status_code == 400


def test_percent_encoded_bytes_not_utf8_are_400(client):
    """caf%E9 is Latin-1 percent-encoded: refused, not run with U+FFFD in its place."""
    encoded = "query=SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%22caf%E9%22%20%7D"
    for response in (
        client.get(f"/sparql?{encoded}"),
        client.post("/sparql", content=encoded, headers={"content-type": FORM}),
    ):
        assert response.status_code == 400, response.text
        assert "not UTF-8" in response.text
    utf8 = encoded.replace("%E9", "%C3%A9")
    assert client.get(f"/sparql?{utf8}").status_code == 200


@pytest.mark.parametrize(
    ("nest", "levels"),
    [
        (lambda levels: "SELECT * WHERE " + "{" * levels + " ?s ?p ?o " + "}" * levels, 5000),
        (
            lambda levels: (
                "SELECT * WHERE { ?s ?p ?o "
                + "FILTER EXISTS { ?s ?p ?o " * levels
                + "}" * levels
                + " }"
            ),
            700,
        ),
    ],
    ids=["groups", "filter-exists"],
)
def test_deep_nesting_is_refused_before_the_parser(server, client, nest, levels):
    """A few thousand nested groups overflow the parser's stack and kill a worker process:
    refused up front by the query check (--max-query-nesting, default 64), and no worker
    dies; 50 levels run."""
    workers_before = server.child_pids()
    response = client.post("/sparql", content=nest(levels), headers={"content-type": DIRECT})
    assert response.status_code == 400, response.text
    assert response.text.startswith("Query refused: "), response.text
    assert "nests more than 64 levels deep" in response.text
    response = client.post(
        "/sparql",
        content=f"# {uuid.uuid4()}\n" + nest(50),
        headers={"content-type": DIRECT, "accept": "text/csv"},
    )
    assert response.status_code == 400  # more rows than --max-rows: it did run
    assert "more than 1000 rows" in response.text
    assert server.child_pids() == workers_before
