"""Progress workbooks for the follow-up tests: a template made by the product, filled in with
openpyxl as a lead organisation would, and the files of a ledger folder (to compare them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from rdflib import Graph

from actieplan.graph.followup.template import template_bytes

# Input columns of sheet "Voortgang" (graph/followup/layout.py: PROGRESS_COLUMNS, 1-based)
STATUS, NOTE, STATUS_DATE, AMOUNT = "G", "H", "I", "J"


def template(graph: Graph, as_of: dt.date, lang: str = "nl") -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes(graph, lang, as_of)))


def row_of(workbook: Workbook, number: str, sheet: str = "Voortgang") -> int:
    """The row of an action on the progress sheet (found by its number in column A)."""
    for cell in workbook[sheet]["A"]:
        if cell.value == number:
            return int(cell.row)
    raise LookupError(f"action {number} is not on the sheet")


def fill(
    workbook: Workbook,
    reports: Mapping[str, tuple[str, dt.date, str | None, float | None]],
    new_actions: Sequence[Sequence[str]] = (),
) -> Workbook:
    """Fill in reports {number: (status label, status date, note, amount)} and new actions
    (rows of the sheet "Nieuwe acties", its columns in order)."""
    sheet = workbook["Voortgang"]
    for number, (status, day, note, amount) in reports.items():
        row = row_of(workbook, number)
        sheet[f"{STATUS}{row}"] = status
        sheet[f"{STATUS_DATE}{row}"] = day
        sheet[f"{NOTE}{row}"] = note
        sheet[f"{AMOUNT}{row}"] = amount
    for offset, values in enumerate(new_actions):
        for column, value in enumerate(values, start=1):
            workbook["Nieuwe acties"].cell(row=2 + offset, column=column, value=value)
    return workbook


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file below the folder (hidden ones too) -> the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
