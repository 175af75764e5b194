"""The query pool's hand-off (api/plumbing/query_pool.py, `_dispatch` and `_finished`), in this
process with real worker processes: a worker that answers gets the next waiting query in the
callback that read its reply, and a query that is running when its caller gives up or the
pool stops is settled at once, not left to its timeout."""

from __future__ import annotations

import asyncio
import time

import pytest
from rdflib import Graph
from support.paths import TEST_DATA

from actieplan.api.plumbing.query_pool import PoolBusy, QueryPool, QueryRequest

DATA = TEST_DATA / "protocol" / "data1.ttl"
ASK = "ASK { ?s ?p ?o }"
# 400^3 = 64 million rows to count: about 13 s of the engine's work here, on any data.
NUMBERS = " ".join(str(n) for n in range(400))
TABLES = " ".join(f"VALUES ?{name} {{ {NUMBERS} }}" for name in "abc")
SLOW = f"SELECT (COUNT(*) AS ?n) WHERE {{ {TABLES} }}"
# 150^3 = 3.4 million rows: some 0.7 s, long enough to be running still when a caller resumes
SOME = " ".join(str(n) for n in range(150))
MEDIUM = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{name} {{ {SOME} }}" for name in "abc")
    + " }"
)


def request(query: str) -> QueryRequest:
    return QueryRequest(query, None, "json", "turtle", 1000)


def one_worker_pool(timeout: float) -> QueryPool:
    graphs = [(None, Graph().parse(DATA).serialize(format="nt", encoding="utf-8"))]
    return QueryPool(graphs, "oxigraph", size=1, timeout=timeout, client_share=1)


def test_the_next_query_is_sent_before_the_answered_one_resumes():
    """Two clients' queries for one worker: when the first one's caller resumes with its
    answer, the second is already running in the worker (the pool reads its reply). The
    second takes long enough (MEDIUM) not to be answered already when the first resumes."""

    async def scenario() -> tuple[bool, list[str]]:
        pool = one_worker_pool(timeout=20)
        await pool.start()
        try:
            (worker,) = pool._workers
            first = asyncio.ensure_future(pool.run(request(ASK), "a"))
            second = asyncio.ensure_future(pool.run(request(MEDIUM), "b"))
            status, _ = await first
            in_flight = worker._reading is not None
            statuses = [status, (await second)[0]]
            return in_flight, statuses
        finally:
            await pool.stop()

    in_flight, statuses = asyncio.run(scenario())
    assert statuses == ["ok", "ok"]
    assert in_flight


def test_a_query_cancelled_mid_run_frees_its_worker():
    """The caller of a running query gives up (a cancelled request): its worker, whose state
    is unknown, is killed and replaced, and another client's waiting query is answered by the
    replacement, long before the first query's 30 s timeout."""

    async def scenario() -> tuple[str, float, int]:
        pool = one_worker_pool(timeout=30)
        await pool.start()
        try:
            slow = asyncio.ensure_future(pool.run(request(SLOW), "a"))
            await asyncio.sleep(0.5)
            waiting = asyncio.ensure_future(pool.run(request(ASK), "b"))
            await asyncio.sleep(0.1)
            started = time.monotonic()
            slow.cancel()
            status, _ = await waiting
            return status, time.monotonic() - started, pool.replaced
        finally:
            await pool.stop()

    status, seconds, replaced = asyncio.run(scenario())
    assert (status, replaced) == ("ok", 1)
    assert seconds < 15, seconds  # a replacement's start, not the 30 s timeout


def test_stopping_the_pool_settles_a_running_query():
    """The server stops while a query runs: its caller gets PoolBusy at once (503, "shutting
    down"), not an answer or a timeout 30 s later."""

    async def scenario() -> float:
        pool = one_worker_pool(timeout=30)
        await pool.start()
        slow = asyncio.ensure_future(pool.run(request(SLOW), "a"))
        await asyncio.sleep(0.5)
        started = time.monotonic()
        await pool.stop()
        with pytest.raises(PoolBusy, match="shutting down"):
            await slow
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 10
