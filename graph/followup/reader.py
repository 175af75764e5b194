"""Read a filled-in progress workbook back, every sheet and every row, against the template's
layout and the graph; collect every problem, each naming the sheet, the cell and the value.

Only bytes that passed the archive checks (archive.py) reach openpyxl, which reads them with
external links left alone and macros dropped, and with the network refused. Then:
- the Info sheet must say this layout version, this plan and the SHA-256 of its text;
- no sheet may be hidden while it holds values, no row or column hidden while it holds
  values, no cell merged, no cell hold a formula where a value belongs, and no sheet other
  than the template's hold values;
- each sheet's header must be the template's (a column missing or moved is refused);
- on "Voortgang", each row's locked cells (number, title, lead, timing) must be what the
  graph says of that action; a row with a new status needs a status date in the plan's period
  and not in the future; the amount spent is a number, not negative. A row without a new
  status is skipped (nothing else may be filled in on it);
- on "Nieuwe acties", each row needs its objective, a new action number under it, and a
  title; its names, timing and budget are read by the build's own code (new_actions.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import AP
from actieplan.graph.followup.archive import CheckedFile
from actieplan.graph.followup.layout import (
    COMPARED_COLUMNS,
    INFO_ROWS,
    INFO_SHEET,
    LANGUAGES,
    LAYOUT_VERSION,
    NEW_ACTION_COLUMNS,
    NEW_ACTIONS_SHEET,
    PROGRESS_COLUMNS,
    PROGRESS_SHEET,
    Column,
    info_cell,
    status_labels,
)
from actieplan.graph.followup.plan_facts import ActionLine, PlanFacts, action_lines

MAX_ROWS = 2000  # per sheet
MAX_COLUMNS = 30
MAX_TEXT = 4000  # characters of a note or a new action's cell
NUMBER_RE = re.compile(r"(\d+)\.(\d+)")


@dataclass(frozen=True)
class FilledReport:
    """One row of "Voortgang" with a new status."""

    number: str
    status: URIRef
    status_date: dt.date
    note: str | None
    amount_spent: Decimal | None
    lead: URIRef | None  # the action's lead organisation


@dataclass(frozen=True)
class NewActionRow:
    """One row of "Nieuwe acties", its cells as text (empty when empty)."""

    sheet: str
    row: int
    objective: int
    number: str
    cells: dict[str, str]  # column key -> text


@dataclass
class FilledWorkbook:
    """What a workbook says, and every problem found in it."""

    lang: str = "nl"
    organisation: URIRef | None = None  # the Info sheet's organisation, if the template had one
    reports: list[FilledReport] = field(default_factory=list)
    new_actions: list[NewActionRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Reader:
    def __init__(self, checked: CheckedFile, graph: Graph, facts: PlanFacts, today: dt.date):
        self.file = str(checked.path)
        self.graph = graph
        self.facts = facts
        self.today = today
        self.found = FilledWorkbook()

    def problem(self, sheet: str, cell: str | None, message: str) -> None:
        where = f"{sheet}!{cell}" if cell else sheet
        self.found.problems.append(Problem(self.file, None, where, message))

    def fatal(self, message: str, field: str | None = None) -> InputError:
        return InputError([*self.found.problems, Problem(self.file, None, field, message)])


def read_filled(
    checked: CheckedFile, graph: Graph, facts: PlanFacts, today: dt.date
) -> FilledWorkbook:
    """Everything the workbook says, with every problem found; InputError at once when the
    workbook cannot be read as a progress template at all."""
    reader = _Reader(checked, graph, facts, today)
    workbook = _load(reader, checked)
    info_name = INFO_SHEET.name("nl")
    if info_name not in workbook.sheetnames:
        raise reader.fatal(
            f"no sheet {info_name!r}: not a progress template of `actieplan progress template`"
        )
    info = _read_info(reader, workbook[info_name])
    lang = reader.found.lang
    expected = {
        PROGRESS_SHEET.name(lang): PROGRESS_COLUMNS,
        NEW_ACTIONS_SHEET.name(lang): NEW_ACTION_COLUMNS,
        info_name: (),
    }
    for name in expected:
        if name not in workbook.sheetnames:
            raise reader.fatal(f"no sheet {name!r}: the template's sheets are {list(expected)}")
    for sheet in workbook.worksheets:
        _check_sheet(reader, sheet, sheet.title in expected)
    if reader.found.problems and info is None:
        raise reader.fatal("the Info sheet does not describe a template for this plan")
    progress = workbook[PROGRESS_SHEET.name(lang)]
    if _header_ok(reader, progress, PROGRESS_COLUMNS):
        _read_progress(reader, progress)
    new_actions = workbook[NEW_ACTIONS_SHEET.name(lang)]
    if _header_ok(reader, new_actions, NEW_ACTION_COLUMNS):
        _read_new_actions(reader, new_actions)
    return reader.found


def _outside(reader: _Reader, sheet: Worksheet, width: int) -> None:
    """Values right of the template's columns."""
    for row in sheet.iter_rows(min_row=2, min_col=width + 1):
        for cell in row:
            if cell.value is not None:
                reader.problem(
                    sheet.title,
                    cell.coordinate,
                    f"{_shown(cell.value)} outside the template's columns: move or clear it",
                )


