"""Run SPARQL queries from the outside world, and the named questions of the pages and the JSON
API (api/readmodel/questions.py), in worker processes that can be killed.

Neither engine can interrupt a running query, so a query that runs past the timeout is
stopped by killing its worker process; a fresh worker takes its place while the other workers
keep answering. Each worker holds its own copy of the store (loaded from N-Triples), or opens
a dataset's on-disk store read-only (`WorkerData`), and returns serialised bytes, so only
small messages cross the process boundary.

Every worker is confined (api/plumbing/worker_sandbox.py) before it loads anything: no network, an
address-space cap (`memory_mb`). A query that needs more memory ends in its worker (a
MemoryError, or an abort in Oxigraph's Rust code) and the worker is replaced; an answer larger
than `max_answer_bytes` is refused in the worker and never reaches the server process.

Queries are checked (graph/sparql/safety.py, with the size, nesting and token limits) in the
worker, before its engine sees them: there the check runs in parallel with the other workers
and under the query's timeout, not in the server process that every request passes through.
The server process waits for a worker's reply in its event loop, with no thread per query,
and hands the worker the next waiting query in the callback that read the reply: not after
the coroutines of the answered request and of the next one have run (each a turn of the
event loop, among the other requests' work), while the worker would idle. So one worker per
core keeps the cores busy: `--query-workers` is 2 for a 2-core machine, where three were no
faster in alternating runs and four slower (bench/README.md, "The hand-off"), and each holds a
copy of the graph.

Scheduling is fair between clients: a client (an address) has at most `client_share` queries
running at once; its other queries wait in a list of at most `max_waiting` queries, shared by
all clients. A worker that comes free goes to the waiting client with the fewest queries
running, then the one served least recently, then the oldest query: a client that keeps every
worker busy with back-to-back slow queries is served in turn with the others, not before
them. A full list makes room for a newcomer by refusing the newest query of the client that
has the most waiting; a query refused, or one that waits longer than twice the timeout (a
worker that comes free may first need replacing), gets PoolBusy (503 with Retry-After).

A worker that dies (killed, a crash, out of memory) is always replaced: the replacement is
started by a task the pool keeps, retried with back-off while it fails, and an idle worker
found dead is replaced before it is handed out.

Why one module of some 700 lines: the worker's side (its loop, its limits) and the pool's side
(starting, killing, replacing, the fair queue) speak one message protocol over one pipe and
share the timeout and replacement rules; split, each half would only make sense with the other
open beside it.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection

from rdflib import Literal
from rdflib.term import Identifier

from actieplan.api.plumbing.settings import Settings
from actieplan.api.plumbing.worker_sandbox import Isolation
from actieplan.graph.sparql.dataset_index import DatasetIndex
from actieplan.graph.sparql.results import CANONICAL_TYPE, serialise
from actieplan.graph.sparql.safety import PassedChecks, QueryLimits, UnsafeQuery
from actieplan.graph.sparql.store import (
    WRITTEN_FORMATS,
    Answer,
    AnswerTooLarge,
    CappedOutput,
    OxigraphStore,
    QueryDataset,
    QueryError,
    QueryOptions,
    ResultTooLarge,
    Store,
)

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a threaded server process
# A spawned worker imports the server's main module first (`actieplan`: the command line, which
# imports openpyxl, which imports numpy where it is installed), before `confine` runs; OpenBLAS
# (numpy) and OpenMP start their thread pools at import, and a worker with a second thread
# cannot be moved into a network namespace. One thread each, set for the workers' environment.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
DEFAULT = Settings()  # the defaults of every limit (one place: api.settings)
START_SECONDS = 120.0  # loading the graphs into a fresh worker on a slow machine
STDERR_TAIL = 4096  # bytes of a worker's stderr kept to tell why it died
RETRY_SECONDS = (1.0, 30.0)  # first and longest wait before starting a failed worker again
# Oxigraph (Rust) aborts the process when an allocation fails under the address-space cap.
_RUST_OUT_OF_MEMORY = b"memory allocation of "


class QueryTimeout(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran longer than {seconds:g} s and was stopped")
        self.seconds = seconds


class LateAnswer(QueryTimeout):
    """The worker answered, but later than the timeout: the server process was not scheduled
    in time to stop it (a busy machine). Refused like a query that ran too long, so the limit
    holds however busy the machine is; the worker is idle again and stays."""


class PoolBusy(Exception):
    """No worker for this query now: the waiting list is full, or no worker came free in
    time. `retry_after`: seconds after which trying again is sensible."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))


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
    # Values the engine binds to variables before the query runs (`Store.query`'s bindings):
    # the parameters of a named question (graph/sparql/library.py); the text is not changed.
    bindings: dict[str, Identifier] | None = None
    # The most bytes its answer may have, when not the workers' `max_answer_bytes`
    max_answer_bytes: int | None = None


