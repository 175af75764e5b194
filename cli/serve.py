"""`actieplan serve`: build or load the graph and serve it (pages, linked data, SPARQL endpoint,
JSON API)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from actieplan.api.plumbing.settings import LIMITS, option_name
from actieplan.cli.options import add_graph_arguments, remote_store_from_args
from actieplan.graph.rdf.loading import is_dataset_file


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the graph: pages, linked data, SPARQL endpoint and JSON API",
        description="Serve the graph from an embedded store, or with --store from a triple "
        "store's SPARQL endpoint (read through SPARQL; the service keeps no copy of the data): "
        "the pages, /sparql (SPARQL 1.1 Protocol, read-only), /api (JSON, OpenAPI at /docs), "
        "/health.",
    )
    add_graph_arguments(parser, engine=True)
    parser.add_argument("--base-iri", help="base IRI of the data when building from a plan")
    parser.add_argument(
        "--named-graph",
        action="append",
        default=[],
        metavar="IRI=FILE",
        help="also serve FILE as the named graph IRI (repeatable)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="HTTP server processes")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="answer every request afresh (no answer cache, no ETag)",
    )
    limits = parser.add_argument_group("limits (each request, query and worker is bounded)")
    for limit in LIMITS:
        flag = option_name(limit.name)
        if limit.type in (bool, "bool"):
            limits.add_argument(
                flag, dest=limit.name, action="store_true", help=limit.metadata["help"]
            )
        else:
            kind = float if limit.type in (float, "float") else int
            limits.add_argument(
                flag,
                dest=limit.name,
                type=kind,
                default=limit.default,
                metavar="N",
                help=f"{limit.metadata['help']} (default {limit.default})",
            )
    parser.add_argument("--log-level", default="warning")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from actieplan.api.app import create_app
    from actieplan.api.plumbing.http_limits import HttpLimits, limited_protocol
    from actieplan.api.plumbing.settings import SETTINGS_ENV, Settings
    from actieplan.api.readmodel.plans import ServedPlans

    named = []
    for item in args.named_graph:
        name, sep, path = item.partition("=")
        if not sep:
            print(
                f"actieplan serve: error: --named-graph {item!r}: expected IRI=FILE",
                file=sys.stderr,
            )
            return 2
        named.append((name, str(Path(path).resolve())))
    if args.graph is not None and is_dataset_file(args.graph) and args.plan is None:
        # Every plan of the dataset, read from its on-disk store: the follow-up and extra
        # graphs belong to one plan, and only pyoxigraph reads the store.
        refused = [
            option
            for option, given in (
                ("--progress", args.progress),
                ("--named-graph", named),
                ("--engine rdflib", args.engine == "rdflib"),
            )
            if given
        ]
        if refused:
            print(
                f"actieplan serve: error: {', '.join(refused)} serve one plan: with a dataset "
                f"of many plans ({args.graph}), add --plan ID",
                file=sys.stderr,
            )
            return 2
    remote = remote_store_from_args(args)  # checks --store's options; read in ServiceData.load
    if remote is not None:
        remote.close()
        if named:
            print("actieplan serve: error: --named-graph does not go with --store", file=sys.stderr)
            return 2
    settings = Settings(
        store=remote.query_url if remote is not None else None,
        store_graph=remote.graph_iri if remote is not None else None,
        store_timeout=args.store_timeout,
        store_max_bytes=args.store_max_bytes,
        store_user=args.user,
        store_password_file=str(args.password_file.resolve()) if args.password_file else None,
        store_token_file=str(args.token_file.resolve()) if args.token_file else None,
        graph_file=str(args.graph.resolve()) if args.graph else None,
        plan=args.plan,
        source=str(args.source.resolve()) if args.source else None,
        base_iri=args.base_iri,
        allow_unknown=args.allow_unknown,
        reference_layers=[str(path.resolve()) for path in args.reference],
        named_graphs=named,
        progress=str(args.progress.resolve()) if args.progress else None,
        engine=args.engine,
        cache=not args.no_cache,
        **{limit.name: getattr(args, limit.name) for limit in LIMITS},
    )
    problems = settings.check()
    if problems:
        print("actieplan serve: error\n" + "\n".join(problems), file=sys.stderr)
        return 2
    # Bad input (not a graph, a required fact missing) stops here, before the server starts:
    # an InputError, reported like the build's (exit code 2).
    data = ServedPlans.load(settings)
    print(
        f"serving {settings.describe()} on http://{args.host}:{args.port}/ "
        f"(SPARQL: /sparql, API docs: /docs)",
        flush=True,
    )
    # Request target and header caps (414 / 431), the head's time (408) and the idle
    # connections' cap, enforced while uvicorn reads the head. uvicorn types `http` as a
    # protocol class, but only calls it to make each connection's protocol
    # (uvicorn/server.py), so a factory with the limits bound in works as well.
    limits = HttpLimits(
        settings.max_url_bytes,
        settings.max_header_bytes,
        settings.head_seconds,
        settings.max_idle_connections,
    )
    http: type[asyncio.Protocol] = limited_protocol(limits)  # type: ignore[assignment]
    # uvicorn reads a client's address from X-Forwarded-For only with --behind-proxy (its own
    # default trusts that header from 127.0.0.1); the per-client shares count that address.
    if args.workers > 1:
        del data  # each server process loads its own
        os.environ[SETTINGS_ENV] = settings.to_env()
        uvicorn.run(
            "actieplan.api.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            http=http,
            timeout_keep_alive=settings.keep_alive_seconds,
            proxy_headers=settings.behind_proxy,
        )
    else:
        uvicorn.run(
            create_app(settings, data),
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            http=http,
            timeout_keep_alive=settings.keep_alive_seconds,
            proxy_headers=settings.behind_proxy,
        )
    return 0