def _load(reader: _Reader, checked: CheckedFile) -> Workbook:
    from actieplan.graph.rdf.loading import no_network

    try:
        with no_network():
            return load_workbook(
                io.BytesIO(checked.data),
                read_only=False,  # merged cells, hidden rows and sheet states need the full model
                keep_vba=False,
                data_only=False,  # formulas as formulas: refused where a value belongs
                keep_links=False,
                rich_text=False,
            )
    except Exception as error:  # openpyxl raises many types for a broken workbook
        raise reader.fatal(
            f"not a readable XLSX workbook: {type(error).__name__}: {error}"
        ) from None


def _read_info(reader: _Reader, sheet: Worksheet) -> dict[str, str] | None:
    """The Info sheet's values by key; problems for a template of another layout or plan."""
    values = {
        str(row[0].value).strip(): _text(row[2].value)
        for row in sheet.iter_rows(min_row=1, max_row=len(INFO_ROWS), max_col=3)
        if row[0].value is not None
    }
    name = sheet.title
    lang = values.get("language", "")
    if lang in LANGUAGES:
        reader.found.lang = lang
    else:
        reader.problem(
            name, info_cell("language"), f"language {lang!r} is not one of {', '.join(LANGUAGES)}"
        )
    if values.get("layout") != LAYOUT_VERSION:
        raise reader.fatal(
            f"layout version {values.get('layout')!r}; this version of actieplan reads layout "
            f"{LAYOUT_VERSION}: make a new template with `actieplan progress template`",
            f"{name}!{info_cell('layout')}",
        )
    if values.get("plan") != str(reader.facts.plan):
        reader.problem(
            name,
            info_cell("plan"),
            f"plan {values.get('plan')!r}: the graph's plan is <{reader.facts.plan}>; "
            "import with the graph of that plan",
        )
        return None
    sha256 = values.get("source_sha256", "")
    if sha256 and reader.facts.source_sha256 and sha256 != reader.facts.source_sha256:
        reader.problem(
            name,
            info_cell("source_sha256"),
            f"made from a plan text with SHA-256 {sha256}; the graph's is "
            f"{reader.facts.source_sha256}: the plan's text changed since, make a new template",
        )
    organisation = values.get("organisation", "")
    if organisation:
        node = reader.facts.iris.organisation(organisation)
        if (node, RDF.type, AP.Organisation) in reader.graph:
            reader.found.organisation = node
        else:
            reader.problem(
                name,
                info_cell("organisation"),
                f"organisation {organisation!r} is not in the graph",
            )
    return values


def _check_sheet(reader: _Reader, sheet: Worksheet, of_template: bool) -> None:
    """Size, hidden sheets, rows and columns holding values, merged cells, formulas."""
    name = sheet.title
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        reader.problem(
            name,
            None,
            f"{sheet.max_row} rows and {sheet.max_column} columns: more than the "
            f"{MAX_ROWS} rows and {MAX_COLUMNS} columns read",
        )
        return
    filled = [cell for cell in _cells(sheet) if cell.value is not None]
    if not filled:
        return
    first = filled[0].coordinate
    if sheet.sheet_state != "visible":
        reader.problem(
            name, first, f"a {sheet.sheet_state} sheet holds values: show it or clear it"
        )
    if not of_template:
        reader.problem(
            name, first, "a sheet the template does not have holds values: remove the sheet"
        )
        return
    for merged in sheet.merged_cells.ranges:
        reader.problem(name, merged.coord, "merged cells: unmerge them")
    hidden_columns = {
        get_column_letter(index)
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden
        for index in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1)
    }
    for cell in filled:
        column = get_column_letter(cell.column)
        hidden_row = (
            sheet.row_dimensions[cell.row].hidden if cell.row in sheet.row_dimensions else False
        )
        if hidden_row or column in hidden_columns:
            what = "row" if hidden_row else "column"
            reader.problem(
                name, cell.coordinate, f"a hidden {what} holds {_shown(cell.value)}: show it"
            )
        if cell.data_type == "f":
            reader.problem(
                name,
                cell.coordinate,
                f"a formula ({_shown(cell.value)}) where a value belongs: type the value",
            )


