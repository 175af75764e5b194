"""Refuse queries that would make the server fetch or change anything.

The graph is read-only and nothing may leave the machine because of a query: SPARQL Update
(INSERT, DELETE, LOAD, DROP, ...) and federated queries (SERVICE) are refused before any engine
sees them. The check is lexical: strings, IRIs and comments are blanked out first, so
`"SERVICE"` in a literal or `ex:load` as a prefixed name do not trip it. FROM / FROM NAMED only
select graphs the store already holds (graph.store switches off rdflib's loading of them).
"""

from __future__ import annotations

import re

# Long strings first, then short ones, IRIs, comments; replaced by blanks of the same length.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_KEYWORD = re.compile(
    r"(?<![\w?$:\-])(" + "|".join(("SERVICE",) + UPDATE_KEYWORDS) + r")(?![\w:\-])",
    re.IGNORECASE,
)


class UnsafeQuery(ValueError):
    """The query asks for something a read-only, no-fetch endpoint does not do."""

    def __init__(self, keyword: str, message: str) -> None:
        super().__init__(message)
        self.keyword = keyword
        self.is_update = keyword in UPDATE_KEYWORDS


def blank_out(text: str) -> str:
    """The query with its strings, IRIs and comments replaced by spaces."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def check_query(text: str) -> None:
    """Raise UnsafeQuery if the query contains SERVICE or an update operation."""
    match = _KEYWORD.search(blank_out(text))
    if match is None:
        return
    keyword = match.group(1).upper()
    line = text.count("\n", 0, match.start()) + 1
    if keyword == "SERVICE":
        raise UnsafeQuery(keyword, f"line {line}: SERVICE (federated query) is not allowed: "
                                   "this endpoint never fetches data from elsewhere")
    raise UnsafeQuery(keyword, f"line {line}: {keyword} is SPARQL Update; this endpoint is "
                               "read-only and accepts queries only (SELECT, ASK, CONSTRUCT, "
                               "DESCRIBE)")