@dataclass(frozen=True)
class QueryReply:
    body: bytes
    media_type: str
    kind: str  # solutions, boolean, graph


def query_limits(settings: Settings) -> QueryLimits:
    """The limits the query check enforces, from the serve settings."""
    return QueryLimits(
        settings.max_query_bytes, settings.max_query_nesting, settings.max_query_tokens
    )


@dataclass(frozen=True)
class WorkerOptions:
    """What every worker of a pool is told at start."""

    engine: str = DEFAULT.engine
    memory_mb: int = DEFAULT.worker_memory_mb
    max_answer_bytes: int = DEFAULT.max_answer_bytes
    limits: QueryLimits = field(default_factory=lambda: query_limits(DEFAULT))
    # False only in tests/service/test_worker_sandbox.py, to hand a worker a SERVICE query and see
    # that the second wall holds without the first: no query check in the pool or worker.
    check_queries: bool = True


def memory_message(memory_mb: int) -> str:
    return (
        f"the query needed more memory than a SPARQL worker may use (--worker-memory-mb "
        f"{memory_mb} MiB) and was stopped; narrow the query (a LIMIT, fewer joins, "
        "shorter strings)"
    )


def refusal(error: UnsafeQuery) -> tuple[str, str]:
    """(status, message) of a query the check refused."""
    status = {"update": "unsafe-update", "syntax": "syntax"}.get(error.kind, "unsafe")
    return status, str(error)


def _literal_text(answer: Answer, limit: int) -> int:
    """Characters of the literals in an answer, counted until they pass `limit`. Every
    result format writes each literal's text in full, so this is a lower bound of the size of
    the serialised answer, known before serialising it."""
    total = 0
    for row in answer.triples if answer.triples is not None else answer.rows:
        for term in row:
            if isinstance(term, Literal):
                total += len(term)
        if total > limit:
            break
    return total


def _answer_too_large(size: int | None, limit: int) -> tuple[str, str]:
    """The refusal of an answer of `size` bytes (None: not known, as the writer stopped at the
    limit or the answer's literals alone are larger)."""
    what = f"is {size} bytes, more" if size is not None else "is larger"
    return (
        "answer-too-large",
        f"the answer {what} than the {limit} bytes an answer may have "
        "(--max-answer-bytes); add a LIMIT to the query or select fewer or shorter values",
    )


def _answer(store: Store, request: QueryRequest, limit: int) -> tuple[str, object]:
    """Run a request in a worker: ("ok", QueryReply) or an "answer-too-large" refusal. Solutions
    and booleans in JSON or XML from the Oxigraph engine are written by pyoxigraph straight into
    a buffer capped at `limit` bytes; the other answers become rdflib terms and are written by
    graph/sparql/results.py. The base goes to the engine, not into the text: error positions
    are the client's."""
    options = QueryOptions(
        request.dataset, request.max_rows, request.bindings or {}, request.base_iri
    )
    fmt = request.solutions_format
    if isinstance(store, OxigraphStore) and fmt in WRITTEN_FORMATS:
        output = CappedOutput(limit)
        try:
            written = store.write(request.query, fmt, output, options)
        except AnswerTooLarge:
            return _answer_too_large(None, limit)
        if isinstance(written, str):
            return "ok", QueryReply(output.getvalue(), CANONICAL_TYPE[("solutions", fmt)], written)
        answer = written
    else:
        answer = store.query(
            request.query,
            dataset=request.dataset,
            max_rows=request.max_rows,
            base_iri=request.base_iri,
            bindings=request.bindings,
        )
    if _literal_text(answer, limit) > limit:
        return _answer_too_large(None, limit)
    fmt = request.graph_format if answer.kind == "graph" else fmt
    body, media_type = serialise(answer, fmt)
    if len(body) > limit:
        return _answer_too_large(len(body), limit)
    return "ok", QueryReply(body, media_type, answer.kind)