def _header_ok(reader: _Reader, sheet: Worksheet, columns: tuple[Column, ...]) -> bool:
    ok = True
    lang = reader.found.lang
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        if _text(cell.value) != column.header(lang):
            reader.problem(
                sheet.title,
                cell.coordinate,
                f"column header {_shown(cell.value)} where the template has "
                f"{column.header(lang)!r}: a column is missing or moved; keep the template's "
                "columns as they are",
            )
            ok = False
    _outside(reader, sheet, len(columns))
    for index in range(len(columns) + 1, sheet.max_column + 1):
        cell = sheet.cell(row=1, column=index)
        if cell.value is not None:
            reader.problem(
                sheet.title,
                cell.coordinate,
                f"a column the template does not have: {_shown(cell.value)}",
            )
            ok = False
    return ok


def _read_progress(reader: _Reader, sheet: Worksheet) -> None:
    lang = reader.found.lang
    labels = {label.casefold(): status for status, label in status_labels(lang).items()}
    listed = ", ".join(repr(label) for label in status_labels(lang).values())
    lines = {line.number: line for line in action_lines(reader.graph, lang, reader.today)}
    own: set[str] | None = None
    if reader.found.organisation is not None:
        own = {
            line.number
            for line in action_lines(reader.graph, lang, reader.today, reader.found.organisation)
        }
    seen: dict[str, int] = {}
    name = sheet.title
    for row in _rows(sheet, len(PROGRESS_COLUMNS)):
        cells = dict(zip((column.key for column in PROGRESS_COLUMNS), row, strict=True))
        number = _text(cells["number"].value)
        where = cells["number"].coordinate
        line = lines.get(number)
        if line is None:
            reader.problem(name, where, f"unknown action number {_shown(cells['number'].value)}")
            continue
        if number in seen:
            reader.problem(name, where, f"action {number} is on row {seen[number]} already")
            continue
        seen[number] = row[0].row
        if own is not None and number not in own:
            reader.problem(
                name,
                where,
                f"action {number} is not one of the actions the template was made for "
                "(the organisation on the Info sheet leads or is a partner in them)",
            )
        _compare_locked(reader, name, cells, line)
        report = _report(reader, name, cells, labels, listed, line)
        if report is not None:
            reader.found.reports.append(report)


def _compare_locked(reader: _Reader, sheet: str, cells: dict[str, Cell], line: ActionLine) -> None:
    for key in COMPARED_COLUMNS:
        expected = str(getattr(line, key))
        if _text(cells[key].value) != expected:
            reader.problem(
                sheet,
                cells[key].coordinate,
                f"locked cell edited: {_shown(cells[key].value)} where the template has "
                f"{expected!r} (action {line.number}); undo the edit",
            )


def _report(
    reader: _Reader,
    sheet: str,
    cells: dict[str, Cell],
    labels: dict[str, URIRef],
    listed: str,
    line: ActionLine,
) -> FilledReport | None:
    status_cell = cells["status"]
    status_text = _text(status_cell.value)
    inputs = [cells[key] for key in ("note", "status_date", "amount_spent")]
    if not status_text:
        if any(cell.value is not None for cell in inputs):
            reader.problem(
                sheet,
                status_cell.coordinate,
                f"no new status, but a note, date or amount on the row of action {line.number}: "
                "choose a status or clear the row",
            )
        return None
    status = labels.get(status_text.casefold())
    if status is None:
        reader.problem(
            sheet, status_cell.coordinate, f"status {status_text!r} is not one of: {listed}"
        )
    status_date = _date(reader, sheet, cells["status_date"])
    amount = _amount(reader, sheet, cells["amount_spent"])
    note = _text(cells["note"].value)
    if len(note) > MAX_TEXT:
        reader.problem(
            sheet, cells["note"].coordinate, f"a note of {len(note)} characters: at most {MAX_TEXT}"
        )
    if status is None or status_date is None or amount is False:
        return None
    return FilledReport(
        line.number,
        status,
        status_date,
        note or None,
        amount if isinstance(amount, Decimal) else None,
        line.lead_organisation,
    )


