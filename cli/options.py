"""Command-line options shared by the commands that read the graph: --graph / --source /
--allow-unknown / --reference (--plan for one plan of a dataset file), or --store /
--graph-iri / --store-timeout for a graph published into a triple store (and --engine for those
that run SPARQL), and what they select."""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import default_base_iri
from actieplan.graph.rdf.loading import is_dataset_file, load_graph
from actieplan.graph.rdf.progress import RecordedUpdate, read_ledger, with_progress
from actieplan.graph.sparql.graph_store import (
    Credentials,
    credentials_from_files,
    endpoint_problem,
    iri_problem,
    redacted_url,
)
from actieplan.graph.sparql.remote import DEFAULT_TIMEOUT_SECONDS, RemoteStore
from actieplan.graph.sparql.store import (
    DEFAULT_ENGINE,
    ENGINES,
    OxigraphStore,
    Store,
    open_dataset_store,
    open_store,
)

# The longest answer the command line reads from a store: the whole graph, for validate and
# network, of about a million triples as N-Triples (the service has its own --max-answer-bytes).
STORE_MAX_BYTES = 256 * 1024 * 1024


def default_graph_iri() -> str:
    """The named graph `actieplan publish` puts the data in, unless told otherwise."""
    return f"{default_base_iri()}graph"


def add_graph_arguments(
    parser: argparse.ArgumentParser, engine: bool = False, store: bool = True, plan: bool = True
) -> None:
    """The --graph / --source options shared by every command that reads the graph, --plan
    unless `plan` is False, the --store options unless `store` is False (and --engine for the
    commands that run SPARQL)."""
    parser.add_argument(
        "--graph",
        type=Path,
        metavar="FILE",
        help="a built graph file (.ttl, .nt, .jsonld) or a dataset of many plans (.trig, .nq); "
        "default: build the plan in memory",
    )
    if plan:
        add_plan_argument(parser)
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
    parser.add_argument(
        "--progress",
        type=Path,
        metavar="DIR",
        help="a follow-up ledger (the folder `actieplan progress import` records into): its "
        "progress reports and added actions are read with the graph",
    )
    if store:
        add_store_arguments(parser)
    if engine:
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default=DEFAULT_ENGINE,
            help=f"SPARQL engine (default: {DEFAULT_ENGINE})",
        )