def answer_request(
    store: Store, request: QueryRequest, options: WorkerOptions, checks: PassedChecks
) -> tuple[str, object]:
    """(status, payload) of one request: ("ok", QueryReply), or a refusal the client is told
    of ("too-large", "unsafe", "unsafe-update", "syntax", "answer-too-large"). Anything else
    the store raises passes on. `checks`: the safety check with its memory of passed texts
    (one per worker, with `options.limits`)."""
    try:
        if options.check_queries:
            checks.check(request.query)
        return _answer(store, request, request.max_answer_bytes or options.max_answer_bytes)
    except ResultTooLarge as error:
        return "too-large", str(error)
    except UnsafeQuery as error:
        return refusal(error)
    except QueryError as error:
        return "syntax", str(error)


def _out_of_memory(error: BaseException | None) -> bool:
    """A MemoryError, or an error raised because of one (rdflib's store wraps them)."""
    while error is not None:
        if isinstance(error, MemoryError):
            return True
        error = error.__cause__ or error.__context__
    return False


def _send_reply(fd: int, reply: tuple[str, object]) -> None:
    """Send a reply on the pipe's descriptor `fd` as `Connection.send` frames it
    (`_ReplyReader` reads it), in one write: `Connection.send` writes the length and, for a
    message over 16 KiB, the pickle in a second write, and the server process, woken by the
    first, would read the 4 bytes of the length alone and wait to be woken again. A plain
    writev: the audit hook (worker_sandbox.py) refuses socket.sendmsg in a worker."""
    payload = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
    size = len(payload)
    header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
    sent = os.writev(fd, [header, payload])
    if sent < len(header) + size:  # a partial write (a signal, a full pipe): the rest
        rest = memoryview(header + payload)[sent:]
        while rest:
            rest = rest[os.write(fd, rest) :]


# What a worker reads: graphs as N-Triples (default graph first named None), each parsed into
# its own store; or a dataset of many plans' on-disk store, which every worker opens read-only
# (graph/sparql/dataset_index.py): no copy of the data per worker.
WorkerData = list[tuple[str | None, bytes]] | DatasetIndex
# Address space an on-disk store takes besides the worker's queries, none of it memory in use:
# RocksDB reserves some 400 MiB when it opens, and each of its threads a stack and a malloc
# arena (64 MiB each); measured in /proc/PID/status (VmSize), rounded up.
STORE_ADDRESS_SPACE_MB = 1024


def _open_worker_store(data: WorkerData, engine: str) -> Store:
    if isinstance(data, DatasetIndex):
        return data.store(with_summary=True)
    from rdflib import Graph

    from actieplan.graph.sparql.store import open_store

    parsed = []
    for name, ntriples in data:
        graph = Graph()
        graph.parse(data=ntriples.decode("utf-8"), format="nt")
        parsed.append((name, graph))
    default = next(g for n, g in parsed if n is None)
    return open_store(default, engine, [(n, g) for n, g in parsed if n is not None])


