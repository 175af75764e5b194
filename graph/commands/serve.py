"""`actieplan serve`: build or load the graph and serve it (SPARQL endpoint + JSON API)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph.store import DEFAULT_ENGINE, ENGINES


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the graph: SPARQL endpoint and JSON API",
        description="Serve the graph from an embedded store: /sparql (SPARQL 1.1 Protocol, "
                    "read-only), /api (JSON, OpenAPI at /docs), /health.")
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help="a built graph file; default: build the plan at start-up")
    parser.add_argument("--source", type=Path, metavar="PLAN",
                        help="plan text to build when no --graph is given")
    parser.add_argument("--allow-unknown", action="store_true",
                        help="with --source: accept names the reference data does not know")
    parser.add_argument("--base-iri", help="base IRI of the data when building from a plan")
    parser.add_argument("--named-graph", action="append", default=[], metavar="IRI=FILE",
                        help="also serve FILE as the named graph IRI (repeatable)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="HTTP server processes")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE)
    parser.add_argument("--query-workers", type=int, default=2,
                        help="SPARQL worker processes per server process")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds a SPARQL query may run (default 10)")
    parser.add_argument("--max-rows", type=int, default=100_000,
                        help="most rows or triples in a SPARQL answer")
    parser.add_argument("--max-body", type=int, default=1_000_000,
                        help="largest request body in bytes")
    parser.add_argument("--no-cache", action="store_true",
                        help="answer every request afresh (no answer cache, no ETag)")
    parser.add_argument("--log-level", default="warning")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.settings import SETTINGS_ENV, Settings

    named = []
    for item in args.named_graph:
        name, sep, path = item.partition("=")
        if not sep:
            print(f"actieplan serve: error: --named-graph {item!r}: expected IRI=FILE",
                  file=sys.stderr)
            return 2
        named.append((name, str(Path(path).resolve())))
    settings = Settings(
        graph_file=str(args.graph.resolve()) if args.graph else None,
        source=str(args.source.resolve()) if args.source else None,
        base_iri=args.base_iri, allow_unknown=args.allow_unknown, named_graphs=named,
        engine=args.engine, query_workers=args.query_workers, timeout=args.timeout,
        max_rows=args.max_rows, max_body_bytes=args.max_body, cache=not args.no_cache)
    problems = settings.check()
    if problems:
        print("actieplan serve: error\n" + "\n".join(problems), file=sys.stderr)
        return 2
    print(f"serving {settings.describe()} on http://{args.host}:{args.port}/ "
          f"(SPARQL: /sparql, API docs: /docs)", flush=True)
    if args.workers > 1:
        os.environ[SETTINGS_ENV] = settings.to_env()
        uvicorn.run("api.app:app_from_environment", factory=True, host=args.host,
                    port=args.port, workers=args.workers, log_level=args.log_level)
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port,
                    log_level=args.log_level)
    return 0
