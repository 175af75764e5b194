"""Run SPARQL queries from the outside world in worker processes that can be killed.

Neither engine can interrupt a running query, so a query that runs past the timeout is
stopped by killing its worker process; a fresh worker takes its place while the other workers
keep answering. Each worker holds its own copy of the store (loaded from N-Triples) and
returns serialised bytes, so only small messages cross the process boundary.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from graph.sparql_results import serialise
from graph.sparql_safety import UnsafeQuery, blank_out, check_query
from graph.store import QueryDataset, QueryError, ResultTooLarge

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a threaded server process
# Brackets ({, (, [) inside each other a query may have. Oxigraph's parser recurses per level
# and overflows a worker's stack (the process dies) at a few thousand levels of `{` or
# FILTER EXISTS; people write a few dozen.
MAX_NESTING = 256
_BRACKET = re.compile(r"[{}()\[\]]")


class QueryTimeout(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran longer than {seconds:g} s and was stopped")
        self.seconds = seconds


class PoolUnavailable(Exception):
    """No worker came free in time (every worker busy with long queries)."""


@dataclass(frozen=True)
class QueryRequest:
    query: str
    dataset: QueryDataset | None
    solutions_format: str  # json, xml, csv, tsv
    graph_format: str  # turtle, nt, json-ld, xml
    max_rows: int | None
    # Relative IRIs in the query resolve against this (SPARQL Protocol: the service's base,
    # which may be the endpoint's URL); None: the query must use absolute IRIs.
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryReply:
    body: bytes
    media_type: str
    kind: str  # solutions, boolean, graph


_LINE = re.compile(r"(error at |line:)(\d+)")  # oxigraph "error at 3:2", rdflib "line:3"
_CHAR = re.compile(r"(at char )(\d+)")  # rdflib


def base_prologue(base_iri: str | None) -> str:
    """A BASE line to put in front of a query (a BASE of the query's own comes later in the
    prologue and wins, as SPARQL says); empty without a base."""
    return f"BASE <{base_iri}>\n" if base_iri else ""


def unshift_positions(message: str, prologue: str) -> str:
    """An engine's error message with the positions of the query the user sent."""
    if not prologue:
        return message
    lines, chars = prologue.count("\n"), len(prologue)
    message = _LINE.sub(lambda m: f"{m.group(1)}{max(1, int(m.group(2)) - lines)}", message)
    return _CHAR.sub(lambda m: f"{m.group(1)}{max(0, int(m.group(2)) - chars)}", message)


def nesting_depth(query: str) -> int:
    """How deep brackets nest in the query, outside strings, IRIs and comments; 0 when it has
    too few opening brackets to nest deeper than MAX_NESTING (the common case: no scan)."""
    if sum(query.count(b) for b in "{([") <= MAX_NESTING:
        return 0
    depth = deepest = 0
    for bracket in _BRACKET.findall(blank_out(query)):
        depth += 1 if bracket in "{([" else -1
        deepest = max(deepest, depth)
    return deepest


def _worker_main(connection: Connection, graphs: list[tuple[str | None, bytes]],
                 engine: str) -> None:
    """Worker process: load the graphs, then answer requests until the pipe closes."""
    from rdflib import Graph

    from graph.store import open_store

    parsed = []
    for name, ntriples in graphs:
        graph = Graph()
        graph.parse(data=ntriples.decode("utf-8"), format="nt")
        parsed.append((name, graph))
    default = next(g for n, g in parsed if n is None)
    store = open_store(default, engine, [(n, g) for n, g in parsed if n is not None])
    connection.send(("ready", len(store)))
    while True:
        try:
            request: QueryRequest = connection.recv()
        except (EOFError, OSError):
            return
        prologue = base_prologue(request.base_iri)
        try:
            check_query(request.query)
            answer = store.query(prologue + request.query, dataset=request.dataset,
                                 max_rows=request.max_rows)
            fmt = request.graph_format if answer.kind == "graph" else request.solutions_format
            body, media_type = serialise(answer, fmt)
            connection.send(("ok", QueryReply(body, media_type, answer.kind)))
        except ResultTooLarge as error:
            connection.send(("too-large", str(error)))
        except UnsafeQuery as error:
            connection.send(("unsafe-update" if error.is_update else "unsafe", str(error)))
        except QueryError as error:
            connection.send(("syntax", unshift_positions(str(error), prologue)))
        except Exception as error:  # a bug or an engine failure: report, keep serving
            connection.send(("failed", f"{type(error).__name__}: {error}"))


class Worker:
    def __init__(self, graphs: list[tuple[str | None, bytes]], engine: str) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, graphs, engine),
                                        daemon=True, name="sparql-worker")
        self.process.start()
        child.close()

    def wait_ready(self, seconds: float = 120.0) -> None:
        if not self.connection.poll(seconds):
            self.kill()
            raise RuntimeError("a SPARQL worker did not start")
        self.connection.recv()

    def call(self, request: QueryRequest, timeout: float) -> tuple[str, object]:
        """Send one request and wait for the reply; QueryTimeout after `timeout` seconds."""
        self.connection.send(request)
        if not self.connection.poll(timeout):
            raise QueryTimeout(timeout)
        return self.connection.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """A fixed number of workers; a killed worker is replaced in the background."""

    def __init__(self, graphs: list[tuple[str | None, bytes]], engine: str, size: int = 2,
                 timeout: float = 10.0, max_rows: int | None = 100_000) -> None:
        self.graphs, self.engine, self.size = graphs, engine, size
        self.timeout, self.max_rows = timeout, max_rows
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: list[Worker] = []
        self._lock = threading.Lock()

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = [Worker(self.graphs, self.engine) for _ in range(self.size)]
        for worker in workers:
            await asyncio.to_thread(worker.wait_ready)
            self._workers.append(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()

    async def _replace(self, dead: Worker) -> None:
        fresh = Worker(self.graphs, self.engine)
        await asyncio.to_thread(fresh.wait_ready)
        with self._lock:
            self._workers = [w for w in self._workers if w is not dead] + [fresh]
        self._idle.put_nowait(fresh)

    async def run(self, request: QueryRequest) -> tuple[str, object]:
        """(status, payload): ("ok", QueryReply) or (error kind, message)."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        depth = nesting_depth(request.query)
        if depth > MAX_NESTING:
            return ("unsafe", f"brackets nest {depth} deep; at most {MAX_NESTING} levels of "
                              "{ }, ( ) and [ ] inside each other are accepted")
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except TimeoutError as error:
            raise PoolUnavailable("every SPARQL worker is busy; try again shortly") from error
        remaining = max(0.1, self.timeout - (time.monotonic() - started))
        try:
            result = await asyncio.to_thread(worker.call, request, remaining)
        except QueryTimeout:
            worker.kill()
            asyncio.get_running_loop().create_task(self._replace(worker))
            raise QueryTimeout(self.timeout) from None
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            asyncio.get_running_loop().create_task(self._replace(worker))
            return ("failed", "the SPARQL worker stopped unexpectedly; try again")
        self._idle.put_nowait(worker)
        return result
