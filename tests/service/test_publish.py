"""`actieplan publish` into real stores, Oxigraph server and Virtuoso
(tests/support/oxigraph_server.py, tests/support/virtuoso_server.py; the Virtuoso tests skip
with the reason when it is not installed or does not start): publish and re-publish, an
interrupted publish; then --dry-run, and the ways a store fails.

Expected counts come from elsewhere than the publish code: the data graph's triples are the
lines of the build's graph.nt (PLAN_TRIPLES on the vendored plan, derived in
tests/support/served_graph.py) and its actions the graph.nt lines typing a node ap:Action; the
ontology's and the shapes' triples are counted by pyoxigraph's own Turtle parser (the publish
reads them with rdflib).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from support.cli_runner import run_cli
from support.failing_store import FailingStore
from support.failing_store import failing_store as running_failing_store
from support.oxigraph_server import running_oxigraph
from support.served_graph import PLAN_TRIPLES
from support.server import free_port
from support.store_server import RunningStore
from support.virtuoso_server import running_virtuoso

from actieplan.graph.core.resources import default_source, ontology_file, shapes_dir
from actieplan.graph.sparql.graph_store import (
    TEMPORARY_GRAPH_PREFIX,
    GraphStore,
    NamedGraph,
    PublishPlan,
    Step,
    StoreError,
    publish,
)
from actieplan.graph.sparql.library import get_query, parameter_terms, standalone_sparql

DATA = "https://w3id.org/actieplan/id/graph"
ONTOLOGY = "https://w3id.org/actieplan/def"  # the owl:Ontology IRI of ontology/actieplan.ttl
SHAPES = "https://w3id.org/actieplan/shapes"  # the owl:Ontology IRI of shapes/actieplan.ttl
ACTION_TYPE = (
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/actieplan/def#Action> ."
)
SECRET = "correct-horse-battery-staple-7f3a"
NEW_VERSION_TRIPLES = PLAN_TRIPLES + 3000  # the plan and the 3000 triples _bigger adds


StoreFactory = Callable[[Path], AbstractContextManager[RunningStore]]


@pytest.fixture(params=["oxigraph", "virtuoso"])
def running_store(request) -> StoreFactory:
    """Starts a store of each kind over a data folder (the same folder: the same data)."""
    return {"oxigraph": running_oxigraph, "virtuoso": running_virtuoso}[request.param]


def _turtle_triples(path: Path) -> int:
    return sum(1 for _ in parse(path=str(path), format=RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def expected(built) -> dict[str, int]:
    lines = [line for line in built.files["graph.nt"].splitlines() if line.strip()]
    return {
        DATA: len(lines),
        ONTOLOGY: _turtle_triples(ontology_file()),
        SHAPES: sum(_turtle_triples(path) for path in shapes_dir().glob("*.ttl")),
        "actions": sum(1 for line in lines if line.endswith(ACTION_TYPE)),
    }


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory) -> Path:
    """The built graph as a file, so each command reads it instead of building the plan."""
    path = tmp_path_factory.mktemp("graph") / "graph.nt"
    path.write_text(built.files["graph.nt"], encoding="utf-8")
    return path


def test_publish_then_republish_holds_each_graph_once(
    tmp_path, graph_file, expected, running_store
):
    assert expected[DATA] == PLAN_TRIPLES  # tests/support/served_graph.py: derived by hand
    assert expected["actions"] == 50  # the plan's 50 actions (1.1 ... in the vendored text)
    with running_store(tmp_path / "store") as store:
        for _ in range(2):
            code, out, err = run_cli(
                "publish", "--graph", str(graph_file), *store.publish_arguments(),
                "--chunk-triples", "1500",
            )  # fmt: skip
            assert code == 0, err
            # Chunks of 1500 triples of the data, with a progress line each.
            assert f"upload data: 1500/{PLAN_TRIPLES} triples" in err
            assert f"upload data: {PLAN_TRIPLES}/{PLAN_TRIPLES} triples" in err
            assert f"<{DATA}> holds {PLAN_TRIPLES} triples, 50 instances of" in out
            # Exactly the three graphs, no temporary graph left, nothing twice.
            assert store.graph_counts() == {
                DATA: expected[DATA],
                ONTOLOGY: expected[ONTOLOGY],
                SHAPES: expected[SHAPES],
            }
        # The same graphs. The shapes, blank nodes and all: their triples went in two
        # requests, and a blank node cut apart between them would make a graph of other shape.
        assert isomorphic(store.graph(SHAPES), Graph().parse(shapes_dir() / "actieplan.ttl"))
        # The data (no blank nodes) by value: Oxigraph keeps an xsd:decimal in its canonical
        # form, "500000.0" as "500000" (16 literals of the plan).
        assert _by_value(store.graph(DATA)) == _by_value(Graph().parse(graph_file))
        actions = store.count(
            f"SELECT (COUNT(DISTINCT ?a) AS ?n) {{ GRAPH <{DATA}> "
            "{ ?a a <https://w3id.org/actieplan/def#Action> } }"
        )
        assert actions == expected["actions"]


def _by_value(graph: Graph) -> set[tuple[object, ...]]:
    return {
        (s, p, (o.toPython(), o.datatype, o.language) if isinstance(o, Literal) else o)
        for s, p, o in graph
    }


def _bigger(plan_graph: Graph) -> Graph:
    """The plan and 3000 more triples: a new version that differs from the published one."""
    graph = Graph()
    for triple in plan_graph:
        graph.add(triple)
    for number in range(3000):
        graph.add(
            (URIRef(f"https://example.org/extra/{number}"), URIRef("https://example.org/n"),
             Literal(number))
        )  # fmt: skip
    return graph


@pytest.mark.parametrize("moment", ["mid-upload", "before-swap"])
def test_interrupted_publish_leaves_the_old_graph_served(
    tmp_path, graph_file, plan_graph, expected, moment, running_store
):
    location = tmp_path / "store"
    with running_store(location) as store:
        code, _, err = run_cli("publish", "--graph", str(graph_file), *store.publish_arguments())
        assert code == 0, err

        def crash(step: Step) -> None:
            # SIGKILL after the first chunk of 1000 of the new version, or just before the swap.
            first_chunk = Step("upload", "data", 1000, NEW_VERSION_TRIPLES)
            if (moment == "mid-upload" and step == first_chunk) or (
                moment == "before-swap" and step.phase == "swap"
            ):
                store.kill()

        plan = PublishPlan.of([NamedGraph("data", DATA, _bigger(plan_graph))], 1000)
        with GraphStore(store.endpoints, store.credentials, timeout=10) as client:
            with pytest.raises(StoreError, match="cannot connect"):
                publish(client, plan, crash)
        assert store.process.poll() is not None  # the server really died
    with running_store(location) as restarted:
        counts = restarted.graph_counts()
        # The old version, whole: not the new one (NEW_VERSION_TRIPLES), not a part of it.
        assert counts[DATA] == expected[DATA]
        assert counts[ONTOLOGY] == expected[ONTOLOGY]
        assert counts[SHAPES] == expected[SHAPES]
        # What was uploaded before the crash sits under the temporary name only.
        leftovers = {g: n for g, n in counts.items() if g.startswith(TEMPORARY_GRAPH_PREFIX)}
        assert set(leftovers) <= set(plan.temporary.values())
        if moment == "before-swap":
            assert leftovers == {plan.temporary["data"]: NEW_VERSION_TRIPLES}


def test_republished_graphs_survive_a_crash(tmp_path, graph_file, expected, running_store):
    # Published, then published again over the same triples, then killed before the store
    # could tidy up: restarted, it serves the graphs whole. With `MOVE` as the swap, Virtuoso
    # 7.2.5 came back with 3165 of the data's 5728 triples (docs/publishing.md).
    location = tmp_path / "store"
    with running_store(location) as store:
        for _ in range(2):
            code, _, err = run_cli(
                "publish", "--graph", str(graph_file), *store.publish_arguments()
            )
            assert code == 0, err
        store.kill()
    with running_store(location) as restarted:
        assert restarted.graph_counts() == {
            DATA: expected[DATA],
            ONTOLOGY: expected[ONTOLOGY],
            SHAPES: expected[SHAPES],
        }


def test_dry_run_sends_nothing(tmp_path, graph_file, expected, listener):
    code, out, err = run_cli(
        "publish", "--graph", str(graph_file), "--endpoint", listener.url, "--dry-run"
    )
    assert code == 0, err
    assert "dry run: nothing sent" in out
    assert f"data: {PLAN_TRIPLES} triples, 50 instances of" in out
    assert f"-> <{DATA}>" in out and f"-> <{ONTOLOGY}>" in out and f"-> <{SHAPES}>" in out
    assert f"Graph Store: {listener.url}/store" in out
    listener.assert_untouched()
    with running_oxigraph(tmp_path / "store") as store:
        code, _, err = run_cli(
            "publish", "--graph", str(graph_file), "--endpoint", store.url, "--dry-run"
        )
        assert code == 0, err
        assert store.graph_counts() == {}


# --- a store that fails -----------------------------------------------------------------


@pytest.fixture
def failing_store() -> Iterator[tuple[str, type[FailingStore]]]:
    with running_failing_store() as running:
        yield running


def _publish_process(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`actieplan publish ARGUMENTS` as a process of its own (a traceback would show)."""
    script = Path(sys.executable).with_name("actieplan")
    return subprocess.run(
        [str(script), "publish", *arguments], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def password_file(tmp_path) -> Path:
    path = tmp_path / "password"
    path.write_text(SECRET + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def _assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, text: str):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    # One line (the input errors of every command put what and where on a second line).
    errors = result.stderr[result.stderr.index("actieplan publish: error") :]
    assert len(errors.splitlines()) <= (1 if code == 3 else 2), result.stderr
    assert text in errors
    assert SECRET not in result.stdout + result.stderr


def test_refused_connection(graph_file, password_file):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = _publish_process(
        "--graph", str(graph_file), "--endpoint", url,
        "--user", "publisher", "--password-file", str(password_file),
    )  # fmt: skip
    _assert_one_line_error(result, 3, f"PUT {url}/store: cannot connect")


def test_store_answering_no_sparql_results(graph_file, failing_store):
    url, handler = failing_store
    handler.status = 200  # every upload "succeeds"; the count query gets text, not JSON
    result = _publish_process("--graph", str(graph_file), "--endpoint", url)
    _assert_one_line_error(result, 3, f"POST {url}/query answered no SPARQL JSON result")


@pytest.mark.parametrize(
    ("status", "challenge", "sent"),
    [
        (500, None, "you sent: None"),  # never asked for credentials, so never sent them
        (401, None, "you sent: Basic ***"),  # asked, naming no scheme
        (401, 'Basic realm="store"', "you sent: Basic ***"),
        (401, 'Digest realm="store", nonce="n0nce", qop="auth"', "you sent: Digest username="),
    ],
)
def test_store_answering_an_error(
    graph_file, password_file, failing_store, status, challenge, sent
):
    url, handler = failing_store
    handler.status, handler.challenge = status, challenge
    result = _publish_process(
        "--graph", str(graph_file), "--endpoint", url,
        "--user", "publisher", "--password-file", str(password_file),
    )  # fmt: skip
    _assert_one_line_error(result, 3, f"PUT {url}/store answered {status}")
    # The server echoed the Authorization header of the request it answered last: the
    # credentials in the scheme it asked for (Basic ones redacted; Digest sends no password).
    assert sent in result.stderr


def test_virtuoso_refusing_a_publish(tmp_path, graph_file, password_file):
    with running_virtuoso(tmp_path / "store") as store:
        # Its anonymous Graph Store endpoint may not write; its HTML error page, read as text.
        result = _publish_process(
            "--graph", str(graph_file), "--gsp", f"{store.url}/sparql-graph-crud",
            "--query", store.query_url, "--update", store.query_url,
        )  # fmt: skip
        _assert_one_line_error(
            result,
            3,
            f"PUT {store.url}/sparql-graph-crud answered 403 Forbidden: HTTP/1.1 403 Forbidden "
            "Error 42000 SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD",
        )
        # A wrong password (the password fixture's) fails its Digest challenge.
        result = _publish_process(
            "--graph", str(graph_file), "--gsp", store.endpoints.store,
            "--query", store.endpoints.query, "--update", store.endpoints.update,
            "--user", "dba", "--password-file", str(password_file),
        )  # fmt: skip
        _assert_one_line_error(
            result, 3, f"PUT {store.endpoints.store} answered 401 Unauthorized; check --user"
        )
        assert store.graph_counts() == {}


def test_store_slower_than_the_timeout(graph_file, failing_store):
    url, handler = failing_store
    handler.stall = threading.Event()
    result = _publish_process("--graph", str(graph_file), "--endpoint", url, "--timeout", "1")
    _assert_one_line_error(result, 3, f"PUT {url}/store: no answer within 1 s")


def test_secrets_stay_off_the_command_line_and_out_of_messages(graph_file, password_file, tmp_path):
    # A password in the URL is refused, and not repeated.
    result = _publish_process(
        "--graph", str(graph_file), "--endpoint", f"http://publisher:{SECRET}@127.0.0.1:1/"
    )
    _assert_one_line_error(result, 2, "holds a user or password")
    # A password file others may read is refused.
    password_file.chmod(0o644)
    result = _publish_process(
        "--graph", str(graph_file), "--endpoint", "http://127.0.0.1:1",
        "--user", "publisher", "--password-file", str(password_file),
    )  # fmt: skip
    _assert_one_line_error(result, 2, "is readable by others; run chmod 600")
    # And --dry-run does not print it either.
    password_file.chmod(0o600)
    code, out, err = run_cli(
        "publish", "--graph", str(graph_file), "--endpoint", "http://127.0.0.1:1",
        "--user", "publisher", "--password-file", str(password_file), "--dry-run",
    )  # fmt: skip
    assert code == 0 and SECRET not in out + err


# --- a dataset of many plans ------------------------------------------------------------

CROSS_PLAN = Path(__file__).parents[1] / "data" / "cross-plan"
GRAPHS = "https://w3id.org/actieplan/id/graph/"  # the dataset's names: {base}graph/...
VENDORED = "actieplan-radicalisering-2020-2024"  # the stem of data/source's plan file
# Actions per plan: the vendored plan's 50, and those tests/data/cross-plan/README.md lists.
ACTIONS = {
    VENDORED: 50,
    "integratie-2022-2025": 3,
    "lokaal-2023-2026": 4,
    "veiligheid-2021-2024": 3,
}
# The titles the plans print on their first line.
TITLES = {
    "integratie-2022-2025": "Actieplan Integratie 2022-2025",
    "lokaal-2023-2026": "Actieplan Lokaal Samenleven 2023-2026",
    "veiligheid-2021-2024": "Actieplan Veiligheid 2021-2024",
}


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory) -> Path:
    """The vendored plan and the three small plans of tests/data/cross-plan, built into one
    dataset by `actieplan build PLAN... --out DIR`."""
    out = tmp_path_factory.mktemp("dataset")
    sources = [str(default_source()), *map(str, sorted(CROSS_PLAN.glob("*.txt")))]
    code, _, err = run_cli("build", *sources, "--out", str(out / "out"), "--workers", "1")
    assert code == 0, err
    return out / "out" / "dataset.nq"


