"""Tables as an Excel workbook (XLSX, through openpyxl): one sheet per table, typed cells.

Each cell keeps its Python type: text, whole and decimal numbers, booleans, dates (with a
date format), None as an empty cell; a column may name its number format (a euro amount),
and a single value its own (`Formatted`: a year printed as a year). Tuples are one cell of
text joined like the CSV's (tables.join_values). Every sheet has a frozen header row, an
auto-filter over its table and column widths from its content.

The bytes are the same for the same tables: the document's dates and the zip entries' times
are fixed (FIXED_TIME), not the time of writing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from actieplan.graph.core.tables import cell_text, join_values

EURO = '#,##0.00 "€"'
DATE = "yyyy-mm-dd"
FIXED_TIME = dt.datetime(2020, 1, 1)  # the document's created/modified and every zip entry
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped from text cells.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Formatted:
    """A value with its own number format (overrides its column's)."""

    value: object
    number_format: str


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet name (at most 31 characters), header, rows and the number format
    of columns that need one (by column name)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    number_formats: Mapping[str, str] = field(default_factory=dict)


def _cell_value(value: object) -> tuple[object, str | None]:
    """(what openpyxl writes, the number format the value itself needs)."""
    if isinstance(value, Formatted):
        inner, _ = _cell_value(value.value)
        return inner, value.number_format
    if isinstance(value, tuple):
        return _NOT_IN_XML.sub("", join_values(value)) or None, None
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value, None
    if isinstance(value, dt.datetime):
        return value, DATE + " hh:mm"
    if isinstance(value, dt.date):
        return value, DATE
    return _NOT_IN_XML.sub("", str(value)) or None, None


def _write_sheet(workbook: Workbook, sheet: Sheet, first: bool) -> None:
    worksheet = workbook.active if first else workbook.create_sheet()
    assert worksheet is not None
    worksheet.title = sheet.title
    worksheet.append(list(sheet.columns))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column) for column in sheet.columns]
    formats = [sheet.number_formats.get(column) for column in sheet.columns]
    for row_number, row in enumerate(sheet.rows, start=2):
        for column_number, value in enumerate(row, start=1):
            written, own_format = _cell_value(value)
            cell = worksheet.cell(row=row_number, column=column_number, value=written)
            if isinstance(written, str):
                cell.data_type = "s"  # text, never a formula, whatever its first character
            number_format = own_format or formats[column_number - 1]
            if number_format and written is not None:
                cell.number_format = number_format
            shown = cell_text(value.value if isinstance(value, Formatted) else value)
            widths[column_number - 1] = max(widths[column_number - 1], len(shown))
    for column_number, width in enumerate(widths, start=1):
        letter = get_column_letter(column_number)
        worksheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    worksheet.freeze_panes = "A2"
    last = get_column_letter(max(len(sheet.columns), 1))
    worksheet.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"


class _FixedTimeZip(ZipFile):
    """A zip whose entries all carry FIXED_TIME, so that the same content gives the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl writes each worksheet from a temporary file, whose entry would carry the
        # file's own time (two saves two seconds apart differed): written as FIXED_TIME too.
        with open(filename, "rb") as source:
            self.writestr(str(arcname if arcname is not None else filename), source.read())


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The XLSX file of the sheets, in their order."""
    workbook = Workbook()
    for position, sheet in enumerate(sheets):
        _write_sheet(workbook, sheet, first=position == 0)
    return stable_bytes(workbook)


def stable_bytes(workbook: Workbook) -> bytes:
    """The XLSX file of an openpyxl workbook, the same bytes for the same content: the
    document's dates and every zip entry's time are FIXED_TIME."""
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "actieplan"
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