def _date(reader: _Reader, sheet: str, cell: Cell) -> dt.date | None:
    value = cell.value
    if isinstance(value, dt.datetime):
        day: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            day = None
    else:
        day = None
    if day is None:
        what = "no status date" if value is None else f"status date {_shown(value)} is not a date"
        reader.problem(
            sheet, cell.coordinate, f"{what}: type the date the status is for (YYYY-MM-DD)"
        )
        return None
    start = reader.facts.period[0] if reader.facts.period else None
    if start is not None and day < start:
        reader.problem(
            sheet, cell.coordinate, f"status date {day} is before the plan's start ({start})"
        )
        return None
    if day > reader.today:
        reader.problem(
            sheet, cell.coordinate, f"status date {day} is in the future (today is {reader.today})"
        )
        return None
    return day


def _amount(reader: _Reader, sheet: str, cell: Cell) -> Decimal | None | bool:
    """The amount (None when empty); False after a problem."""
    value = cell.value
    if value is None:
        return None
    amount: Decimal | None = None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite():
        reader.problem(
            sheet, cell.coordinate, f"amount spent {_shown(value)} is not a number of euro"
        )
        return False
    if amount < 0:
        reader.problem(sheet, cell.coordinate, f"amount spent {_shown(value)} is negative")
        return False
    return amount


def _read_new_actions(reader: _Reader, sheet: Worksheet) -> None:
    name = sheet.title
    objectives = {
        str(value)
        for objective in reader.graph.subjects(RDF.type, AP.Objective)
        for value in reader.graph.objects(objective, AP.number)
        if isinstance(value, Literal)
    }
    known = {
        str(value)
        for action in reader.graph.subjects(RDF.type, AP.Action)
        for value in reader.graph.objects(action, AP.number)
    }
    seen: dict[str, int] = {}
    for row in _rows(sheet, len(NEW_ACTION_COLUMNS)):
        cells = dict(zip((column.key for column in NEW_ACTION_COLUMNS), row, strict=True))
        problems_before = len(reader.found.problems)
        objective = _text(cells["objective"].value)
        if isinstance(cells["objective"].value, float) and cells["objective"].value.is_integer():
            objective = str(int(cells["objective"].value))
        if objective not in objectives:
            reader.problem(
                name,
                cells["objective"].coordinate,
                f"objective {_shown(cells['objective'].value)} is not one of the plan's "
                f"({', '.join(sorted(objectives, key=int))})",
            )
        number = _text(cells["number"].value)
        found = NUMBER_RE.fullmatch(number) if isinstance(cells["number"].value, str) else None
        where = cells["number"].coordinate
        if found is None:
            reader.problem(
                name,
                where,
                f"action number {_shown(cells['number'].value)} is not of the form "
                "'objective.action' typed as text ('9.10', not the number 9.1)",
            )
        elif found.group(1) != objective:
            reader.problem(name, where, f"action {number} is not under objective {objective}")
        elif number in known:
            reader.problem(
                name, where, f"action {number} is in the plan already: give a new number"
            )
        elif number in seen:
            reader.problem(name, where, f"action {number} is on row {seen[number]} already")
        seen.setdefault(number, row[0].row)
        texts = {key: _text(cell.value) for key, cell in cells.items()}
        if not texts["title"]:
            reader.problem(name, cells["title"].coordinate, "a new action needs its title (Actie)")
        for key, text in texts.items():
            if len(text) > MAX_TEXT:
                reader.problem(
                    name, cells[key].coordinate, f"{len(text)} characters: at most {MAX_TEXT}"
                )
        if len(reader.found.problems) == problems_before:
            reader.found.new_actions.append(
                NewActionRow(name, row[0].row, int(objective), number, texts)
            )


def _cells(sheet: Worksheet) -> Iterator[Cell]:
    for row in sheet.iter_rows():
        yield from row


def _rows(sheet: Worksheet, width: int) -> Iterator[tuple[Cell, ...]]:
    """The data rows (below the header) that hold a value in the template's columns."""
    for row in sheet.iter_rows(min_row=2, max_col=width):
        if any(cell.value is not None and _text(cell.value) for cell in row):
            yield tuple(row)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: object) -> str:
    """A cell's value as a message quotes it (at most 80 characters)."""
    if isinstance(value, dt.date):
        value = value.isoformat()  # a date as typed, not as Python writes it
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
