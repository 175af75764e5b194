"""Size caps on the request target and headers, enforced while uvicorn reads them.

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
is parsed. Use it with `uvicorn.run(..., http=limited_protocol(max_url_bytes, max_header_bytes))`
(a `functools.partial`, which also travels to `--workers` processes).
"""

from __future__ import annotations

import functools
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

# Room in a request head for what neither cap counts: the method, the HTTP version, line ends
# and the spaces around header values.
HEAD_SLACK = 1024
LINGER_SECONDS = 2.0
MESSAGES = {
    414: "Request target too long: at most {limit} bytes (path and query).\n",
    431: "Request header fields too large: at most {limit} bytes in all.\n",
}


class RequestTooLarge(Exception):
    """Raised from a parser callback to stop the parse: the head is over a cap."""

    def __init__(self, status: int, limit: int) -> None:
        super().__init__(status)
        self.status = status
        self.limit = limit


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a cap on the request target (414) and on the
    request headers (431); see the module documentation."""

    def __init__(
        self, *args: Any, max_url_bytes: int, max_header_bytes: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_url_bytes = max_url_bytes
        self.max_header_bytes = max_header_bytes
        self.max_head_bytes = max_url_bytes + max_header_bytes + HEAD_SLACK
        self._refused = False
        self._start_head()

    def _start_head(self) -> None:
        self._in_head = True  # the next bytes are a request line and headers
        self._head_bytes = 0  # bytes of this head handed to the parser
        self._url_bytes = 0
        self._header_bytes = 0

    # Parser callbacks ---------------------------------------------------------------------

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

    def _refuse(self, status: int, limit: int) -> None:
        """Answer `status` with a short text, stop parsing, half-close, linger, close."""
        self._refused = True
        self.parser = None  # type: ignore[assignment]
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head behind a response still being written: no answer can be put
            # in between; the connection is closed after what was already written.
            self.transport.close()
            return
        body = MESSAGES[status].format(limit=limit).encode("ascii")
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
        self.logger.warning("Request refused with %d: over the %d-byte limit", status, limit)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self._close)

    def _close(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()


def limited_protocol(
    max_url_bytes: int, max_header_bytes: int
) -> functools.partial[LimitedHttpToolsProtocol]:
    """The `http=` argument of `uvicorn.run` for these caps: `LimitedHttpToolsProtocol` with
    the caps bound, which uvicorn calls as it would the class (a partial, unlike a class made
    here, pickles to `--workers` processes)."""
    return functools.partial(
        LimitedHttpToolsProtocol, max_url_bytes=max_url_bytes, max_header_bytes=max_header_bytes
    )