@pytest.fixture(scope="module")
def dataset_counts(dataset_file) -> dict[str, int]:
    """Triples per graph of the dataset file, counted by pyoxigraph's own N-Quads parser (the
    publish reads the file into rdflib graphs), with the ontology's and the shapes'."""
    counts: dict[str, int] = {}
    for quad in parse(path=str(dataset_file), format=RdfFormat.N_QUADS):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    counts[ONTOLOGY] = _turtle_triples(ontology_file())
    counts[SHAPES] = sum(_turtle_triples(path) for path in shapes_dir().glob("*.ttl"))
    return counts


def test_a_dataset_of_plans_is_published_graph_by_graph(tmp_path, dataset_file, dataset_counts):
    plans = {f"{GRAPHS}plan/{plan_id}" for plan_id in ACTIONS}
    assert set(dataset_counts) == plans | {
        f"{GRAPHS}reference", f"{GRAPHS}catalogue", ONTOLOGY, SHAPES,
    }  # fmt: skip
    with running_oxigraph(tmp_path / "store") as store:
        for _ in range(2):  # published, then again: nothing twice
            code, out, err = run_cli(
                "publish", "--graph", str(dataset_file), *store.publish_arguments()
            )
            assert code == 0, err
            assert store.graph_counts() == dataset_counts
            assert "swap: one update request" in err
            assert "(graph 8 of 8)" in err  # the shapes, uploaded last
        for plan_id, actions in ACTIONS.items():
            graph = f"{GRAPHS}plan/{plan_id}"
            assert f"<{graph}> holds {dataset_counts[graph]} triples, {actions} instances" in out
            found = store.count(
                f"SELECT (COUNT(DISTINCT ?a) AS ?n) {{ GRAPH <{graph}> "
                "{ ?a a <https://w3id.org/actieplan/def#Action> } }"
            )
            assert found == actions
        titles = store._select(
            f"SELECT ?plan ?title {{ GRAPH <{GRAPHS}catalogue> "
            "{ ?plan <http://purl.org/dc/terms/title> ?title } }"
        )
        by_plan = {row["plan"]["value"].rsplit("/", 1)[1]: row["title"]["value"] for row in titles}
        assert set(by_plan) == set(ACTIONS)
        assert {plan: by_plan[plan] for plan in TITLES} == TITLES
        veiligheid, integratie, lokaal = (
            "veiligheid-2021-2024", "integratie-2022-2025", "lokaal-2023-2026",
        )  # fmt: skip
        assert _across_plans(store, [*TITLES]) == {
            # tests/data/cross-plan/README.md: pairs in at least 2 plans, with their plans
            # and the actions they share across them.
            ("abb", "ocad"): (3, {veiligheid, integratie, lokaal}, 4),
            ("abb", "agii"): (2, {veiligheid, lokaal}, 2),
            ("agii", "ocad"): (2, {veiligheid, integratie}, 2),
        }


