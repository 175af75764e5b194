"""`actieplan build [SOURCE] --out DIR`: build the graph files and actions.csv."""

from __future__ import annotations

import argparse
from pathlib import Path

from actieplan.cli.options import add_reference_argument
from actieplan.graph.rdf.export import write_outputs
from actieplan.graph.rdf.pipeline import build


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the graph from a plan's text",
        description="Parse an action plan, resolve its names against the reference data and "
        "write graph.ttl, graph.nt, graph.jsonld and actions.csv to --out.",
    )
    parser.add_argument(
        "source", nargs="?", type=Path, help="plan text file (default: the vendored plan)"
    )
    parser.add_argument("--out", type=Path, default=Path("build"), help="output folder")
    parser.add_argument(
        "--base-iri",
        help="base IRI of the data (default: $ACTIEPLAN_BASE_IRI "
        "or https://w3id.org/actieplan/id/)",
    )
    parser.add_argument(
        "--plan-id", help="identifier of the plan in IRIs (default: from the file name)"
    )
    parser.add_argument(
        "--allow-unknown",
        action="store_true",
        help="turn names the reference data does not know into provisional "
        "entries instead of failing",
    )
    add_reference_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result = build(
        args.source,
        base_iri=args.base_iri,
        plan_id=args.plan_id,
        allow_unknown=args.allow_unknown,
        reference_layers=args.reference,
    )
    written = write_outputs(args.out, result.files)
    print(result.summary())
    print("wrote: " + ", ".join(str(path) for path in written))
    return 0
