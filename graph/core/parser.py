"""Parse the text of an action plan (PDF converted to text) into objectives and actions.

The layout, shared by the Flemish Government's action plans: objective headings
"DOELSTELLING N: ...", then per action a table row

    Actie N.M: title | ministers | Trekker (lead, partners) | Timing | Budget

followed by description paragraphs. The PDF conversion flattened the table in several ways,
all handled here:

* tab-separated rows, with or without ``<p>...</p>`` around each cell;
* continuation rows (starting with a tab) that carry the rest of wrapped cells, also after a
  page break, separator lines (``--\t---``) or footnotes;
* a title line on its own followed by a row with the other four cells;
* one cell per line: the title line, then each cell as a block of short lines;
* empty cells.

A row whose cells cannot be placed into the five columns (cells one per line with no empty
line between them, or no cell at all after a title line) is refused, naming its lines.

The parser only splits the text into printed cell values with their line numbers; reading
names, dates and amounts is done by other modules. It knows no row of any particular plan.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import Action, Objective, Plan, Printed

# Columns of the action table after the "Actie" column, in printed order.
FIELD_COLUMNS = ("ministers", "organisations", "timing", "budget")
COLUMN_COUNT = 1 + len(FIELD_COLUMNS)

# Every pattern below is matched in time linear in the line: no two quantifiers can take the
# same characters, so a crafted line (a long run of spaces, tabs, dashes or "<") cannot make the
# regex engine try every way of splitting a run between them: no input can stall the build.
# "DOELSTELLING 1:" (also misspelt "DOELTELLING 6:") and "Actie 1.2:" at the start of a line,
# after spaces and an optional "<p>"; the objective's title is read by match_objective.
LINE_START = r"^\s*(?:<p>\s*)?"
OBJECTIVE_RE = re.compile(LINE_START + r"(DOEL[A-Z]*\s+(\d+)\s*:)", re.IGNORECASE)
ACTION_RE = re.compile(LINE_START + r"Actie\s+(\d+)\.(\d+)\s*:\s*(.*)$", re.IGNORECASE)
# A line of dashes and spaces with "--" in it: a table rule flattened by the conversion.
SEPARATOR_RE = re.compile(r"^(?=.*--)[\s\-]*+$")
FOOTNOTE_RE = re.compile(r"^\s*[\u00b9\u00b2\u00b3\u2070-\u2079]+\s")
# Tags and paragraph breaks end in ">": clean() applies these only up to the last ">" of a text,
# so that a "<" with no ">" after it is not scanned to the end of the text again and again.
TAG_RE = re.compile(r"<[^>]+>")
PARAGRAPH_BREAK_RE = re.compile(r"</p>\s*<p>|</p>\s*<ul[^>]*>|</li>\s*<li>")
SPACE_RE = re.compile(r"[ \u00a0]+")
# Longest line the parser reads. The longest line of the vendored plan (a paragraph) has under
# 3,000 characters; a much longer line is not a plan's text but a broken conversion or a crafted
# file, and is refused with its line number.
MAX_LINE_CHARS = 20_000
# Longest line of a cell printed one cell per line (the PDF's narrow table columns wrap early).
CELL_BLOCK_LINE_MAX = 60
# A paragraph ending in one of these is complete; otherwise a page break cut a sentence.
SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "'", "\u201d")


def clean(text: str) -> str:
    """Printed text of a cell or paragraph: tags removed, entities decoded, spaces folded."""
    text = _replace_up_to_last_gt(PARAGRAPH_BREAK_RE, text)
    text = html.unescape(_replace_up_to_last_gt(TAG_RE, text))
    return SPACE_RE.sub(" ", text).strip()


def _replace_up_to_last_gt(pattern: re.Pattern[str], text: str) -> str:
    """pattern.sub(" ", text) for a pattern whose matches end in ">": the same result, but the
    text after the last ">" (where no match can end) is not searched."""
    end = text.rfind(">") + 1
    return pattern.sub(" ", text[:end]) + text[end:]


def match_objective(line: str) -> tuple[str, int, str] | None:
    """(heading, number, title) of an objective heading line ("DOELSTELLING 1: TITLE"), else None.

    The title is the rest of the line without the spaces around it and a closing "</p>".
    """
    match = OBJECTIVE_RE.match(line)
    if match is None:
        return None
    rest = line[match.end() :]
    title = rest.lstrip()
    title_start = match.end() + len(rest) - len(title)
    title = title.rstrip()
    if title[-4:].lower() == "</p>" and title[:-4].rstrip():
        title = title[:-4].rstrip()
    if not title:  # nothing after the colon but spaces: the title is the last space
        if not rest:
            return None
        title_start, title = len(line) - 1, line[-1]
    heading = line[match.start(1) : title_start + len(title)]
    return heading, int(match.group(2)), title


def add_paragraph(printed: Printed, text: str, line: int) -> None:
    """Append a paragraph; a paragraph that a page break cut mid-sentence is joined back."""
    paragraph = clean(text)
    if paragraph:
        printed.add(paragraph, line, "\n" if printed.ends_with(SENTENCE_END) else " ")


def is_section_heading(line: str) -> bool:
    """An all-capitals line such as "ONDERZOEK" that groups actions within an objective."""
    stripped = clean(line)
    letters = [c for c in stripped if c.isalpha()]
    return (
        "\t" not in line
        and len(letters) >= 4
        and all(c.isupper() for c in letters)
        and match_objective(line) is None
    )


def read_plan_text(path: Path) -> str:
    if not path.exists():
        raise InputError(
            Problem(str(path), None, None, "no such file"),
            "Give the path of an action plan text file (default: the vendored plan).",
        )
    if path.is_dir():
        raise InputError(Problem(str(path), None, None, "is a folder, not a text file"))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(str(path), line, None, f"not UTF-8 text (byte {exc.start})"),
            "Convert the plan to UTF-8 text first.",
        ) from exc


def parse_file(path: Path | str) -> Plan:
    path = Path(path)
    return parse_text(read_plan_text(path), source=str(path))


class _ActionBuilder:
    """Collects the physical lines of one action into its cells and description."""

    def __init__(
        self, number: str, objective: int, title: str, line: int, section: str | None
    ) -> None:
        self.action = Action(
            number=number,
            objective=objective,
            title=Printed(),
            ministers=Printed(),
            organisations=Printed(),
            timing=Printed(),
            budget=Printed(),
            section=section,
            row_lines=[line],
        )
        self.row_line_set = {line}  # the numbers in row_lines, for constant-time checks
        self.cells_seen = 1  # widest row seen, in cells (for truncation checks)
        self.action.title.add(clean(title), line)
        self.pending_blocks: list[list[tuple[int, str]]] | None = None
        # Lines of a row printed without tabs that cannot be placed into its columns
        self.unplaced_lines: list[int] = []

    @property
    def has_fields(self) -> bool:
        return any(not getattr(self.action, name).is_empty for name in FIELD_COLUMNS)

    def add_row_line(self, line: int) -> None:
        if line not in self.row_line_set:
            self.row_line_set.add(line)
            self.action.row_lines.append(line)

    def field(self, column: int) -> Printed:
        printed: Printed = getattr(self.action, FIELD_COLUMNS[column - 1])
        return printed

    def add_row(self, cells: list[str], line: int, first_row: bool) -> None:
        """One physical table row; cells are aligned to the columns from the left."""
        if not first_row and cells[0].strip() and not any(c.strip() for c in cells[1:]):
            self.add_description(cells[0], line)
            return
        if (
            not first_row
            and not self.has_fields
            and cells[0].strip()
            and len(cells) == COLUMN_COUNT - 1
        ):
            cells = [""] + cells  # title printed on its own line, the other cells follow
        self.add_row_line(line)
        self.cells_seen = max(self.cells_seen, len(cells))
        if not first_row and cells[0].strip():
            self.action.title.add(clean(cells[0]), line)
        for column, text in enumerate(cells[1:COLUMN_COUNT], start=1):
            self.field(column).add(clean(text), line)
        for text in cells[COLUMN_COUNT:]:
            self.add_description(text, line)

    def add_description(self, text: str, line: int) -> None:
        add_paragraph(self.action.description, text, line)

    # One-cell-per-line layout -------------------------------------------------------------

    def start_cell_blocks(self) -> None:
        self.pending_blocks = [[]]

    def add_block_line(self, text: str, line: int) -> bool:
        """Feed a line while reading cell blocks; False once the blocks are complete."""
        blocks = self.pending_blocks
        assert blocks is not None
        if not text.strip():
            if blocks[-1]:
                blocks.append([])
            return True
        full = len([b for b in blocks if b]) == len(FIELD_COLUMNS) and not blocks[-1]
        if full or len(text.strip()) > CELL_BLOCK_LINE_MAX:
            self.finish_cell_blocks()
            return False
        blocks[-1].append((line, text))
        return True

    def finish_cell_blocks(self) -> None:
        blocks = [b for b in (self.pending_blocks or []) if b]
        self.pending_blocks = None
        mixed = [block for block in blocks if _mixed_block(block)]
        if mixed:
            self.unplaced_lines = [line for block in mixed for line, _ in block]
            return
        columns = _assign_blocks(blocks)
        for block, column in zip(blocks, columns, strict=True):
            for line, text in block:
                self.field(column).add(clean(text), line)
                self.add_row_line(line)
        if blocks:
            self.cells_seen = max(self.cells_seen, 1 + max(columns))


# What marks a text as the cell of one column, tried in this order: the minister cell names a
# minister, the Budget cell an amount or means, the Timing cell a year or a duration word.
MINISTER_CELL_RE = re.compile(r"\bminister", re.IGNORECASE)
BUDGET_CELL_RE = re.compile(r"euro|€|middelen|subsidie|fonds|\d\.\d{3}", re.IGNORECASE)
TIMING_CELL_RE = re.compile(r"\b(?:19|20)\d\d\b|doorlopend|vanaf|continu", re.IGNORECASE)


def _marked_column(text: str, minister_anywhere: bool) -> int | None:
    """The column (1, 3 or 4) a text is marked as, or None (a Trekker cell has no mark)."""
    minister = MINISTER_CELL_RE.search(text)
    if minister and (minister_anywhere or minister.start() == 0):
        return 1
    if BUDGET_CELL_RE.search(text):
        return 4
    if TIMING_CELL_RE.search(text):
        return 3
    return None


def _mixed_block(block: list[tuple[int, str]]) -> bool:
    """A block whose lines are marked as cells of different columns: several cells printed one
    per line without the empty line between them, which no rule can place."""
    marks = {_marked_column(text.strip(), minister_anywhere=True) for _, text in block}
    return len(marks - {None}) > 1


def _assign_blocks(blocks: list[list[tuple[int, str]]]) -> list[int]:
    """Columns (1-4) of cell blocks printed one per line; empty cells print no block."""
    if len(blocks) == len(FIELD_COLUMNS):
        return list(range(1, len(FIELD_COLUMNS) + 1))
    columns: list[int] = []
    for block in blocks:
        text = " ".join(t for _, t in block).lower()
        column = _marked_column(text, minister_anywhere=False) or 2
        previous = columns[-1] if columns else 0
        columns.append(min(max(column, previous + 1), len(FIELD_COLUMNS)))
    return columns


def parse_text(text: str, source: str = "<text>") -> Plan:
    """Parse a whole plan; raises InputError when the text is not a (complete) action plan."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        raise InputError(
            Problem(source, None, None, "the file is empty"), "Give the text of an action plan."
        )

    title = Printed()
    objectives: list[Objective] = []
    actions: list[Action] = []
    warnings: list[str] = []
    problems: list[Problem] = []
    current: _ActionBuilder | None = None
    section: str | None = None
    first_row_pending = False  # the action line had no tabs; its row may follow

    def close_action() -> None:
        nonlocal current
        if current is not None:
            if current.pending_blocks is not None:
                current.finish_cell_blocks()
            actions.append(current.action)
            checks.append(current)
        current = None

    checks: list[_ActionBuilder] = []
    _check_line_lengths(source, lines)

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        stripped = line.strip()

        if current is not None and current.pending_blocks is not None:
            if "\t" not in line and current.add_block_line(line, number):
                continue

        if not stripped or SEPARATOR_RE.match(line) or FOOTNOTE_RE.match(line):
            continue

        objective_heading = match_objective(line)
        if objective_heading:
            close_action()
            section = None
            heading, objective_number, objective_title = objective_heading
            objectives.append(
                Objective(
                    number=objective_number,
                    title=Printed(clean(objective_title), [number]),
                    heading=Printed(clean(heading), [number]),
                )
            )
            continue

        action_match = ACTION_RE.match(line)
        if action_match:
            close_action()
            action_number = f"{int(action_match.group(1))}.{int(action_match.group(2))}"
            if not objectives:
                problems.append(
                    Problem(
                        source,
                        number,
                        "Actie",
                        f"action {action_number} comes before any 'DOELSTELLING N:' heading",
                    )
                )
                continue
            cells = line.split("\t")
            title_cell = ACTION_RE.match(cells[0])
            assert title_cell is not None
            current = _ActionBuilder(
                action_number, objectives[-1].number, title_cell.group(3), number, section
            )
            if len(cells) > 1:
                current.add_row(cells, number, first_row=True)
                first_row_pending = False
            else:
                first_row_pending = True
            continue

        if not objectives:
            if not title.text:
                title.add(clean(line), number)
            continue

        if is_section_heading(line):
            close_action()
            section = clean(line)
            continue

        if current is None:
            add_paragraph(objectives[-1].description, line, number)
            continue

        if "\t" in line:
            current.add_row(line.split("\t"), number, first_row=False)
        elif first_row_pending and not current.has_fields:
            current.start_cell_blocks()
            if not current.add_block_line(line, number):
                current.add_description(line, number)  # too long for a cell block
        else:
            current.add_description(line, number)
        first_row_pending = False

    close_action()
    _check_structure(source, objectives, actions, checks, problems, warnings)
    if problems:
        raise InputError(
            problems,
            "The file is not a complete action plan in the expected layout: objective headings "
            "'DOELSTELLING N: ...', each followed by its actions: a table row 'Actie N.M: "
            "title', ministers, Trekker, Timing, Budget, then a description. "
            "Fix the lines named above.",
        )
    return Plan(
        source=source,
        title=title,
        objectives=objectives,
        actions=actions,
        line_count=len(lines),
        warnings=warnings,
    )


