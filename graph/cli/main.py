"""`actieplan`: the command line. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys

from actieplan.graph.core.errors import InputError
from actieplan.graph.core.resources import MissingResource

# Modules with add_parser(subparsers); add a sub-command by adding its module here.
COMMAND_MODULES = [
    "actieplan.graph.cli.build",
    "actieplan.graph.cli.network",
    "actieplan.graph.cli.query",
    "actieplan.graph.cli.reference",
    "actieplan.graph.cli.sparql",
    "actieplan.graph.cli.serve",
    "actieplan.graph.cli.validate",
]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actieplan",
        description="Knowledge graph of the actors and actions of a government action plan.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code: int = args.run(args)  # the chosen sub-command's run(args)
        return code
    except InputError as error:
        print(f"actieplan {args.command}: error\n{error.render()}", file=sys.stderr)
        return 2
    except (OSError, MissingResource) as error:
        print(f"actieplan {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
