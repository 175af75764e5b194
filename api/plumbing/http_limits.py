"""Caps on the request target and headers, on the time a request head may take, and on the
open connections, enforced while uvicorn reads them.

uvicorn's httptools protocol has neither cap: a 64 KB URL got a bare "Invalid HTTP request
received." and a 5 MB `Accept` header was read whole and handed to the application (issue 9).
`LimitedHttpToolsProtocol` is that protocol with the two caps, applied before anything reaches
the application:

* **414** when the request target (path and query, as sent) is longer than `max_url_bytes`.
  The parser hands the target over piece by piece as it arrives; the piece that crosses the
  cap stops the parse.
* **431** when the header lines add up to more than `max_header_bytes`, each counted as name +
  value + 4 bytes (": " and the line end). So that one endless header line is never buffered
  either, the bytes of a request head are handed to the parser in pieces, at most
  `max_url_bytes + max_header_bytes + HEAD_SLACK` of them; a head still incomplete by then is
  refused with 431 too. (A pipelined head that starts among bytes handed to the parser with
  the end of the previous request is counted from the bytes after them: the parser may then
  hold up to one network read, at most 256 KiB, more.)

The answer is short plain text that never repeats the request, sent with `Connection: close`.
The connection is then half-closed and what the client still sends is read and thrown away for
at most `LINGER_SECONDS` (as nginx's lingering close does), so that a client still sending its
oversized head reads the answer instead of a connection reset; nothing more of the connection
is parsed.

Time and connections (slow-header clients, "slowloris", kept connections open for ever by
sending one header line every few seconds):

* **408** when a request head (request line and headers) is not complete `head_seconds`
  after it started: after the connection opened for the first request, after its first byte
  for the next ones on a kept-alive connection. A connection that sent nothing at all by then
  is closed without an answer. Between requests, uvicorn's keep-alive timeout
  (`timeout_keep_alive`) closes a connection left idle.
* **At most `max_idle_connections`** connections of a server process that are idle (reading
  a head, or waiting for the next request): a new connection beyond them is closed at once,
  before anything is read. A connection whose request is being answered does not count.

Use it with `uvicorn.run(..., http=limited_protocol(HttpLimits(...)))` (a `functools.partial`,
which also travels to `--workers` processes).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)

# Room in a request head for what neither cap counts: the method, the HTTP version, line ends
# and the spaces around header values.
HEAD_SLACK = 1024
LINGER_SECONDS = 2.0
MESSAGES = {
    414: "Request target too long: at most {limit} bytes (path and query).\n",
    431: "Request header fields too large: at most {limit} bytes in all.\n",
    408: "Request head not received in time: at most {limit} seconds.\n",
}


@dataclass(frozen=True)
class HttpLimits:
    """What a connection may send and how long it may take (api/plumbing/settings.py)."""

    max_url_bytes: int
    max_header_bytes: int
    head_seconds: float
    max_idle_connections: int


class RequestTooLarge(Exception):
    """Raised from a parser callback to stop the parse: the head is over a cap."""

    def __init__(self, status: int, limit: int) -> None:
        super().__init__(status)
        self.status = status
        self.limit = limit


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a cap on the request target (414) and on the
    request headers (431); see the module documentation."""

    def __init__(self, *args: Any, limits: HttpLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.max_url_bytes = limits.max_url_bytes
        self.max_header_bytes = limits.max_header_bytes
        self.max_head_bytes = limits.max_url_bytes + limits.max_header_bytes + HEAD_SLACK
        self._refused = False
        self._head_timer: asyncio.TimerHandle | None = None
        self._start_head()

    # The connection ---------------------------------------------------------------------

    def is_idle(self) -> bool:
        """No request of this connection is being answered: it reads a head or waits."""
        cycle: RequestResponseCycle | None = self.cycle  # None before the first request
        return not self._refused and (cycle is None or cycle.response_complete)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        idle = sum(
            1
            for other in self.connections
            if isinstance(other, LimitedHttpToolsProtocol) and other.is_idle()
        )
        super().connection_made(transport)
        if idle >= self.limits.max_idle_connections:
            self.logger.warning(
                "Connection closed: %d idle connections already open (the limit)", idle
            )
            self._close_unanswered()
            return
        self._arm_head_timer()  # the first head: from the connection's start

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.limits.head_seconds, self._head_late)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        """The head is not complete in time: 408 if any of it came, else a quiet close."""
        self._head_timer = None
        if self._refused or self.transport.is_closing():
            return
        if self._head_bytes == 0 and self.is_idle():
            self._close_unanswered()
            return
        self._refuse(408, self.limits.head_seconds)

    def _close_unanswered(self) -> None:
        """Close a connection that sent nothing of a request: no answer, nothing more read."""
        self._refused = True
        self.parser = None  # type: ignore[assignment]
        self.transport.close()

    def _start_head(self) -> None:
        self._in_head = True  # the next bytes are a request line and headers
        self._head_bytes = 0  # bytes of this head handed to the parser
        self._url_bytes = 0
        self._header_bytes = 0

    # Parser callbacks ---------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_head_timer()  # a later head: from its first byte

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self.max_url_bytes:
            raise RequestTooLarge(414, self.max_url_bytes)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > self.max_header_bytes:
            raise RequestTooLarge(431, self.max_header_bytes)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._start_head()

    # Reading ------------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # lingering: read and thrown away
        self._unset_keepalive_if_required()
        while data and not self._refused and self.parser is not None:
            if self._in_head:
                budget = self.max_head_bytes - self._head_bytes
                piece, data = data[:budget], data[budget:]
                self._head_bytes += len(piece)
            else:
                piece, data = data, b""
            if not self._feed(piece):
                return
            if self._in_head and self._head_bytes >= self.max_head_bytes:
                self._refuse(431, self.max_header_bytes)

    def _feed(self, data: bytes) -> bool:
        """Hand bytes to the parser; False when the connection is done with (refused, a bad
        request answered with uvicorn's 400, or upgraded)."""
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as error:
            cause = error.__context__
            if isinstance(cause, RequestTooLarge):
                self._refuse(cause.status, cause.limit)
            else:
                self.logger.warning("Invalid HTTP request received.")
                self.send_400_response("Invalid HTTP request received.")
            return False
        except httptools.HttpParserError:
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
            return False
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return False
        return True

    def _refuse(self, status: int, limit: float) -> None:
        """Answer `status` with a short text, stop parsing, half-close, linger, close."""
        self._refused = True
        self._cancel_head_timer()
        self.parser = None  # type: ignore[assignment]
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head behind a response still being written: no answer can be put
            # in between; the connection is closed after what was already written.
            self.transport.close()
            return
        body = MESSAGES[status].format(limit=f"{limit:g}").encode("ascii")
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
            b"connection: close\r\n",
            b"\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.logger.warning("Request refused with %d: over the limit of %g", status, limit)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self._close)

    def _close(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()


def limited_protocol(limits: HttpLimits) -> functools.partial[LimitedHttpToolsProtocol]:
    """The `http=` argument of `uvicorn.run` for these limits: `LimitedHttpToolsProtocol` with
    the limits bound, which uvicorn calls as it would the class (a partial, unlike a class made
    here, pickles to `--workers` processes)."""
    return functools.partial(LimitedHttpToolsProtocol, limits=limits)
