"""/sparql's own parse of a query string or form body (api/routes/sparql.py `_parameters`): the
pairs `urllib.parse.parse_qsl` gives (blank values kept, percent-encoded bytes strictly UTF-8),
which it replaced because urllib's loop over the escapes was slow (bench/README.md)."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus, urlencode

import pytest

from actieplan.api.routes.sparql import MAX_PARAMETERS, ProtocolError, _parameters
from actieplan.graph.sparql.library import get_query

# What clients send, and what only urllib's slower path may decode.
ENCODED = [
    "",
    "&",
    "&&query=ASK%20%7B%7D&&",
    "query",
    "query=",
    "=x",
    "a=b=c",
    "a+b=c+d",
    "q=%2B%20+",
    "q=%",  # a "%" that starts no escape stays as it is
    "q=%zz%4",
    "q=50%25",
    "q=%5C%78%34%31",  # the text \x41 percent-encoded: a backslash stays a backslash
    r"q=\x41\\u0041\N{DIGIT ONE}",  # backslashes as sent, not percent-encoded
    "q=\\x41%41\\u0041%5c\\",  # backslashes as sent beside escapes
    "q=caf%C3%A9",
    "q=caf%c3%a9",
    "q=café%C3%A9",  # not ASCII: a character as sent next to an escaped one
    "q=%F0%9F%98%80%E2%82%AC",
    "q=%00%01%7F",
    "q=%0A%0D%09",
    "q=%22%27%3C%3E",
    "format=json&query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D&default-graph-uri=http%3A%2F%2Fx",
]


@pytest.mark.parametrize("encoded", ENCODED)
def test_the_pairs_urllib_gives(encoded):
    assert _parameters(encoded, "URL") == parse_qsl(encoded, keep_blank_values=True)


def test_a_query_of_the_library_round_trips():
    """The bench's query (bench/bench_sparql.py) encoded as httpx and curl encode it (%20 and
    +), each comes back as it was."""
    query = get_query("shared-actions-organisations").sparql
    for encoded in (urlencode({"query": query}), "query=" + quote_plus(query, safe="")):
        assert _parameters(encoded, "URL") == [("query", query)]


@pytest.mark.parametrize("encoded", ["q=caf%E9", "q=%C3", "q=%ED%A0%80", "q=%C3%A9%FF", "q=é%FF"])
def test_bytes_that_are_not_utf8_are_refused(encoded):
    with pytest.raises(UnicodeDecodeError):
        parse_qsl(encoded, keep_blank_values=True, errors="strict")
    with pytest.raises(ProtocolError) as refused:
        _parameters(encoded, "URL")
    assert refused.value.status == 400
    assert "not UTF-8" in str(refused.value)


def test_too_many_parameters():
    """At most MAX_PARAMETERS (1000) pairs, as parse_qsl's max_num_fields counts them."""
    assert len(_parameters("&".join(["a=1"] * MAX_PARAMETERS), "URL")) == MAX_PARAMETERS
    with pytest.raises(ProtocolError, match="more than 1000 parameters"):
        _parameters("&".join(["a=1"] * (MAX_PARAMETERS + 1)), "URL")
