"""graph/sparql/safety.py: the SPARQL 1.1 lexer that refuses SERVICE and updates on tokens, in
every way an engine may read the query, and enforces QueryLimits.

Why each variant is here (measured on pyoxigraph 0.5 and rdflib 7 against a loopback
listener while writing this check):
- Oxigraph ends a comment at CR as well as LF (the grammar's EOL); rdflib only at LF.
- rdflib expands \\u and \\U escapes in the whole text before parsing (SPARQL 1.1 §19.2), with
  8 or else 4 hex digits after either letter; Oxigraph only inside strings and IRIs.
- Oxigraph matches a keyword without looking at the next character, so `trueSERVICE <x> {}`,
  `SERVICEex:x {}`, `SERVICESILENT<x> {}` and `service:x {}` all call the service.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from actieplan.graph.sparql.library import load_library
from actieplan.graph.sparql.safety import (
    UPDATE_KEYWORDS,
    PassedChecks,
    QueryLimits,
    UnsafeQuery,
    check_query,
)

URL = "http://127.0.0.1:9/sparql"
UNLIMITED = QueryLimits(max_bytes=10**9, max_nesting=10**9, max_tokens=10**9)


def refusal(query: str, limits: QueryLimits | None = None) -> UnsafeQuery:
    with pytest.raises(UnsafeQuery) as refused:
        check_query(query, limits)
    return refused.value


# --- what passes ---------------------------------------------------------------------------

SAFE = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT ?service ?load WHERE { ?service <http://ex.org/load> ?load }",
    "PREFIX ex: <http://ex.org/> SELECT * WHERE { ?s ex:drop ?o } # DROP ALL in a comment",
    "SELECT * WHERE { ?s <http://ex.org/insert> ?o }",
    # The brief's list: a local name, a variable, a string, an IRI, an empty-prefix name.
    "PREFIX ex: <http://x/> PREFIX : <http://y/> SELECT * WHERE { ?service ex:service "
    '"SERVICE" . ?s <http://x/SERVICE> :LOAD }',
    "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> { ?s ?p ?o }''' }",
    'SELECT * WHERE { ?s ?p """a "quoted" SERVICE\nover lines""" }',
    "SELECT $insert $delete WHERE { $insert <http://x/p> $delete }",
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:DROP ex:with, ex:using ; ex:copy _:add }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }\n",
    "SELECT * WHERE { ?s ?p ?o } # comment ended by CR LF\r\nLIMIT 1",
    'SELECT * WHERE { ?s ?p "x"@en-GB , "1"^^<http://www.w3.org/2001/XMLSchema#int> }',
    "SELECT * FROM <http://example.org/g> FROM NAMED <http://example.org/h> "
    "WHERE { GRAPH ?g { ?s ?p ?o } }",
    # \u escapes inside strings and IRIs, as Oxigraph and the grammar allow.
    'SELECT * WHERE { ?s ?p "caf\\u00e9" ; ?q <\\u0068ttp://example.org/> }',
    "ASK { FILTER(1.5e3 > .5 && -2 < +3 && ?x != 4.) }",
    "ASK { ?s (<http://x/p>|^<http://x/q>)/<http://x/r>* ?o . ?s !(<http://x/a>) [] }",
    "PREFIX ex: <http://x/> ASK { ?s ex:a\\.b ex:c%20d, ex:e.f . }",
    "SELECT (COUNT(*) AS ?n) (GROUP_CONCAT(?x; SEPARATOR=', ') AS ?all) "
    "WHERE { VALUES ?x { 'a' UNDEF } } GROUP BY ?x HAVING(COUNT(*) > 0)",
    "DESCRIBE <http://x/a> ?b WHERE { ?b a <http://x/C> }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(!BOUND(?x) || !(?o = 1)) }",
    "PREFIX address: <http://x/> PREFIX dropbox: <http://y/> ASK { ?s address:p dropbox:q }",
]


@pytest.mark.parametrize("query", SAFE)
def test_safe_queries_pass(query):
    check_query(query)


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_query_of_the_library_passes(name):
    check_query(load_library()[name].sparql)


def test_defaults_are_the_servers():
    """api.settings.Settings offers these limits as `serve` options; one set of defaults."""
    from actieplan.api.plumbing.settings import Settings

    settings, limits = Settings(), QueryLimits()
    assert (limits.max_bytes, limits.max_nesting, limits.max_tokens) == (
        settings.max_query_bytes,
        settings.max_query_nesting,
        settings.max_query_tokens,
    )


# --- SERVICE, in every form an engine reads it ----------------------------------------------

SERVICE = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "lower case": "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "mixed case": "SELECT * WHERE {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "no space": "ASK{{SERVICE<{url}>{{}}}}",
    "variable": "SELECT * WHERE {{ VALUES ?at {{ <{url}> }} SERVICE ?at {{ ?s ?p ?o }} }}",
    "after VALUES": "SELECT * WHERE {{ ?s ?p ?o SERVICE ?at {{ }} }} VALUES ?at {{ <{url}> }}",
    "prefixed name": "PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
    "sub-query": "ASK {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "filter exists": "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ }} }} }}",
    "filter not exists": "ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ }} }} }}",
    "bind exists": "SELECT * WHERE {{ BIND(EXISTS {{ SERVICE <{url}> {{ }} }} AS ?b) }}",
    "optional": "ASK {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "minus": "ASK {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?b ?c }} }} }}",
    "graph": "ASK {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "union": "ASK {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "construct": "# federated\nCONSTRUCT WHERE {{\n  SERVICE <{url}> {{ ?s ?p ?o }}\n}}",
    # Comments: the engines end them at different characters.
    "comment CR": "SELECT * WHERE {{ #\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment LF CR": "SELECT * WHERE {{ #\n\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment CR, then a long string for LF readers": (
        'SELECT * WHERE {{ # \r """ \n SERVICE <{url}> {{ }} # """\n }}'
    ),
    # Escapes: expanded before lexing (§19.2, rdflib), or not (Oxigraph outside strings).
    "\\u": "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "\\U": "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "\\u last letter": "SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}",
    "\\u with 8 digits (rdflib)": "SELECT * WHERE {{ \\u00000053ERVICE <{url}> {{ }} }}",
    "\\U with 4 digits (rdflib)": "SELECT * WHERE {{ \\U0053ERVICE <{url}> {{ }} }}",
    "\\u line feed ends a comment": "SELECT * WHERE {{ #\\u000a SERVICE <{url}> {{ }} }}",
    "\\u carriage return ends a comment": "SELECT * WHERE {{ #\\u000d SERVICE <{url}> {{ }} }}",
    "\\u quote ends a string": 'SELECT * WHERE {{ ?s ?p "\\u0022 . SERVICE <{url}> {{ }} #" }}',
    "\\u in the IRI": "SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:9/> {{ }} }}",
    # Oxigraph reads a keyword at the start of a longer word.
    "after true": "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?a ?b ?c }} }}",
    "glued to a prefixed name": "PREFIX ex: <{url}/> SELECT * WHERE {{ SERVICEex:x {{ }} }}",
    "glued to SILENT": "SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?a ?b ?c }} }}",
    "prefix named service": "PREFIX : <{url}/> SELECT * WHERE {{ ?s ?p ?o service:x {{ }} }}",
    "long s (rdflib's upper())": "PREFIX : <{url}/> SELECT * WHERE {{ \u017fERVICE:x {{ }} }}",
}


