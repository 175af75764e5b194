"""`actieplan diff OLD NEW`: two versions of a plan compared action by action.

OLD and NEW are each a plan text or a built graph file (told apart by the suffix: .ttl, .nt,
.jsonld and the other graph files are graphs, anything else is a plan text, built in memory),
or a dataset of many plans (.trig, .nq) of which --plan picks the plan to compare.
Exit code 0 when the actions are the same, 1 when they differ (as diff(1)), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from actieplan.cli.options import add_plan_argument, add_reference_argument
from actieplan.cli.output import write_atomically
from actieplan.graph.analysis.plan_diff import compare_plans
from actieplan.graph.analysis.plan_diff_render import (
    FORMATS,
    LANGUAGES,
    render_html,
    render_json,
    render_table,
)
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.rdf.loading import GRAPH_FORMATS, is_dataset_file, load_graph


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two versions of a plan, action by action",
        description="Compare two versions of a plan (each a plan text or a built graph file): "
        "the actions added, removed and renumbered, and per action the facts that changed "
        "(the columns of actions.csv). Exit code 0 when they are the same, 1 when they "
        "differ, 2 for bad input.",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="the old version: plan text or graph")
    parser.add_argument("new", type=Path, metavar="NEW", help="the new version: plan text or graph")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (aligned text, default), json (only what differs) or html (a page)",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="nl", help="language of the html page (default: nl)"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--allow-unknown",
        action="store_true",
        help="for a plan text: accept names the reference data does not know",
    )
    add_reference_argument(parser)
    add_plan_argument(parser)
    parser.set_defaults(run=run)


def plan_graph(path: Path, args: argparse.Namespace) -> Graph:
    """The graph of one version: a graph file read, the --plan of a dataset file, or a plan
    text built (with --reference)."""
    if is_dataset_file(path) and args.plan is None:
        raise InputError(
            Problem(
                str(path),
                None,
                "--plan",
                "holds many plans; name the one to compare with --plan ID",
            )
        )
    if is_dataset_file(path):
        return load_graph(path, plan=args.plan)
    if path.suffix.lower() in GRAPH_FORMATS:
        return load_graph(path)
    return load_graph(
        source=path, allow_unknown=args.allow_unknown, reference_layers=args.reference
    )


def run(args: argparse.Namespace) -> int:
    if args.plan is not None and not (is_dataset_file(args.old) or is_dataset_file(args.new)):
        raise InputError(
            Problem("--plan", None, None, "picks a plan of a dataset (.trig, .nq): give one")
        )
    diff = compare_plans(
        plan_graph(args.old, args), plan_graph(args.new, args), str(args.old), str(args.new)
    )
    if args.format == "json":
        text = render_json(diff)
    elif args.format == "html":
        text = render_html(diff, str(args.old), str(args.new), args.lang)
    else:
        text = render_table(diff, str(args.old), str(args.new))
    if args.out:
        write_atomically(args.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0 if diff.same else 1
