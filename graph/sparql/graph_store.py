"""Publishing graphs into a SPARQL 1.1 Graph Store Protocol endpoint, replacing each named
graph all at once.

Each graph goes first into a temporary named graph of its own (`urn:actieplan:publish:RUN:LABEL`)
in chunks of N-Triples (GSP `PUT`, then `POST` to add), whose triple count is checked with a
SPARQL `COUNT`; then one SPARQL Update request swaps every temporary graph onto its target. On
a store that runs one update request as one transaction (Oxigraph and Virtuoso do), readers see
the old graphs or the new ones, never a mix, and a publish that fails or is killed before that
request leaves the old graphs served. Afterwards the targets are counted again, with a spot
query (the instances of one class). docs/publishing.md says what each store guarantees.

The swap deletes from each target what its temporary graph lacks and adds what it lacks, then
drops the temporary graph, rather than `MOVE`: triples that stay are not touched. `MOVE` deletes
the whole target and inserts it again, and Virtuoso 7.2 loses part of a graph whose triples
were deleted and inserted again in a large transaction when it replays its transaction log
after a crash before its next checkpoint (measured: docs/publishing.md).

Blank nodes are scoped to one request in the Graph Store Protocol, so every triple that
mentions a blank node travels in the same chunk as every other triple linked to it through
blank nodes.

A user and password go only to a store that asks for them with a 401 answer, in the scheme it
names in `WWW-Authenticate`: HTTP Digest when it offers Digest (Virtuoso's authenticated
endpoints do), else HTTP Basic; from then on every request carries them. Secrets (a password, a
token) are never part of a message: every error text passes through `GraphStore.redact`.
"""

from __future__ import annotations

import base64
import html
import re
import stat
import uuid
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from actieplan.graph.core.errors import InputError, Problem

TEMPORARY_GRAPH_PREFIX = "urn:actieplan:publish:"
DEFAULT_CHUNK_TRIPLES = 20_000
DEFAULT_TIMEOUT_SECONDS = 60.0
# Headers of how a body travelled, which no longer hold once it is read and decoded.
_ENCODING = {"content-encoding", "content-length", "transfer-encoding"}
# Characters SPARQL's IRIREF forbids between < and >.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

Triple = tuple[Node, Node, Node]


class StoreError(Exception):
    """The store could not be reached, did not answer in time, or answered an error (its
    HTTP status then)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AnswerTooLarge(StoreError):
    """The store's answer is longer than the reader takes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the store's answer is more than {limit} bytes")
        self.limit = limit


class VerificationFailed(Exception):
    """The store holds other triple counts than were sent."""


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a store: Graph Store Protocol, SPARQL query and SPARQL update."""

    store: str
    query: str
    update: str

    @classmethod
    def of_server(cls, base: str) -> Endpoints:
        """The URLs Oxigraph server uses under its base: /store, /query, /update."""
        root = base.rstrip("/")
        return cls(f"{root}/store", f"{root}/query", f"{root}/update")


def endpoint_problem(url: str) -> str | None:
    """Why `url` cannot be an endpoint (None when it can): http(s), a host, no user or
    password in it (they would end up in logs), no fragment."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return "holds a user or password; give --user with --password-file, or --token-file"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http:// or https:// URL with a host"
    if parts.fragment:
        return "has a #fragment"
    return None