@pytest.mark.parametrize("template", SERVICE.values(), ids=SERVICE.keys())
def test_service_is_refused(template):
    refused = refusal(template.format(url=URL))
    assert refused.kind == "service" and refused.keyword == "SERVICE"
    assert not refused.is_update
    assert "SERVICE (federated query) is not allowed" in str(refused)


ODD_LINE_ENDS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("end", ODD_LINE_ENDS, ids=lambda c: f"U+{ord(c):04X}")
def test_comment_ended_by_another_line_terminator_is_refused(end):
    """Some reader may end the comment there (Python's splitlines does): refused whatever
    follows, since the engines would disagree on where the comment ends."""
    refused = refusal(f"SELECT * WHERE {{ #{end} SERVICE <{URL}> {{ ?s ?p ?o }} }}")
    assert refused.kind == "syntax"
    assert f"U+{ord(end):04X}" in str(refused) and (refused.line, refused.column) == (1, 19)
    refused = refusal(f"SELECT * WHERE {{ ?s ?p ?o }} # harmless{end} words\n")
    assert refused.kind == "syntax"


def test_each_reading_is_named_in_the_message():
    raw = refusal(f"SELECT * WHERE {{ #\r SERVICE <{URL}> {{ }} }}")
    assert str(raw).startswith("line 2:2: SERVICE")
    spec = refusal(f"SELECT * WHERE {{\n  \\u0053ERVICE <{URL}> {{ }} }}")
    assert str(spec).startswith(
        "line 2:3 (reading the query with its \\u escapes expanded "
        "first, as SPARQL 1.1 §19.2 says): SERVICE"
    )
    lenient = refusal(f"SELECT * WHERE {{ \\u00000053ERVICE <{URL}> {{ }} }}")
    assert "expanded the way rdflib does" in str(lenient)


