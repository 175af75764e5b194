"""`/sparql`: the SPARQL 1.1 Protocol query operation, read-only.

GET ?query=, POST application/x-www-form-urlencoded, POST application/sparql-query; the
protocol's default-graph-uri / named-graph-uri; results in SPARQL JSON, XML, CSV, TSV and
graphs in Turtle, N-Triples, JSON-LD, RDF/XML by content negotiation (or ?format=); a
service description on a bare GET (a browser's bare GET, or one with only `edit`, gets the
SPARQL editor instead: `wants_editor`; the page is api/pages/sparql_editor.py's, handed over
through `BrowserPages`). Updates are refused (403), bad requests get 400 / 413 / 414 / 415
with a plain-text message that says what is wrong. Answers are cached with an ETag.

Nothing unbounded happens in the event loop: the query text is capped (--max-query-bytes: 413
in a body, 414 in a URL) before it is parsed, a form body is parsed in a thread, the query
check (graph/sparql/safety.py, linear) and the query run in a worker process
(api/plumbing/query_pool.py), and an error message quotes at most ECHO characters of what was sent.

Every request passes through the one server process, so the route is a plain Starlette route:
no FastAPI dependency solving (which runs each plain function of the request in a thread) and
no parsing of the query string into `request.query_params`; the parameters are parsed once,
here.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pyoxigraph
from fastapi import APIRouter, Request, Response

from actieplan.api.plumbing.bounded_cache import BoundedCache
from actieplan.api.plumbing.client_share import client_address
from actieplan.api.plumbing.negotiation import choose, etag_matches, parse_accept
from actieplan.api.plumbing.query_pool import (
    PoolBusy,
    QueryReply,
    QueryRequest,
    QueryTimeout,
)
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel import deps
from actieplan.api.readmodel.deps import CachedAnswer, iri_map
from actieplan.api.readmodel.plans import ServedPlans
from actieplan.api.readmodel.service_description import describe
from actieplan.graph.rdf.writer import to_jsonld
from actieplan.graph.sparql.results import CANONICAL_TYPE, GRAPH_TYPES, SOLUTION_TYPES
from actieplan.graph.sparql.store import QueryDataset

router = APIRouter()

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
# ?format= shortcuts people type in a browser.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "n3": "text/turtle",  # Turtle is N3; SPARQLWrapper sends format=n3
}
# Names that mean another type for a graph (CONSTRUCT, DESCRIBE): SPARQLWrapper sends
# format=xml for RDF/XML and format=json for JSON(-LD) whatever the kind of query.
GRAPH_FORMAT_ALIASES = {"xml": "application/rdf+xml", "json": "application/ld+json"}
# Most characters of a request an error message quotes back, and of a whole message.
ECHO = 200
MAX_MESSAGE = 4000
# Most parameters in a URL or form body (the protocol needs a handful).
MAX_PARAMETERS = 1000
# A form body may hold the query percent-encoded (up to three bytes a byte) and a few other
# parameters: larger than this is refused before it is parsed.
FORM_OVERHEAD = 16_384
READ_ONLY = (
    "This SPARQL endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, DROP, ...) "
    "is not accepted. Send a query (SELECT, ASK, CONSTRUCT, DESCRIBE) instead."
)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def echo(text: str, limit: int = ECHO) -> str:
    """`text` quoted in a message: at most `limit` characters, then an ellipsis."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if len(message) > MAX_MESSAGE:  # an engine's message may quote the query
        message = message[:MAX_MESSAGE] + "…"
    return Response(
        message.rstrip() + "\n",
        status_code=status,
        headers=headers,
        media_type="text/plain; charset=utf-8",
    )


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in pairs if key == name]


def _one_query(pairs: list[tuple[str, str]]) -> str:
    if _values(pairs, "update"):
        raise ProtocolError(403, READ_ONLY)
    queries = _values(pairs, "query")
    if not queries:
        raise ProtocolError(
            400,
            "Missing the 'query' parameter. Send ?query=SELECT... "
            "(GET or a form POST) or POST the query with Content-Type "
            f"{DIRECT}. A GET without parameters returns the service "
            "description.",
        )
    if len(queries) > 1:
        raise ProtocolError(
            400, f"{len(queries)} 'query' parameters were sent; send exactly one query per request."
        )
    return queries[0]


