"""Concurrent first calls to every JSON API endpoint, on a fresh real server, both engines.

rdflib's SPARQL parser (pyparsing) and pyshacl are not thread-safe: before issue 9 two
concurrent first calls to /api/completeness both answered 500, and every later call too
(`TypeError: Param.postParse2() missing 1 required positional argument`); on
`--engine rdflib` ten concurrent first /api/questions/* calls gave 8 x 500. Here every
/api route that /openapi.json lists is called 20 times at once on a server that has answered
nothing but /health, then a second wave: every answer must be 2xx.

The URLs are derived from /openapi.json, so a new route without an example below fails the
test instead of being left out.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
from support.server import running_server

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.graph.sparql.store import ENGINES

# 20 concurrent calls to every endpoint on 40 page workers: a load of its own.
pytestmark = pytest.mark.exclusive

CALLS = 20  # concurrent calls to each URL
# Example values of path and free-text query parameters (values of enums come from the spec).
EXAMPLES = {
    ("/api/actions/{number}", "number"): "2.3",
    ("/api/objectives/{number}", "number"): "3",
    ("/api/organisations/{org_id}", "org_id"): "abb",
    ("/api/minister-posts/{post_id}", "post_id"): "justitie",
    ("/api/network/ego/{actor}", "actor"): "abb",
    "objective": "3",
    "organisation": "abb",
    "minister": "justitie",
    "role": "lead",
    "active_on": "2022-01-01",
    "active_in": "2021",
    "include_units": "true",
    "funding_mode": "ExternalFund",
    "kind": "agency",
    "government_level": "flemish",
    "policy_domain": "kbbj",
    "in_roles": "true",
    "top": "2",
    "as_of": "2025-06-30",
    # the plan's id, which a service of one plan does not need (tests/service/
    # test_many_plans_service.py asks a service of many plans)
    "plan": "actieplan-radicalisering-2020-2024",
}
# The ego network of the minister variants is a minister post (organisations are not in it).
EGO_MINISTER = "justitie"


def _enum(schema: dict) -> list[str]:
    if "enum" in schema:
        return list(schema["enum"])
    for option in schema.get("anyOf", []):
        if "enum" in option:
            return list(option["enum"])
    return []


def _example(path: str, parameter: dict) -> str:
    name = parameter["name"]
    if (path, name) in EXAMPLES:
        return EXAMPLES[(path, name)]
    if name in EXAMPLES:
        return EXAMPLES[name]
    raise AssertionError(
        f"no example value for parameter {name!r} of {path}: add one to "
        "EXAMPLES in tests/service/test_api_concurrency.py"
    )


def api_urls(base: str) -> list[str]:
    """One URL per /api route with its defaults, plus one per value of each enum parameter
    and one per free-text parameter (each varied alone); every named question with its
    defaults as JSON and as CSV."""
    spec = httpx.get(base + "/openapi.json", timeout=30).json()
    questions = [q["name"] for q in httpx.get(base + "/api/questions", timeout=30).json()]
    urls: list[str] = []
    for path, operations in spec["paths"].items():
        if not path.startswith("/api"):
            continue
        assert set(operations) == {"get"}, f"{path}: only GET routes are expected"
        parameters = operations["get"].get("parameters", [])
        in_path = [p for p in parameters if p["in"] == "path"]
        in_query = [p for p in parameters if p["in"] == "query"]
        if path == "/api/questions/{name}":
            for name in questions:
                urls += [f"/api/questions/{name}", f"/api/questions/{name}?format=csv"]
            continue
        path_values = [[]]
        for parameter in in_path:
            values = _enum(parameter["schema"]) or [_example(path, parameter)]
            path_values = [done + [(parameter["name"], v)] for done in path_values for v in values]
        variants: list[dict[str, str]] = [{}]
        for parameter in in_query:
            values = _enum(parameter["schema"]) or [_example(path, parameter)]
            variants += [{parameter["name"]: str(v)} for v in values]
        for filled in path_values:
            for query in variants:
                url = path
                for name, value in filled:
                    if path.endswith("/ego/{actor}") and query.get("actors") == "ministers":
                        value = EGO_MINISTER
                    url = url.replace("{" + name + "}", value)
                urls.append(url + ("?" + urlencode(query) if query else ""))
    return sorted(set(urls))


def wave(base: str, urls: list[str]) -> dict[str, list[int]]:
    """CALLS concurrent GETs of each URL (the calls of one URL submitted together, so they
    run at the same time; a few URLs overlap); the status codes by URL."""
    workers = CALLS * 4
    # One client (one connection) per worker thread: with one httpx pool shared by 80 threads,
    # one run in four failed with "Bad file descriptor" on a read (a socket closed under a
    # thread by another: the client's error, not the server's answer). Idle
    # connections are dropped well before uvicorn's 5 s keep-alive timeout, for the same
    # reason (a request sent on a connection the server is closing would be reset).
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def get(url: str) -> httpx.Response:
        client = getattr(local, "client", None)
        if client is None:
            limits = httpx.Limits(max_connections=1, keepalive_expiry=1.0)
            client = local.client = httpx.Client(base_url=base, timeout=180, limits=limits)
            with lock:
                clients.append(client)
        return client.get(url)

    try:
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            jobs = [(url, pool.submit(get, url)) for url in urls for _ in range(CALLS)]
            statuses: dict[str, list[int]] = {}
            for url, job in jobs:
                statuses.setdefault(url, []).append(job.result().status_code)
    finally:
        for client in clients:
            client.close()
    return statuses


def _failures(statuses: dict[str, list[int]]) -> dict[str, list[int]]:
    return {
        url: codes
        for url, codes in statuses.items()
        if any(not 200 <= code < 300 for code in codes)
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_concurrent_first_calls_to_every_endpoint_all_succeed(engine):
    # All 80 calls come from one address: a per-client share that lets them all in or wait
    # (api/plumbing/client_share.py), and time enough to wait for the query workers.
    share = ("--page-share", "8", "--page-share-waiting", "80", "--page-max-waiting", "80")
    with running_server("--engine", engine, *share, "--timeout", "60") as server:
        urls = api_urls(server.base)
        # Every kind of endpoint is in the list (the spec is read, not restated here).
        assert any(u.startswith("/api/completeness?format=turtle") for u in urls)
        assert any(u.startswith("/api/network/centrality") for u in urls)
        assert sum(u.startswith("/api/questions/") for u in urls) >= 30
        first = wave(server.base, urls)
        second = wave(server.base, urls)
        log = server.log()
    assert _failures(first) == {}, log[-4000:]
    assert _failures(second) == {}, log[-4000:]


def test_an_answer_asked_for_by_many_at_once_is_computed_once_and_a_failure_is_not_kept():
    cache = ComputedCache(max_bytes=1 << 20)
    calls: list[int] = []
    start = threading.Barrier(20)

    def slow_answer() -> list[int]:
        calls.append(1)
        time.sleep(0.2)
        return [1, 2, 3]

    def ask(_) -> list[int]:
        start.wait()
        return cache.get("key", slow_answer)

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        assert list(pool.map(ask, range(20))) == [[1, 2, 3]] * 20
    assert len(calls) == 1

    def failing() -> list[int]:
        raise RuntimeError("first call fails")

    with pytest.raises(RuntimeError):
        cache.get("other", failing)
    assert cache.get("other", lambda: [4]) == [4]  # computed afresh, not poisoned
