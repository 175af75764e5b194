"""Tables for people: a readable terminal table, CSV for spreadsheets, JSON records, pivots.

The tables of the commands query, sparql, network and validate, the build's actions.csv and
the API's question answers are rendered here, from plain Python values (str, int, Decimal,
bool, None). Several values in one cell are joined by join_values.

Every CSV and TSV cell the project writes passes through inert_cell: a spreadsheet must not run
a name or title from a graph as a formula (CSV injection).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

TABLE_FORMATS = ("table", "csv", "json")
# Between the values of one cell (a list of names, action numbers, amounts).
LIST_SEPARATOR = "; "

Row = Sequence[object]


def cell_text(value: object) -> str:
    """A value as text: empty for unknown, true/false, decimals without exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# A number as text: a sign, digits with an optional decimal point, an optional exponent.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def inert_cell(value: object) -> str:
    """A value as the text of a CSV or TSV cell that no spreadsheet runs: text that starts
    with = + - @, a tab or a carriage return gets a leading ' (OWASP's rule). Numbers keep
    their sign: a value of a numeric type, or text that is wholly a plain number (-2, +3,
    -1.5e-05), is written as it is."""
    text = cell_text(value)
    if isinstance(value, (int, float, Decimal)) or not text.startswith(FORMULA_LEADS):
        return text
    return text if _PLAIN_NUMBER.fullmatch(text) else "'" + text


def join_values(values: Iterable[object]) -> str:
    """Several values as the text of one cell: each as cell_text, joined with "; "."""
    return LIST_SEPARATOR.join(cell_text(value) for value in values)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(
    columns: Sequence[str], rows: Sequence[Row], max_width: int | None = 48, count: bool = True
) -> str:
    """Aligned columns with a header rule; long cells clipped to max_width (None: never);
    numbers right; a last line with the number of rows unless count is False."""
    texts = [
        [_clip(cell_text(v), max_width) if max_width else cell_text(v) for v in row] for row in rows
    ]
    widths = [max([len(c)] + [len(r[i]) for r in texts]) for i, c in enumerate(columns)]
    numeric = [
        bool(rows) and all(isinstance(r[i], (int, Decimal, float)) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in texts]
    if count:
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


# CSV for a spreadsheet: starts with the UTF-8 byte order mark (else Excel reads the text as
# the local code page), and `;` between fields for a comma-decimal (Dutch) locale on request.
BYTE_ORDER_MARK = "\ufeff"
DELIMITERS = {"comma": ",", "semicolon": ";"}


def spreadsheet_csv(columns: Sequence[str], rows: Iterable[Row], delimiter: str = "comma") -> str:
    """`render_csv` for a spreadsheet: the byte order mark first; `delimiter` by name
    (DELIMITERS)."""
    return BYTE_ORDER_MARK + render_csv(columns, rows, DELIMITERS[delimiter])


# Quoted in every CSV whatever its delimiter: a spreadsheet opens a file by double click with
# its locale's separator (`;` in a Dutch Excel, `,` elsewhere), so a cell holding the other
# one unquoted would be split there, and its second half could start a formula.
_QUOTED = re.compile(r'[,;\t"\r\n]')


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def render_csv(columns: Sequence[str], rows: Iterable[Row], delimiter: str = ",") -> str:
    """RFC 4180 CSV with a header row (CRLF line ends, as spreadsheets expect); `delimiter`
    ";" for a spreadsheet in a locale whose decimal mark is the comma (Dutch Excel). Every
    cell is inert_cell's text; a cell with a `,`, `;`, tab, quote or line break is quoted."""
    if delimiter in '"\r\n' or len(delimiter) != 1:
        raise ValueError(f"render_csv: {delimiter!r} cannot separate CSV fields")
    lines = []
    for row in (columns, *rows):
        fields = [_csv_field(inert_cell(value)) for value in row]
        # One empty field alone is written "" (as the csv module does), not as an empty line.
        lines.append('""' if fields == [""] else delimiter.join(fields))
    return "".join(line + "\r\n" for line in lines)


def json_value(value: object) -> object:
    """A value as JSON has it: decimals as int or float, the rest as they are."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def records(columns: Sequence[str], rows: Sequence[Row]) -> list[dict[str, object]]:
    return [{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]


def render_json(columns: Sequence[str], rows: Sequence[Row]) -> str:
    return json.dumps(records(columns, rows), ensure_ascii=False, indent=2) + "\n"


def render(fmt: str, columns: Sequence[str], rows: Sequence[Row]) -> str:
    if fmt == "csv":
        return render_csv(columns, rows)
    if fmt == "json":
        return render_json(columns, rows)
    return render_table(columns, rows) + "\n"


def pivot(
    columns: Sequence[str], rows: Sequence[Row], row_key: str, column_key: str, value_key: str
) -> tuple[list[str], list[list[object]]]:
    """Long form -> matrix: one row per row_key value, one column per column_key value."""
    ri, ci, vi = (list(columns).index(k) for k in (row_key, column_key, value_key))
    row_values = list(dict.fromkeys(r[ri] for r in rows))
    column_values = sorted(dict.fromkeys(cell_text(r[ci]) for r in rows))
    cells = {(r[ri], cell_text(r[ci])): r[vi] for r in rows}
    matrix = [[rv] + [cells.get((rv, cv)) for cv in column_values] for rv in row_values]
    return [row_key, *column_values], matrix
