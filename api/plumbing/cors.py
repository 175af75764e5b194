"""Cross-origin reads of the data (CORS), decided on purpose: what a web application on another
site may read, and nothing more.

The data is public, the service read-only, and no answer depends on a cookie or a login. So
every answer on the data's URLs (`in_scope`) carries `Access-Control-Allow-Origin: *` and never
`Access-Control-Allow-Credentials` (a browser then sends no cookies and no authorisation with
the request, and the answer is the same for every origin: no `Vary: Origin`). The data's URLs:
the IRIs under /id/ and the vocabulary under /def (with their suffixed documents), the JSON API
under /api/ and its OpenAPI description, the downloads, /dataset, /.well-known/ (VoID), every
JSON-LD document (`.jsonld`, the JSON-LD context included) and /sparql. The pages for people
need no CORS and get none.

A preflight (`OPTIONS`) on those URLs is answered here with `204`: the methods GET and HEAD,
and POST on /sparql only (SPARQL queries: the endpoint refuses updates whatever the method);
the request headers a client sends (Accept, Content-Type such as application/sparql-query,
the conditional headers); how long the browser may keep the answer. The answers expose the
headers a client needs to read (`EXPOSED`).

Plain ASGI, like security_headers.py: a handler that set a header itself keeps its value.
"""

from __future__ import annotations

from actieplan.api.plumbing.asgi import HttpMiddleware, Message, Receive, Scope, Send

SPARQL_PATH = "/sparql"
SCOPE_PATHS = frozenset({"/def", "/dataset", SPARQL_PATH, "/openapi.json"})
SCOPE_PREFIXES = ("/id/", "/def/", "/def.", "/api/", "/download/", "/dataset.", "/.well-known/")
SCOPE_SUFFIXES = (".jsonld",)

READ_METHODS = ("GET", "HEAD")
QUERY_METHODS = (*READ_METHODS, "POST")
ALLOWED_HEADERS = (
    "Accept",
    "Accept-Language",
    "Content-Type",
    "If-None-Match",
    "If-Modified-Since",
    "Cache-Control",
)
EXPOSED = (
    "ETag",
    "Last-Modified",
    "Link",
    "Content-Location",
    "Content-Disposition",
    "Vary",
    "Retry-After",
)
PREFLIGHT_MAX_AGE = 86_400  # seconds (browsers cap it: Chromium at 2 hours)

ON_EVERY_ANSWER = (
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", ", ".join(EXPOSED).encode()),
)


def in_scope(path: str) -> bool:
    """Whether a path is one of the data's URLs (CORS applies) rather than a page."""
    return path in SCOPE_PATHS or path.startswith(SCOPE_PREFIXES) or path.endswith(SCOPE_SUFFIXES)


def allowed_methods(path: str) -> tuple[str, ...]:
    return QUERY_METHODS if path == SPARQL_PATH else READ_METHODS


def preflight_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers of the answer to an OPTIONS request on a path in scope."""
    methods = ", ".join(allowed_methods(path)).encode()
    return [
        *ON_EVERY_ANSWER,
        (b"access-control-allow-methods", methods),
        (b"access-control-allow-headers", ", ".join(ALLOWED_HEADERS).encode()),
        (b"access-control-max-age", str(PREFLIGHT_MAX_AGE).encode()),
        (b"allow", methods + b", OPTIONS"),
        (b"content-length", b"0"),
    ]


class Cors(HttpMiddleware):
    def applies(self, scope: Scope) -> bool:
        return in_scope(scope["path"])

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "OPTIONS":
            headers = preflight_headers(scope["path"])
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((n, v) for n, v in ON_EVERY_ANSWER if n not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cors)
