"""The SPARQL queries of a service on top of a triple store (`actieplan serve --store`).

On the embedded store, queries run in sandboxed worker processes (api/plumbing/query_pool.py).
On top of a triple store they run there: this runner takes the pool's place with the same
`run(request, client)`, and each query goes through the same check (read-only, no SERVICE, the
size and nesting limits) and the same answer writing and caps (`answer_request`) before and
after it is sent to the store. The store's own process does the work, so there is no worker to
kill: a query that takes longer than --timeout is given up (503) and its slot freed, and the
HTTP request to the store, still waited for in its thread, ends at --store-timeout. At most
--query-workers queries are sent at once and --max-waiting wait; more are refused (PoolBusy,
503), as on the pool.
"""

from __future__ import annotations

import asyncio

from actieplan.api.plumbing.query_pool import (
    PoolBusy,
    QueryPool,
    QueryRequest,
    QueryTimeout,
    WorkerOptions,
    answer_request,
    query_limits,
)
from actieplan.api.plumbing.settings import Settings
from actieplan.api.plumbing.worker_sandbox import Isolation
from actieplan.graph.sparql.remote import RemoteStore, StoreUnavailable
from actieplan.graph.sparql.safety import PassedChecks


class RemoteQueries:
    """The query pool's interface over a remote store."""

    engine = "remote"
    # There is no worker process to cut off from the network: the service itself talks to the
    # store. /health says so (network_isolation false) and names the store.
    isolation: Isolation | None = None

    def __init__(self, store: RemoteStore, settings: Settings) -> None:
        self.store = store
        self.timeout, self.max_rows = settings.timeout, settings.max_rows
        self.max_waiting = settings.max_waiting
        self.options = WorkerOptions(
            "remote",
            settings.worker_memory_mb,
            settings.max_answer_bytes,
            query_limits(settings),
        )
        self._checks = PassedChecks(self.options.limits)
        self._slots = asyncio.Semaphore(settings.query_workers)
        self._waiting = 0

    @property
    def worker_pids(self) -> list[int]:
        return []

    async def start(self) -> None:
        """Nothing to start: the store runs on its own."""

    async def stop(self) -> None:
        self.store.close()

    def _answer(self, request: QueryRequest) -> tuple[str, object]:
        try:
            return answer_request(self.store, request, self.options, self._checks)
        except StoreUnavailable as error:
            return "unavailable", str(error)

    async def run(self, request: QueryRequest, client: str = "") -> tuple[str, object]:
        """(status, payload) as QueryPool.run, and ("unavailable", message) when the store
        does not answer. Raises QueryTimeout and PoolBusy."""
        if self._waiting >= self.max_waiting:
            raise PoolBusy(
                "too many SPARQL queries are waiting for the store; try again shortly",
                self.timeout,
            )
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            return await asyncio.wait_for(asyncio.to_thread(self._answer, request), self.timeout)
        except TimeoutError:
            raise QueryTimeout(self.timeout) from None
        finally:
            self._slots.release()


# What runs the service's SPARQL: the embedded store's worker pool, or the runner over a store.
QueryRunner = QueryPool | RemoteQueries
