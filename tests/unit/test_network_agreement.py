"""The shared-actions answer from SPARQL (queries/) and from networkx (graph/analysis/network.py)
agree for every pair, for organisations (any role, and partners only) and for ministers."""

from __future__ import annotations

import pytest

from actieplan.graph.analysis import network
from actieplan.graph.sparql.library import run_query
from actieplan.graph.sparql.store import open_store


@pytest.fixture(scope="module")
def store(plan_graph):
    return open_store(plan_graph, "oxigraph")


def sparql_pairs(store, query: str, params: dict[str, str]) -> dict:
    _, answer = run_query(store, query, params)
    pairs = {}
    for row in answer.records():
        a = str(row[answer.variables[0]]).rsplit("/", 1)[-1]
        b = str(row[answer.variables[2]]).rsplit("/", 1)[-1]
        pairs[tuple(sorted((a, b)))] = (int(row["shared_actions"]), str(row["actions"]).split())
    return pairs


def networkx_pairs(plan_graph, actors: str, role: str | None = None) -> dict:
    rows = network.shared_actions(network.actor_network(plan_graph, actors, "roles", role))
    return {(r["source"], r["target"]): (r["shared_actions"], r["actions"]) for r in rows}


@pytest.mark.parametrize(
    "actors, role, query, params",
    [
        ("organisations", None, "shared-actions-organisations", {"role": "any"}),
        ("organisations", "partner", "shared-actions-organisations", {"role": "partner"}),
        ("ministers", None, "shared-actions-ministers", {}),
    ],
)
def test_every_pair_agrees(store, plan_graph, actors, role, query, params):
    from_sparql = sparql_pairs(store, query, params)
    from_networkx = networkx_pairs(plan_graph, actors, role)
    assert from_sparql == from_networkx
    assert len(from_sparql) > 10  # a real network, not two empty answers
