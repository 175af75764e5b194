"""The table downloads of the service (api/routes/tables.py, graph/core/workbook.py): the actions
as CSV with a byte order mark, the long table, the XLSX workbook with typed cells.

Expected values come from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt):
- action 4.3 (lines 301-305): Budget "Eerste fase (terreinonderzoek) 50.000 Tweede fase:
  500.000 / jaar": two amounts, 50 000 once and 500 000 a year; Timing "... eind 2021 - 2024";
- action 1.1: Timing "1 april 2021 – 31 maart 2023", lead ABB, one partner AgII;
- action 1.2: partners "Agentschap Integratie en Inburgering" and "Lokale besturen";
- action 3.12: its Trekker cell is empty;
- 50 actions in the plan.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import httpx
import pytest
from openpyxl import load_workbook

from actieplan.graph.core.workbook import Formatted, Sheet, workbook_bytes
from actieplan.graph.rdf.export import CSV_COLUMNS, actions_csv

ACTIONS_IN_PLAN = 50


@pytest.fixture(scope="module")
def workbook(site):
    answer = httpx.get(site.url("/download/actions.xlsx"), timeout=60)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(answer.content))


def _rows_by_action(sheet) -> dict[str, dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return {
        row[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }


def test_workbook_sheets_have_a_frozen_header_and_a_filter(workbook):
    assert workbook.sheetnames == ["actions", "roles", "shared actions", "completeness"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert all(cell.font.bold for cell in sheet[1])
    assert workbook["actions"].max_row == ACTIONS_IN_PLAN + 1
    assert workbook["completeness"].max_row == ACTIONS_IN_PLAN + 1


def test_action_4_3_has_its_two_euro_figures_as_numbers(workbook):
    sheet = workbook["actions"]
    row = _rows_by_action(sheet)["4.3"]
    assert (row["budget_eur_1"], row["budget_per_year_1"]) == (50000, False)
    assert (row["budget_eur_2"], row["budget_per_year_2"]) == (500000, True)
    header = [cell.value for cell in sheet[1]]
    line = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "4.3")
    amount = line[header.index("budget_eur_1")]
    assert amount.data_type == "n" and "€" in amount.number_format
    assert line[header.index("budget_per_year_2")].data_type == "b"


def test_dates_are_dates_at_their_printed_precision(workbook):
    sheet = workbook["actions"]
    header = [cell.value for cell in sheet[1]]
    lines = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    start, end = lines["1.1"][header.index("start")], lines["1.1"][header.index("end")]
    assert start.value == dt.datetime(2021, 4, 1) and start.is_date
    assert end.value == dt.datetime(2023, 3, 31) and end.number_format == "yyyy-mm-dd"
    # 4.3 is printed "... - 2024": the last day of 2024, shown as a year
    end_4_3 = lines["4.3"][header.index("end")]
    assert end_4_3.value == dt.datetime(2024, 12, 31) and end_4_3.number_format == "yyyy"


def test_action_3_12_has_an_empty_lead_cell(workbook):
    rows = _rows_by_action(workbook["actions"])
    assert rows["3.12"]["lead"] is None
    assert rows["1.1"]["lead"] == "Agentschap Binnenlands Bestuur"
    assert rows["3.12"]["objective"] == 3  # a number cell
    roles = [r for r in workbook["roles"].iter_rows(min_row=2, values_only=True)]
    assert not [r for r in roles if r[0] == "3.12" and r[4] == "lead"]
    assert ("1.2", "organisation", "lokale-besturen", "Lokale besturen", "partner") in roles


def test_shared_actions_and_completeness_sheets(workbook):
    shared = list(workbook["shared actions"].iter_rows(min_row=2, values_only=True))
    # ABB and AgII appear together as lead/partner in action 1.1 (and 4.3, ...)
    pair = next(
        r
        for r in shared
        if {r[0], r[1]}
        == {"Agentschap Binnenlands Bestuur", "Agentschap Integratie en Inburgering"}
    )
    assert pair[2] == len(pair[3].split("; ")) and "1.1" in pair[3].split("; ")
    assert "4.3" in pair[3].split("; ")
    completeness = workbook["completeness"]
    header = [cell.value for cell in completeness[1]]
    lead = header.index("lead organisation", 4)  # the fact column, after the name columns
    rows = _rows_by_action(completeness)
    assert rows["3.12"][header[lead]] is False
    assert next(completeness.iter_rows(min_row=2, values_only=True))[lead] is True


def test_actions_csv_has_a_bom_and_parses(site, built):
    answer = httpx.get(site.url("/download/actions.csv"), timeout=60)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == ACTIONS_IN_PLAN
    by_action = {row["action"]: row for row in rows}
    assert by_action["4.3"]["budget_eur"] == "50000; 500000"
    assert by_action["3.12"]["lead"] == ""
    # the same table as the build's actions.csv, with a BOM in front
    assert text == built.files["actions.csv"]


def test_semicolon_csv_for_a_dutch_excel(site):
    answer = httpx.get(site.url("/download/actions.csv"), params={"delimiter": "semicolon"})
    assert answer.status_code == 200
    assert 'filename="actions-semicolon.csv"' in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(CSV_COLUMNS)
    assert {row[0]: row for row in rows}["4.3"][CSV_COLUMNS.index("budget_eur")] == "50000; 500000"
    assert (
        httpx.get(site.url("/download/actions.csv"), params={"delimiter": "tab"}).status_code == 422
    )


def test_long_table_has_a_row_per_partner(site):
    answer = httpx.get(site.url("/download/actions-long.csv"))
    assert answer.status_code == 200
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["action", "field", "position", "value"]
    partners_1_2 = [
        (r["position"], r["value"])
        for r in rows
        if r["action"] == "1.2" and r["field"] == "partners"
    ]
    assert partners_1_2 == [("1", "Agentschap Integratie en Inburgering"), ("2", "Lokale besturen")]
    amounts_4_3 = [
        (r["field"], r["position"], r["value"])
        for r in rows
        if r["action"] == "4.3" and r["field"].startswith("budget")
    ]
    assert amounts_4_3 == [
        ("budget_eur", "1", "50000"),
        ("budget_eur", "2", "500000"),
        ("budget_per_year", "1", "false"),
        ("budget_per_year", "2", "true"),
    ]


def test_build_csv_is_the_graph_table(built):
    """The build writes actions.csv from the same table the service serves."""
    assert built.files["actions.csv"] == actions_csv(built.graph)


def test_workbook_bytes_are_deterministic_and_text_is_never_a_formula():
    sheets = [Sheet("t", ["a", "b", "c"], [["=1+1", Formatted(dt.date(2021, 1, 1), "yyyy"), None]])]
    first = workbook_bytes(sheets)
    assert first == workbook_bytes(sheets)
    sheet = load_workbook(io.BytesIO(first))["t"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == "yyyy" and sheet["C2"].value is None