def test_positions_are_those_of_the_text_sent():
    """In an expanded reading, line:column still point into the query as the client wrote it."""
    query = 'SELECT * WHERE {\n  ?s ?p "\\u00e9\\u00e9" .\n  ?s ?p \\u0053ERVICE }'
    refused = refusal(query)
    assert (refused.line, refused.column) == (3, 9)
    assert query.splitlines()[2][8:].startswith("\\u0053ERVICE")


# --- updates ---------------------------------------------------------------------------------

UPDATES = {
    "INSERT": "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE": "PREFIX ex: <http://ex.org/>\nDELETE WHERE { ?s ?p ?o }",
    "LOAD": f"LOAD <{URL}>",
    "CLEAR": "CLEAR DEFAULT",
    "DROP": "DROP ALL",
    "CREATE": "CREATE GRAPH <http://example.org/g>",
    "ADD": "ADD DEFAULT TO <http://example.org/g>",
    "MOVE": "MOVE DEFAULT TO <http://example.org/g>",
    "COPY": "COPY DEFAULT TO <http://example.org/g>",
    "WITH": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "USING": "USING <http://example.org/g> ASK { ?s ?p ?o }",
}


def test_every_update_keyword_has_a_case():
    assert set(UPDATES) == set(UPDATE_KEYWORDS)


@pytest.mark.parametrize("keyword, query", UPDATES.items(), ids=UPDATES.keys())
def test_updates_are_refused(keyword, query):
    escaped = f"\\u{ord(keyword[0]):04X}{keyword[1:]}"  # \u0049NSERT
    for variant in (query, query.lower(), query.replace(keyword, escaped, 1), "ASK {} #\r" + query):
        refused = refusal(variant)
        assert refused.kind == "update" and refused.is_update, variant
        assert refused.keyword == keyword
        assert "read-only" in str(refused)


def test_service_wins_over_update():
    """Both in one text: the refusal names SERVICE (a fetch), not the update."""
    refused = refusal(f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}")
    assert refused.kind == "service"


# --- text that is not SPARQL ------------------------------------------------------------------