def _check_line_lengths(source: str, lines: list[str]) -> None:
    """Refuse lines longer than MAX_LINE_CHARS, naming (up to ten of) them."""
    too_long = [number for number, line in enumerate(lines, start=1) if len(line) > MAX_LINE_CHARS]
    if not too_long:
        return
    problems = [
        Problem(
            source,
            number,
            None,
            f"the line has {len(lines[number - 1]):,} characters; the parser reads "
            f"lines of at most {MAX_LINE_CHARS:,}",
        )
        for number in too_long[:10]
    ]
    if len(too_long) > 10:
        problems.append(
            Problem(source, None, None, f"... and {len(too_long) - 10:,} more lines that long")
        )
    raise InputError(
        problems,
        "No line of an action plan is this long: check the file, or its "
        "conversion from PDF (a table or several paragraphs run together "
        "on one line).",
    )


def _check_structure(
    source: str,
    objectives: list[Objective],
    actions: list[Action],
    builders: list[_ActionBuilder],
    problems: list[Problem],
    warnings: list[str],
) -> None:
    """Structural checks: a plan at all, complete rows, consistent numbering."""
    if not objectives and not actions:
        problems.append(
            Problem(
                source,
                None,
                None,
                "no 'DOELSTELLING N:' headings and no 'Actie N.M:' rows: "
                "this is not an action plan in the expected layout",
            )
        )
        return
    if not actions:
        problems.append(Problem(source, None, None, "objectives found but no 'Actie N.M:' rows"))
        return

    seen: dict[str, int] = {}
    for action in actions:
        if action.number in seen:
            problems.append(
                Problem(
                    source,
                    action.line,
                    "Actie",
                    f"action {action.number} is printed twice (also on line {seen[action.number]})",
                )
            )
        seen[action.number] = action.line
        if int(action.number.split(".")[0]) != action.objective:
            warnings.append(
                f"{source}:{action.line}: action {action.number} is printed under "
                f"objective {action.objective}"
            )
        if not action.title.text:
            problems.append(
                Problem(source, action.line, "Actie", f"action {action.number} has no title")
            )

    last = builders[-1]
    placed = [b for b in builders if _check_placed(source, b, b is last, problems)]
    if last not in placed:  # refused by _check_placed
        pass
    elif last.cells_seen < COLUMN_COUNT and not last.action.budget.text:
        problems.append(
            Problem(
                source,
                last.action.line,
                "Budget",
                f"the row of the last action ({last.action.number}) stops "
                f"after {last.cells_seen} of {COLUMN_COUNT} columns: "
                "the file looks truncated",
            )
        )
    elif not last.action.description.text:
        problems.append(
            Problem(
                source,
                last.action.line,
                "description",
                f"the last action ({last.action.number}) has no description: "
                "the file looks truncated",
            )
        )
    for builder in placed:
        action = builder.action
        if builder is last:
            continue
        if builder.cells_seen < COLUMN_COUNT and not action.budget.text:
            warnings.append(
                f"{source}:{action.line}: action {action.number}: the row has "
                f"only {builder.cells_seen} of {COLUMN_COUNT} columns"
            )

    numbers_with_actions = {a.objective for a in actions}
    for objective in objectives:
        if objective.number not in numbers_with_actions:
            message = f"objective {objective.number} has no actions"
            if objective is objectives[-1]:
                problems.append(
                    Problem(
                        source,
                        objective.title.first_line,
                        "DOELSTELLING",
                        message + ": the file looks truncated",
                    )
                )
            else:
                warnings.append(f"{source}:{objective.title.first_line}: {message}")
    expected = list(range(1, len(objectives) + 1))
    if [o.number for o in objectives] != expected:
        warnings.append(
            f"{source}: objectives are numbered "
            f"{[o.number for o in objectives]}, not 1..{len(objectives)}"
        )


