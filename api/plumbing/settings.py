"""What `actieplan serve` was asked to serve, and how: the one place for every limit.

`Settings` holds each option's default and help text; `actieplan serve` builds its command-line
options from `LIMITS` below, so `--help` and the service cannot disagree (the manual's
"Security and limits", docs/publishing.md, lists the same limits by hand).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TypeVar

from actieplan.graph.sparql.safety import MAX_QUERY_BYTES, MAX_QUERY_NESTING, MAX_QUERY_TOKENS

SETTINGS_ENV = "ACTIEPLAN_SERVE_SETTINGS"  # JSON, for uvicorn worker processes
MIB = 1024 * 1024
Value = TypeVar("Value", int, float, bool)


def _limit(default: Value, help_text: str, option: str | None = None) -> Value:
    """A dataclass field that is also a command-line option of `actieplan serve`."""
    return field(default=default, metadata={"help": help_text, "option": option})


@dataclass
class Settings:
    graph_file: str | None = None  # a built graph; None: build `source` at start-up
    plan: str | None = None  # with a dataset of many plans as graph_file: the plan served
    source: str | None = None  # plan text (default: the vendored plan)
    base_iri: str | None = None
    allow_unknown: bool = False
    reference_layers: list[str] = field(default_factory=list)  # --reference folders, in order
    named_graphs: list[tuple[str, str]] = field(default_factory=list)  # (graph IRI, file)
    progress: str | None = None  # a follow-up ledger folder (graph/rdf/progress.py)
    engine: str = "oxigraph"
    cache: bool = True  # answer caches + ETag / 304
    # A triple store to read instead (`serve --store`): its SPARQL query URL, the named graph
    # of the data, and how long one request to it may take.
    store: str | None = None
    store_graph: str | None = None
    store_timeout: float = 10.0
    store_max_bytes: int = 256 * 1024 * 1024  # the whole graph, read once at start-up
    # Signing in to the store, when it asks: the files the secrets are read from, not secrets
    store_user: str | None = None
    store_password_file: str | None = None
    store_token_file: str | None = None

    # --- limits: each one a `serve` option (LIMITS) -------------------------------------
    # Two, one per core of the 2-core machine measured: three were no faster there, four slower,
    # and each holds its own copy of the graph (docs/publishing.md, bench/README.md).
    query_workers: int = _limit(
        2, "SPARQL worker processes per server process (each holds a copy of the graph)"
    )
    timeout: float = _limit(10.0, "seconds a SPARQL query may run before its worker is killed")
    max_rows: int = _limit(100_000, "most rows or triples in a SPARQL answer")
    max_answer_bytes: int = _limit(16 * MIB, "largest serialised SPARQL answer in bytes")
    max_body_bytes: int = _limit(1_000_000, "largest request body in bytes", "--max-body")
    # The query limits' defaults are the lexer's own (graph/sparql/safety.py), which
    # `actieplan sparql` checks with too.
    max_query_bytes: int = _limit(
        MAX_QUERY_BYTES, "largest SPARQL query text in bytes (UTF-8), in a body or a URL"
    )
    max_query_nesting: int = _limit(
        MAX_QUERY_NESTING,
        "deepest nesting of groups, brackets, prefix operators, operator "
        "chains and UNION/OPTIONAL/MINUS in a SPARQL query",
    )
    max_query_tokens: int = _limit(
        MAX_QUERY_TOKENS, "most tokens (words, names, operators) in a query"
    )
    worker_memory_mb: int = _limit(
        1024, "address space of one SPARQL worker in MiB; a query that needs more is stopped"
    )
    max_waiting: int = _limit(
        32, "SPARQL queries that may wait for a worker; more are refused with 503"
    )
    client_share: int = _limit(
        1, "SPARQL queries one client address may have running at once (the rest wait)"
    )
    # The pages' and JSON API's share (api/plumbing/client_share.py); /sparql has the above.
    page_share: int = _limit(
        2, "requests for pages and the JSON API one client address may have in work at once"
    )
    page_share_waiting: int = _limit(
        8,
        "requests for pages and the JSON API one client address may have waiting beyond its "
        "share; more are refused with 503",
    )
    page_workers: int = _limit(
        8,
        "requests for pages and the JSON API in work at once from all clients together "
        "(the rest wait, fairly between clients)",
    )
    page_max_waiting: int = _limit(
        64,
        "requests for pages and the JSON API that may wait, from all clients together; more "
        "are refused with 503",
    )
    behind_proxy: bool = _limit(
        False,
        "the service is behind a reverse proxy: a client's address is the one in "
        "X-Forwarded-For when the connection comes from FORWARDED_ALLOW_IPS (default "
        "127.0.0.1 and ::1); without it that header is ignored",
    )
    cache_bytes: int = _limit(64 * MIB, "memory for cached answers in bytes (0: no cache)")
    large_cache_bytes: int = _limit(
        256 * MIB,
        "memory in bytes for computed answers too large for a quarter of --cache-bytes, such as "
        "a named question asked of many plans (0: not kept)",
    )
    max_url_bytes: int = _limit(
        16_384, "longest request target (path and query) in bytes; longer gets 414"
    )
    max_header_bytes: int = _limit(
        32_768,
        "largest total size of the request headers in bytes "
        "(each line: name + value + 4); larger gets 431",
    )
    head_seconds: float = _limit(
        10.0,
        "seconds a request head (request line and headers) may take from the connection's "
        "start, or from its first byte on a kept-alive connection; slower gets 408 and is closed",
    )
    keep_alive_seconds: int = _limit(
        5, "seconds a kept-alive connection may wait for its next request before it is closed"
    )
    max_idle_connections: int = _limit(
        256,
        "open connections per server process that are not being answered (reading a head, or "
        "waiting for the next request); a new connection beyond them is closed at once",
    )
    require_isolation: bool = _limit(
        False,
        "refuse to start when the SPARQL workers cannot be cut off from the network "
        "(by default the server starts and warns)",
    )

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        raw = os.environ.get(SETTINGS_ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["named_graphs"] = [tuple(pair) for pair in data.get("named_graphs", [])]
        return cls(**data)

    def describe(self) -> str:
        if self.store:
            return f"the graph <{self.store_graph}> of the SPARQL endpoint {self.store}"
        what = self.graph_file or f"built from {self.source or 'the vendored plan'}"
        if self.plan:
            what += f" (plan {self.plan})"
        if self.reference_layers and not self.graph_file:
            what += f" with {len(self.reference_layers)} reference layer(s)"
        if self.named_graphs:
            what += f" + {len(self.named_graphs)} named graph(s)"
        if self.progress:
            what += f" + the progress updates in {self.progress}"
        return what

    def check(self) -> list[str]:
        """Problems a user can fix before anything starts."""
        problems = []
        if self.graph_file and not Path(self.graph_file).is_file():
            problems.append(f"--graph {self.graph_file}: no such file")
        for name, path in self.named_graphs:
            if not Path(path).is_file():
                problems.append(f"--named-graph {name}={path}: no such file")
        if self.progress and not Path(self.progress).is_dir():
            problems.append(f"--progress {self.progress}: no such folder")
        if self.store and self.progress:
            problems.append("--progress reads a ledger with --graph / --source, not --store")
        if self.store and self.require_isolation:
            problems.append(
                "--require-isolation applies to the embedded store's query workers; with "
                "--store the queries run in the triple store"
            )
        for limit in LIMITS:
            value = getattr(self, limit.name)
            if not isinstance(value, bool) and value <= 0 and limit.name not in CACHES:
                problems.append(f"{option_name(limit.name)} must be positive (got {value})")
        return problems


LIMITS = [f for f in fields(Settings) if "help" in f.metadata]
CACHES = ("cache_bytes", "large_cache_bytes")  # the limits that may be 0


def option_name(setting: str) -> str:
    """The `serve` option of a setting: `max_rows` -> `--max-rows`."""
    for limit in LIMITS:
        option = limit.metadata.get("option")
        if limit.name == setting and isinstance(option, str):
            return option
    return "--" + setting.replace("_", "-")
