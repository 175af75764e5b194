"""Where deep or long SPARQL queries crash or stall the engines, and how fast the safety
lexer (graph/sparql/safety.py) decides on pathological text. Measured, never asserted in tests.

    .venv/bin/python bench/sparql_limits.py thresholds [--engine oxigraph rdflib] [NAME ...]
    .venv/bin/python bench/sparql_limits.py at-limits [--engine oxigraph rdflib]
    .venv/bin/python bench/sparql_limits.py lexer [--megabytes 1]

thresholds  For each construct (N nested `{`, N `!` in front of a FILTER's operand, N `&&`,
            N UNION, N path steps, ...), the smallest N at which one query takes more than
            1 s and the smallest N at which it crashes its process, by doubling N and then
            bisecting. Each try runs in a fresh child process, as a query worker does:
            pyoxigraph `Store.query` on a one-triple store (answers consumed), or rdflib's
            `prepareQuery` (the parse, where rdflib recurses). A crash is a child killed by
            a signal (Oxigraph's stack overflow is SIGSEGV); a child not done within
            --timeout counts as slow, not as a crash.
at-limits   The same constructs at the largest N that `check_query` accepts with the
            default QueryLimits: the seconds each engine takes there (the defaults must
            leave them far from the thresholds).
lexer       Seconds `check_query` takes on --megabytes of one unit repeated (`\\"`, `#`,
            `<`, `{`, ...): with the default nesting and token limits (only max_bytes
            lifted so that the text is lexed at all), and with every limit lifted (the
            lexer's raw speed).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

P = "PREFIX : <http://x/> "
CONSTRUCTS = {
    "not": lambda n: P + "ASK { FILTER(" + "!" * n + "true) }",
    "and": lambda n: P + "ASK { FILTER(true" + " && true" * n + ") }",
    "or": lambda n: P + "ASK { FILTER(false" + " || false" * n + ") }",
    "plus": lambda n: P + "ASK { FILTER(1" + " + 1" * n + ") }",
    "union": lambda n: P + "ASK { {}" + " UNION {}" * n + " }",
    "path": lambda n: P + "ASK { ?s :p" + "/:p" * n + " ?o }",
    "altpath": lambda n: P + "ASK { ?s :p" + "|:p" * n + " ?o }",
    "braces": lambda n: P + "ASK " + "{" * n + "}" * n,
    "parens": lambda n: P + "ASK { FILTER(" + "(" * n + "true" + ")" * n + ") }",
    "pathparens": lambda n: P + "ASK { ?s " + "(" * n + ":p" + ")" * n + " ?o }",
    "brackets": lambda n: P + "ASK { ?s :p " + "[ :p " * n + ":o" + " ]" * n + " }",
    "exists": lambda n: P + "ASK { " + "FILTER EXISTS { " * n + "}" * n + " }",
    "subselect": lambda n: P + "ASK { " + "{ SELECT * WHERE { " * n + "}}" * n + " }",
    "concat": lambda n: P + "ASK { FILTER(" + "CONCAT(" * n + "'a'" + ")" * n + ") }",
    "optional": lambda n: P + "ASK { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * n + "}",
    "minus": lambda n: P + "ASK { ?s ?p ?o " + "MINUS { ?s :p ?o } " * n + "}",
    "groups": lambda n: P + "ASK { " + "{} " * n + "}",
    "bind": lambda n: P + "ASK { " + "".join(f"BIND(1 AS ?v{i}) " for i in range(n)) + "}",
    "filters": lambda n: P + "ASK { ?s ?p ?o " + "FILTER(true) " * n + "}",
    "triples": lambda n: P + "ASK { " + "?s :p ?o . " * n + "}",
    "objects": lambda n: P + "ASK { ?s :p " + ", ".join(["?o"] * n) + " }",
    "in": lambda n: P + "ASK { FILTER(1 IN (" + ", ".join(["1"] * n) + ")) }",
    "collection": lambda n: P + "ASK { ?s :p (" + " 1" * n + " ) }",
    "values": lambda n: P + "ASK { VALUES ?x { " + " 1" * n + " } }",
}

CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[4])
from bench.sparql_limits import CONSTRUCTS
engine, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
query = CONSTRUCTS[name](n)
if engine == "oxigraph":
    import pyoxigraph as ox
    store = ox.Store()
    x = ox.NamedNode("http://x/p")
    store.add(ox.Quad(x, x, x))
    started = time.perf_counter()
    result = store.query(query)
    bool(result) if isinstance(result, ox.QueryBoolean) else list(result)
else:
    from rdflib.plugins.sparql import prepareQuery
    started = time.perf_counter()
    prepareQuery(query)
print(time.perf_counter() - started)
"""
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def trial(engine: str, name: str, n: int, timeout: float) -> tuple[str, float | None]:
    """("ok", seconds); ("error", None) for an exception the engine raised (a syntax or
    recursion error: answered, nothing crashed); ("timeout", None) when not done within
    `timeout` seconds; ("crash", None) when the child died of a signal."""
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, engine, name, str(n), ROOT],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout", None
    if child.returncode < 0 or "overflow" in child.stderr:
        return "crash", None
    if child.returncode != 0:
        return "error", None
    return "ok", float(child.stdout.strip())


