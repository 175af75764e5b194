"""`actieplan publish --endpoint URL`: put the graph, the ontology and the shapes, each in its own
named graph, into a store's SPARQL 1.1 Graph Store Protocol endpoint, replacing each all at
once (graph/sparql/graph_store.py says how; docs/publishing.md what each store guarantees).

A dataset of many plans (`--graph DIR/dataset.nq` or `.trig`, as `actieplan build PLAN...
--out DIR` writes it) goes in graph by graph under the dataset's own names: every plan's graph
(or with --plan ID that plan's only), the reference graph and the catalogue, all swapped in by
the same one update request.

Exit codes: 0 published and verified; 1 the store holds other counts than were sent; 2 bad
usage or input (options, the graph, a secret file); 3 the store could not be reached, did not
answer in time or answered an error (the graphs it served before are served still).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from actieplan.cli.options import (
    add_credential_arguments,
    add_graph_arguments,
    credentials_from_args,
    default_graph_iri,
    graph_from_args,
)
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.resources import ontology_file, shapes_dir
from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.loading import (
    is_dataset_file,
    read_dataset_file,
    read_ntriples,
    split_dataset_file,
)
from actieplan.graph.sparql.graph_store import (
    DEFAULT_CHUNK_TRIPLES,
    DEFAULT_TIMEOUT_SECONDS,
    Credentials,
    Endpoints,
    GraphStore,
    NamedGraph,
    PublishPlan,
    Step,
    StoreError,
    VerificationFailed,
    endpoint_problem,
    iri_problem,
    publish,
    redacted_url,
)

EXIT_VERIFICATION_FAILED = 1
EXIT_STORE_FAILED = 3


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="put the graph, ontology and shapes into a SPARQL Graph Store endpoint",
        description="Upload the graph, the ontology and the SHACL shapes, each into its own "
        "named graph, through the SPARQL 1.1 Graph Store Protocol: first into temporary "
        "graphs, counted, then swapped onto their names with one SPARQL Update request, and "
        "counted again. Exit codes: 0 published and verified; 1 a count differs; 2 bad usage "
        "or input; 3 the store failed (what it served before is served still).",
    )
    add_graph_arguments(parser, store=False)
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="the store's base URL; its endpoints are URL/store, URL/query and URL/update "
        "(Oxigraph server's names; set others with --gsp, --query, --update)",
    )
    parser.add_argument("--gsp", metavar="URL", help="the Graph Store Protocol URL")
    parser.add_argument("--query", metavar="URL", help="the SPARQL query URL")
    parser.add_argument("--update", metavar="URL", help="the SPARQL update URL")
    parser.add_argument(
        "--graph-iri",
        metavar="IRI",
        help=f"the named graph of the data (default: {default_graph_iri()}); not with a "
        "dataset of plans, whose graphs keep their own names",
    )
    parser.add_argument(
        "--ontology-graph",
        metavar="IRI",
        help="the named graph of the ontology (default: the ontology's IRI)",
    )
    parser.add_argument(
        "--shapes-graph",
        metavar="IRI",
        help="the named graph of the shapes (default: the shapes document's IRI)",
    )
    add_credential_arguments(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"per request (default: {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument(
        "--chunk-triples",
        type=int,
        default=DEFAULT_CHUNK_TRIPLES,
        metavar="N",
        help=f"triples per upload request (default: {DEFAULT_CHUNK_TRIPLES})",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be sent, and send nothing"
    )
    parser.set_defaults(run=run)


def _problem(option: str, message: str) -> InputError:
    return InputError(Problem(option, None, None, message))


def endpoints_from_args(args: argparse.Namespace) -> Endpoints:
    """The store's URLs: --endpoint's three, each overridden by --gsp / --query / --update."""
    for option in ("endpoint", "gsp", "query", "update"):
        url = getattr(args, option)
        if url is not None and (problem := endpoint_problem(url)):
            raise _problem(f"--{option}", f"{redacted_url(url)} {problem}")
    if args.endpoint is None and None in (args.gsp, args.query, args.update):
        raise _problem("--endpoint", "give --endpoint URL, or all of --gsp, --query, --update")
    base = Endpoints.of_server(args.endpoint) if args.endpoint else None
    return Endpoints(
        args.gsp or (base.store if base else ""),
        args.query or (base.query if base else ""),
        args.update or (base.update if base else ""),
    )


def _document_iri(graph: Graph, what: str) -> str:
    iri = graph.value(None, RDF.type, OWL.Ontology)
    if iri is None:
        raise _problem(what, "states no owl:Ontology IRI to name its graph; give the option")
    return str(iri)


def graphs_from_args(args: argparse.Namespace, folder: Path) -> list[NamedGraph]:
    """The data graphs (one, or those of a dataset of plans), the ontology and the shapes,
    with the names they are published under. `folder` takes a dataset's graphs, a file each,
    while they are published."""
    ontology = Graph().parse(ontology_file(), format="turtle")
    shapes = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(path, format="turtle")
    graphs = [
        *_data_graphs(args, folder),
        NamedGraph(
            "ontology",
            args.ontology_graph or _document_iri(ontology, "--ontology-graph"),
            ontology,
        ),
        NamedGraph("shapes", args.shapes_graph or _document_iri(shapes, "--shapes-graph"), shapes),
    ]
    options = {"ontology": "--ontology-graph", "shapes": "--shapes-graph"}
    for named in graphs:
        option = options.get(named.label, "--graph-iri" if named.label == "data" else "--graph")
        if problem := iri_problem(named.iri):
            raise _problem(option, f"{named.iri!r} {problem}")
        if named.triples == 0:
            raise _problem(option, f"the {named.label} graph is empty; nothing to publish")
    if len({named.iri for named in graphs}) < len(graphs):
        raise _problem(
            "--graph-iri", "the data, ontology and shapes graphs need names of their own"
        )
    return graphs


def _data_graphs(args: argparse.Namespace, folder: Path) -> list[NamedGraph]:
    """The graph --graph / --source name under --graph-iri; or of a dataset of plans each
    plan's graph (only --plan's, when given), the reference graph and the catalogue, under
    the dataset's names (labelled plan/ID, reference, catalogue). All plans of a dataset are
    split into files in `folder`, each read when it is counted and when it is sent."""
    if args.graph is None or not is_dataset_file(args.graph):
        data = graph_from_args(args)
        return [NamedGraph("data", args.graph_iri or default_graph_iri(), data, AP.Action)]
    for option in ("graph_iri", "progress"):
        if getattr(args, option) is not None:
            name = "--" + option.replace("_", "-")
            raise _problem(
                name,
                f"{name} does not apply to a dataset of plans ({args.graph}): its graphs are "
                "published as `actieplan build` wrote them, under their own names",
            )
    if args.plan is not None:  # one plan: read into memory, the other plans dropped
        dataset = read_dataset_file(args.graph, args.plan)
        iris, catalogue = dataset.iris, dataset.catalogue
        plans: dict[str, Graph | Callable[[], Graph]] = {args.plan: dataset.plan_graph(args.plan)}
        reference: Graph | Callable[[], Graph] = dataset.reference
    else:
        parts = split_dataset_file(args.graph, folder)
        iris, catalogue = parts.iris, parts.catalogue
        plans = {plan_id: partial(read_ntriples, path) for plan_id, path in parts.plans.items()}
        reference = partial(read_ntriples, parts.reference)
    graphs = [
        NamedGraph(f"plan/{plan_id}", str(iris.plan(plan_id)), graph, AP.Action)
        for plan_id, graph in plans.items()
    ]
    graphs.append(NamedGraph("reference", str(iris.reference), reference))
    graphs.append(NamedGraph("catalogue", str(iris.catalogue), catalogue))
    return graphs


def _describe(plan: PublishPlan, endpoints: Endpoints) -> str:
    chunk_counts = plan.chunk_counts()
    lines = [
        f"Graph Store: {redacted_url(endpoints.store)}",
        f"query:       {redacted_url(endpoints.query)}",
        f"update:      {redacted_url(endpoints.update)}",
    ]
    for named in plan.graphs:
        spot = (
            f", {named.spot_count()} instances of <{named.spot_class}>" if named.spot_class else ""
        )
        lines.append(
            f"{named.label}: {named.triples} triples{spot} -> <{named.iri}> "
            f"(via <{plan.temporary[named.label]}>, {chunk_counts[named.label]} request(s))"
        )
    lines.append("swap, in one update request:")
    lines.extend("  " + line for line in plan.swap_update().splitlines())
    return "\n".join(lines)


def _progress(graphs: list[NamedGraph]) -> Callable[[Step], None]:
    """Prints each step on stderr; an upload with its graph's place among all of them."""
    place = {named.label: number for number, named in enumerate(graphs, start=1)}

    def show(step: Step) -> None:
        if step.phase == "upload":
            print(
                f"upload {step.label}: {step.done}/{step.total} triples "
                f"(graph {place[step.label]} of {len(graphs)})",
                file=sys.stderr,
            )
        elif step.phase == "swap":
            print("swap: one update request", file=sys.stderr)
        else:
            print(f"{step.phase} {step.label}", file=sys.stderr)

    return show


