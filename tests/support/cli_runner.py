"""Run the `actieplan` command line in-process and capture what it prints."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from actieplan.cli.main import main


def run_cli(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `actieplan ARGS`; argparse usage errors give their code."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue(), err.getvalue()
