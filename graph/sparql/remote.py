"""A SPARQL endpoint of a dedicated triple store behind the store interface.

`RemoteStore` answers `Store.query` by sending the query over the SPARQL 1.1 Protocol (Oxigraph
server's `/query`, Virtuoso's `/sparql`, Fuseki, GraphDB, ...) and reading the answer back into
the engine-neutral `Answer`: SELECT and ASK answers as SPARQL JSON, CONSTRUCT and DESCRIBE as
N-Triples or Turtle, each parsed by pyoxigraph. The plan's triples sit in one named graph of the
store (`actieplan publish --graph-iri`), which each query sees as its default graph
(`default-graph-uri`) unless the request names its own dataset.

Values bound to variables are written into the text (graph/sparql/substitution.py): the
protocol carries no bindings. Every failure of the store (refused connection, no answer within
the timeout, an HTTP error, an answer that is not SPARQL results) is a `StoreUnavailable` that
names the store and what went wrong; a syntax error the store reports (HTTP 400) is a
QueryError, as on the embedded engines.

`RemoteGraph` makes the same endpoint an rdflib graph, read-only: each triple pattern the pages
and the analytics ask becomes one SELECT, so the service holds no copy of the data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Generator, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.store import Store as RdflibStore
from rdflib.term import Identifier, Node

from actieplan.graph.sparql.graph_store import (
    AnswerTooLarge,
    Credentials,
    Endpoints,
    GraphStore,
    StoreError,
    redacted_url,
)
from actieplan.graph.sparql.store import (
    Answer,
    QueryError,
    QueryOptions,
    Store,
    answer_of,
)
from actieplan.graph.sparql.substitution import query_form, written_in

DEFAULT_TIMEOUT_SECONDS = 10.0
# Triples a remote graph keeps of the answers to recent triple patterns (a few MB).
DEFAULT_CACHE_TRIPLES = 50_000
# What is asked for each query form: a store may answer a CONSTRUCT in SPARQL JSON if allowed
# to (Virtuoso does, in its own dialect), so each form asks for its own formats only.
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
# The answers read, by media type (without parameters).
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}


GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


class StoreUnavailable(Exception):
    """The remote store cannot answer now: what the service turns into a 503."""


class StoreAnswerTooLarge(QueryError):
    """The store's answer is longer than this reader takes (`max_answer_bytes`)."""

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class RemoteStore(Store):
    engine = "remote"

    def __init__(
        self,
        query_url: str,
        graph_iri: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        credentials: Credentials | None = None,
        max_answer_bytes: int | None = None,
    ) -> None:
        self.query_url = query_url
        self.graph_iri = graph_iri
        self.timeout = timeout
        self.max_answer_bytes = max_answer_bytes
        self._client = GraphStore(Endpoints("", query_url, ""), credentials, timeout)

    def describe(self) -> str:
        """Which store and graph this reads, for /health, the pages and messages."""
        graph = f", graph <{self.graph_iri}>" if self.graph_iri else ""
        return f"SPARQL endpoint {redacted_url(self.query_url)}{graph}"

    def close(self) -> None:
        self._client.close()

    def _dataset(self, options: QueryOptions) -> list[tuple[str, str]]:
        if options.dataset is not None:
            return [("default-graph-uri", g) for g in options.dataset.default_graphs] + [
                ("named-graph-uri", g) for g in options.dataset.named_graphs
            ]
        return [("default-graph-uri", self.graph_iri)] if self.graph_iri else []

    def _query(self, sparql: str, options: QueryOptions) -> Answer:
        if options.bindings:
            sparql = written_in(sparql, options.bindings)
        if options.base_iri:
            sparql = f"BASE <{options.base_iri}>\n{sparql}"
        try:
            accept = GRAPH_ACCEPT if query_form(sparql) in GRAPH_FORMS else RESULTS_ACCEPT
            response = self._client.select(
                sparql, self._dataset(options), accept, self.max_answer_bytes
            )
        except AnswerTooLarge as error:
            raise StoreAnswerTooLarge(
                f"{self.describe()}: {error}; add a LIMIT to the query", error.limit
            ) from None
        except StoreError as error:
            if error.status == 400:
                raise QueryError(f"the store refused the query: {error}") from None
            raise StoreUnavailable(f"{self.describe()}: {error}") from None
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            return self._read(response.content, media_type, options.max_rows)
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreUnavailable(
                f"{self.describe()} answered {media_type or 'no media type'} that cannot be "
                f"read as SPARQL results: {' '.join(str(error).split())[:200]}"
            ) from None

    def _read(self, body: bytes, media_type: str, max_rows: int | None) -> Answer:
        if media_type in RESULT_FORMATS:
            return answer_of(ox.parse_query_results(body, RESULT_FORMATS[media_type]), max_rows)
        if media_type in GRAPH_FORMATS:
            return answer_of(ox.parse(body, GRAPH_FORMATS[media_type]), max_rows)
        raise ValueError(f"not a SPARQL results or RDF format: {body[:80]!r}")

    def __len__(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        if len(answer.rows) != 1 or not isinstance(answer.rows[0][0], Literal):
            raise StoreUnavailable(f"{self.describe()} answered no count of its triples")
        return int(answer.rows[0][0])

    def whole_graph(self) -> Graph:
        """Every triple of the graph, in memory: for what needs all of it at once (the SHACL
        report at start-up, the CLI's validate); dropped afterwards."""
        try:
            answer = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        except StoreAnswerTooLarge as error:
            raise StoreUnavailable(
                f"{self.describe()}: the graph is more than {error.limit} bytes, the most read "
                "from a store at once (raise the limit to read it)"
            ) from None
        graph = Graph()
        for triple in answer.triples or []:
            graph.add(triple)
        return graph


Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Node | None, Node | None]


