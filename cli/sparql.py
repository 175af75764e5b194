"""`actieplan sparql QUERY_OR_FILE`: run any SPARQL query on the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from actieplan.cli.options import add_graph_arguments, store_from_args
from actieplan.graph.core.tables import render
from actieplan.graph.sparql.library import python_value
from actieplan.graph.sparql.results import serialise
from actieplan.graph.sparql.safety import UnsafeQuery, check_query
from actieplan.graph.sparql.store import QueryError

FORMATS = ("table", "csv", "json", "sparql-json", "sparql-xml", "tsv", "turtle", "nt", "json-ld")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sparql",
        help="run a SPARQL query (text or .rq file)",
        description="Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query on the graph. "
        "SPARQL Update and queries that would fetch data from elsewhere "
        "(SERVICE) are refused, in every way an engine may read them, as are "
        "queries larger or deeper than the server's default limits.",
    )
    parser.add_argument("query", help="the query text, a .rq file, or - for standard input")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table/csv/json for people; sparql-json, sparql-xml, tsv: the "
        "W3C result formats; turtle, nt, json-ld for CONSTRUCT/DESCRIBE",
    )
    add_graph_arguments(parser, engine=True)
    parser.set_defaults(run=run)


def read_query(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    if argument.endswith((".rq", ".sparql")) or (len(argument) < 256 and path.is_file()):
        return path.read_text(encoding="utf-8")
    return argument


def run(args: argparse.Namespace) -> int:
    text = read_query(args.query)
    try:
        check_query(text)  # before the graph is even loaded
        answer = store_from_args(args).query(text)  # rdflib: checks its algebra as well
    except (UnsafeQuery, QueryError) as error:
        print(f"actieplan sparql: error: {error}", file=sys.stderr)
        return 2
    fmt = args.format
    if answer.kind == "graph":
        body, _ = serialise(answer, fmt if fmt in ("turtle", "nt", "json-ld") else "turtle")
        sys.stdout.write(body.decode("utf-8"))
        return 0
    if fmt in ("sparql-json", "sparql-xml", "tsv"):
        body, _ = serialise(answer, {"sparql-json": "json", "sparql-xml": "xml"}.get(fmt, fmt))
        sys.stdout.write(body.decode("utf-8"))
        return 0
    if answer.kind == "boolean":
        print("true" if answer.boolean else "false")
        return 0
    rows = [[python_value(t) for t in row] for row in answer.rows]
    sys.stdout.write(render(fmt if fmt in ("csv", "json") else "table", answer.variables, rows))
    return 0
