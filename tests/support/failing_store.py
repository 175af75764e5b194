"""A store that fails: an HTTP server on a free loopback port that answers every request with
one status (500 by default), or with a body that is not what was asked, or only when
released (`stall`), for the tests of what `actieplan publish` and `--store` do when a triple
store fails.

    with failing_store() as (url, handler):
        handler.status = 200
        handler.content_type = "application/sparql-results+json"   # and a body that is not
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class FailingStore(http.server.BaseHTTPRequestHandler):
    """Answers every request with `status`, echoing the request's headers in the body (as a
    careless server might: a secret must still not reach the output), with `content_type`
    when set; or, with `stall`, waits until released before answering."""

    status = 500
    content_type: str | None = None
    challenge: str | None = None  # WWW-Authenticate of a 401 answer
    stall: threading.Event | None = None

    def _answer(self) -> None:
        if self.stall is not None:
            self.stall.wait(60)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = f"failure; you sent: {self.headers.get('Authorization')}".encode()
        self.send_response(self.status)
        if self.challenge is not None:
            self.send_header("WWW-Authenticate", self.challenge)
        if self.content_type:
            self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def failing_store() -> Iterator[tuple[str, type[FailingStore]]]:
    """(the server's root URL, its handler class: set `status`, `content_type`, `challenge`,
    `stall`)."""
    handler = type("Handler", (FailingStore,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        if handler.stall is not None:
            handler.stall.set()
        server.shutdown()
        server.server_close()
