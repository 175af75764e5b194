"""Conditional requests (RFC 9110 §13) on documents whose bytes are made per request: a strong
ETag from the bytes (it changes exactly when they do, whatever changed them: the data, the
code, the page's language), `Last-Modified` from the date the content itself states (never a
file's time), and `304 Not Modified` when the client holds the document already.

If-None-Match decides when it is sent; If-Modified-Since only without it (§13.1.3). A date is a
day: `Last-Modified` is its midnight, UTC. `Cache-Control: public, max-age=300` (as the SPARQL
answers): a cache asks again after five minutes, and a `Last-Modified` weeks old does not make
it keep the document for days by heuristic (RFC 9111 §4.2.2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from email.utils import format_datetime, parsedate_to_datetime

from starlette.responses import Response

from actieplan.api.plumbing.negotiation import etag_matches

# What a 304 repeats of the answer it stands for (RFC 9110 §15.4.5), and the links.
CACHE_CONTROL = "public, max-age=300"
KEPT_ON_304 = ("etag", "last-modified", "vary", "content-location", "cache-control", "link")


def http_date(day: dt.date) -> str:
    """`Sat, 05 Dec 2026 00:00:00 GMT` for the day."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return format_datetime(midnight, usegmt=True)


def not_modified_since(header: str | None, day: dt.date | None) -> bool:
    """If-Modified-Since holds a time at or after the day's midnight (a date that cannot be read
    is ignored, as §13.1.3 says)."""
    if not header or day is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return since >= dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def is_fresh(request_headers: Mapping[str, str], etag: str, modified: dt.date | None) -> bool:
    """The client holds the answer with this ETag and date already: answer 304."""
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None:
        return etag_matches(if_none_match, etag)
    return not_modified_since(request_headers.get("if-modified-since"), modified)


def body_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def conditional(
    request_headers: Mapping[str, str], answer: Response, modified: dt.date | None
) -> Response:
    """`answer` (a 200 with its body) with its ETag and Last-Modified; a 304 with the same
    validators when the request's conditions say the client holds it already."""
    answer.headers.setdefault("ETag", body_etag(bytes(answer.body)))
    answer.headers.setdefault("Cache-Control", CACHE_CONTROL)
    if modified is not None:
        answer.headers["Last-Modified"] = http_date(modified)
    if not is_fresh(request_headers, answer.headers["ETag"], modified):
        return answer
    kept = {name: answer.headers[name] for name in KEPT_ON_304 if name in answer.headers}
    return Response(status_code=304, headers=kept)
