"""Generic queries on the real server's /sparql: a client that knows ORG, PROV, DCTERMS and SKOS
but not this ontology finds the organisations, the PROV entities, the organisations and
ministers of each action, the parts of the plan and the concept schemes, because the build
writes what the ontology promises into the served data (graph/core/entailment.py). Each
count is derived in tests/support/served_graph.py from the plan read by hand and the reference
data; tests/unit/test_entailment.py runs the same queries on the built graph and on an OWL 2 RL
closure of ontology + data."""

from __future__ import annotations

import httpx
import pytest
from support.served_graph import GENERIC_QUERIES, PREFIXES


@pytest.mark.parametrize("name", GENERIC_QUERIES)
def test_generic_query_on_the_endpoint(site, name):
    query, expected = GENERIC_QUERIES[name]
    answer = httpx.post(
        site.sparql,
        data={"query": PREFIXES + query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text
    bindings = answer.json()["results"]["bindings"]
    assert int(bindings[0]["n"]["value"]) == expected