def run(args: argparse.Namespace) -> int:
    if args.chunk_triples < 1:
        raise _problem("--chunk-triples", "give a number of triples of at least 1")
    if not args.timeout > 0:
        raise _problem("--timeout", "give a number of seconds above 0")
    endpoints = endpoints_from_args(args)
    credentials = credentials_from_args(args)
    with tempfile.TemporaryDirectory(prefix="actieplan-publish-") as folder:
        return _publish(args, endpoints, credentials, Path(folder))


def _publish(
    args: argparse.Namespace, endpoints: Endpoints, credentials: Credentials, folder: Path
) -> int:
    plan = PublishPlan.of(graphs_from_args(args, folder), args.chunk_triples)
    if args.dry_run:
        print(_describe(plan, endpoints))
        print("dry run: nothing sent")
        return 0
    with GraphStore(endpoints, credentials, args.timeout) as store:
        try:
            published = publish(store, plan, _progress(plan.graphs))
        except StoreError as error:
            print(f"actieplan publish: error: {error}", file=sys.stderr)
            return EXIT_STORE_FAILED
        except VerificationFailed as error:
            print(f"actieplan publish: error: {store.redact(str(error))}", file=sys.stderr)
            return EXIT_VERIFICATION_FAILED
    for graph in published:
        spot = f", {graph.spot_count} instances of <{graph.spot_class}>" if graph.spot_class else ""
        print(f"published {graph.label}: <{graph.iri}> holds {graph.triples} triples{spot}")
    return 0