def _worker_main(
    connection: Connection,
    stderr: Connection,
    graphs: WorkerData,
    options: WorkerOptions,
) -> None:
    """Worker process: confine itself, load the graphs, answer requests until the pipe
    closes. Its stderr goes to the pool (which keeps the end, to tell why a worker died)."""
    os.dup2(stderr.fileno(), 2)
    stderr.close()
    # Oxigraph's abort on a failed allocation must stay the one line the pool looks for: with
    # RUST_BACKTRACE set, Rust tries to print a backtrace first, which needs memory itself.
    os.environ["RUST_BACKTRACE"] = "0"
    from actieplan.api.plumbing.worker_sandbox import confine

    extra = STORE_ADDRESS_SPACE_MB if isinstance(graphs, DatasetIndex) else 0
    isolation = confine(options.memory_mb + extra)  # before anything is loaded
    try:
        store = _open_worker_store(graphs, options.engine)
        # a dataset's store knows its size; counting it would read every quad
        size = graphs.triples if isinstance(graphs, DatasetIndex) else len(store)
        del graphs
    except MemoryError:
        connection.send(
            (
                "start-failed",
                "the graphs need more memory than a worker may use "
                f"(--worker-memory-mb {options.memory_mb})",
            )
        )
        return
    except Exception as error:
        connection.send(("start-failed", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready", size, isolation))
    checks = PassedChecks(options.limits)
    while True:
        try:
            request: QueryRequest = connection.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, object]
        try:
            reply = answer_request(store, request, options, checks)
        except Exception as error:  # MemoryError is an Exception too
            if _out_of_memory(error):
                del error  # and its traceback, which holds the answer being written
                connection.send(("memory", memory_message(options.memory_mb)))
                return  # the pool replaces this worker: its heap may be in pieces
            # a bug or an engine failure: report, keep serving
            reply = ("failed", f"{type(error).__name__}: {error}")
        _send_reply(connection.fileno(), reply)


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None:
        return "it did not exit"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


class _ReplyReader:
    """One message of a worker's pipe, read by the event loop as it arrives: the framing of
    multiprocessing's `Connection.send_bytes` (a 4-byte big-endian length, or -1 and an 8-byte
    one), then the pickled reply. One non-blocking read each time the pipe is readable: the
    first usually holds the whole reply; a longer one is received straight into a buffer of
    its size. `done` is called once, with the message or the error (`fail`), from the loop's
    callback that read it: the pool can hand the worker its next query in the same turn of
    the loop, before anything else runs."""

    FIRST_READ = 65_536

    def __init__(
        self, pipe: socket.socket, done: Callable[[bytes | bytearray | BaseException], None]
    ) -> None:
        self.pipe, self._done = pipe, done
        self.finished = False
        self._head = b""
        self._body: bytearray | None = None
        self._filled = 0

    def read(self) -> None:
        """Called by the loop when the pipe is readable."""
        if self.finished:
            return
        try:
            if self._body is None:
                self._read_first()
            else:
                self._read_more(self._body)
        except (BlockingIOError, InterruptedError):
            return
        except (EOFError, OSError) as error:
            self.fail(error)

    def fail(self, error: BaseException) -> None:
        """End the read with `error` (the timeout, a dead worker), unless it has ended."""
        self._finish(error)

    def _finish(self, outcome: bytes | bytearray | BaseException) -> None:
        if not self.finished:
            self.finished = True
            self._done(outcome)

    def _read_first(self) -> None:
        chunk = self._head + self.pipe.recv(self.FIRST_READ, socket.MSG_DONTWAIT)
        if len(chunk) == len(self._head):
            raise EOFError("the worker closed its pipe")
        (size,) = struct.unpack("!i", chunk[:4]) if len(chunk) >= 4 else (None,)
        start = 4
        if size == -1:  # a message of 2 GiB or more
            (size,) = struct.unpack("!Q", chunk[4:12]) if len(chunk) >= 12 else (None,)
            start = 12
        if size is None:  # the length itself came in pieces
            self._head = chunk
            return
        if len(chunk) - start >= size:
            self._finish(chunk[start : start + size])
            return
        self._body = bytearray(size)
        self._body[: len(chunk) - start] = chunk[start:]
        self._filled = len(chunk) - start

    def _read_more(self, body: bytearray) -> None:
        view = memoryview(body)[self._filled :]
        filled = self.pipe.recv_into(view, len(view), socket.MSG_DONTWAIT)
        if not filled:
            raise EOFError("the worker closed its pipe")
        self._filled += filled
        if self._filled == len(body):
            self._finish(body)


class Worker:
    """One worker process, its request pipe and the tail of its stderr."""

    def __init__(
        self,
        graphs: WorkerData,
        options: WorkerOptions,
        on_exit: Callable[[Worker], None] | None = None,
    ) -> None:
        """`on_exit(worker)` is called (from another thread) once the process has ended."""
        self.options = options
        self._on_exit = on_exit
        self.connection, child = _CONTEXT.Pipe()
        stderr_in, stderr_out = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(
            target=_worker_main,
            args=(child, stderr_out, graphs, options),
            daemon=True,
            name="sparql-worker",
        )
        self.process.start()
        child.close()
        stderr_out.close()
        # The pool's end of the request pipe (a socket pair), for replies read without blocking
        # by the event loop (`call`); its own descriptor, closed with the connection.
        self._pipe = socket.socket(fileno=os.dup(self.connection.fileno()))
        self.isolation: Isolation | None = None
        self._reading: _ReplyReader | None = None  # the reply to the query it runs, if any
        self._stderr_tail = b""
        self._reader = threading.Thread(
            target=self._read_stderr, args=(stderr_in,), daemon=True, name="sparql-worker-stderr"
        )
        self._reader.start()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def _read_stderr(self, pipe: Connection) -> None:
        """Keep the last STDERR_TAIL bytes the worker wrote, until it exits (the end of the
        pipe: only the worker holds its other end); then call on_exit."""
        with pipe:
            while True:
                try:
                    chunk = os.read(pipe.fileno(), 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self._stderr_tail = (self._stderr_tail + chunk)[-STDERR_TAIL:]
        if self._on_exit is not None:
            self._on_exit(self)

    def stderr_tail(self, wait: float = 1.0) -> str:
        """What the worker wrote last on stderr (waiting for the end once it has exited)."""
        if not self.process.is_alive():
            self._reader.join(wait)
        return self._stderr_tail.decode("utf-8", "replace")

    def wait_ready(self, seconds: float = START_SECONDS) -> Isolation:
        """Wait for the worker to load the graphs; RuntimeError if it does not."""
        try:
            if not self.connection.poll(seconds):
                raise RuntimeError(f"a SPARQL worker did not start within {seconds:g} s")
            message = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(5)
            message = (
                "start-failed",
                f"{_signal_name(self.process.exitcode)}: {self.stderr_tail().strip()[-500:]}",
            )
        except RuntimeError:
            self.kill()
            raise
        if message[0] != "ready":
            self.kill()
            raise RuntimeError(f"a SPARQL worker did not start: {message[1]}")
        self.isolation = message[2]
        return self.isolation

    def is_alive(self) -> bool:
        return self.process.is_alive() and not self.connection.closed

    def send(
        self,
        request: QueryRequest,
        timeout: float,
        done: Callable[[tuple[str, object] | BaseException], None],
    ) -> None:
        """Send one request; `done` is called from the event loop with the reply, or with
        QueryTimeout when it has not come `timeout` seconds after the request was sent
        (LateAnswer when it came later than that), or EOFError / OSError if the worker dies
        (also raised here, when the pipe is already closed). The send (a query of at most
        --max-query-bytes) does not wait for the worker: an idle worker is blocked reading its
        end of the pipe."""
        loop = asyncio.get_running_loop()
        fd = self._pipe.fileno()  # the number: `kill` closes the socket
        sent = loop.time()

        def finish(outcome: bytes | bytearray | BaseException) -> None:
            loop.remove_reader(fd)
            late.cancel()
            self._reading = None
            if isinstance(outcome, BaseException):
                done(outcome)
            # The reply and the timer can come due in one turn of the loop, and the reply is
            # read first: what came after the timeout is refused all the same.
            elif loop.time() - sent > timeout:
                done(LateAnswer(timeout))
            else:
                done(pickle.loads(outcome))

        reader = _ReplyReader(self._pipe, finish)
        self.connection.send(request)
        late = loop.call_later(timeout, reader.fail, QueryTimeout(timeout))
        loop.add_reader(fd, reader.read)
        self._reading = reader

    def kill(self, wait: bool = True) -> None:
        """SIGKILL; with `wait`, also reap the process (which may take a moment for a large
        one: not in the event loop)."""
        if self.process.exitcode is None:
            self.process.kill()
        if self._reading is not None:  # the query it was running gets EOFError
            self._reading.fail(EOFError("the worker was stopped"))
        self.connection.close()
        self._pipe.close()
        if wait:
            self.process.join(5)

    def why_it_died(self) -> tuple[str, str]:
        """(status, message) for the query that was running when this worker died."""
        self.process.join(5)
        tail = self.stderr_tail()
        if _RUST_OUT_OF_MEMORY.decode() in tail or "MemoryError" in tail:
            return "memory", memory_message(self.options.memory_mb)
        return "crashed", (
            f"the SPARQL worker running this query stopped unexpectedly "
            f"({_signal_name(self.process.exitcode)}); it has been replaced. "
            "If the query is very long or deeply nested, simplify it"
        )


@dataclass(eq=False)
class _Query:
    """A query of `QueryPool.run`: waiting for a worker, then running in `worker`, then
    `finished` (its outcome is in `future`, unless the one waiting for it gave up)."""

    client: str
    request: QueryRequest
    future: asyncio.Future[tuple[str, object]]
    expiry: asyncio.TimerHandle | None = None  # PoolBusy if still waiting then
    worker: Worker | None = None
    finished: bool = False

    def settle(self, outcome: tuple[str, object] | BaseException) -> None:
        self.finished = True
        if self.future.done():  # the one waiting for it was cancelled
            return
        if isinstance(outcome, BaseException):
            self.future.set_exception(outcome)
        else:
            self.future.set_result(outcome)


class QueryPool:
    """A fixed number of workers, shared fairly between clients; see the module docstring."""

    def __init__(
        self,
        graphs: WorkerData,
        engine: str = DEFAULT.engine,
        size: int = DEFAULT.query_workers,
        timeout: float = DEFAULT.timeout,
        max_rows: int | None = DEFAULT.max_rows,
        *,
        memory_mb: int = DEFAULT.worker_memory_mb,
        max_answer_bytes: int = DEFAULT.max_answer_bytes,
        limits: QueryLimits | None = None,
        max_waiting: int = DEFAULT.max_waiting,
        client_share: int = DEFAULT.client_share,
        check_queries: bool = True,
    ) -> None:
        self.graphs, self.size = graphs, size
        self.timeout, self.max_rows = timeout, max_rows
        self.max_waiting, self.client_share = max_waiting, client_share
        self.options = WorkerOptions(
            engine, memory_mb, max_answer_bytes, limits or query_limits(DEFAULT), check_queries
        )
        self.isolation: Isolation | None = None  # the first worker's; a later one may lower it
        self._workers: list[Worker] = []  # alive or being replaced
        self._idle: list[Worker] = []
        self._waiting: deque[_Query] = deque()
        self._running: Counter[str] = Counter()  # client -> queries running now
        self._served: dict[str, int] = {}  # client -> turn it was last given a worker
        self._turn = 0
        # How long a query may wait for a worker: a worker that comes free may first have to
        # be replaced (a query ran into the timeout), which takes a second or two.
        self.max_wait = 2 * timeout
        self._replacements: set[asyncio.Task[None]] = set()
        self._starting: set[Worker] = set()  # started, not ready yet
        self._stopping = False
        self.replaced = 0  # workers replaced since start (for tests and logs)

    @classmethod
    def from_settings(cls, graphs: WorkerData, settings: Settings) -> QueryPool:
        return cls(
            graphs,
            settings.engine,
            size=settings.query_workers,
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            memory_mb=settings.worker_memory_mb,
            max_answer_bytes=settings.max_answer_bytes,
            limits=query_limits(settings),
            max_waiting=settings.max_waiting,
            client_share=settings.client_share,
        )

    @property
    def engine(self) -> str:
        return self.options.engine

    @property
    def worker_pids(self) -> list[int]:
        return [w.pid for w in self._workers if w.pid is not None]

    # --- starting and replacing workers ----------------------------------------------------

    async def _start_worker(self) -> Worker:
        """A ready worker; RuntimeError if it did not start. The process is started from the
        event loop's thread (a child of the server's main thread, as /proc lists it); the
        wait for it to load the graphs is in another thread."""
        loop = asyncio.get_running_loop()

        def exited(worker: Worker) -> None:
            try:
                loop.call_soon_threadsafe(self._exited, worker)
            except RuntimeError:  # the loop is closed: the server has stopped
                pass

        worker = Worker(self.graphs, self.options, exited)
        self._starting.add(worker)
        try:
            isolation = await asyncio.to_thread(worker.wait_ready)
        finally:
            self._starting.discard(worker)
        if self.isolation is not None and self.isolation.isolated and not isolation.isolated:
            self.isolation = isolation
            _log(f"warning: a new SPARQL worker is NOT cut off from the network: {isolation.how}")
        return worker

    async def start(self) -> None:
        """Start every worker; RuntimeError (after stopping the others) if one fails."""
        self._stopping = False
        for name, value in SINGLE_THREADED.items():  # inherited by every worker started
            os.environ.setdefault(name, value)
        results = await asyncio.gather(
            *(self._start_worker() for _ in range(self.size)), return_exceptions=True
        )
        workers = [r for r in results if isinstance(r, Worker)]
        failures = [r for r in results if not isinstance(r, Worker)]
        if failures:
            for worker in workers:
                worker.kill()
            raise failures[0]
        self._workers, self._idle = list(workers), list(workers)
        not_isolated = [w.isolation for w in workers if w.isolation and not w.isolation.isolated]
        self.isolation = not_isolated[0] if not_isolated else workers[0].isolation

    async def stop(self) -> None:
        self._stopping = True
        for query in self._waiting:
            if query.expiry is not None:
                query.expiry.cancel()
            query.settle(PoolBusy("the server is shutting down", 5))
        self._waiting.clear()
        for worker in self._workers:
            worker.kill()  # a query running in it: `_finished` says the server is stopping
        self._workers.clear()
        self._idle.clear()
        for worker in list(self._starting):
            worker.kill()
        for task in list(self._replacements):
            task.cancel()
        if self._replacements:
            await asyncio.wait(self._replacements, timeout=5)

    def _exited(self, worker: Worker) -> None:
        """A worker process ended. Idle, nobody else would notice: replace it now (a busy
        one is replaced by the query that was running in it; a retired one already was)."""
        if worker in self._idle:
            _log(f"a SPARQL worker (pid {worker.pid}) ended while idle; starting another")
            self._retire(worker)

    def _retire(self, worker: Worker) -> None:
        """Kill a dead or stuck worker and start its replacement (kept in a task)."""
        worker.kill(wait=False)
        if worker in self._workers:
            self._workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        if self._stopping:
            return
        task = asyncio.get_running_loop().create_task(
            self._replace(worker), name="sparql-worker-replacement"
        )
        self._replacements.add(task)
        task.add_done_callback(self._replacements.discard)

    async def _replace(self, dead: Worker) -> None:
        """Start a worker in place of a dead one, retrying with back-off until it starts."""
        await asyncio.to_thread(dead.process.join, 5)
        delay = RETRY_SECONDS[0]
        while not self._stopping:
            try:
                worker = await self._start_worker()
            except Exception as error:
                _log(
                    f"error: a replacement SPARQL worker did not start ({error}); the pool "
                    f"has {len(self._workers)} of {self.size} workers; retrying in "
                    f"{delay:g} s"
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_SECONDS[1])
                continue
            if self._stopping:
                worker.kill()
                return
            self.replaced += 1
            self._workers.append(worker)
            self._idle.append(worker)
            self._dispatch()
            return

    # --- scheduling ------------------------------------------------------------------------

    def _next_waiter(self) -> _Query | None:
        """The waiting query to run next: of the clients under their share, the one with the
        fewest queries running, then the one served least recently (never, or not since it
        last had nothing waiting or running, counts as longest ago); its oldest query."""
        best, best_rank = None, None
        for query in self._waiting:  # oldest first
            running = self._running[query.client]
            if running >= self.client_share:
                continue
            rank = (running, self._served.get(query.client, -1))
            if best_rank is None or rank < best_rank:
                best, best_rank = query, rank
        return best

    def _dispatch(self) -> None:
        """Send waiting queries to idle workers, fairly between clients (_next_waiter). Called
        where a worker comes free: in the callback that read its reply, so the worker gets its
        next query in the same turn of the event loop, not after the coroutines waiting on
        the reply and on the worker have run (a worker idle meanwhile is a core unused)."""
        while self._idle and self._waiting:
            query = self._next_waiter()
            if query is None:
                return
            worker = self._idle.pop()
            if not worker.is_alive():  # died while idle (killed from outside)
                self._retire(worker)
                continue
            self._waiting.remove(query)
            if query.expiry is not None:
                query.expiry.cancel()
            self._running[query.client] += 1
            self._turn += 1
            self._served[query.client] = self._turn
            query.worker = worker
            try:
                worker.send(query.request, self.timeout, partial(self._finished, query))
            except (EOFError, OSError) as error:  # it died since: `run` reports and replaces
                self._finished(query, error)

    def _finished(self, query: _Query, outcome: tuple[str, object] | BaseException) -> None:
        """A query's worker answered, ran out of time or died: keep or retire the worker, then
        hand it (or the next idle one) the next waiting query, then wake the query's `run`."""
        worker, client = query.worker, query.client
        if query.finished:  # given up by `run` (cancelled), which retired the worker
            return
        if self._stopping:
            outcome = PoolBusy("the server is shutting down", 5)
        elif isinstance(outcome, LateAnswer):  # the worker finished: kept
            self._release(worker, client)
            outcome = QueryTimeout(self.timeout)
        elif isinstance(outcome, QueryTimeout):
            assert worker is not None
            self._retire(worker)
            self._release(None, client)
        elif isinstance(outcome, BaseException):
            pass  # a dead worker: `run` asks why, then retires it
        elif outcome[0] == "memory":
            assert worker is not None
            self._retire(worker)  # it exits after saying so
            self._release(None, client)
        else:
            self._release(worker, client)
        query.settle(outcome)

    def _forget_idle_clients(self) -> None:
        """Keep `_served` to clients with a query waiting or running (bounded memory)."""
        present = set(self._running) | {q.client for q in self._waiting}
        for client in [c for c in self._served if c not in present]:
            del self._served[client]

    def _make_room(self, client: str) -> None:
        """Refuse the newest waiting query of the client with the most waiting, if it has
        more than `client` would have; else PoolBusy for the newcomer."""
        counts = Counter(q.client for q in self._waiting)
        greedy, most = counts.most_common(1)[0]
        if most <= counts[client] + 1:
            raise PoolBusy(
                f"{len(self._waiting)} SPARQL queries are waiting for a worker, "
                "the most this server lets wait; try again shortly",
                self.timeout,
            )
        victim = next(q for q in reversed(self._waiting) if q.client == greedy)
        self._waiting.remove(victim)
        if victim.expiry is not None:
            victim.expiry.cancel()
        victim.settle(
            PoolBusy(
                "too many of this client's SPARQL queries are waiting for a worker while others "
                "wait too; send fewer at once",
                self.timeout,
            )
        )

    def _expire(self, query: _Query) -> None:
        """A query that waited `max_wait` for a worker: PoolBusy."""
        if query in self._waiting:
            self._waiting.remove(query)
            self._forget_idle_clients()
            query.settle(
                PoolBusy(
                    f"no SPARQL worker came free for this query within {self.max_wait:g} s "
                    "(every worker is busy); try again shortly",
                    self.timeout,
                )
            )

    def _release(self, worker: Worker | None, client: str) -> None:
        self._running[client] -= 1
        if self._running[client] <= 0:
            del self._running[client]
        if worker is not None:
            self._idle.append(worker)
        self._dispatch()
        self._forget_idle_clients()

    async def run(self, request: QueryRequest, client: str = "") -> tuple[str, object]:
        """(status, payload): ("ok", QueryReply) or (error kind, message). Raises
        QueryTimeout (the query ran too long) and PoolBusy (no worker for it now)."""
        if len(self._waiting) >= self.max_waiting:
            self._make_room(client)
        loop = asyncio.get_running_loop()
        query = _Query(client, request, loop.create_future())
        query.expiry = loop.call_later(self.max_wait, self._expire, query)
        self._waiting.append(query)
        self._dispatch()
        try:
            return await query.future
        except (EOFError, OSError) as error:
            worker = query.worker
            assert worker is not None
            try:
                result = await asyncio.to_thread(worker.why_it_died)
            finally:  # replaced even if this caller is cancelled meanwhile
                self._retire(worker)
                self._release(None, client)
            _log(
                f"a SPARQL worker (pid {worker.pid}) died running a query: {result[1]} "
                f"({type(error).__name__}); its last words: "
                f"{worker.stderr_tail(0).strip()[-300:]!r}"
            )
            return result
        except asyncio.CancelledError:
            if query.expiry is not None:
                query.expiry.cancel()
            if query in self._waiting:  # not started
                self._waiting.remove(query)
                self._forget_idle_clients()
            elif query.worker is not None and not query.finished:
                query.finished = True  # mid-query: the worker's state is unknown
                self._retire(query.worker)
                self._release(None, client)
            raise


def _log(message: str) -> None:
    print(f"actieplan serve: {message}", file=sys.stderr, flush=True)