def whole_count(text: str) -> int:
    """An option's whole number of 1 or more (--workers N)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return int(text)


def add_plan_argument(parser: argparse.ArgumentParser) -> None:
    """--plan ID: one plan of a dataset file, with the reference data."""
    parser.add_argument(
        "--plan",
        metavar="ID",
        help="with --graph dataset.trig or dataset.nq: only this plan (its id, the stem of its "
        "file name), with the reference data; default: all plans of the dataset",
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


def add_credential_arguments(parser: argparse.ArgumentParser, when: str = "") -> None:
    """--user with --password-file, or --token-file: how to sign in to a store (sent only
    when the store asks). Secrets are read from files, never given on the command line."""
    parser.add_argument("--user", help=f"{when}HTTP user (with --password-file)")
    parser.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help=f"{when}file holding the HTTP password (not readable by others: chmod 600)",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help=f"{when}file holding a bearer token (not readable by others: chmod 600)",
    )


def credentials_from_args(args: argparse.Namespace) -> Credentials:
    return credentials_from_files(args.user, args.password_file, args.token_file)


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """--store URL: read a graph published into a triple store instead of building one."""
    parser.add_argument(
        "--store",
        metavar="URL",
        help="the SPARQL query endpoint of a triple store that holds the graph (e.g. "
        "Oxigraph server's http://HOST:7878/query); instead of --graph / --source",
    )
    parser.add_argument(
        "--graph-iri",
        metavar="IRI",
        help=f"with --store: the named graph of the data (default: {default_graph_iri()}, "
        "where `actieplan publish` puts it)",
    )
    parser.add_argument(
        "--store-timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"with --store: how long one request may take (default: {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument(
        "--store-max-bytes",
        type=int,
        default=STORE_MAX_BYTES,
        metavar="BYTES",
        help="with --store: the longest answer read from the store, the whole graph for "
        f"validate and network (default: {STORE_MAX_BYTES}); a longer one is an error",
    )
    add_credential_arguments(parser, "with --store: ")


def remote_store_from_args(args: argparse.Namespace) -> RemoteStore | None:
    """The remote store --store names (None without --store); InputError for a bad option."""
    if not hasattr(args, "store"):  # a command without --store (publish: --graph-iri is its own)
        return None
    if args.store is None:
        for option in ("graph_iri", "user", "password_file", "token_file"):
            if getattr(args, option) is not None:
                name = "--" + option.replace("_", "-")
                raise InputError(Problem(name, None, None, f"{name} needs --store URL"))
        return None
    if args.graph is not None or args.source is not None:
        raise InputError(
            Problem("--store", None, None, "give --store, or --graph / --source, not both")
        )
    if getattr(args, "plan", None) is not None:
        raise InputError(
            Problem(
                "--plan",
                None,
                None,
                "--plan picks a plan of a dataset file (--graph dataset.trig); with --store, "
                "--graph-iri names the graph to read",
            )
        )
    if getattr(args, "progress", None) is not None:
        raise InputError(
            Problem(
                "--progress",
                None,
                None,
                "a store serves what was published into it; "
                "--progress reads a ledger with --graph / --source",
            )
        )
    if problem := endpoint_problem(args.store):
        raise InputError(Problem("--store", None, None, f"{redacted_url(args.store)} {problem}"))
    graph_iri = args.graph_iri or default_graph_iri()
    if problem := iri_problem(graph_iri):
        raise InputError(Problem("--graph-iri", None, None, f"{graph_iri} {problem}"))
    if args.store_timeout <= 0:
        raise InputError(Problem("--store-timeout", None, None, "must be more than 0 seconds"))
    max_bytes = getattr(args, "store_max_bytes", STORE_MAX_BYTES)
    if max_bytes <= 0:
        raise InputError(Problem("--store-max-bytes", None, None, "must be more than 0 bytes"))
    return RemoteStore(
        args.store,
        graph_iri,
        timeout=args.store_timeout,
        credentials=credentials_from_args(args),
        max_answer_bytes=max_bytes,
    )


def graph_from_args(args: argparse.Namespace, part: str | None = None) -> Graph:
    """The graph the options name: the --graph file, else the --source plan built in memory
    (with the --reference layers), with the --progress ledger's updates; or with --store the
    published graph, read in one request. `part`, a CONSTRUCT query, says what of the graph
    the caller reads: of all plans of a dataset file, only that part is read (from a store
    loaded from the file, with no rdflib graph of all plans)."""
    remote = remote_store_from_args(args)
    if remote is not None:
        return remote.whole_graph()
    updates = _progress_updates(args)
    store = _dataset_store(args) if part is not None and not updates else None
    if store is not None and part is not None:
        graph = Graph()
        for triple in store.query(part).triples or []:
            graph.add(triple)
        return graph
    return with_progress(_plan_graph(args), updates)


def _dataset_store(args: argparse.Namespace) -> OxigraphStore | None:
    """Of every plan of a dataset file (--graph, no --plan), a store loaded from the file
    (pyoxigraph's parser, all plans in its default graph); else None."""
    if args.graph is None or not is_dataset_file(args.graph) or getattr(args, "plan", None):
        return None
    return open_dataset_store(args.graph)


def store_from_args(args: argparse.Namespace) -> Store:
    """A SPARQL store of the graph the arguments name, on the engine they choose (each
    progress update also as its own named graph); with --store, the remote store itself
    (every query runs there)."""
    remote = remote_store_from_args(args)
    if remote is not None:
        return remote
    updates = _progress_updates(args)
    if not updates and getattr(args, "engine", DEFAULT_ENGINE) == "oxigraph":
        store = _dataset_store(args)
        if store is not None:
            return store
    named = [(str(update.iri), update.graph) for update in updates]
    return open_store(with_progress(_plan_graph(args), updates), args.engine, named)


def _plan_graph(args: argparse.Namespace) -> Graph:
    return load_graph(
        args.graph,
        args.source,
        allow_unknown=args.allow_unknown,
        reference_layers=args.reference,
        plan=getattr(args, "plan", None),
    )


def _progress_updates(args: argparse.Namespace) -> list[RecordedUpdate]:
    progress: Path | None = getattr(args, "progress", None)
    if progress is None:
        return []
    if not progress.is_dir():
        raise InputError(Problem(str(progress), None, "--progress", "no such folder"))
    return read_ledger(progress)
