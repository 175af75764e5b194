"""Parsed records: what the plan prints, with the source lines it was printed on.

The parser fills these; nothing here interprets names, dates or amounts.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


def number_order(number: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of an action number ("3.10" after "3.9"): numeric parts as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in number.split("."))


class Printed:
    """A value as printed in the source, with the 1-based line numbers it came from.

    Added pieces are joined when `text` is read, so that a value printed over many lines
    is built in time linear in its length.
    """

    def __init__(self, text: str = "", lines: list[int] | None = None) -> None:
        self._chunks: list[str] = [text] if text else []
        self._joined: str | None = text  # None when pieces were added since the last join
        self._length = len(text)
        self.lines: list[int] = list(lines or [])
        self._line_set = set(self.lines)  # the numbers in `lines`, to add each one once
        # (offset in text, line) for each added piece, to tell on which line a part was printed
        self.pieces: list[tuple[int, int]] = []

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self._chunks)
            self._chunks = [self._joined]
        return self._joined

    @property
    def is_empty(self) -> bool:
        return self._length == 0

    def ends_with(self, suffixes: tuple[str, ...]) -> bool:
        """text.endswith(suffixes) for one-character suffixes, without joining the pieces."""
        return bool(self._chunks) and self._chunks[-1].endswith(suffixes)

    def add(self, text: str, line: int, joiner: str = " ") -> None:
        text = text.strip()
        if not text:
            return
        if self._length:
            self._chunks.append(joiner)
            self._length += len(joiner)
        self.pieces.append((self._length, line))
        self._chunks.append(text)
        self._length += len(text)
        self._joined = None
        if line not in self._line_set:
            self._line_set.add(line)
            self.lines.append(line)

    def line_at(self, offset: int) -> int | None:
        """The source line on which the character at `offset` of `text` was printed."""
        index = bisect.bisect_right(self.pieces, offset, key=lambda piece: piece[0])
        if index:
            return self.pieces[index - 1][1]
        return self.lines[0] if self.lines else None

    @property
    def first_line(self) -> int | None:
        return self.lines[0] if self.lines else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Printed):
            return NotImplemented
        return (self.text, self.lines) == (other.text, other.lines)

    # Defining __eq__ makes Python set __hash__ to None: unhashable, since mutable, like the
    # dataclasses around it.

    def __repr__(self) -> str:
        return f"Printed(text={self.text!r}, lines={self.lines!r})"


@dataclass
class Objective:
    number: int
    title: Printed
    heading: Printed  # the whole heading line as printed ("DOELSTELLING 1: ...")
    description: Printed = field(default_factory=Printed)


@dataclass
class Action:
    """One row of the plan's action table plus its description paragraphs."""

    number: str  # "3.12"
    objective: int  # the objective the action is printed under
    title: Printed
    ministers: Printed  # coordinating minister first, then the involved ones
    organisations: Printed  # Trekker (lead) first, then partners
    timing: Printed
    budget: Printed
    description: Printed = field(default_factory=Printed)
    section: str | None = None  # sub-heading the action is printed under, if any
    row_lines: list[int] = field(default_factory=list)  # lines of the table row

    @property
    def line(self) -> int:
        return self.row_lines[0]

    @property
    def span(self) -> tuple[int, int]:
        """First and last source line of the row and its description."""
        lines = self.row_lines + self.description.lines
        return min(lines), max(lines)


@dataclass
class Plan:
    source: str  # file name as given
    title: Printed
    objectives: list[Objective]
    actions: list[Action]
    line_count: int
    warnings: list[str] = field(default_factory=list)
