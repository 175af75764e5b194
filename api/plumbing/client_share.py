"""Each client's share of the pages and the JSON API, so that no client can slow them for
everyone (issue 17: 50 clients asking new /network parameters took /health from 2 ms to 3 s).

`ClientShare` is plain ASGI middleware in front of the application. A client is the request's
address (`client_address`; uvicorn takes it from `X-Forwarded-For` only with
`--behind-proxy`). A request is *in work* from when it is let in until its answer is sent:

* a client has at most `share` requests in work at once, and at most `waiting` more waiting
  for their turn; the next one gets 503 with `Retry-After`;
* all clients together have at most `total` requests in work (so the thread pool, 40 threads,
  always has room for the rest: static files, /sparql's parsing) and `max_waiting` waiting;
* a request that comes free goes to the waiting client with the fewest requests in work, then
  its oldest request: a client that keeps many waiting is served in turn with the others;
* a request that waits longer than `max_wait` seconds gets 503 with `Retry-After`.

Not shared (`EXEMPT`): /health and /ready (they never wait behind page work), /static (files,
fetched several at once by every page a browser opens) and /sparql, whose queries have their
own fair share of the query workers (api/plumbing/query_pool.py, `--client-share`): counting
them here too would let one slow query hold a client's page share for up to `--timeout`.

`overloaded_handler` answers what the query workers could not (PoolBusy, QueryTimeout) for
the pages and the JSON API the same way: 503 with `Retry-After`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter, deque
from dataclasses import dataclass

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from actieplan.api.plumbing.asgi import ASGIApp, Receive, Scope, Send
from actieplan.api.plumbing.negotiation import choose
from actieplan.api.plumbing.query_pool import PoolBusy, QueryTimeout
from actieplan.graph.sparql.remote import StoreUnavailable

EXEMPT_PATHS = ("/health", "/ready", "/sparql")
EXEMPT_PREFIXES = ("/static/",)
RETRY_AFTER = 1  # seconds: a page's work takes milliseconds; a share frees up quickly
STORE_RETRY_SECONDS = 5  # a triple store that did not answer (serve --store)


def exempt(path: str) -> bool:
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


def client_address(connection: HTTPConnection | Scope) -> str:
    """The client a request counts against: its address as the server sees it (uvicorn has
    put the proxy's `X-Forwarded-For` there with `--behind-proxy`, and only then)."""
    scope = connection.scope if isinstance(connection, HTTPConnection) else connection
    client = scope.get("client")
    return str(client[0]) if client else ""


class ShareRefused(Exception):
    def __init__(self, message: str, retry_after: float = RETRY_AFTER) -> None:
        super().__init__(message)
        self.retry_after = max(1, round(retry_after))


def busy_response(scope: Scope, message: str, retry_after: int) -> Response:
    """503 with Retry-After: JSON `{"detail": ...}` under /api/ or for a client that prefers
    JSON, plain text otherwise."""
    accept = None
    for name, value in scope.get("headers", []):
        if name == b"accept":
            accept = value.decode("latin-1")
    headers = {"Retry-After": str(retry_after)}
    wants_json = choose(accept, ["text/plain", "application/json"]) == "application/json"
    if str(scope.get("path", "")).startswith("/api/") or wants_json:
        body = json.dumps({"detail": message}).encode()
        return Response(body, 503, headers, media_type="application/json")
    return Response(message + "\n", 503, headers, media_type="text/plain; charset=utf-8")


async def overloaded_handler(request: Request, error: Exception) -> Response:
    """The query workers had no time for a page's or the API's query, or the triple store the
    service reads did not answer: 503 with Retry-After."""
    if isinstance(error, PoolBusy):
        return busy_response(request.scope, str(error), error.retry_after)
    if isinstance(error, StoreUnavailable):
        message = f"the data store did not answer; try again later ({error})"
        return busy_response(request.scope, message, STORE_RETRY_SECONDS)
    assert isinstance(error, QueryTimeout)
    message = (
        f"{error}: the server has no time for this answer now (--timeout {error.seconds:g} s); "
        "try again later"
    )
    return busy_response(request.scope, message, max(1, round(error.seconds)))


@dataclass(eq=False)
class _Waiter:
    client: str
    future: asyncio.Future[None]


class ClientShare:
    """The middleware; see the module documentation."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        share: int,
        waiting: int,
        total: int,
        max_waiting: int,
        max_wait: float,
    ) -> None:
        self.app = app
        self.share, self.waiting, self.total = share, waiting, total
        self.max_waiting, self.max_wait = max_waiting, max_wait
        self._running: Counter[str] = Counter()  # client -> requests in work
        self._in_work = 0
        self._queue: deque[_Waiter] = deque()  # oldest first
        self._queued: Counter[str] = Counter()  # client -> requests waiting

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = client_address(scope)
        try:
            await self._enter(client)
        except ShareRefused as refusal:
            await busy_response(scope, str(refusal), refusal.retry_after)(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._leave(client)

    # --- the share -------------------------------------------------------------------------

    def _may_start(self, client: str) -> bool:
        return self._in_work < self.total and self._running[client] < self.share

    def _start(self, client: str) -> None:
        self._in_work += 1
        self._running[client] += 1

    async def _enter(self, client: str) -> None:
        if self._may_start(client):
            self._start(client)
            return
        if self._queued[client] >= self.waiting:
            raise ShareRefused(
                f"this client already has {self._running[client]} requests in work and "
                f"{self._queued[client]} waiting, the most one client may have "
                "(--page-share, --page-share-waiting); send fewer at once"
            )
        if len(self._queue) >= self.max_waiting:
            raise ShareRefused(
                f"{len(self._queue)} requests are waiting, the most this server lets wait "
                "(--page-max-waiting); try again shortly"
            )
        waiter = _Waiter(client, asyncio.get_running_loop().create_future())
        self._queue.append(waiter)
        self._queued[client] += 1
        try:
            await asyncio.wait_for(asyncio.shield(waiter.future), self.max_wait)
        except (TimeoutError, asyncio.CancelledError) as error:
            if waiter in self._queue:
                self._dequeue(waiter)
            elif waiter.future.done():  # let in as we gave up: give the place back
                self._leave(client)
            if isinstance(error, TimeoutError):
                raise ShareRefused(
                    f"this request waited {self.max_wait:g} s for its turn; the server is busy, "
                    "try again shortly"
                ) from None
            raise

    def _dequeue(self, waiter: _Waiter) -> None:
        self._queue.remove(waiter)
        self._queued[waiter.client] -= 1
        if self._queued[waiter.client] <= 0:
            del self._queued[waiter.client]

    def _leave(self, client: str) -> None:
        self._in_work -= 1
        self._running[client] -= 1
        if self._running[client] <= 0:
            del self._running[client]
        self._let_in()

    def _let_in(self) -> None:
        """Let waiting requests in while there is room: the client with the fewest requests
        in work first, then the oldest request."""
        while self._in_work < self.total and self._queue:
            best: _Waiter | None = None
            for waiter in self._queue:
                running = self._running[waiter.client]
                if running < self.share and (best is None or running < self._running[best.client]):
                    best = waiter
            if best is None:
                return
            self._dequeue(best)
            self._start(best.client)
            best.future.set_result(None)
