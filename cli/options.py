"""Command-line options shared by the commands that read the graph: --graph / --source /
--allow-unknown / --reference (and --engine for those that run SPARQL), and what they select."""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph

from actieplan.graph.rdf.loading import load_graph
from actieplan.graph.sparql.store import DEFAULT_ENGINE, ENGINES, Store, open_store


def add_graph_arguments(parser: argparse.ArgumentParser, engine: bool = False) -> None:
    """The --graph / --source options shared by every command that reads the graph
    (and --engine for the commands that run SPARQL)."""
    parser.add_argument(
        "--graph",
        type=Path,
        metavar="FILE",
        help="a built graph file (.ttl, .nt, .jsonld); default: build the plan in memory",
    )
    parser.add_argument(
        "--source",
        type=Path,
        metavar="PLAN",
        help="plan text to build when no --graph is given (default: the vendored plan)",
    )
    parser.add_argument(
        "--allow-unknown",
        action="store_true",
        help="with --source: accept names the reference data does not know",
    )
    add_reference_argument(parser)
    if engine:
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default=DEFAULT_ENGINE,
            help=f"SPARQL engine (default: {DEFAULT_ENGINE})",
        )


def add_reference_argument(parser: argparse.ArgumentParser) -> None:
    """--reference DIR (repeatable): a user's reference data over the shipped data."""
    parser.add_argument(
        "--reference",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of your own reference data (minister-posts.toml, organisations.toml, "
        "vocabularies.toml: any of them) added over the shipped data/reference/; repeatable. "
        "An id or a name defined twice is an error naming both files",
    )


def graph_from_args(args: argparse.Namespace) -> Graph:
    """The graph the options name: the --graph file, else the --source plan built in memory
    (with the --reference layers)."""
    return load_graph(
        args.graph, args.source, allow_unknown=args.allow_unknown, reference_layers=args.reference
    )


def store_from_args(args: argparse.Namespace) -> Store:
    """A SPARQL store of the graph the arguments name, on the engine they choose."""
    return open_store(graph_from_args(args), args.engine)
