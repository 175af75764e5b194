"""Get the plan graph for a command or the service: read a graph file, or build the plan.

Every reader of the graph (validation, queries, network analytics, the service) starts here, so
they all accept the same inputs: a built graph file (Turtle, N-Triples, JSON-LD) or a plan text.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from graph.errors import InputError, Problem
from graph.paths import DEFAULT_SOURCE

GRAPH_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                 ".rdf": "xml", ".owl": "xml"}


def read_graph_file(path: Path | str) -> Graph:
    """Parse a graph file by its suffix; InputError (file, field "format"/"syntax") if it fails."""
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(GRAPH_FORMATS))
        raise InputError(Problem(str(path), None, "format",
                                 f"unknown graph file suffix {path.suffix!r}; use one of {known}"))
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, "no such graph file; run `actieplan "
                                                        "build --out DIR` first or omit --graph"))
    if fmt == "json-ld":
        _refuse_remote_contexts(path)
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        line = getattr(error, "lines", None) or getattr(error, "line", None)
        raise InputError(Problem(str(path), line if isinstance(line, int) else None, "syntax",
                                 f"not valid {fmt}: {error}")) from error
    if len(graph) == 0:
        raise InputError(Problem(str(path), None, None, "the graph file holds no triples"))
    return graph


def _remote_contexts(node) -> list[str]:
    """Context references (IRIs) anywhere in a JSON-LD document: rdflib would fetch them."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                found += [c for c in contexts if isinstance(c, str)]
                found += [r for c in contexts if isinstance(c, dict) for r in _remote_contexts(c)]
            else:
                found += _remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += _remote_contexts(item)
    return found


def _refuse_remote_contexts(path: Path) -> None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(Problem(str(path), getattr(error, "lineno", None), "syntax",
                                 f"not valid JSON: {error}")) from error
    remote = _remote_contexts(document)
    if remote:
        raise InputError(Problem(str(path), None, "@context",
                                 f"refers to a remote JSON-LD context ({remote[0]}); nothing "
                                 "is fetched from the network: inline the context instead"))


def load_graph(graph_file: Path | str | None = None, source: Path | str | None = None,
               *, allow_unknown: bool = False, base_iri: str | None = None) -> Graph:
    """The graph from `graph_file` if given, else built in memory from `source` (default plan)
    under `base_iri` (a graph file keeps the IRIs it was built with)."""
    if graph_file is not None:
        if base_iri is not None:
            raise InputError(Problem(str(graph_file), None, "base IRI",
                                     "--base-iri applies when building from a plan; a graph "
                                     "file keeps the IRIs it was built with"))
        return read_graph_file(graph_file)
    from graph.pipeline import build  # the build pipeline is only needed without a graph file

    return build(source or DEFAULT_SOURCE, allow_unknown=allow_unknown, base_iri=base_iri,
                 serialise=False).graph


def add_graph_arguments(parser, engine: bool = False) -> None:
    """The --graph / --source options shared by every command that reads the graph
    (and --engine for the commands that run SPARQL)."""
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help="a built graph file (.ttl, .nt, .jsonld); default: build the plan "
                             "in memory")
    parser.add_argument("--source", type=Path, metavar="PLAN",
                        help="plan text to build when no --graph is given (default: the "
                             "vendored plan)")
    parser.add_argument("--allow-unknown", action="store_true",
                        help="with --source: accept names the reference data does not know")
    if engine:
        from graph.store import DEFAULT_ENGINE, ENGINES

        parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                            help=f"SPARQL engine (default: {DEFAULT_ENGINE})")


def graph_from_args(args) -> Graph:
    return load_graph(args.graph, args.source, allow_unknown=args.allow_unknown)


def store_from_args(args):
    """A SPARQL store of the graph the arguments name, on the engine they choose."""
    from graph.store import open_store

    return open_store(graph_from_args(args), args.engine)
