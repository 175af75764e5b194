"""Security headers on every answer of the service. Plain ASGI (no BaseHTTPMiddleware), like
server_timing.py: it adds headers to the start of each answer, nothing else.

- `X-Content-Type-Options: nosniff` everywhere: a browser takes every answer for its declared
  type (a JSON or Turtle answer holding markup is never run as HTML or script).
- `Referrer-Policy: strict-origin-when-cross-origin`: a link to another site tells it this
  site's origin only, never the path or query (a SPARQL query, a search); within the site the
  full URL is sent, which costs nothing and keeps same-site navigation ordinary. `no-referrer`
  would hide even the origin from the sites the pages link to (Themis, licences) for no gain.
- `Content-Security-Policy`: on HTML the strict `PAGE_POLICY` (scripts, styles, fonts and
  requests from this site only, no inline script or style element, no plugins, no <base>, no
  framing); on every other answer `DOCUMENT_POLICY`, which lets nothing run or load, so that
  an XML or SVG answer a browser renders as a document (RDF/XML holding an XML literal with an
  XHTML <script>) cannot run script either.

A handler that set a header itself keeps its value.
"""

from __future__ import annotations

from collections.abc import Mapping

from actieplan.api.plumbing.asgi import HttpMiddleware, Message, Receive, Scope, Send

PAGE_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)


def page_policy(allow: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The policy of an HTML page; `allow`: sources added to some directives, for a page that
    needs them (directive -> sources; a directive not in the base policy is added)."""
    directives = {name: list(sources) for name, sources in PAGE_DIRECTIVES}
    for name, sources in (allow or {}).items():
        directives.setdefault(name, []).extend(sources)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


PAGE_POLICY = page_policy()
DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'"
HTML_TYPES = (b"text/html", b"application/xhtml+xml")

ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)


def policy_for(content_type: bytes) -> bytes:
    """The Content-Security-Policy of an answer of this media type."""
    is_html = content_type.split(b";", 1)[0].strip().lower() in HTML_TYPES
    return (PAGE_POLICY if is_html else DOCUMENT_POLICY).encode()


class SecurityHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next(
                    (value for name, value in headers if name.lower() == b"content-type"), b""
                )
                extra = [*ALWAYS, (b"content-security-policy", policy_for(content_type))]
                headers.extend((name, value) for name, value in extra if name not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
