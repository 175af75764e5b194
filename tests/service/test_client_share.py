"""Each client's share of the pages and the JSON API (api/plumbing/client_share.py), /health and
/ready outside it, and the named questions within the query timeout (issue 17).

Before: 50 clients asking new /network parameters took /health from 2 ms to 3.1 s (it waited
for a thread behind the pages' work), and on `--engine rdflib` a named question ran in the
server process under rdflib's lock with no timeout. The slow requests here are /dataset with
`--no-cache` (its DCAT-AP description computed afresh: about 0.5 s, bench/README.md).
"""

from __future__ import annotations

import concurrent.futures
import threading
import time

import httpx
import pytest
from support.served_graph import PLAN_TRIPLES
from support.server import RunningServer, client_from, running_server

from actieplan.graph.sparql.store import ENGINES

# Floods of clients and a bound on /health's time: measured on an otherwise idle machine.
pytestmark = pytest.mark.exclusive

SLOW = "/dataset"
# A stall is seconds to tens of seconds (every thread busy: /health waited for the slowest
# page); these bounds only catch that, on a slow shared machine.
STALL_SECONDS = 5.0


def wait_ready(server: RunningServer, seconds: float = 120.0) -> httpx.Response:
    """/ready once it says ready (start-up and the background warm-up done)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = httpx.get(server.url("/ready"), timeout=10)
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer
        assert answer.status_code == 503 and answer.headers["retry-after"] == "1", answer.text
        time.sleep(0.2)


def flood(server: RunningServer, address: str, path: str, threads: int, stop: threading.Event):
    """`threads` clients from `address` asking `path` back to back until `stop`; returns the
    futures of their status lists and of the answers refused (503)."""

    def keep_asking() -> tuple[list[int], list[httpx.Response]]:
        statuses, refused = [], []
        with client_from(server, address, timeout=120) as client:
            while not stop.is_set():
                answer = client.get(path)
                statuses.append(answer.status_code)
                if answer.status_code == 503:
                    refused.append(answer)
        return statuses, refused

    pool = concurrent.futures.ThreadPoolExecutor(threads)
    futures = [pool.submit(keep_asking) for _ in range(threads)]
    pool.shutdown(wait=False)
    return futures


def test_one_client_over_its_share_gets_503_while_another_address_gets_its_pages():
    with running_server("--no-cache", "--page-share", "1", "--page-share-waiting", "1") as server:
        assert wait_ready(server).json() == {"status": "ready"}
        stop = threading.Event()
        futures = flood(server, "127.0.0.1", SLOW, 6, stop)
        try:
            time.sleep(1.0)  # the flood is under way
            with client_from(server, "127.0.0.2", timeout=60) as other:
                others = [other.get(SLOW).status_code for _ in range(3)]
                page = other.get("/", params={"lang": "en"})
        finally:
            stop.set()
        results = [future.result(timeout=120) for future in futures]
    statuses = [status for got, _ in results for status in got]
    refused = [answer for _, answers in results for answer in answers]
    assert others == [200, 200, 200]
    assert page.status_code == 200 and "<html" in page.text
    assert set(statuses) == {200, 503}, statuses
    for answer in refused:
        assert answer.headers["retry-after"] == "1"
        assert "--page-share" in answer.text or "waited" in answer.text, answer.text


def test_the_json_api_refusal_is_json():
    with running_server("--no-cache", "--page-share", "1", "--page-share-waiting", "1") as server:
        wait_ready(server)
        path = "/api/completeness?format=turtle"
        # Six clients of one address asking back to back for a few seconds (a burst of single
        # requests may not overlap on a busy machine): some are over the share of 1 + 1.
        stop = threading.Event()
        futures = flood(server, "127.0.0.1", path, 6, stop)
        time.sleep(3.0)
        stop.set()
        results = [future.result(timeout=120) for future in futures]
    statuses = {status for got, _ in results for status in got}
    refused = [answer for _, answers in results for answer in answers]
    assert statuses == {200, 503}
    for answer in refused:
        assert answer.headers["content-type"] == "application/json"
        assert "requests in work" in answer.json()["detail"]


def test_health_and_ready_answer_while_every_page_thread_is_busy():
    # 40 requests in work (the thread pool's 40 threads), 5 more waiting, from one address.
    share = ("--page-share", "40", "--page-workers", "40", "--page-share-waiting", "5")
    with running_server("--no-cache", *share) as server:
        wait_ready(server)
        stop = threading.Event()
        futures = flood(server, "127.0.0.1", SLOW, 45, stop)
        health: list[tuple[int, float]] = []
        try:
            time.sleep(2.0)  # the threads are busy
            with httpx.Client(base_url=server.base, timeout=60) as probe:
                for path in ("/health", "/ready", "/health"):
                    started = time.monotonic()
                    status = probe.get(path).status_code
                    health.append((status, time.monotonic() - started))
        finally:
            stop.set()
        statuses = [s for future in futures for s in future.result(timeout=300)[0]]
    assert [status for status, _ in health] == [200, 200, 200]
    assert 200 in statuses
    assert max(seconds for _, seconds in health) < STALL_SECONDS, health


@pytest.mark.parametrize("engine", ENGINES)
def test_a_named_question_past_the_timeout_gives_503_and_the_service_goes_on(engine):
    # 0.1 ms: no question is answered in that time; its worker is killed and replaced.
    with running_server("--engine", engine, "--timeout", "0.0001") as server:
        wait_ready(server)
        with httpx.Client(base_url=server.base, timeout=60) as client:

            def past_a_busy_pool(path: str, **headers: str) -> httpx.Response:
                # The warm-up's and each earlier question's workers were killed too: while their
                # replacements start, the pool answers "no SPARQL worker came free" (also a 503).
                deadline = time.monotonic() + 60
                while True:
                    answer = client.get(path, headers=headers)
                    if "no SPARQL worker came free" not in answer.text:
                        return answer
                    assert time.monotonic() < deadline, answer.text
                    time.sleep(0.2)

            api = past_a_busy_pool("/api/questions/shared-actions-organisations")
            page = past_a_busy_pool("/questions/minister-roles", Accept="text/html")
            again = past_a_busy_pool("/api/questions/shared-actions-organisations")
            after = [client.get(p).status_code for p in ("/health", "/", "/api/actions")]
    assert api.status_code == 503, api.text
    assert "ran longer than 0.0001 s" in api.json()["detail"]
    assert int(api.headers["retry-after"]) >= 1
    assert page.status_code == 503 and "ran longer" in page.text
    assert again.status_code == 503  # not kept as an answer; computed (and stopped) again
    assert after == [200, 200, 200]


def test_ready_says_ready_after_the_warm_up_and_health_says_ok():
    with running_server() as server:
        ready = wait_ready(server)
        health = httpx.get(server.url("/health"), timeout=10)
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}
    assert health.json()["status"] == "ok" and health.json()["triples"] == PLAN_TRIPLES