def _check_placed(
    source: str, builder: _ActionBuilder, is_last: bool, problems: list[Problem]
) -> bool:
    """Whether the row's cells were placed into the table's columns; if not, a problem naming
    its lines: cells printed one per line with no empty line between them, or a row of which
    no cell was read at all (the lines after its title carry no tabs and are no cell blocks;
    the last action without a description is left to the truncation check)."""
    action = builder.action
    if builder.unplaced_lines:
        lines = builder.unplaced_lines
        problems.append(
            Problem(
                source,
                lines[0],
                "Actie",
                f"action {action.number}: lines {_line_span(lines)} hold the cells of several "
                "columns (ministers, Trekker, Timing, Budget) without a tab or an empty line "
                "between them, so they cannot be placed into their columns",
            )
        )
        return False
    elif builder.cells_seen == 1 and (action.description.lines or not is_last):
        after = action.description.lines[:4]
        printed = f"; lines {_line_span(after)} follow it without tabs" if after else ""
        problems.append(
            Problem(
                source,
                action.line,
                "Actie",
                f"action {action.number}: no cell of its row (ministers, Trekker, Timing, "
                f"Budget) can be placed{printed}: separate the cells by tabs, or print each "
                "cell as a block of short lines with an empty line after it",
            )
        )
        return False
    return True


def _line_span(lines: list[int]) -> str:
    """'7-10' for consecutive lines, else '7, 9, 12'."""
    if lines == list(range(lines[0], lines[-1] + 1)):
        return f"{lines[0]}-{lines[-1]}" if len(lines) > 1 else str(lines[0])
    return ", ".join(map(str, lines))
