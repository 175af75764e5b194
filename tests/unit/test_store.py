"""Both engines give identical answers to the whole query library, take the SPARQL
Protocol's dataset the same way, and rdflib refuses a SERVICE it has parsed; the answers
pyoxigraph writes itself hold the same solutions as the project's writer."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from support.plan_values import EXPECTED
from support.query_cases import EMPTY_ON_ONE_PLAN, PARAMETER_CASES, PARAMETER_IDS

from actieplan.graph.sparql.library import (
    get_query,
    load_library,
    python_value,
    run_query,
    store_terms,
)
from actieplan.graph.sparql.results import serialise
from actieplan.graph.sparql.safety import UnsafeQuery
from actieplan.graph.sparql.store import (
    WRITTEN_FORMATS,
    Answer,
    AnswerTooLarge,
    CappedOutput,
    QueryDataset,
    QueryError,
    QueryOptions,
    ResultTooLarge,
    open_store,
)

AP = "PREFIX ap: <https://w3id.org/actieplan/def#> "
PLAN = "https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024/"


@pytest.fixture(scope="module")
def stores(plan_graph):
    return {engine: open_store(plan_graph, engine) for engine in ("oxigraph", "rdflib")}


def plain(answer):
    return answer.variables, [[python_value(term) for term in row] for row in answer.rows]


@pytest.mark.parametrize("name", sorted(load_library()))
def test_oxigraph_and_rdflib_agree_on_every_named_query(stores, name):
    _, fast = run_query(stores["oxigraph"], name)
    _, slow = run_query(stores["rdflib"], name)
    assert plain(fast) == plain(slow)
    if name in EMPTY_ON_ONE_PLAN:
        assert not fast.rows, f"{name} answered on one plan although {EMPTY_ON_ONE_PLAN[name]}"
    else:
        assert fast.rows, f"{name} returned nothing on the plan"


@pytest.mark.parametrize("name, values", PARAMETER_CASES, ids=PARAMETER_IDS)
def test_oxigraph_and_rdflib_agree_on_other_parameter_values(stores, name, values):
    _, fast = run_query(stores["oxigraph"], name, values)
    _, slow = run_query(stores["rdflib"], name, values)
    assert plain(fast) == plain(slow)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bindings_and_base_iri(stores, engine):
    """A value bound by the engine (never pasted into the text), and a relative IRI resolved
    against the base given: action 3.12 of the vendored plan, numbered "3.12" in the text."""
    store = stores[engine]
    action = URIRef(f"{PLAN}action/3.12")
    numbers = AP + "SELECT ?action ?n WHERE { ?action ap:number ?n }"
    assert store.query(numbers, bindings={"action": action}).rows == [(action, Literal("3.12"))]
    relative = AP + "SELECT ?n WHERE { <action/3.12> ap:number ?n }"
    assert store.query(relative, base_iri=PLAN).rows == [(Literal("3.12"),)]
    # A variable the SELECT does not list cannot be bound (SPARQL substitution, SEP-0007).
    unlisted = AP + "SELECT ?n WHERE { ?action ap:number ?n }"
    with pytest.raises(QueryError, match=r"binds \?action but its SELECT does not project it"):
        store.query(unlisted, bindings={"action": action})


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_base_iri_leaves_error_positions_as_sent(stores, engine):
    """The base goes to the engine, not in front of the text: the message is the one without
    a base, at the client's own line (Oxigraph "error at 3:2", rdflib "line:2, col:3")."""
    broken = "SELECT ?x WHERE {\n  ?x ?y\n}"
    with pytest.raises(QueryError) as without_base:
        stores[engine].query(broken)
    with pytest.raises(QueryError) as with_base:
        stores[engine].query(broken, base_iri="http://example.org/sparql")
    assert str(with_base.value) == str(without_base.value)
    assert ("error at 3:2:" if engine == "oxigraph" else "(line:2, col:3)") in str(with_base.value)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ask_construct_and_errors(stores, engine):
    store = stores[engine]
    prefix = AP
    assert store.query(prefix + "ASK { ?a ap:number '3.12' }").boolean is True
    graph = store.query(prefix + "CONSTRUCT { ?a ap:number ?n } WHERE { ?a ap:number ?n }")
    assert len(graph.triples) == 58  # 50 actions + 8 objectives
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")
    with pytest.raises(ResultTooLarge, match="more than 10 rows"):
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10)


