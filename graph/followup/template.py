"""The progress template: the workbook a lead organisation fills in (layout.py says its sheets
and columns).

Sheet "Voortgang" has one row per action with its number, title, lead, timing as printed and
last known status and note, locked (the sheet is protected; the input cells are not locked),
and the input columns: the new status (a drop-down list of the status labels, kept on the Info
sheet), a note, the status date and the amount spent. Sheet "Nieuwe acties" takes actions
added during the plan, in the plan's columns. Sheet "Info" says what the template was made
for: the plan, the SHA-256 of its text, the date of the last status shown, the layout version.

The same graph and options give the same bytes (graph/core/workbook.py: stable_bytes).
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from rdflib import Graph, URIRef

from actieplan.graph.core.vocab import local_id
from actieplan.graph.core.workbook import DATE, EURO, MAX_WIDTH, MIN_WIDTH, stable_bytes
from actieplan.graph.followup.layout import (
    INFO_ROWS,
    INFO_SHEET,
    INFO_STATUSES,
    LAYOUT_VERSION,
    NEW_ACTION_COLUMNS,
    NEW_ACTIONS_SHEET,
    PROGRESS_COLUMNS,
    PROGRESS_SHEET,
    Column,
    letter,
    status_labels,
)
from actieplan.graph.followup.plan_facts import action_lines, plan_facts

NEW_ACTION_ROWS = 100  # input rows on "Nieuwe acties"
TEXT = "@"  # number format: what is typed stays text ("9.10" is not the number 9.1)
UNLOCKED = Protection(locked=False)
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")  # light grey: the cells not to edit


def template_bytes(
    graph: Graph, lang: str, as_of: dt.date, organisation: URIRef | None = None
) -> bytes:
    """The XLSX template for the graph's plan: the actions the organisation leads or is a
    partner in (every action without one), their last status as of the date."""
    facts = plan_facts(graph)
    workbook = Workbook()
    progress = workbook.active
    assert progress is not None
    progress.title = PROGRESS_SHEET.name(lang)
    new_actions = workbook.create_sheet(NEW_ACTIONS_SHEET.name(lang))
    info = workbook.create_sheet(INFO_SHEET.name(lang))

    status_cells = _write_info(
        info, lang, facts.plan, facts.title, facts.source_sha256, as_of, organisation
    )
    lines = action_lines(graph, lang, as_of, organisation)
    rows = [
        [line.number, line.title, line.lead, line.timing, line.last_status, line.last_note]
        for line in lines
    ]
    _header(progress, PROGRESS_COLUMNS, lang)
    for row_number, values in enumerate(rows, start=2):
        for column_number, value in enumerate(values, start=1):
            _text_cell(progress, row_number, column_number, value)
        for column_number, column in enumerate(PROGRESS_COLUMNS, start=1):
            cell = progress.cell(row=row_number, column=column_number)
            if column.locked:
                cell.fill = LOCKED_FILL
            else:
                cell.protection = UNLOCKED
    last = len(rows) + 1
    _input_formats(progress, last, facts.period[0] if facts.period else None, status_cells)
    _widths(progress, PROGRESS_COLUMNS, lang, rows)
    progress.freeze_panes = "B2"

    _header(new_actions, NEW_ACTION_COLUMNS, lang)
    for row_number in range(2, NEW_ACTION_ROWS + 2):
        for column_number in range(1, len(NEW_ACTION_COLUMNS) + 1):
            cell = new_actions.cell(row=row_number, column=column_number)
            cell.protection = UNLOCKED
            cell.number_format = TEXT
    _widths(new_actions, NEW_ACTION_COLUMNS, lang, [])
    new_actions.freeze_panes = "A2"

    for sheet in (progress, new_actions, info):
        sheet.protection.sheet = True  # no password: a guide for people, checked on import
    return stable_bytes(workbook)


def _write_info(
    info: Worksheet,
    lang: str,
    plan: URIRef,
    plan_title: str,
    sha256: str,
    as_of: dt.date,
    organisation: URIRef | None,
) -> str:
    """The Info sheet: key (column A, read on import), label, value; returns the range of the
    status labels ("Info!$C$9:$C$15") for the drop-down list."""
    values = {
        "layout": LAYOUT_VERSION,
        "language": lang,
        "plan": str(plan),
        "plan_title": plan_title,
        "source_sha256": sha256,
        "as_of": as_of.isoformat(),
        "organisation": local_id(organisation) if organisation is not None else "",
    }
    for row_number, row in enumerate(INFO_ROWS, start=1):
        _text_cell(info, row_number, 1, row.key)
        _text_cell(info, row_number, 2, row.header(lang))
        _text_cell(info, row_number, 3, values[row.key])
    first = len(INFO_ROWS) + 1
    labels = list(status_labels(lang).values())
    _text_cell(info, first, 1, INFO_STATUSES.key)
    _text_cell(info, first, 2, INFO_STATUSES.header(lang))
    for offset, label in enumerate(labels):
        _text_cell(info, first + offset, 3, label)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 36
    info.column_dimensions["C"].width = MAX_WIDTH
    last = first + len(labels) - 1
    return f"'{info.title}'!$C${first}:$C${last}"


def _input_formats(
    sheet: Worksheet, last: int, plan_start: dt.date | None, status_cells: str
) -> None:
    """The input columns' drop-down list, date and amount checks and number formats."""
    status = letter(PROGRESS_COLUMNS, "status")
    note = letter(PROGRESS_COLUMNS, "note")
    date = letter(PROGRESS_COLUMNS, "status_date")
    amount = letter(PROGRESS_COLUMNS, "amount_spent")
    if last < 2:
        return
    statuses = DataValidation(
        type="list", formula1=status_cells, allow_blank=True, showErrorMessage=True
    )
    statuses.add(f"{status}2:{status}{last}")
    sheet.add_data_validation(statuses)
    if plan_start is not None:
        dates = DataValidation(
            type="date",
            operator="greaterThanOrEqual",
            formula1=f"DATE({plan_start.year},{plan_start.month},{plan_start.day})",
            allow_blank=True,
            showErrorMessage=True,
        )
        dates.add(f"{date}2:{date}{last}")
        sheet.add_data_validation(dates)
    amounts = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
    )
    amounts.add(f"{amount}2:{amount}{last}")
    sheet.add_data_validation(amounts)
    for row_number in range(2, last + 1):
        sheet[f"{date}{row_number}"].number_format = DATE
        sheet[f"{amount}{row_number}"].number_format = EURO
        sheet[f"{note}{row_number}"].alignment = Alignment(wrap_text=True)


def _header(sheet: Worksheet, columns: tuple[Column, ...], lang: str) -> None:
    for column_number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=column_number, value=column.header(lang))
        cell.font = Font(bold=True)


def _text_cell(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """A text cell, never a formula whatever its first character."""
    if not value:
        return
    cell = sheet.cell(row=row, column=column, value=value)
    cell.data_type = "s"


def _widths(
    sheet: Worksheet, columns: tuple[Column, ...], lang: str, rows: list[list[str]]
) -> None:
    for index, column in enumerate(columns):
        shown = [len(column.header(lang))] + [len(row[index]) for row in rows if index < len(row)]
        width = min(max(max(shown) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