def _across_plans(store: RunningStore, plan_ids: list[str]) -> dict[tuple[str, str], object]:
    """queries/organisations-across-plans.rq (min_plans 2) over the endpoint, its default graph
    the plans' graphs and the reference graph (SPARQL Protocol's default-graph-uri)."""
    query = get_query("organisations-across-plans")
    sparql = standalone_sparql(query, parameter_terms(query, {"min_plans": "2"}))
    graphs = [f"{GRAPHS}plan/{plan_id}" for plan_id in plan_ids] + [f"{GRAPHS}reference"]
    response = httpx.post(
        store.query_url,
        data={"query": sparql, "default-graph-uri": graphs},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    response.raise_for_status()
    return {
        (
            row["organisation_a"]["value"].rsplit("/", 1)[1],
            row["organisation_b"]["value"].rsplit("/", 1)[1],
        ): (
            int(row["shared_plans"]["value"]),
            set(row["plans"]["value"].split()),
            int(row["shared_actions"]["value"]),
        )
        for row in response.json()["results"]["bindings"]
    }


def test_one_plan_of_a_dataset_is_published_with_the_reference_and_catalogue(
    tmp_path, dataset_file, dataset_counts
):
    plan = f"{GRAPHS}plan/lokaal-2023-2026"
    with running_oxigraph(tmp_path / "store") as store:
        code, out, err = run_cli(
            "publish", "--graph", str(dataset_file), "--plan", "lokaal-2023-2026",
            *store.publish_arguments(),
        )  # fmt: skip
        assert code == 0, err
        assert store.graph_counts() == {
            graph: dataset_counts[graph]
            for graph in (plan, f"{GRAPHS}reference", f"{GRAPHS}catalogue", ONTOLOGY, SHAPES)
        }
        assert f"<{plan}> holds {dataset_counts[plan]} triples, 4 instances" in out


def test_a_dry_run_of_a_dataset_lists_every_graph(dataset_file, dataset_counts, listener):
    code, out, err = run_cli(
        "publish", "--graph", str(dataset_file), "--endpoint", listener.url, "--dry-run"
    )
    assert code == 0, err
    for plan_id, actions in ACTIONS.items():
        graph = f"{GRAPHS}plan/{plan_id}"
        assert f"plan/{plan_id}: {dataset_counts[graph]} triples, {actions} instances" in out
        assert f"-> <{graph}>" in out
    for name in ("reference", "catalogue"):
        assert f"{name}: {dataset_counts[GRAPHS + name]} triples -> <{GRAPHS}{name}>" in out
    assert "dry run: nothing sent" in out
    listener.assert_untouched()


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--graph-iri", "https://example.org/g"], "--graph-iri does not apply to a dataset"),
        (["--plan", "no-such-plan"], "no plan 'no-such-plan' in the dataset"),
    ],
)
def test_dataset_options_that_do_not_apply(dataset_file, options, says):
    code, _, err = run_cli(
        "publish", "--graph", str(dataset_file), "--endpoint", "http://127.0.0.1:1",
        "--dry-run", *options,
    )  # fmt: skip
    assert code == 2
    assert says in err