NOT_SPARQL = {
    "string not closed": ("ASK { ?s ?p 'abc }", (1, 13)),
    "long string not closed": ('ASK {\n ?s ?p """abc }', (2, 8)),
    "line end in a short string": ('ASK { ?s ?p "a\nb" }', (1, 13)),
    "bad escape": ('ASK { ?s ?p "a\\qb" }', (1, 13)),
    "stray character": ("ASK { ?s ?p ?o } ~", (1, 18)),
    "stray backslash": ("ASK { ?s ?p \\x }", (1, 13)),
    "form feed": ("ASK { ?s ?p ?o \x0c}", (1, 16)),
    "no-break space": ("ASK {\u00a0?s ?p ?o }", (1, 6)),
    "not a code point": ("ASK { ?s ?p '\\U00110000' }", (1, 14)),
    "lone dollar": ("ASK { $ }", (1, 7)),
    "lone at": ("ASK { ?s ?p 'a'@ }", (1, 16)),
    "quote escape closes the string early": ('SELECT * { ?s ?p "\\u0022" }', (1, 18)),
}


@pytest.mark.parametrize("query, where", NOT_SPARQL.values(), ids=NOT_SPARQL.keys())
def test_text_that_is_not_sparql_is_refused_with_its_position(query, where):
    refused = refusal(query)
    assert refused.kind == "syntax" and refused.keyword is None and not refused.is_update
    assert (refused.line, refused.column) == where
    assert str(refused).startswith(f"line {where[0]}:{where[1]}")
    assert "cannot be read as SPARQL" in str(refused)


# --- limits ----------------------------------------------------------------------------------


def test_size_limit():
    query = "ASK { ?s ?p 'é' }"  # 18 bytes in UTF-8
    check_query(query, QueryLimits(max_bytes=18))
    refused = refusal(query, QueryLimits(max_bytes=17))
    assert refused.kind == "limit" and "18 bytes long; at most 17" in str(refused)


def test_token_limit():
    query = "ASK { ?s ?p ?o } # comments and white space are not tokens"
    check_query(query, QueryLimits(max_tokens=6))
    refused = refusal(query, QueryLimits(max_tokens=5))
    assert refused.kind == "limit" and (refused.line, refused.column) == (1, 16)
    assert "more than 5 tokens" in str(refused)


