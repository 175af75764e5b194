"""`--store`: the command line and the service on top of a real triple store (Oxigraph server
and Virtuoso: tests/support/oxigraph_server.py, virtuoso_server.py; Virtuoso's tests skip with
the reason where it cannot be started) holding the vendored plan published with
`actieplan publish`.

Each answer is compared with the embedded store's answer on the same plan: every named query
(one case per query of the library), every network measure, the completeness report, and a
sample of every kind of page, twin and download of the service. Where the two must agree on a
value the plan prints, the value comes from tests/support/plan_values.py (the plan read by
hand). Then the ways a store fails: refused, 500, slower than the timeout, an answer that is
not SPARQL results: each a one-line error and exit code 3 from the command line, and 503 from a
running service, never a hang or a traceback.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from support.browser import BROWSER_ACCEPT
from support.cli_runner import run_cli
from support.failing_store import failing_store
from support.oxigraph_server import running_oxigraph
from support.plan_values import ABB, AGII, EXPECTED
from support.served_graph import PLAN_TRIPLES
from support.server import RunningServer, free_port, running_server
from support.site_sample import site_sample
from support.store_server import RunningStore
from support.virtuoso_server import RunningVirtuoso, running_virtuoso

from actieplan.graph.analysis.exports import EXPORTERS
from actieplan.graph.sparql.library import load_library, run_query
from actieplan.graph.sparql.remote import RemoteStore, StoreUnavailable
from actieplan.graph.sparql.store import open_store

DATA_GRAPH = "https://w3id.org/actieplan/id/graph"  # where `actieplan publish` puts the data
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STORE_LINE = re.compile(r'<p class="store">[^<]*</p>\n?')
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.nt"
    path.write_text(built.files["graph.nt"], encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, graph_file, tmp_path_factory) -> Iterator[RunningStore]:
    """A store of each kind holding the published plan (data, ontology and shapes graphs)."""
    running = {"oxigraph": running_oxigraph, "virtuoso": running_virtuoso}[request.param]
    with running(tmp_path_factory.mktemp("store") / "data") as server:
        code, _, err = run_cli("publish", "--graph", str(graph_file), *server.publish_arguments())
        assert code == 0, err
        yield server


@pytest.fixture(scope="module")
def query_url(store) -> str:
    return store.query_url


# --- the questions, the network and the report, from the command line -----------------------


def _rows(answer) -> list[str]:
    return sorted(repr(row) for row in answer.rows)


@pytest.mark.parametrize("name", sorted(load_library()))
def test_named_query_answers_as_on_the_embedded_store(name, query_url, plan_graph):
    remote = RemoteStore(query_url, DATA_GRAPH)
    try:
        _, on_store = run_query(remote, name)
    finally:
        remote.close()
    _, embedded = run_query(open_store(plan_graph), name)
    assert on_store.variables == embedded.variables
    assert _rows(on_store) == _rows(embedded)
    assert on_store.rows or not embedded.rows


def test_shared_actions_on_the_store_are_the_plans(query_url):
    """ABB and AgII share the actions whose lead or partners name both (read by hand)."""
    both = {
        number
        for number, (_, _, lead, partners, *_) in EXPECTED.items()
        if {ABB, AGII} <= {lead, *partners}
    }
    code, out, err = run_cli(
        "query", "shared-actions-organisations", "--store", query_url, "--format", "csv"
    )
    assert code == 0, err
    row = next(line for line in out.splitlines() if "/abb," in line and "/agii," in line)
    count, actions = row.split(",")[-2:]
    assert int(count) == len(both) == 13
    assert set(actions.split()) == both


def test_the_cli_counts_the_published_graph(query_url):
    code, out, err = run_cli(
        "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", query_url,
        "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    assert out.split() == ["n", str(PLAN_TRIPLES)]


MEASURES = [
    ["shared-actions"],
    ["centrality"],
    ["communities", "--seed", "7"],
    ["brokerage"],
    ["brokerage", "--by", "level"],
    ["structure"],
    ["ego", "ABB"],
    ["centrality", "--actors", "ministers"],
    ["shared-actions", "--layer", "all", "--weight", "jaccard"],
    *(["export", "--format", fmt] for fmt in sorted(EXPORTERS) if fmt != "graphml"),
]


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: "-".join(m))
def test_network_measure_as_on_the_embedded_store(measure, query_url, graph_file):
    fmt = [] if measure[0] == "export" else ["--format", "csv"]
    code, on_store, err = run_cli("network", *measure, *fmt, "--store", query_url)
    assert code == 0, err
    code, embedded, err = run_cli("network", *measure, *fmt, "--graph", str(graph_file))
    assert code == 0, err
    assert on_store == embedded
    assert len(on_store.splitlines()) > 1


def test_completeness_report_as_on_the_embedded_store(query_url, graph_file):
    code, on_store, err = run_cli("validate", "--format", "json", "--store", query_url)
    assert code in (0, 1), err
    embedded = run_cli("validate", "--format", "json", "--graph", str(graph_file))[1]
    assert on_store == embedded
    assert '"3.12"' in on_store  # the action with no lead (no Trekker printed) is reported


# --- the service on top of the store ----------------------------------------------------------


def test_a_store_that_asks_for_credentials_is_read_with_them(store, query_url):
    """Virtuoso's /sparql-auth asks every reader to sign in (HTTP Digest): with --user and
    --password-file the answers are those of its open /sparql; without, one line naming the
    store's 401 and exit code 3. Oxigraph server has no endpoint that asks."""
    if not isinstance(store, RunningVirtuoso):
        pytest.skip("Oxigraph server asks no reader for credentials")
    signed_in = store.publish_arguments()[store.publish_arguments().index("--user") :]
    query = ("query", "shared-actions-organisations", "--format", "csv")
    code, open_answer, err = run_cli(*query, "--store", query_url)
    assert code == 0, err
    code, out, err = run_cli(*query, "--store", store.endpoints.query, *signed_in)
    assert code == 0, err
    assert out == open_answer and len(out.splitlines()) == 90  # 89 pairs and the header
    code, out, err = run_cli(*query, "--store", store.endpoints.query)
    assert code == 3 and out == ""
    assert "401" in err and "Traceback" not in err
    assert store.credentials.password not in err
    # the service signs in the same way, for its start-up read and every question after
    with running_server("--store", store.endpoints.query, *signed_in) as server:
        health = httpx.get(server.url("/health"), timeout=30).json()
        assert health["triples"] == PLAN_TRIPLES
        answer = httpx.get(server.url("/api/questions/shared-actions-organisations"), timeout=30)
        assert answer.status_code == 200, answer.text
        assert store.credentials.password not in answer.text