# --- the protocol's dataset (SPARQL 1.1 Protocol §2.1.4: default-graph-uri / named-graph-uri) --

G1, G2 = "http://example.org/g1", "http://example.org/g2"


def small_graph(*subjects: str) -> Graph:
    graph = Graph()
    for subject in subjects:
        graph.add(
            (
                URIRef(f"http://example.org/{subject}"),
                URIRef("http://example.org/p"),
                Literal(subject),
            )
        )
    return graph


@pytest.fixture(scope="module")
def dataset_stores():
    """A default graph of 1 triple, named graphs G1 (2 triples) and G2 (3 triples)."""
    named = [(G1, small_graph("a", "b")), (G2, small_graph("c", "d", "e"))]
    return {
        engine: open_store(small_graph("z"), engine, named) for engine in ("oxigraph", "rdflib")
    }


DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
FROM_G2 = "SELECT (COUNT(*) AS ?n) FROM <http://example.org/g2> WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "dataset, query, count",
    [
        (None, DEFAULT, 1),  # the store's default graph
        (None, NAMED, 5),  # all its named graphs
        (None, FROM_G2, 3),  # the query's own FROM
        # Only named graphs given: the default graph is empty (it was the store's, 1 triple, on
        # Oxigraph, while rdflib gave 0: issue 9, item 8).
        (QueryDataset((), (G1,)), DEFAULT, 0),
        (QueryDataset((), (G1,)), NAMED, 2),
        # Only default graphs given: their merge, and no named graphs at all.
        (QueryDataset((G1, G2), ()), DEFAULT, 5),
        (QueryDataset((G1,), ()), NAMED, 0),
        # Both: exactly those; the protocol's dataset replaces the query's FROM.
        (QueryDataset((G2,), (G1,)), NAMED, 2),
        (QueryDataset((), (G1,)), FROM_G2, 0),
        (QueryDataset(("http://example.org/none",), ()), DEFAULT, 0),
    ],
    ids=[
        "none-default",
        "none-named",
        "none-from",
        "named-only-default",
        "named-only-named",
        "default-only-default",
        "default-only-named",
        "both-named",
        "named-only-from",
        "unknown-default",
    ],
)
def test_the_protocols_dataset(dataset_stores, engine, dataset, query, count):
    answer = dataset_stores[engine].query(query, dataset=dataset)
    assert int(answer.rows[0][0]) == count


# --- rdflib: SERVICE refused in the algebra it would execute ---------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ ?s ?p ?o SERVICE <{url}/sparql> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p ?o \\u0053ERVICE <{url}/sparql> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p ?o \\U00000053ERVICE SILENT <{url}/sparql> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/sparql> {{ }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}/sparql> {{ }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {{ }} }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/sparql> {{ ?s ?b ?c }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}/sparql> {{ ?s ?b ?c }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o GRAPH ?g {{ SERVICE <{url}/sparql> {{ }} }} }}",
        "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}/sparql> {{ }} }} }}",
        "SELECT * WHERE {{ ?s ?p ?o BIND(EXISTS {{ SERVICE <{url}/sparql> {{ }} }} AS ?b) }}",
        "SELECT * WHERE {{ VALUES ?at {{ <{url}/sparql> }} ?s ?p ?o SERVICE ?at {{ }} }}",
    ],
)
def test_rdflib_refuses_a_service_it_parsed(listener, template):
    """Called directly, with no check_query before it: rdflib expands the escapes, parses,
    and the store refuses the SERVICE it finds in the algebra before evaluating anything.
    Without that check 9 of these 12 reach the listener (measured while writing it; rdflib
    happens not to fetch SERVICE SILENT, SERVICE ?var, or inside GRAPH over no graphs)."""
    store = open_store(small_graph("a"), "rdflib")
    with pytest.raises(UnsafeQuery) as refused:
        store.query(template.format(url=listener.url))
    assert refused.value.kind == "service" and not refused.value.is_update
    assert "SERVICE (federated query) is not allowed" in str(refused.value)
    listener.assert_untouched()


