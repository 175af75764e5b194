"""Property-based tests of the HTTP API against a real `actieplan serve` process: whatever a
client sends, the answer is never a server error (5xx).

Schemathesis reads the OpenAPI schema of the app (the same document the running server
publishes at /openapi.json, which a test checks) and sends generated requests for every
operation in it to the server; /sparql (outside the schema) gets generated queries, parameters
and headers from Hypothesis directly. Examples per operation are bounded so the file runs in
well under a minute.

The schema is read when the module loads rather than from the server's URL through
`schemathesis.pytest.from_fixture`: that lazy loader uses a pytest attribute (`_nodeid`) that
pytest 9 no longer has.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from support.server import RunningServer, running_server

from actieplan.api.app import create_app

EXAMPLES_PER_OPERATION = 30


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with running_server("--timeout", "5") as running:
        yield running


OPENAPI = create_app().openapi()  # the schema needs no data: nothing is loaded here
schema = schemathesis.openapi.from_dict(OPENAPI)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_api_never_answers_with_a_server_error(server, case):
    case.call_and_validate(base_url=server.base, checks=[not_a_server_error], timeout=30)


def test_fuzzed_schema_is_the_served_one(server):
    served = httpx.get(server.url("/openapi.json"), timeout=30.0)
    assert served.status_code == 200
    assert served.json() == OPENAPI
    assert {
        "/api/actions",
        "/api/actions/{number}",
        "/api/objectives/{number}",
        "/api/organisations/{org_id}",
        "/api/minister-posts/{post_id}",
        "/api/questions/{name}",
        "/health",
    } <= set(OPENAPI["paths"])


# --- /sparql: generated queries and headers --------------------------------------------------

SPARQL_WORDS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "?s",
    "?p",
    "?o",
    "*",
    ".",
    ";",
    ",",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "GRAPH",
    "BIND",
    "AS",
    "VALUES",
    "LIMIT",
    "OFFSET",
    "ORDER BY",
    "GROUP BY",
    "COUNT",
    "PREFIX",
    "ap:",
    "<https://w3id.org/actieplan/def#number>",
    '"3.12"',
    "1",
    "a",
    "<x>",
    "_:b",
    "SERVICE",
    "INSERT",
    "DATA",
    "FROM",
    "NAMED",
    "#",
    "\n",
    "REGEX",
    "STR",
    "'",
    '"',
    "\\",
    "\u00e9",
    "\x00",
    "^^",
    "@nl",
    "$x",
]
queries = st.one_of(
    st.lists(st.sampled_from(SPARQL_WORDS), max_size=25).map(" ".join),
    st.text(max_size=200),
)
media_types = st.sampled_from(
    [
        None,
        "",
        "*/*",
        "application/sparql-results+json",
        "text/csv;q=0.5, text/turtle",
        "application/ld+json;q=0",
        "text/*;q=abc",
        "image/png",
        ";;;,,,",
        "application/rdf+xml",
    ]
)
content_types = st.sampled_from(
    [
        "application/sparql-query",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/sparql-update",
        "application/sparql-query; charset=latin-1",
        "",
        "multipart/x",
    ]
)
parameter_names = st.sampled_from(
    ["query", "default-graph-uri", "named-graph-uri", "format", "output", "update", "x"]
)


@given(
    query=queries,
    accept=media_types,
    content_type=content_types,
    extra=st.lists(st.tuples(parameter_names, st.text(max_size=30)), max_size=3),
    method=st.sampled_from(["GET", "POST-form", "POST-direct"]),
)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_sparql_never_answers_with_a_server_error(
    server, query, accept, content_type, extra, method
):
    headers = {"accept": accept} if accept is not None else {}
    with httpx.Client(base_url=server.base, timeout=30.0) as client:
        if method == "GET":
            response = client.get("/sparql", params=[("query", query), *extra], headers=headers)
        elif method == "POST-form":
            response = client.post("/sparql", data={"query": query, **dict(extra)}, headers=headers)
        else:
            response = client.post(
                "/sparql",
                params=extra,
                content=query.encode("utf-8"),
                headers={**headers, "content-type": content_type},
            )
    if response.status_code == 503:  # a generated query that ran past --timeout
        assert "was stopped" in response.text
    assert response.status_code < 500, response.text