def smallest(engine: str, name: str, bad, timeout: float, top: int = 1 << 16) -> str:
    n, good_n, bad_n = 16, 0, None
    while n <= top:
        if bad(*trial(engine, name, n, timeout)):
            bad_n = n
            break
        good_n, n = n, n * 2
    if bad_n is None:
        return f"none up to {top}"
    while bad_n - good_n > max(1, good_n // 16):  # within about 6 %
        middle = (good_n + bad_n) // 2
        if bad(*trial(engine, name, middle, timeout)):
            bad_n = middle
        else:
            good_n = middle
    return f"{bad_n}"


def thresholds(engines: list[str], names: list[str], timeout: float) -> None:
    print(f"{'construct':12} {'engine':9} {'> 1 s at N':>14} {'crash at N':>14}")
    for name in names:
        for engine in engines:
            slow = smallest(
                engine,
                name,
                lambda s, t: s in ("crash", "timeout") or (s == "ok" and t > 1),
                timeout,
            )
            crash = smallest(engine, name, lambda s, t: s == "crash", timeout)
            print(f"{name:12} {engine:9} {slow:>14} {crash:>14}", flush=True)


def largest_accepted(name: str) -> int:
    from actieplan.graph.sparql.safety import UnsafeQuery, check_query

    low, high = 0, 1 << 14
    while high - low > 1:
        middle = (low + high) // 2
        try:
            check_query(CONSTRUCTS[name](middle))
            low = middle
        except UnsafeQuery:
            high = middle
    return low


def at_limits(engines: list[str], names: list[str], timeout: float) -> None:
    print(f"{'construct':12} {'largest N':>9} " + " ".join(f"{e:>12}" for e in engines))
    for name in names:
        n = largest_accepted(name)
        cells = []
        for engine in engines:
            status, seconds = trial(engine, name, n, timeout)
            cells.append(f"{seconds:11.3f}s" if status == "ok" else f"{status:>12}")
        print(f"{name:12} {n:9} " + " ".join(cells), flush=True)


UNITS = [
    '\\"',
    "#",
    "#\r",
    "<",
    "<a",
    '"',
    "'",
    '"""',
    "'''a",
    "{",
    "(",
    "[",
    "!",
    "&&",
    "a.",
    "a-",
    "_:a.",
    "ex:a.",
    "1.",
    "?",
    "@a-",
    "\\",
    "\\u0041",
    "\\u0028",
    "x ",
    "é",
]


def lexer(megabytes: float) -> None:
    from actieplan.graph.sparql.safety import QueryLimits, UnsafeQuery, check_query

    size = int(megabytes * 1_000_000)
    defaults = dataclasses.replace(QueryLimits(), max_bytes=10 * size)
    unlimited = QueryLimits(max_bytes=10 * size, max_nesting=10**9, max_tokens=10**9)
    print(f"check_query on {megabytes:g} MB: 'ASK {{ ' + the unit repeated")
    print(f"{'unit':10} {'default limits':>24} {'no limits':>24}")
    for unit in UNITS:
        text = "ASK { " + unit * (size // len(unit.encode("utf-8")))
        cells = []
        for limits in (defaults, unlimited):
            started = time.perf_counter()
            try:
                check_query(text, limits)
                outcome = "accepted"
            except UnsafeQuery as refused:
                outcome = refused.kind
            cells.append(f"{time.perf_counter() - started:8.3f} s {outcome:>9}")
        print(f"{unit!r:10} {cells[0]:>24} {cells[1]:>24}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["thresholds", "at-limits", "lexer"])
    parser.add_argument("names", nargs="*", help="constructs (default: all)")
    parser.add_argument(
        "--engine", nargs="+", choices=["oxigraph", "rdflib"], default=["oxigraph", "rdflib"]
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=8.0,
        help="seconds a try may take before it counts as a crash",
    )
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    names = args.names or list(CONSTRUCTS)
    if args.what == "thresholds":
        thresholds(args.engine, names, args.timeout)
    elif args.what == "at-limits":
        at_limits(args.engine, names, args.timeout)
    else:
        lexer(args.megabytes)


if __name__ == "__main__":
    main()