class _RemoteTriples(RdflibStore):
    """rdflib's store interface over a RemoteStore: triple patterns become SELECTs."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, remote: RemoteStore, cache_triples: int) -> None:
        super().__init__()
        self.remote = remote
        self.cache_triples = cache_triples
        self._prefixes: dict[str, URIRef] = {}
        self._lock = threading.Lock()
        # Answers to patterns, least recently used first, at most `cache_triples` triples in
        # all: the pages ask the same labels and links again and again, and the data does not
        # change while the service runs (it reads the store's graph as of its start).
        self._cache: OrderedDict[Pattern, list[Triple]] = OrderedDict()
        self._cached = 0

    def triples(
        self, triple_pattern: tuple[Any, Any, Any], context: Graph | None = None
    ) -> Iterator[tuple[tuple[Node, Node, Node], Iterator[Graph | None]]]:
        for term in triple_pattern:
            if term is not None and not isinstance(term, Identifier):
                # a property path or a graph as a pattern: never asked by this project's code
                raise TypeError(f"a remote graph reads triple patterns of terms, not {term!r}")
        pattern: Pattern = tuple(triple_pattern)
        for triple in self._matches(pattern):
            yield triple, iter([None])

    def _matches(self, pattern: Pattern) -> list[Triple]:
        """The triples matching a pattern: from the cache, else one request to the store."""
        with self._lock:
            found = self._cache.get(pattern)
            if found is not None:
                self._cache.move_to_end(pattern)
                return found
        found = self._ask_store(pattern)
        with self._lock:
            if pattern not in self._cache and len(found) <= self.cache_triples:
                self._cache[pattern] = found
                self._cached += len(found) + 1
                while self._cached > self.cache_triples:
                    _, dropped = self._cache.popitem(last=False)
                    self._cached -= len(dropped) + 1
        return found

    def _ask_store(self, pattern: Pattern) -> list[Triple]:
        names = ("s", "p", "o")
        bound = {n: t for n, t in zip(names, pattern, strict=True) if t is not None}
        free = [n for n in names if n not in bound]
        where = " ".join(bound[n].n3() if n in bound else f"?{n}" for n in names)
        if not free:
            present = self.remote.query(f"ASK {{ {where} }}").boolean
            return [(bound["s"], bound["p"], bound["o"])] if present else []
        selected = " ".join(f"?{n}" for n in free)
        found: list[Triple] = []
        for row in self.remote.query(f"SELECT {selected} WHERE {{ {where} }}").rows:
            values = dict(bound)
            for name, term in zip(free, row, strict=True):
                if term is not None:  # a pattern's variables are always bound
                    values[name] = term
            found.append((values["s"], values["p"], values["o"]))
        return found

    def __len__(self, context: Graph | None = None) -> int:
        return len(self.remote)

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add(self, *_: Any, **__: Any) -> None:
        raise PermissionError("the remote store is read-only here")

    def remove(self, *_: Any, **__: Any) -> None:
        raise PermissionError("the remote store is read-only here")

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        with self._lock:
            if override or prefix not in self._prefixes:
                self._prefixes[prefix] = URIRef(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return next((p for p, n in self._prefixes.items() if n == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(list(self._prefixes.items()))


def remote_graph(
    remote: RemoteStore,
    prefixes: Mapping[str, str] | None = None,
    cache_triples: int = DEFAULT_CACHE_TRIPLES,
) -> Graph:
    """The remote store's graph as a read-only rdflib Graph that reads through SPARQL, keeping
    the answers to at most `cache_triples` triples of recent patterns."""
    graph = Graph(store=_RemoteTriples(remote, cache_triples), bind_namespaces="core")
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace)
    return graph