def nested(kind: str, levels: int) -> str:
    """Queries whose nesting is 1 (the query) + `levels` by check_query's count."""
    return {
        "braces": "ASK " + "{" * levels + "}" * levels,
        "parens": "ASK { FILTER" + "(" * (levels - 1) + "true" + ")" * (levels - 1) + " }",
        "not": "ASK { FILTER(" + "!" * (levels - 2) + "true) }",
        "and": "ASK { FILTER(true" + " && true" * (levels - 2) + ") }",
        "or": "ASK { FILTER(false" + " || false" * (levels - 2) + ") }",
        "plus": "ASK { FILTER(1" + " + 1" * (levels - 2) + " > 0) }",
        "union": "ASK { {}" + " UNION {}" * (levels - 2) + " }",
        "optional": "ASK { ?s ?p ?o" + " OPTIONAL { ?s ?p ?o }" * (levels - 2) + " }",
        "minus": "ASK { ?s ?p ?o" + " MINUS { ?s ?p ?o }" * (levels - 2) + " }",
        "path": "ASK { ?s <http://x/p>" + "/<http://x/p>" * (levels - 1) + " ?o }",
        "alternatives": "ASK { ?s <http://x/p>" + "|<http://x/p>" * (levels - 1) + " ?o }",
        "exists": "ASK " + "{ FILTER EXISTS " * (levels - 1) + "{}" + " }" * (levels - 1),
        "sub-select": "ASK " + "{ SELECT * WHERE " * (levels - 1) + "{}" + " }" * (levels - 1),
        # Each !( counts twice: the ! in front of the bracket, and the bracket.
        "collection": "ASK { ?s ?p (" + " 1" * (levels - 1) + " ) }",
        "nested collections": "ASK { ?s ?p " + "(" * (levels - 1) + "1" + ")" * (levels - 1) + " }",
        "collection of collections": "ASK { ?s ?p (" + " ()" * (levels - 2) + " ) }",
        "mixed": "ASK { FILTER("
        + "!" * ((levels - 2) % 2)
        + "!(" * ((levels - 2) // 2)
        + "true"
        + ")" * ((levels - 2) // 2)
        + ") }",
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "braces",
        "parens",
        "not",
        "and",
        "or",
        "plus",
        "union",
        "optional",
        "minus",
        "path",
        "alternatives",
        "exists",
        "sub-select",
        "collection",
        "nested collections",
        "collection of collections",
        "mixed",
    ],
)
def test_nesting_limit(kind):
    """Each construct that makes the engines' parsers recurse counts towards max_nesting;
    bench/sparql_limits.py measures the sizes at which they crash or stall a worker."""
    check_query(nested(kind, 63), QueryLimits(max_nesting=64))
    refused = refusal(nested(kind, 63), QueryLimits(max_nesting=63))
    assert refused.kind == "limit" and "nests more than 63 levels deep" in str(refused)
    # Far beyond the crash sizes: refused the same way (the count stops at the limit).
    assert (
        refusal(nested(kind, 50_000), dataclasses.replace(UNLIMITED, max_nesting=64)).kind
        == "limit"
    )
    assert refusal(nested(kind, 50_000)).kind == "limit"  # the size limit at the latest


def test_chains_start_again_after_a_separator():
    """Paths and expressions in different triples or arguments do not nest in each other."""
    steps = "/".join(["<http://x/p>"] * 30)
    query = "ASK { " + " . ".join([f"?s {steps} ?o"] * 20) + " }"
    check_query(query)
    check_query("SELECT (CONCAT(" + ", ".join(["?a + ?b + ?c"] * 40) + ") AS ?x) {}")
    # Terms in a row count only inside ( ): VALUES and triples are flat lists.
    check_query("SELECT ?a ?b ?c WHERE { VALUES ?a { " + " 1" * 500 + " } ?a ?b ?c }")
    check_query("SELECT * { VALUES (?a ?b) { " + "(1 2) " * 500 + "} }")


def test_limits_apply_to_every_reading():
    """\\u0028 is '(' once expanded: the nesting counted there is refused as well."""
    query = "ASK { FILTER" + "\\u0028" * 100 + "true" + ")" * 100 + " }"
    refused = refusal(query)
    assert refused.kind == "limit" and "expanded" in str(refused)


# --- linear time -------------------------------------------------------------------------------

PATHOLOGICAL = [
    '\\"',
    "#",
    "<",
    '"',
    "'",
    "{",
    "(",
    "!",
    "a.",
    "_:a.",
    "ex:a.",
    "1.",
    "\\",
    "<a",
    '"""',
    "\\u0041",
    "?",
    "@a-",
    "a-",
]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_pathological_text_is_checked_promptly(unit):
    """A liveness bound, generous on purpose: the old check took 11 s on 48 KB of \\"; a
    linear lexer takes milliseconds (`bench/sparql_limits.py lexer` prints the figures)."""
    text = "ASK { " + unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    try:
        check_query(text, dataclasses.replace(QueryLimits(), max_bytes=2_000_000))
    except UnsafeQuery:
        pass
    assert time.perf_counter() - started < 10.0


def test_passed_checks_remember_what_passed_and_check_every_refusal_again():
    checks = PassedChecks(QueryLimits(max_tokens=40), max_chars=200)
    safe = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    checks.check(safe)
    checks.check(safe)
    assert safe in checks
    unsafe = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    for _ in range(2):  # refused each time it is asked, never remembered
        with pytest.raises(UnsafeQuery):
            checks.check(unsafe)
    assert unsafe not in checks
    too_many = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o" for i in range(20)) + " }"
    with pytest.raises(UnsafeQuery):  # the instance's own limits (40 tokens)
        checks.check(too_many)
    # at most 200 characters are kept: the least recently asked text goes first
    others = [f"SELECT ?s{i} WHERE {{ ?s{i} ?p ?o }}" for i in range(8)]
    for text in others:
        checks.check(text)
    assert safe not in checks and others[-1] in checks
    assert sum(len(t) for t in [safe, *others] if t in checks) <= 200
