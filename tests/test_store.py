"""Both engines give identical answers to the whole query library; the safety check."""

from __future__ import annotations

import pytest

from graph.queries import load_library, python_value, run_query
from graph.sparql_safety import UnsafeQuery, check_query
from graph.store import QueryError, ResultTooLarge, open_store


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
    assert fast.rows, f"{name} returned nothing on the plan"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ask_construct_and_errors(stores, engine):
    store = stores[engine]
    prefix = "PREFIX ap: <https://w3id.org/actieplan/def#> "
    assert store.query(prefix + "ASK { ?a ap:number '3.12' }").boolean is True
    graph = store.query(prefix + "CONSTRUCT { ?a ap:number ?n } WHERE { ?a ap:number ?n }")
    assert len(graph.triples) == 58  # 50 actions + 8 objectives
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")
    with pytest.raises(ResultTooLarge, match="more than 10 rows"):
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT ?service ?load WHERE { ?service <http://ex.org/load> ?load }",
    "PREFIX ex: <http://ex.org/> SELECT * WHERE { ?s ex:drop ?o } # DROP ALL in a comment",
    "SELECT * WHERE { ?s <http://ex.org/insert> ?o }",
])
def test_safe_queries_pass(query):
    check_query(query)


@pytest.mark.parametrize("query, keyword, update", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE", False),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE", False),
    ("LOAD <http://example.org/data.ttl>", "LOAD", True),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT", True),
    ("DROP ALL", "DROP", True),
    ("PREFIX ex: <http://ex.org/>\nDELETE WHERE { ?s ?p ?o }", "DELETE", True),
])
def test_unsafe_queries_are_refused(query, keyword, update):
    with pytest.raises(UnsafeQuery) as refused:
        check_query(query)
    assert refused.value.keyword == keyword and refused.value.is_update == update
