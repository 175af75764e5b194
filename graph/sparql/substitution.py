"""Values of variables written into a query's text, for SPARQL servers that take no bindings;
and the form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE), to ask such a server for the right
answer format.

The embedded engines bind values themselves (Store.query's `bindings`); a remote store over the
SPARQL Protocol cannot be sent bindings, so its query text carries them. The rewriting follows
what substitution means for the library's queries, token by token, so that a variable's name
inside a string, an IRI or a comment is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Identifier

# The tokens of a library query, enough to tell its variables from the same characters in a
# string, an IRI or a comment: comments, the four string forms, IRIs, variables, words, white
# space, and any other single character.
_TOKENS = re.compile(
    r"#[^\n]*"
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|[?$]\w+|[A-Za-z_]\w*|\s+|.",
    re.DOTALL,
)
_CLAUSE_ENDS = {"WHERE", "HAVING", "ORDER", "LIMIT", "OFFSET", "{", "}"}
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them outside the prologue's IRIs,
    strings and comments (SELECT when none is found; the store will say what is wrong)."""
    for match in _TOKENS.finditer(sparql):
        word = match.group().upper()
        if word in QUERY_FORMS:
            return word
    return "SELECT"


def written_in(sparql: str, terms: Mapping[str, Identifier]) -> str:
    """The query with each bound variable's value written in: what SPARQL substitution
    (SEP-0007) does, for servers that take no bindings over the protocol.

    Where a SELECT lists a parameter, `$NAME` becomes `(TERM AS ?NAME)` (so the answer has the
    columns it has with bindings), or stays a variable if a sub-query of that SELECT lists it
    (the sub-query gives it its value); a GROUP BY leaves it out (grouping by one value changes
    nothing); everywhere else it becomes TERM.
    """
    out: list[str] = []
    clause = ""  # "select" or "group" while in that list
    depth = 0  # brackets open in that list
    braces = 0
    # The SELECTs around the current token: (brace depth of the SELECT, where its list has
    # each parameter in `out`).
    selects: list[tuple[int, dict[str, int]]] = []
    for match in _TOKENS.finditer(sparql):
        token = match.group()
        word = token.upper()
        if token in ("{", "}"):
            braces += 1 if token == "{" else -1
            while selects and selects[-1][0] > braces:
                selects.pop()  # the end of a sub-query
        if word == "SELECT":
            clause, depth = "select", 0
            selects.append((braces, {}))
        elif word == "GROUP" and not clause:
            clause, depth = "group", 0
        elif clause and depth == 0 and word in _CLAUSE_ENDS:
            clause = ""
        elif clause and token in ("(", ")"):
            depth += 1 if token == "(" else -1
        elif token[0] in "?$" and token[1:] in terms:
            name, term = token[1:], terms[token[1:]].n3()
            if clause == "select" and depth == 0:
                token = f"({term} AS ?{name})"
                selects[-1][1][name] = len(out)
                if len(selects) > 1 and name in selects[-2][1]:
                    out[selects[-2][1][name]] = f"?{name}"  # in scope from this sub-query
            elif clause == "group" and depth == 0:
                token = ""
                if out and out[-1].isspace():
                    out.pop()
            else:
                token = term
        out.append(token)
    return "".join(out)
