"""`actieplan`: the command line. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import sys

from actieplan.cli import (
    build,
    diff,
    network,
    progress,
    publish,
    query,
    reference,
    serve,
    sparql,
    validate,
)
from actieplan.graph.core.errors import InputError
from actieplan.graph.core.resources import MissingResource
from actieplan.graph.sparql.remote import StoreUnavailable

# Exit code when a --store cannot answer (as `actieplan publish` exits when its store fails).
EXIT_STORE_UNAVAILABLE = 3

# Modules with add_parser(subparsers); add a sub-command by adding its module here. Only
# `serve` imports the web service, and only when it runs (the others start without it).
COMMANDS = [build, diff, network, progress, publish, query, reference, sparql, serve, validate]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actieplan",
        description="Knowledge graph of the actors and actions of a government action plan.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code: int = args.run(args)  # the chosen sub-command's run(args)
        return code
    except InputError as error:
        print(f"actieplan {args.command}: error\n{error.render()}", file=sys.stderr)
        return 2
    except StoreUnavailable as error:
        print(f"actieplan {args.command}: error: {error}", file=sys.stderr)
        return EXIT_STORE_UNAVAILABLE
    except (OSError, MissingResource) as error:
        print(f"actieplan {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