def _graph_iris(pairs: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    iris = tuple(_values(pairs, name))
    for iri in iris:
        try:
            pyoxigraph.NamedNode(iri)  # the engine's own IRI check
        except ValueError as error:
            raise ProtocolError(
                400,
                f"{name} {echo(iri)} is not an absolute IRI "
                f"({echo(str(error))}); give the full IRI of a graph, "
                "e.g. http://example.org/g.",
            ) from error
    return iris


def _dataset(pairs: list[tuple[str, str]]) -> QueryDataset | None:
    default = _graph_iris(pairs, "default-graph-uri")
    named = _graph_iris(pairs, "named-graph-uri")
    return QueryDataset(default, named) if default or named else None


def _formats(request: Request, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """(solutions format, graph format) the client asked for, by ?format= or Accept."""
    requested = _values(pairs, "format") or _values(pairs, "output")
    accept = request.headers.get("accept")
    if requested:
        name = requested[0].lower()
        media = FORMAT_ALIASES.get(name, name)
        if media not in SOLUTION_TYPES and media not in GRAPH_TYPES:
            known = ", ".join(sorted(FORMAT_ALIASES))
            raise ProtocolError(400, f"Unknown format {echo(requested[0])}; use one of {known}.")
        solutions: str | None = media if media in SOLUTION_TYPES else None
        alias = GRAPH_FORMAT_ALIASES.get(name, media)
        graph: str | None = alias if alias in GRAPH_TYPES else None
    else:
        solutions = choose(accept, list(SOLUTION_TYPES))
        graph = choose(accept, list(GRAPH_TYPES))
    if solutions is None and graph is None:
        offered = ", ".join([*SOLUTION_TYPES, *GRAPH_TYPES])
        raise ProtocolError(
            406,
            f"None of the accepted media types ({echo(accept or '')}) can be served. "
            f"Offered: {offered}.",
        )
    # A kind the client did not ask for falls back to the default of that kind.
    return (
        SOLUTION_TYPES[solutions or "application/sparql-results+json"],
        GRAPH_TYPES[graph or "text/turtle"],
    )


async def _read_body(request: Request, settings: Settings) -> bytes:
    limit = settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"The request body is larger than {limit} bytes.")
    body = bytearray()  # not bytes +=: quadratic on a body sent in many small chunks
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProtocolError(413, f"The request body is larger than {limit} bytes.")
    return bytes(body)


def query_too_large(query: str | bytes, settings: Settings, status: int, where: str) -> None:
    """ProtocolError(status) if the query is longer than --max-query-bytes."""
    size = len(query.encode("utf-8", "surrogatepass") if isinstance(query, str) else query)
    if size > settings.max_query_bytes:
        raise ProtocolError(
            status,
            f"The query {where} is {size} bytes long; at most "
            f"{settings.max_query_bytes} bytes are accepted "
            "(--max-query-bytes).",
        )


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(
            400,
            f"The {what} is not valid UTF-8 (byte {error.start}); SPARQL "
            "requests must be encoded in UTF-8.",
        ) from error


# A "%" that does not start an escape: urllib keeps it as it is (the fast decoder cannot).
_NOT_AN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def unquote_plus(text: str) -> str:
    """`urllib.parse.unquote_plus(text, errors="strict")`: "+" is a space, %XX a byte, the
    bytes UTF-8 (UnicodeDecodeError if not). What clients send (ASCII, every "%" an escape)
    is decoded in C by the unicode_escape codec, each %XX written as \\xXX (a backslash of the
    text as \\x5c first): urllib's loop over the escapes took 0.2 ms of each request's time in
    the server process on a 4 KB query string (bench/README.md). Anything else goes to urllib."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    if not text.isascii() or _NOT_AN_ESCAPE.search(text):
        return unquote(text, errors="strict")
    escaped = text.replace("\\", "\\x5c").replace("%", "\\x").encode("ascii")
    return escaped.decode("unicode_escape").encode("latin-1").decode("utf-8")


def _parameters(encoded: str, what: str) -> list[tuple[str, str]]:
    """Name-value pairs of a URL query string or form body, as `urllib.parse.parse_qsl` with
    blank values kept gives them; percent-encoded bytes must be UTF-8 too (else a query would
    silently hold U+FFFD where the client meant something)."""
    if encoded.count("&") >= MAX_PARAMETERS:
        raise ProtocolError(400, f"The {what} has more than {MAX_PARAMETERS} parameters.")
    try:
        return [
            (unquote_plus(name), unquote_plus(value))
            for name, _, value in (field.partition("=") for field in encoded.split("&") if field)
        ]
    except UnicodeDecodeError as error:
        raise ProtocolError(
            400,
            f"The {what} holds percent-encoded bytes that are not UTF-8 "
            f"({error.object[error.start : error.end][:ECHO]!r}); encode "
            "the query in UTF-8 before percent-encoding it.",
        ) from error


async def _protocol_request(
    request: Request, settings: Settings
) -> tuple[str, list[tuple[str, str]]] | None:
    """The query and all parameters of a request; None for a bare GET."""
    # The query string as sent (`request.url.query` would build the whole URL first).
    query_string: bytes = request.scope["query_string"]
    if len(query_string) > settings.max_url_bytes:  # uvicorn caps the request line already
        raise ProtocolError(
            414,
            f"The URL is longer than {settings.max_url_bytes} bytes; "
            f"POST the query with Content-Type {DIRECT} instead.",
        )
    raw_query = _decode(query_string, "URL")
    url_pairs = _parameters(raw_query, "URL")
    if request.method == "GET":
        if not url_pairs:
            return None
        query = _one_query(url_pairs)
        query_too_large(query, settings, 414, "in the URL")
        return query, url_pairs
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not content_type:
        raise ProtocolError(
            400,
            "A POST needs a Content-Type: either "
            f"{FORM} (with query=...) or {DIRECT} (the query as body).",
        )
    if content_type == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    if content_type not in (FORM, DIRECT):
        raise ProtocolError(
            415,
            f"Unsupported Content-Type {echo(content_type)} for a query; use {FORM} or {DIRECT}.",
        )
    if _values(url_pairs, "query"):
        raise ProtocolError(
            400,
            f"A {content_type} POST carries the query in its body; a "
            "'query' URL parameter is not allowed with it.",
        )
    body = await _read_body(request, settings)
    if content_type == FORM:
        if len(body) > 3 * settings.max_query_bytes + FORM_OVERHEAD:
            raise ProtocolError(
                413,
                f"The form body is {len(body)} bytes long: more than a "
                f"query of at most {settings.max_query_bytes} bytes "
                "(--max-query-bytes) can take.",
            )
        text = _decode(body, "form body")
        pairs = url_pairs + await asyncio.to_thread(_parameters, text, "form body")
        query = _one_query(pairs)
        query_too_large(query, settings, 413, "in the form body")
        return query, pairs
    query_too_large(body, settings, 413, "in the request body")
    return _decode(body, "request body"), url_pairs


def published_endpoint(request: Request) -> str:
    """The endpoint's published IRI (`https://w3id.org/actieplan/sparql`): the service
    description names it, and relative IRIs in a query resolve against it, which the SPARQL
    1.1 Protocol allows (W3C test query_content_type_construct: `<s> <p> 1`). Never the
    request's Host: answers are cached, and shared caches keep them (Cache-Control: public)."""
    return iri_map(request).site_iri("/sparql")


def answer_size(entry: tuple[bytes, str, str]) -> int:
    """Bytes a cached answer (body, media type, ETag) takes."""
    body, media_type, etag = entry
    return len(body) + len(media_type) + len(etag)


# A browser's bare GET of /sparql gets the SPARQL editor instead of the service description.
HTML_TYPES = ("text/html", "application/xhtml+xml")
EDITOR_PARAMETERS = frozenset({"edit", "lang"})


def wants_editor(request: Request) -> bool:
    """A GET from a browser that is not a protocol request: only editor parameters, and HTML
    the client's first preference (a browser's Accept starts with text/html; a client that
    accepts anything, `*/*`, or prefers another type keeps the protocol's answers)."""
    if request.method != "GET":
        return False
    preferences = parse_accept(request.headers.get("accept"))
    if not preferences:  # a header with no media range at all (";;;,,,")
        return False
    media, q, _ = preferences[0]
    if media not in HTML_TYPES or q <= 0:
        return False
    return all(name in EDITOR_PARAMETERS for name in request.query_params)


def service_description(request: Request, plans: ServedPlans) -> Response:
    """The service description (api/readmodel/service_description.py) in the RDF format the
    client accepts (by the names of GRAPH_TYPES: text/plain is N-Triples, text/n3 Turtle),
    naming the published endpoint; every answer varies by Accept."""
    accept = request.headers.get("accept")
    media = choose(accept, list(GRAPH_TYPES))
    if media is None:
        # A client asking for SPARQL results (only) still gets the description, as Turtle.
        media = "text/turtle" if choose(accept, list(SOLUTION_TYPES)) else None
    if media is None:
        return Response(
            "Not acceptable: the service description is RDF (text/turtle, "
            "application/ld+json, application/n-triples, application/rdf+xml).\n",
            status_code=406,
            media_type="text/plain",
            headers={"Vary": "Accept"},
        )
    graph = describe(published_endpoint(request), plans.triples, plans.named_graph_sizes)
    fmt = GRAPH_TYPES[media]
    # JSON-LD with the served context of terms, as every JSON-LD answer of this service.
    body = (
        to_jsonld(graph).encode("utf-8")
        if fmt == "json-ld"
        else graph.serialize(format=fmt, encoding="utf-8")
    )
    return Response(body, media_type=CANONICAL_TYPE[("graph", fmt)], headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    if wants_editor(request):
        editor = await asyncio.to_thread(deps.browser_pages(request).sparql_editor, request)
        editor.headers["Vary"] = "Accept"  # the same URL is the service description for others
        return editor
    config = deps.settings(request)
    try:
        parsed = await _protocol_request(request, config)
        if parsed is None:
            return service_description(request, deps.served_plans(request))
        query, pairs = parsed
        solutions_format, graph_format = _formats(request, pairs)
        endpoint = published_endpoint(request)
        asked = Asked(query, _dataset(pairs), solutions_format, graph_format, endpoint)
        return await _answer(
            request,
            asked,
            config,
            deps.served_plans(request).version,
            deps.answer_cache(request),
            deps.query_pool(request),
        )
    except ProtocolError as error:
        return error_response(error.status, str(error))


router.add_route("/sparql", sparql, methods=["GET", "POST"], include_in_schema=False)


@dataclass(frozen=True)
class Asked:
    """One query as asked: what its answer depends on (the answer cache's key)."""

    query: str
    dataset: QueryDataset | None
    solutions_format: str
    graph_format: str
    base_iri: str | None


async def _answer(
    request: Request,
    asked: Asked,
    settings: Settings,
    data_version: str,
    cache: BoundedCache[CachedAnswer],
    pool: QueryRunner,
) -> Response:
    query, dataset, base_iri = asked.query, asked.dataset, asked.base_iri
    solutions_format, graph_format = asked.solutions_format, asked.graph_format
    key = (query, dataset, solutions_format, graph_format, base_iri)
    headers = {"Vary": "Accept", "Cache-Control": "public, max-age=300"}
    etag = ""
    if settings.cache:
        etag = '"' + hashlib.sha256(repr((data_version, key)).encode()).hexdigest()[:32] + '"'
        cached = cache.get(key)
        if cached is not None:
            if etag_matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers={**headers, "ETag": etag})
            body, media_type, _ = cached
            return Response(body, media_type=media_type, headers={**headers, "ETag": etag})
    request_ = QueryRequest(
        query, dataset, solutions_format, graph_format, settings.max_rows, base_iri
    )
    client = client_address(request)
    try:
        status, payload = await pool.run(request_, client)
    except QueryTimeout as error:
        return error_response(
            503,
            f"{error}. Narrow the query (a LIMIT, fewer joins) or ask "
            "the operator for a longer --timeout.",
        )
    except PoolBusy as error:
        return error_response(503, str(error), {"Retry-After": str(error.retry_after)})
    if status == "ok":
        assert isinstance(payload, QueryReply)
        body, media_type = payload.body, payload.media_type
        if settings.cache:
            cache.put(key, (body, media_type, etag))
            headers["ETag"] = etag
        return Response(body, media_type=media_type, headers=headers)
    if status == "unsafe-update":
        return error_response(403, f"{READ_ONLY}\n{payload}")
    if status in ("syntax", "unsafe", "too-large"):
        prefix = {
            "syntax": "Query syntax error: ",
            "unsafe": "Query refused: ",
            "too-large": "Query refused: ",
        }[status]
        return error_response(400, prefix + str(payload))
    if status == "answer-too-large":
        return error_response(413, f"Query refused: {payload}")
    if status == "memory":
        return error_response(503, f"Query stopped: {payload}")
    if status == "unavailable":
        return error_response(
            503, f"The data store did not answer: {payload}", {"Retry-After": "5"}
        )
    return error_response(500, f"The query failed: {payload}")