def test_a_graph_longer_than_the_cap_is_refused_naming_the_cap(query_url, graph_file):
    """The command line reads at most --store-max-bytes from the store: the plan's graph is
    0.46 MB as Turtle and 1.2 MB as N-Triples, so a cap of 100 000 bytes refuses it (exit
    code 3) and one of 10 MB reads it."""
    assert graph_file.stat().st_size > 100_000  # Turtle, shorter than the store's answer
    code, out, err = run_cli("validate", "--store", query_url, "--store-max-bytes", "100000")
    assert code == 3 and out == ""
    assert "the graph is more than 100000 bytes" in err and "Traceback" not in err
    code, _, err = run_cli("validate", "--store", query_url, "--store-max-bytes", "10000000")
    assert code in (0, 1), err  # read: the report itself (warnings allowed)


@pytest.fixture(scope="module")
def remote_site(query_url) -> Iterator[RunningServer]:
    with running_server("--store", query_url) as server:
        yield server


def _same(path: str, embedded: httpx.Response, on_store: httpx.Response) -> bool:
    media_type = embedded.headers.get("content-type", "").split(";")[0]
    if media_type in RDF_TYPES:  # blank node labels differ between runs: compare graphs
        fmt = RDF_TYPES[media_type]
        return isomorphic(
            Graph().parse(data=embedded.content, format=fmt),
            Graph().parse(data=on_store.content, format=fmt),
        )
    if media_type == "text/html":
        return STORE_LINE.sub("", on_store.text) == embedded.text
    if media_type == XLSX:  # a workbook holds the time it was written: compare its cells
        return _cells(embedded.content) == _cells(on_store.content)
    return on_store.content == embedded.content


