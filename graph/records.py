"""Parsed records: what the plan prints, with the source lines it was printed on.

The parser fills these; nothing here interprets names, dates or amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def number_order(number: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of an action number ("3.10" after "3.9"): numeric parts as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in number.split("."))

@dataclass
class Printed:
    """A value as printed in the source, with the 1-based line numbers it came from."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    # (offset in text, line) for each added piece, to tell on which line a part was printed
    pieces: list[tuple[int, int]] = field(default_factory=list, repr=False, compare=False)

    def add(self, text: str, line: int, joiner: str = " ") -> None:
        text = text.strip()
        if not text:
            return
        self.text = f"{self.text}{joiner}{text}" if self.text else text
        self.pieces.append((len(self.text) - len(text), line))
        if line not in self.lines:
            self.lines.append(line)

    def line_at(self, offset: int) -> int | None:
        """The source line on which the character at `offset` of `text` was printed."""
        found = self.lines[0] if self.lines else None
        for start, line in self.pieces:
            if start > offset:
                break
            found = line
        return found

    @property
    def first_line(self) -> int | None:
        return self.lines[0] if self.lines else None


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
