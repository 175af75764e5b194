"""`actieplan progress`: the follow-up round trip through a spreadsheet.

`progress template` writes the workbook a lead organisation fills in (graph/followup/
template.py); `progress import` reads a filled-in workbook back as hostile input, checks every
sheet and row, and only when the whole workbook is valid records it as one progress update in
the ledger (graph/followup/recorder.py). Exit code 0 when written or recorded (or recorded
before), 2 for bad usage or a workbook with problems (all of them listed; nothing recorded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from rdflib import URIRef

from actieplan.cli.options import add_graph_arguments, graph_from_args
from actieplan.cli.output import write_atomically
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.lookup import ORGANISATION, NameLookup, UnknownName
from actieplan.graph.core.reference import load_reference
from actieplan.graph.followup.layout import LANGUAGES
from actieplan.graph.followup.recorder import import_workbook
from actieplan.graph.followup.template import template_bytes


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="the follow-up: a progress template to fill in, and its import into a ledger",
        description="The follow-up of the plan through the spreadsheet staff fill in: "
        "`progress template` writes it, `progress import` records a filled-in one.",
    )
    commands = parser.add_subparsers(dest="progress_command", required=True, metavar="STEP")

    template = commands.add_parser(
        "template",
        help="write the progress workbook to fill in (XLSX)",
        description="Write the progress workbook: one row per action (number, title, lead, "
        "timing, last known status and note: locked) with empty columns for the new status "
        "(a drop-down list), a note, the status date and the amount spent; a sheet for new "
        "actions; an Info sheet. The last known status comes from --progress DIR as of "
        "--as-of.",
    )
    add_graph_arguments(template)
    template.add_argument(
        "--organisation",
        metavar="ID",
        help="only the actions this organisation leads or is a partner in (an id, "
        "abbreviation or name); its reports are recorded as this organisation's",
    )
    template.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="the date of the last known status shown (YYYY-MM-DD; default: today)",
    )
    template.add_argument(
        "--lang", choices=LANGUAGES, default="nl", help="language of the workbook (default: nl)"
    )
    template.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the workbook to write (.xlsx)"
    )
    template.set_defaults(run=run_template)

    record = commands.add_parser(
        "import",
        help="check a filled-in workbook and record it in the ledger",
        description="Read a filled-in progress workbook as hostile input (size, unpacked size, "
        "macros and external links are refused), check every row, and record it as one "
        "progress update in the --progress ledger only when the whole workbook is valid. The "
        "same file twice is recorded once.",
    )
    record.add_argument("workbook", type=Path, metavar="FILE", help="the filled-in .xlsx")
    add_graph_arguments(record, store=False)
    record.add_argument(
        "--reporter",
        metavar="NAME",
        help="who imports it (recorded as the update's prov:wasAttributedTo)",
    )
    record.set_defaults(run=run_import)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def run_template(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".xlsx":
        raise InputError(Problem("--out", None, None, f"{args.out}: name it FILE.xlsx"))
    graph = graph_from_args(args)
    organisation = None
    if args.organisation is not None:
        try:
            organisation = URIRef(NameLookup.of_graph(graph).find(ORGANISATION, args.organisation))
        except UnknownName as error:
            raise InputError(Problem("--organisation", None, None, str(error))) from None
    as_of = args.as_of or dt.date.today()
    write_atomically(args.out, template_bytes(graph, args.lang, as_of, organisation))
    print(f"wrote: {args.out}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    if args.progress is None:
        raise InputError(
            Problem("--progress", None, None, "give --progress DIR: the ledger to record into")
        )
    ledger: Path = args.progress
    if not ledger.exists():  # a new ledger: its first update, made only if the workbook is valid
        args.progress = None
    graph = graph_from_args(args)
    reference = load_reference(layers=args.reference)
    imported = import_workbook(args.workbook, graph, ledger, reference, args.reporter)
    for warning in imported.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if imported.written is None:
        when = imported.recorded_at.isoformat() if imported.recorded_at else "an earlier import"
        print(f"{args.workbook}: already recorded as <{imported.update}> on {when}")
        return 0
    print(
        f"{args.workbook}: recorded as <{imported.update}>: {imported.reports} report(s), "
        f"{imported.new_actions} new action(s), in {imported.written}"
    )
    return 0