def _cells(workbook: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_pages_twins_and_downloads_as_on_the_embedded_store(site, remote_site):
    with (
        httpx.Client(base_url=site.base, headers=BROWSER_ACCEPT, timeout=60) as embedded,
        httpx.Client(base_url=remote_site.base, headers=BROWSER_ACCEPT, timeout=60) as on_store,
    ):
        sample = site_sample(embedded)
        different = []
        for path in sample:
            a, b = embedded.get(path), on_store.get(path)
            if a.status_code != b.status_code or not _same(path, a, b):
                different.append(f"{path}: {a.status_code} / {b.status_code}")
    assert len(sample) > 100
    for kind in ("/network", "/completeness", "/questions/", "/id/organisation/", ".xlsx", ".csv"):
        assert any(kind in path for path in sample), kind
    assert not different, different


def test_the_service_says_which_store_it_reads(remote_site, query_url, site):
    health = httpx.get(remote_site.url("/health"), timeout=30).json()
    assert health["store"] == f"SPARQL endpoint {query_url}, graph <{DATA_GRAPH}>"
    assert health["engine"] == "remote"
    assert health["triples"] == PLAN_TRIPLES
    assert httpx.get(site.url("/health"), timeout=30).json()["store"] == "embedded"
    page = httpx.get(remote_site.url("/"), headers=BROWSER_ACCEPT, timeout=30).text
    assert f"De gegevens komen uit de gegevensopslag op {query_url}." in page


def test_sparql_on_the_service_runs_in_the_store(remote_site):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/actieplan/def#Action> }"
    response = httpx.post(
        remote_site.url("/sparql"),
        data={"query": count},
        headers={"Accept": "text/csv"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.text.split() == ["n", str(len(EXPECTED))]
    # The endpoint's checks hold in front of the store: no update, no SERVICE.
    update = httpx.post(remote_site.url("/sparql"), data={"update": "DROP ALL"}, timeout=30)
    assert update.status_code in (400, 403)
    service = httpx.post(
        remote_site.url("/sparql"),
        data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"},
        timeout=30,
    )
    assert service.status_code == 400
    assert "SERVICE" in service.text


# --- a store that fails -------------------------------------------------------------------------


def _command(*arguments: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`actieplan ARGUMENTS` as a process of its own (a traceback would show)."""
    script = Path(sys.executable).with_name("actieplan")
    return subprocess.run(
        [str(script), *arguments], capture_output=True, text=True, timeout=timeout
    )


def _one_line_error(result: subprocess.CompletedProcess[str], command: str, text: str) -> None:
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = result.stderr[result.stderr.index(f"actieplan {command}: error") :]
    assert len(errors.strip().splitlines()) == 1, result.stderr
    assert text in errors, errors


FAILURES = {
    # how the store fails: (set it up, what the error says)
    "refused": (None, "cannot connect"),
    "error": ({"status": 500}, "answered 500"),
    "slow": ({"stall": True}, "no answer within 1 s"),
    "malformed": (
        {"status": 200, "content_type": "application/sparql-results+json"},
        "cannot be read as SPARQL results",
    ),
}


@pytest.fixture(params=sorted(FAILURES))
def broken_store(request) -> Iterator[tuple[str, str]]:
    """(the query URL of a store failing in one way, what the error says)."""
    setup, message = FAILURES[request.param]
    if setup is None:
        yield f"http://127.0.0.1:{free_port()}/query", message  # nothing listens there
        return
    with failing_store() as (url, handler):
        handler.status = setup.get("status", 200)
        handler.content_type = setup.get("content_type")
        if setup.get("stall"):
            handler.stall = threading.Event()
        yield f"{url}/query", message


@pytest.mark.parametrize(
    "command", [["query", "actions-without-lead"], ["network", "centrality"], ["validate"]]
)
def test_cli_on_a_failing_store(command, broken_store):
    url, message = broken_store
    started = time.monotonic()
    result = _command(*command, "--store", url, "--store-timeout", "1")
    assert time.monotonic() - started < 30
    _one_line_error(result, command[0], message)
    assert url in result.stderr


def test_serve_on_a_failing_store_stops_with_one_line(broken_store):
    url, message = broken_store
    port = str(free_port())
    result = _command("serve", "--store", url, "--store-timeout", "1", "--port", port)
    _one_line_error(result, "serve", message)


def test_the_service_answers_503_when_its_store_goes(graph_file, tmp_path):
    with running_oxigraph(tmp_path / "store") as store:
        code, _, err = run_cli("publish", "--graph", str(graph_file), "--endpoint", store.url)
        assert code == 0, err
        with running_server(
            "--store", f"{store.url}/query", "--store-timeout", "2", "--no-cache"
        ) as service:
            page = httpx.get(service.url("/id/organisation/abb.nt"), timeout=30)
            assert page.status_code == 200
            store.kill()
            started = time.monotonic()
            query = httpx.post(
                service.url("/sparql"), data={"query": "ASK { ?s ?p ?o }"}, timeout=60
            )
            twin = httpx.get(service.url("/id/organisation/agii.nt"), timeout=60)
            api = httpx.get(
                service.url("/api/questions/organisation-profile?organisation=vdab"),
                timeout=60,
            )
            assert time.monotonic() - started < 30
            for response in (query, twin, api):
                assert response.status_code == 503, response.text
                assert "did not answer" in response.text
                assert "cannot connect" in response.text
            assert "Traceback" not in service.log()
            # The service itself still answers, and says what it reads.
            assert httpx.get(service.url("/health"), timeout=30).status_code == 200


def test_remote_store_errors_name_the_store():
    remote = RemoteStore(f"http://127.0.0.1:{free_port()}/query", DATA_GRAPH, timeout=1)
    with pytest.raises(StoreUnavailable, match=rf"graph <{re.escape(DATA_GRAPH)}>.*cannot connect"):
        remote.query("ASK { ?s ?p ?o }")
