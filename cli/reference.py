"""`actieplan reference mentions | suggest`: the reference data against a plan.

`suggest PLAN [--out FILE]`: TOML entries for the plan's unknown minister posts and
organisations (graph/core/suggest.py), to edit and pass as a `--reference` layer.

`mentions`: what the descriptions name, as the reference data sees it.

With --unknown: candidate organisation names in the action descriptions that no organisation's
``mention_names`` matches (mentions.unknown_names), for a curator to add to
organisations.toml. Without it: the organisations the descriptions do name. Read from the plan
text and the reference folder; nothing is built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from actieplan.cli.options import add_reference_argument
from actieplan.cli.output import write_atomically
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.mentions import MentionMatcher, known_mentions, unknown_names
from actieplan.graph.core.parser import parse_text, read_plan_text
from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resources import default_source
from actieplan.graph.core.suggest import suggest_reference
from actieplan.graph.core.tables import TABLE_FORMATS, join_values, render
from actieplan.graph.rdf.pipeline import build


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reference",
        help="what the reference data recognises in the plan, and what it misses",
        description="Questions about the reference data (data/reference/) against a plan.",
    )
    commands = parser.add_subparsers(dest="reference_command", required=True, metavar="COMMAND")
    mentions = commands.add_parser(
        "mentions",
        help="organisations named in the action descriptions",
        description="The organisations the action descriptions name (mention_names in "
        "organisations.toml), with counts and actions. With --unknown: candidate names the "
        "reference data does not know (body names such as 'Raad voor ...', capitalised "
        "multi-word names, acronyms, single capitalised words), for a curator to add.",
    )
    mentions.add_argument(
        "--unknown", action="store_true", help="list candidate names no organisation matches"
    )
    mentions.add_argument(
        "--source",
        type=Path,
        metavar="PLAN",
        help="plan text to read (default: the vendored plan)",
    )
    add_reference_argument(mentions)
    mentions.add_argument(
        "--format", choices=TABLE_FORMATS, default="table", help="table (default), csv or json"
    )
    mentions.set_defaults(run=run_mentions)

    suggest = commands.add_parser(
        "suggest",
        help="reference entries to curate for a plan's unknown names",
        description="Ready-to-edit TOML entries ([[minister_post]], [[organisation]]) for every "
        "minister post and organisation of PLAN that the reference data does not know: id, "
        "names, guessed kind, policy domain and level (marked as guesses), the printed forms "
        "as aliases ('Full name (ABBR)' and 'ABBR' one organisation) and the closest known "
        "names. Edit the file, then build with --reference naming it or its folder.",
    )
    suggest.add_argument("plan", type=Path, metavar="PLAN", help="plan text file")
    suggest.add_argument("--out", type=Path, metavar="FILE", help="write to FILE (default: stdout)")
    suggest.add_argument("--force", action="store_true", help="overwrite an existing --out FILE")
    add_reference_argument(suggest)
    suggest.set_defaults(run=run_suggest)


def run_suggest(args: argparse.Namespace) -> int:
    if args.out is not None and args.out.exists() and not args.force:
        raise InputError(
            Problem(str(args.out), None, None, "exists; not overwritten"),
            "Give another --out FILE, or --force to replace it.",
        )
    resolved = build(
        args.plan, allow_unknown=True, reference_layers=args.reference, serialise=False
    ).resolved
    text = suggest_reference(resolved, args.plan.name)
    if not text:
        print(
            f"{args.plan}: every name is in the reference data; nothing to suggest", file=sys.stderr
        )
        return 0
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_atomically(args.out, text.encode("utf-8"))
    entries = text.count("\n[[")
    print(f"wrote: {args.out} ({entries} entries)", file=sys.stderr)
    return 0


def run_mentions(args: argparse.Namespace) -> int:
    source = args.source or default_source()
    plan = parse_text(read_plan_text(source), str(source))
    reference = load_reference(layers=args.reference)
    matcher = MentionMatcher.from_reference(reference)
    texts = [(action.number, action.description.text) for action in plan.actions]
    if args.unknown:
        columns = ["name", "kind", "count", "actions"]
        rows: list[list[object]] = [
            [c.name, c.kind, c.count, join_values(c.places)] for c in unknown_names(texts, matcher)
        ]
    else:
        columns = ["organisation", "name", "count", "actions"]
        rows = [
            [org_id, reference.organisations[org_id].name_nl, count, join_values(places)]
            for org_id, count, places in known_mentions(texts, matcher)
        ]
    sys.stdout.write(render(args.format, columns, rows))
    return 0
