"""`actieplan query NAME [--param key=value] [--format table|csv|json]`: the query library."""

from __future__ import annotations

import argparse
import sys

from actieplan.cli.options import add_graph_arguments, store_from_args
from actieplan.graph.core.tables import TABLE_FORMATS, pivot, render
from actieplan.graph.sparql.library import (
    ParameterError,
    get_query,
    load_library,
    parameter_terms,
    python_value,
    run_query,
    standalone_sparql,
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a named question of the query library",
        description="Run one of the named SPARQL queries in queries/ and print its answer. "
        "`actieplan query --list` lists them; `actieplan query NAME --help-query` "
        "shows a query's parameters and columns.",
    )
    parser.add_argument("name", nargs="?", help="query name (file name without .rq)")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value (repeatable)",
    )
    parser.add_argument("--format", choices=TABLE_FORMATS, default="table")
    parser.add_argument(
        "--pivot", action="store_true", help="show a long-form matrix query as a matrix"
    )
    parser.add_argument("--list", action="store_true", help="list the named queries")
    parser.add_argument(
        "--show",
        action="store_true",
        help="print the query's header and SPARQL with the parameters filled in",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default="en", help="language of titles")
    add_graph_arguments(parser, engine=True)
    parser.set_defaults(run=run)


def parse_params(items: list[str]) -> dict[str, str]:
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param {item!r}: expected KEY=VALUE")
        values[key.strip()] = value.strip()
    return values


def run(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        for query in load_library().values():
            title = query.title_nl if args.lang == "nl" else query.title_en
            params = " ".join(f"{p.name}={p.default}" for p in query.parameters)
            print(f"{query.name:30} {title}" + (f"  [{params}]" if params else ""))
        return 0
    try:
        values = parse_params(args.param)
        query = get_query(args.name)
        if args.show:
            print(
                standalone_sparql(query, parameter_terms(query, values))
                if not any(p.type in ("organisation", "minister") for p in query.parameters)
                else query.sparql
            )
            return 0
        query, answer = run_query(store_from_args(args), args.name, values)
    except ParameterError as error:
        print(f"actieplan query: error: {error}", file=sys.stderr)
        return 2
    types = {c.name: c.type for c in query.columns}
    rows: list[list[object]] = [
        [
            python_value(term, types.get(name, "string"))
            for name, term in zip(answer.variables, row, strict=True)
        ]
        for row in answer.rows
    ]
    if args.format == "table":  # a terminal is narrow: IRIs by their last two segments
        iris = [i for i, v in enumerate(answer.variables) if types.get(v) == "iri"]
        for row in rows:
            for i in iris:
                iri = row[i]
                if isinstance(iri, str) and iri:
                    row[i] = "/".join(iri.split("/")[-2:])
    columns = answer.variables
    if args.pivot:
        if query.pivot is None:
            print(f"actieplan query: error: {query.name} is not a matrix query", file=sys.stderr)
            return 2
        columns, rows = pivot(columns, rows, *query.pivot)
    sys.stdout.write(render(args.format, columns, rows))
    return 0