# --- answers pyoxigraph writes itself (the worker's uncached /sparql path) ------------------


def solutions(body, fmt):
    """The variables and rows of a written answer, read back by pyoxigraph's parser."""
    parsed = ox.parse_query_results(body, WRITTEN[fmt])
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return [v.value for v in parsed.variables], [tuple(s) for s in parsed]


WRITTEN = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


@pytest.mark.parametrize("fmt", sorted(WRITTEN_FORMATS))
@pytest.mark.parametrize("name", sorted(load_library()))
def test_pyoxigraph_writes_the_same_solutions_as_the_python_writer(stores, name, fmt):
    """Every named query (parameters at their defaults, bound by the engine), written by
    pyoxigraph and by graph/sparql/results.py from the rdflib terms (the path before): the
    same variables, rows and terms in the same order. Only the formatting differs (compact
    JSON, XML without line breaks); for JSON the parsed documents are equal too."""
    store = stores["oxigraph"]
    query = get_query(name)
    terms = store_terms(store, query, {})
    output = CappedOutput(16 * 2**20)
    kind = store.write(query.sparql, fmt, output, QueryOptions(bindings=terms))
    assert kind == "solutions"
    before, _ = serialise(store.query(query.sparql, bindings=terms), fmt)
    written = output.getvalue()
    assert solutions(written, fmt) == solutions(before, fmt)
    assert bool(solutions(written, fmt)[1]) != (name in EMPTY_ON_ONE_PLAN), name
    if fmt == "json":
        assert json.loads(written) == json.loads(before)


def test_pyoxigraph_writes_booleans_and_graphs_are_left_to_the_project(stores):
    store = stores["oxigraph"]
    ask = AP + "ASK { ?action a ap:Action }"
    for fmt in WRITTEN_FORMATS:
        output = CappedOutput(1000)
        assert store.write(ask, fmt, output, QueryOptions()) == "boolean"
        before, _ = serialise(store.query(ask), fmt)
        assert solutions(output.getvalue(), fmt) is True
        assert solutions(before, fmt) is True
    construct = AP + "CONSTRUCT { ?action a ap:Action } WHERE { ?action a ap:Action }"
    graph = store.write(construct, "json", CappedOutput(1000), QueryOptions())
    # written by results.serialise_graph (Turtle prefixes, the JSON-LD context)
    assert isinstance(graph, Answer) and len(graph.triples or []) == len(EXPECTED)


def test_a_written_answer_stops_at_its_byte_and_row_limits(stores):
    """One row per action of the plan (as many as tests/support/plan_values.py reads by hand):
    one row fewer is too many, and the buffer refuses the write that would pass its limit."""
    store = stores["oxigraph"]
    actions = AP + "SELECT ?action WHERE { ?action a ap:Action }"
    output = CappedOutput(16 * 2**20)
    store.write(actions, "json", output, QueryOptions())
    size = len(output.getvalue())
    count = len(EXPECTED)
    assert len(solutions(output.getvalue(), "json")[1]) == count
    with pytest.raises(ResultTooLarge):
        store.write(actions, "json", CappedOutput(size), QueryOptions(max_rows=count - 1))
    store.write(actions, "json", CappedOutput(size), QueryOptions(max_rows=count))
    with pytest.raises(AnswerTooLarge):
        store.write(actions, "json", CappedOutput(size - 1), QueryOptions())
