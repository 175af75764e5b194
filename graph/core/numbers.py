"""Whole numbers as a request or a command line gives them: read strictly, and never long.

Python refuses to read an integer of more than 4 300 digits (a ValueError deep in `int()`); no
count, year or objective of a plan needs more than a few digits, so more than `MAX_DIGITS` is
refused here, with a message that names the parameter and does not repeat the value whole.
"""

from __future__ import annotations

import re

MAX_DIGITS = 18
SHOWN = 24  # characters of a refused value repeated in the message
_INTEGER = re.compile(r"([+-]?)([0-9]+)")


class NumberError(ValueError):
    """A text that is not a whole number we read: `problem` is "integer" (not digits) or
    "too-long" (more than MAX_DIGITS digits, `detail` their count and the maximum), `name` the
    parameter and `value` the text given, for a page to say it in its own language."""

    def __init__(
        self,
        message: str,
        problem: str,
        detail: tuple[str, ...] = (),
        *,
        name: str = "",
        value: str = "",
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.detail = detail
        self.name = name
        self.value = value


def shown(text: str) -> str:
    """A value as an error message repeats it: at most SHOWN characters, then '…'."""
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def read_integer(text: str, name: str, *, signed: bool = False) -> int:
    """`text` as an integer: ASCII digits (leading zeros allowed), a sign only if `signed`,
    white space around ignored. ValueError naming `name` for anything else, and for more
    than MAX_DIGITS digits (a NumberError, which is a ValueError)."""
    match = _INTEGER.fullmatch(text.strip())
    if match is None or (match.group(1) and not signed):
        kind = "an integer" if signed else "a whole number (digits only)"
        raise NumberError(f"{name}={shown(text)} is not {kind}", "integer", name=name, value=text)
    digits = match.group(2).lstrip("0") or "0"
    if len(digits) > MAX_DIGITS:
        raise NumberError(
            f"{name}: a number of {len(digits)} digits; at most {MAX_DIGITS}",
            "too-long",
            (str(len(digits)), str(MAX_DIGITS)),
            name=name,
            value=text,
        )
    return int(match.group(1) + digits)


def clamped(value: int, lowest: int, highest: int) -> int:
    """`value` moved into [lowest, highest]: the bounds of what gives a different answer."""
    return max(lowest, min(value, highest))