def redacted_url(url: str) -> str:
    """`url` without any user or password it holds (for messages)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def iri_problem(iri: str) -> str | None:
    """Why `iri` cannot name a graph in a SPARQL request (None when it can)."""
    if _IRI_FORBIDDEN.search(iri):
        return 'holds a space or one of < > " { } | ^ ` \\'
    if ":" not in iri or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return "is not an absolute IRI (no scheme)"
    return None


def read_secret(path: Path, option: str) -> str:
    """The secret in a file only its owner may read (its first line, stripped); InputError
    naming the option otherwise."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise _secret_problem(option, f"cannot read {path}: {error.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise _secret_problem(option, f"{path} is readable by others; run chmod 600 {path}")
    lines = text.splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise _secret_problem(option, f"{path} is empty")
    return secret


def credentials_from_files(
    user: str | None, password_file: Path | None, token_file: Path | None
) -> Credentials:
    """The credentials of --user with --password-file, or of --token-file (none: anonymous).
    Secrets come from files, never from the command line."""
    if token_file and (user or password_file):
        raise _secret_problem("--token-file", "give a token or a user and password, not both")
    if token_file:
        return Credentials(token=read_secret(token_file, "--token-file"))
    if (user is None) != (password_file is None):
        raise _secret_problem("--user", "--user and --password-file go together")
    if user is not None and password_file is not None:
        return Credentials(user, read_secret(password_file, "--password-file"))
    return Credentials()


def _secret_problem(option: str, message: str) -> InputError:
    return InputError(Problem(option, None, None, message))


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic (user and password) or a bearer token; never printed."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def secrets(self) -> list[str]:
        """Every string that must never appear in a message."""
        found = [s for s in (self.password, self.token) if s]
        if self.user is not None and self.password:
            found.append(base64.b64encode(f"{self.user}:{self.password}".encode()).decode())
        return found


@dataclass(frozen=True)
class NamedGraph:
    """A graph to publish: a short label ("data", "ontology", "shapes", "plan/ID"), the IRI it
    is published under, its triples, and optionally a class whose instances are counted as the
    spot check. The triples are a graph, or a function that reads it: each graph of a dataset
    of many plans is read when it is counted and again when it is sent, so memory holds one
    at a time, not the dataset."""

    label: str
    iri: str
    graph: Graph | Callable[[], Graph]
    spot_class: URIRef | None = None

    def read(self) -> Graph:
        return self.graph() if callable(self.graph) else self.graph

    @cached_property
    def _counts(self) -> tuple[int, int]:
        graph = self.read()
        spot = len(set(graph.subjects(RDF.type, self.spot_class))) if self.spot_class else 0
        return len(graph), spot

    @property
    def triples(self) -> int:
        return self._counts[0]

    def spot_count(self) -> int:
        return self._counts[1]


@dataclass(frozen=True)
class Step:
    """Progress: `done` of `total` triples of one graph sent, or a phase begun."""

    phase: str  # "upload", "verify", "swap", "check"
    label: str
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class PublishPlan:
    """What a publish sends: each graph with its temporary IRI, and the swap request."""

    graphs: list[NamedGraph]
    temporary: dict[str, str]  # label -> temporary graph IRI
    chunk_triples: int

    @classmethod
    def of(cls, graphs: Sequence[NamedGraph], chunk_triples: int) -> PublishPlan:
        run = uuid.uuid4().hex
        temporary = {g.label: f"{TEMPORARY_GRAPH_PREFIX}{run}:{g.label}" for g in graphs}
        return cls(list(graphs), temporary, chunk_triples)

    def swap_update(self, empty: Collection[str] = ()) -> str:
        """One SPARQL Update request after which every target holds exactly the triples of its
        temporary graph, and the temporary graphs are gone (the module docstring says why not
        `MOVE`). Blank nodes of the target are never those of the upload, so their triples are
        all replaced. The graphs labelled in `empty` had empty targets when counted: theirs
        insert every uploaded triple without asking whether the target has it (the target
        then holds the same; Oxigraph inserts about twice as fast without the question)."""
        operations = []
        for named in self.graphs:
            target, temporary = f"GRAPH <{named.iri}>", f"GRAPH <{self.temporary[named.label]}>"
            lacking = (
                "" if named.label in empty else f" FILTER NOT EXISTS {{ {target} {{ ?s ?p ?o }} }}"
            )
            operations += [
                f"DELETE {{ {target} {{ ?s ?p ?o }} }} WHERE {{ {target} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ {temporary} {{ ?s ?p ?o }} }} }}",
                f"INSERT {{ {target} {{ ?s ?p ?o }} }} WHERE {{ {temporary} {{ ?s ?p ?o }}"
                f"{lacking} }}",
                f"DROP SILENT {temporary}",
            ]
        return " ;\n".join(operations)

    def chunk_counts(self) -> dict[str, int]:
        return {g.label: sum(1 for _ in chunks(g.read(), self.chunk_triples)) for g in self.graphs}


def chunks(graph: Graph, size: int) -> Iterator[list[Triple]]:
    """The triples of `graph` in lists of about `size` (never fewer than one triple), every
    group of triples linked through blank nodes kept in one list."""
    parent: dict[BNode, BNode] = {}

    def root(node: BNode) -> BNode:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    triples: list[Triple] = list(graph)
    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[root(o)] = root(s)
    linked: dict[BNode, list[Triple]] = {}
    chunk: list[Triple] = []
    for triple in triples:
        s, _, o = triple
        blank = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        if blank is None:
            chunk.append(triple)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        else:
            linked.setdefault(root(blank), []).append(triple)
    for group in linked.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def n_triples(triples: list[Triple]) -> bytes:
    """The triples as an N-Triples document."""
    document = Graph()
    for triple in triples:
        document.add(triple)
    return document.serialize(format="nt", encoding="utf-8")


class GraphStore:
    """An HTTP client of one store, with timeouts and the credentials, whose errors are
    `StoreError`s with the secrets redacted."""

    def __init__(
        self,
        endpoints: Endpoints,
        credentials: Credentials | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.endpoints = endpoints
        self.timeout = timeout
        credentials = credentials or Credentials()
        self._secrets = credentials.secrets()
        headers = {"User-Agent": "actieplan-publish"}
        auth: httpx.Auth | None = None
        if credentials.token:
            headers["Authorization"] = f"Bearer {credentials.token}"
        elif credentials.user is not None and credentials.password is not None:
            auth = _AskedFor(credentials.user, credentials.password)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout), headers=headers, auth=auth, follow_redirects=False
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _send(
        self, method: str, url: str, max_bytes: int | None = None, **arguments: object
    ) -> httpx.Response:
        """The store's answer, read whole (at most `max_bytes` of it: AnswerTooLarge past that);
        StoreError when it cannot be had or is an HTTP error."""
        where = f"{method} {redacted_url(url)}"
        try:
            request = self._client.build_request(method, url, **arguments)  # type: ignore[arg-type]
            streamed = self._client.send(request, stream=True)
            try:
                received = bytearray()
                for piece in streamed.iter_bytes():  # decoded (gzip, ...)
                    received += piece
                    if max_bytes is not None and len(received) > max_bytes:
                        raise AnswerTooLarge(max_bytes)
            finally:
                streamed.close()
            # The same answer, read: .content, .text and .json() work on it.
            response = httpx.Response(
                streamed.status_code,
                headers=[(k, v) for k, v in streamed.headers.items() if k not in _ENCODING],
                content=bytes(received),
                request=request,
            )
        except httpx.TimeoutException:
            raise StoreError(f"{where}: no answer within {self.timeout:g} s") from None
        except httpx.ConnectError as error:
            raise StoreError(self.redact(f"{where}: cannot connect ({_reason(error)})")) from None
        except httpx.HTTPError as error:
            raise StoreError(self.redact(f"{where}: {_reason(error)}")) from None
        if response.status_code >= 400:
            status = f"{response.status_code} {response.reason_phrase}".strip()
            hint = (
                "; check --user and --password-file, or --token-file"
                if response.status_code in (401, 403)
                else ""
            )
            # Redacted before it is cut short: a cut must not leave part of a secret.
            body = self.redact(_readable(response))[:200]
            detail = f": {body}" if body else ""
            raise StoreError(
                self.redact(f"{where} answered {status}{detail}{hint}"), response.status_code
            )
        return response

    def put(self, graph_iri: str, document: bytes) -> None:
        """Replace the graph with the N-Triples document (GSP PUT)."""
        self._upload("PUT", graph_iri, document)

    def post(self, graph_iri: str, document: bytes) -> None:
        """Add the N-Triples document to the graph (GSP POST)."""
        self._upload("POST", graph_iri, document)

    def _upload(self, method: str, graph_iri: str, document: bytes) -> None:
        self._send(
            method,
            self.endpoints.store,
            params={"graph": graph_iri},
            content=document,
            headers={"Content-Type": "application/n-triples"},
        )

    def update(self, request: str) -> None:
        """Run one SPARQL Update request."""
        self._send("POST", self.endpoints.update, data={"update": request})

    def count(self, query: str) -> int:
        """The integer ?n of a SELECT query's one row."""
        response = self._send(
            "POST",
            self.endpoints.query,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            return int(response.json()["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError, TypeError):
            raise StoreError(
                f"POST {redacted_url(self.endpoints.query)} answered no SPARQL JSON "
                "result with a count"
            ) from None

    def select(
        self, sparql: str, dataset: list[tuple[str, str]], accept: str, max_bytes: int | None
    ) -> httpx.Response:
        """POST a query (SPARQL Protocol) with its dataset parameters (default-graph-uri,
        named-graph-uri); the answer, read whole up to `max_bytes`."""
        return self._send(
            "POST",
            self.endpoints.query,
            max_bytes,
            data={"query": sparql, **_grouped(dataset)},
            headers={"Accept": accept},
        )

    def triples_in(self, graph_iri: str) -> int:
        return self.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")

    def instances_in(self, graph_iri: str, cls: URIRef) -> int:
        return self.count(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s a <{cls}> }} }}"
        )


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields given as pairs, a name given more than once as a list (httpx's form)."""
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


_HTML_HEAD = re.compile(r"<(head|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")


def _readable(response: httpx.Response) -> str:
    """The answer's text on one line; an HTML page (Virtuoso answers errors with one) without
    its markup."""
    text = response.text
    if "html" in response.headers.get("Content-Type", ""):
        text = html.unescape(_HTML_TAG.sub(" ", _HTML_HEAD.sub(" ", text)))
    return " ".join(text.split())


class _AskedFor(httpx.Auth):
    """A user and password, sent once the store asks for them (the module docstring says how).
    The first request goes out without them; a 401 answer picks the scheme for this and every
    later request."""

    requires_request_body = True  # a request the store challenges is sent again, body and all

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        # httpx's DigestAuth sends the request as it is and answers a Digest challenge itself.
        digest = self._digest.auth_flow(request)
        response = yield next(digest)
        try:
            signed = digest.send(response)
        except StopIteration:
            if response.status_code == 401:  # a challenge of another scheme, or none named
                self._scheme = self._basic
                yield from self._basic.auth_flow(request)
            return
        self._scheme = self._digest
        yield signed


@dataclass(frozen=True)
class Published:
    """One graph as the store holds it after the publish."""

    label: str
    iri: str
    triples: int
    spot_class: URIRef | None
    spot_count: int | None


def publish(
    store: GraphStore, plan: PublishPlan, progress: Callable[[Step], None] = lambda _: None
) -> list[Published]:
    """Upload, verify, swap and check (the module docstring says how). Raises StoreError when
    the store fails (the temporary graphs are dropped if the store still answers) and
    VerificationFailed when a count differs."""
    try:
        for named in plan.graphs:
            _upload(store, plan, named, progress)
        empty = []  # the graphs whose target is empty (a first publish)
        for named in plan.graphs:
            progress(Step("verify", named.label))
            held = store.triples_in(plan.temporary[named.label])
            if held != named.triples:
                raise VerificationFailed(
                    f"the temporary graph <{plan.temporary[named.label]}> holds {held} "
                    f"triples, {named.triples} were sent; nothing was replaced"
                )
            if store.triples_in(named.iri) == 0:
                empty.append(named.label)
    except (StoreError, VerificationFailed):
        _drop_temporary(store, plan)
        raise
    progress(Step("swap", "all"))
    try:
        store.update(plan.swap_update(empty))
    except StoreError:
        _drop_temporary(store, plan)
        raise
    published = []
    for named in plan.graphs:
        progress(Step("check", named.label))
        try:
            held = store.triples_in(named.iri)
            spot = store.instances_in(named.iri, named.spot_class) if named.spot_class else None
        except StoreError as error:
            raise StoreError(f"published, but the check afterwards failed: {error}") from None
        if held != named.triples or (spot is not None and spot != named.spot_count()):
            raise VerificationFailed(
                f"<{named.iri}> now holds {held} triples"
                + (f" and {spot} instances of <{named.spot_class}>" if spot is not None else "")
                + f"; {named.triples} triples"
                + (f" and {named.spot_count()} instances" if spot is not None else "")
                + " were published"
            )
        published.append(Published(named.label, named.iri, held, named.spot_class, spot))
    return published


def _upload(
    store: GraphStore, plan: PublishPlan, named: NamedGraph, progress: Callable[[Step], None]
) -> None:
    target = plan.temporary[named.label]
    total = named.triples
    done = 0
    for number, chunk in enumerate(chunks(named.read(), plan.chunk_triples)):
        document = n_triples(chunk)
        if number == 0:
            store.put(target, document)
        else:
            store.post(target, document)
        done += len(chunk)
        progress(Step("upload", named.label, done, total))


def _drop_temporary(store: GraphStore, plan: PublishPlan) -> None:
    """Drop the temporary graphs, if the store still answers (best effort)."""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in plan.temporary.values())
    try:
        store.update(drops)
    except StoreError:
        pass
