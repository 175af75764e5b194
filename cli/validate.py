"""`actieplan validate`: SHACL completeness report of the plan graph, for people and machines.

Findings are Violations and Warnings (what the plan could have said and did not); notes are
what is worth knowing and never a finding (the unknown status once for the plan; ongoing,
open-ended, no euro figure, external fund, no partners per action). Formats: a readable
terminal report (default), JSON, CSV (one table, chosen with --table) and the standard
sh:ValidationReport in Turtle (findings only). Exit code 0 when no finding is a Violation
(Warnings and notes allowed), 1 when one is, 2 for bad usage or input.

Of a dataset of many plans (--graph DIR/dataset.nq or .trig) without --plan, each plan is
validated on its own, its graph with the reference graph, in --workers processes
(graph/validation/plans.py): the text report has a line per plan and then each plan's report;
JSON lists the plans' reports with their id, CSV has the plan id first. Exit code 1 when any
plan has a Violation.

With --as-of DATE the follow-up checks of shapes/as-of/*.ttl run too, on the progress reports
read with --progress DIR: past its end and not closed (Violation), no report for more than
--stale-months N months (Warning), done before its end (Warning).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from actieplan.cli.options import add_graph_arguments, graph_from_args, whole_count
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.rdf.loading import is_dataset_file
from actieplan.graph.validation.plans import Rendering, validate_plans
from actieplan.graph.validation.render import (
    DEFAULT_CSV_TABLE,
    FORMATS,
    PLAN_FORMATS,
    RENDERERS,
    TABLES,
    write_plans,
)
from actieplan.graph.validation.report import (
    DEFAULT_STALE_MONTHS,
    MAX_STALE_MONTHS,
    AsOf,
    validate_graph,
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check the graph against the SHACL shapes; completeness report",
        description="Validate the plan graph against shapes/*.ttl and report the gaps: a summary "
        "by check (Violations and Warnings), the notes worth knowing that are not gaps, a "
        "completeness matrix per action and fill rates (all actions, per coordinating "
        "minister, per lead organisation). Exit code 0 when nothing is a Violation, 1 when "
        "something is, 2 for bad usage or input.",
    )
    add_graph_arguments(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (readable, default), json, csv or turtle (sh:ValidationReport)",
    )
    parser.add_argument(
        "--table",
        choices=TABLES,
        help="only this table (table and json formats; default: all); for csv the "
        f"one table to write (default: {DEFAULT_CSV_TABLE}); not with turtle",
    )
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default="nl",
        help="language of names, messages and headings (default: nl)",
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="also check the follow-up as of this date (YYYY-MM-DD), with the progress reports "
        "of --progress DIR: actions past their end and not reported done, stopped or merged "
        "(Violation), running actions with no report for more than --stale-months months "
        "(Warning), actions reported done before their end date (Warning)",
    )
    parser.add_argument(
        "--stale-months",
        type=int,
        metavar="N",
        help=f"with --as-of: months without a report before a running action is flagged "
        f"(1 to {MAX_STALE_MONTHS}; default: {DEFAULT_STALE_MONTHS})",
    )
    parser.add_argument(
        "--workers",
        type=whole_count,
        metavar="N",
        help="with --graph of a dataset of many plans and no --plan: validate the plans in N "
        "processes (default: one per core); the report is the same for any N",
    )
    parser.set_defaults(run=run)


def as_of_from_args(args: argparse.Namespace) -> AsOf | None:
    """The --as-of date and --stale-months; InputError naming the option for a bad value."""
    if args.as_of is None:
        if args.stale_months is not None:
            raise InputError(
                Problem("--stale-months", None, None, "--stale-months needs --as-of DATE")
            )
        return None
    try:
        date = dt.date.fromisoformat(args.as_of)
    except ValueError:
        raise InputError(
            Problem("--as-of", None, "date", f"{args.as_of!r} is not a date: give YYYY-MM-DD")
        ) from None
    months = DEFAULT_STALE_MONTHS if args.stale_months is None else args.stale_months
    try:
        return AsOf(date, months)
    except ValueError as error:
        raise InputError(Problem("--stale-months", None, None, str(error))) from None


def run(args: argparse.Namespace) -> int:
    if args.format == "turtle" and args.table:
        raise InputError(
            Problem(
                "--table",
                None,
                "format",
                "--table does not apply to --format turtle, which is the whole "
                "sh:ValidationReport; leave out --table",
            )
        )
    as_of = as_of_from_args(args)
    if _each_plan(args):
        return _validate_each_plan(args, as_of)
    if args.workers is not None:
        raise InputError(
            Problem(
                "--workers",
                None,
                None,
                "--workers applies to a dataset of many plans (--graph DIR/dataset.nq) "
                "validated plan by plan, without --plan",
            )
        )
    report = validate_graph(graph_from_args(args), as_of=as_of)
    _write(args, RENDERERS[args.format](report, args.lang, args.table))
    return 0 if report.conforms else 1


def _each_plan(args: argparse.Namespace) -> bool:
    """Whether the options name every plan of a dataset file: then each is validated alone."""
    return (
        args.graph is not None
        and is_dataset_file(args.graph)
        and args.plan is None
        and args.store is None
    )


def _validate_each_plan(args: argparse.Namespace, as_of: AsOf | None) -> int:
    if args.format not in PLAN_FORMATS:
        raise InputError(
            Problem(
                "--format",
                None,
                None,
                f"--format {args.format} reports one plan; give --plan ID, or one of "
                + ", ".join(PLAN_FORMATS),
            )
        )
    if args.progress is not None:
        raise InputError(
            Problem(
                "--progress",
                None,
                None,
                "a follow-up ledger belongs to one plan: give --plan ID with --progress",
            )
        )
    rendering = Rendering(args.format, args.lang, args.table, as_of)
    parts = validate_plans(args.graph, rendering, args.workers)
    if args.out is None:
        conforms = write_plans(parts, args.format, args.lang, sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            conforms = write_plans(parts, args.format, args.lang, out)
    return 0 if conforms else 1


def _write(args: argparse.Namespace, text: str) -> None:
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
