"""`actieplan build [SOURCE] --out DIR`: build the graph files and actions.csv; with many plans
(`actieplan build PLAN... --out DIR`, or a folder of plans) one dataset of them: dataset.trig,
dataset.nq and actions.csv with a `plan` column (graph/rdf/dataset.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from actieplan.cli.options import add_reference_argument, whole_count
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.rdf.dataset import build_dataset, plan_sources
from actieplan.graph.rdf.export import write_outputs
from actieplan.graph.rdf.pipeline import build


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the graph from a plan's text",
        description="Parse an action plan, resolve its names against the reference data and "
        "write graph.ttl, graph.nt, graph.jsonld and actions.csv to --out. Given many plans "
        "(or a folder: every *.txt in it), build them into one dataset, each plan in a named "
        "graph of its own: dataset.trig, dataset.nq and actions.csv with a plan column.",
    )
    parser.add_argument(
        "source",
        nargs="*",
        type=Path,
        metavar="PLAN",
        help="plan text file, or a folder of them (default: the vendored plan)",
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
    parser.add_argument(
        "--workers",
        type=whole_count,
        metavar="N",
        help="with many plans, build them in N processes (default: one per core); "
        "the output is the same for any N",
    )
    add_reference_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if len(args.source) > 1 or any(path.is_dir() for path in args.source):
        return run_dataset(args)
    result = build(
        args.source[0] if args.source else None,
        base_iri=args.base_iri,
        plan_id=args.plan_id,
        allow_unknown=args.allow_unknown,
        reference_layers=args.reference,
    )
    written = write_outputs(args.out, result.files)
    print(result.summary())
    print("wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_dataset(args: argparse.Namespace) -> int:
    if args.plan_id is not None:
        raise InputError(
            Problem(
                "--plan-id",
                None,
                None,
                "names one plan; with many plans each plan's id is its file name's stem",
            )
        )
    summaries, written = build_dataset(
        plan_sources(args.source),
        args.out,
        base_iri=args.base_iri,
        allow_unknown=args.allow_unknown,
        reference_layers=args.reference,
        workers=args.workers,
    )
    print(f"plans:          {len(summaries)}")
    for plan_id, summary in summaries.items():
        print(f"{plan_id}:")
        print("\n".join(f"  {line}" for line in summary.splitlines()))
    print("wrote: " + ", ".join(str(path) for path in written))
    return 0
