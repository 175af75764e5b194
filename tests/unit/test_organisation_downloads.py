"""An organisation's actions as a staffer downloads them (/download/organisation/{id}.xlsx and
.csv), sub-units counted for their parent, the timeline's year filter and downloads, and the
plan's workbook one click from the home page.

Expected values are read from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt)
and the hand-read table tests/support/plan_values.py:
- Agentschap Opgroeien ("WVG (Agentschap Opgroeien)") is the Trekker of 2.1 (line 129,
  "2020 - 2021", "80.000 euro"), 3.3 (line 160, "2020 - 2024"), 3.11 (line 227, "2020 - 2024"),
  7.1 (line 391, "2021") and 8.3 (line 411, "2020 - 2024"): 5 actions; a partner in 3.7, 3.8
  ("Opgroeien/VCL P"), 3.15 and 3.16: 4 actions, all "Doorlopend".
- Action 3.14's Trekker is "KBBJ (Agentschap Binnenlands Bestuur, informatie- en
  screeningsdienst)" (line 248), a unit of ABB (data/reference/organisations.toml, parent "abb");
  its timing "Vanaf 01/09/2021" has no end.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from support.plan_values import EXPECTED, ONG, YearPart

pytestmark = pytest.mark.unit

OPGROEIEN_LEAD = ["2.1", "3.3", "3.11", "7.1", "8.3"]
OPGROEIEN_PARTNER = ["3.7", "3.8", "3.15", "3.16"]


def _sheet(body: bytes) -> tuple[list[str], list[dict[str, object]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [str(h) for h in header], [dict(zip(header, row, strict=True)) for row in rows]


def _csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff")  # Excel reads the accents right
    reader = csv.DictReader(io.StringIO(text[1:]))
    return list(reader.fieldnames or []), list(reader)


def test_opgroeien_workbook_holds_its_lead_and_partner_actions_with_timing(client):
    answer = client.get("/download/organisation/opgroeien.xlsx")
    assert answer.status_code == 200
    assert 'filename="acties-opgroeien.xlsx"' in answer.headers["content-disposition"]
    header, rows = _sheet(answer.content)
    # the action's number first, the IRI a later column; Dutch headers
    assert header[0] == "Actie" and header[-1] == "Webadres (IRI)"
    assert {"Titel", "Rol", "Begin", "Einde", "Budget"} <= set(header)
    numbers = [row["Actie"] for row in rows]
    assert len(numbers) == len(set(numbers)), "one row per action"
    lead = [row["Actie"] for row in rows if "trekker" in str(row["Rol"]).split("; ")]
    partner = [row["Actie"] for row in rows if "partner" in str(row["Rol"]).split("; ")]
    assert lead == OPGROEIEN_LEAD and partner == OPGROEIEN_PARTNER
    by_number = {row["Actie"]: row for row in rows}
    # 2.1: "2020 - 2021", a year each (cells hold the first and the last day, shown as years)
    assert by_number["2.1"]["Begin"].year == 2020 and by_number["2.1"]["Einde"].year == 2021
    assert by_number["2.1"]["Eenmalig bedrag (€)"] == 80000
    assert by_number["2.1"]["Timing zoals in het plan"] == "2020 - 2021"
    assert by_number["7.1"]["Begin"].year == by_number["7.1"]["Einde"].year == 2021
    for number in OPGROEIEN_PARTNER:  # "Doorlopend"
        assert by_number[number]["Begin"] == by_number[number]["Einde"] == "doorlopend"
    # 3.3 names Opgroeien in its description too: one row, both roles
    assert by_number["3.3"]["Rol"] == "trekker; genoemd in de beschrijving"


def test_the_same_rows_as_csv_in_english(client):
    answer = client.get("/download/organisation/opgroeien.csv", params={"lang": "en"})
    assert answer.status_code == 200
    header, rows = _csv(answer.text)
    assert header[0] == "Action" and header[-1] == "Web address (IRI)"
    assert [row["Action"] for row in rows] == sorted(
        OPGROEIEN_LEAD + OPGROEIEN_PARTNER, key=lambda n: tuple(map(int, n.split(".")))
    )
    assert rows[0]["Start"] == "2020" and rows[0]["End"] == "2021"  # 2.1, at printed precision
    semicolon = client.get("/download/organisation/opgroeien.csv?delimiter=semicolon").text
    assert semicolon.splitlines()[0].startswith("\ufeffActie;Titel;Rol;")


def test_abb_counts_3_14_as_lead_through_its_unit(client):
    header, rows = _sheet(client.get("/download/organisation/abb.xlsx").content)
    by_number = {row["Actie"]: row for row in rows}
    # its description names ABB too (line 251: "Binnen het Agentschap Binnenlands Bestuur")
    assert by_number["3.14"]["Rol"] == (
        "trekker via onderdeel Vlaamse Informatie- en screeningsdienst; genoemd in de beschrijving"
    )
    assert by_number["3.14"]["Begin"].isoformat().startswith("2021-09-01")
    assert by_number["3.14"]["Einde"] == "geen einde"  # "Vanaf 01/09/2021"
    # ABB's own roles: lead or partner in 20 (plan_values), and 3.14 through its unit
    own = {n for n, row in EXPECTED.items() if row[2] == "abb" or "abb" in row[3]}
    assert len(own) == 20
    assert own | {"3.14"} <= set(by_number)
    # the page says so, and the unit's page says whose unit it is
    page = client.get("/id/organisation/abb").text
    assert 'id="unit-lead-actions"' in page and "Trekker via een onderdeel" in page
    assert "waarvan 1 via een onderdeel" in page
    unit = client.get("/id/organisation/abb-informatie-en-screeningsdienst").text
    assert "Deze organisatie is een onderdeel van" in unit and "/id/organisation/abb" in unit


def test_the_api_counts_units_unless_asked_not_to(client):
    with_units = [a["number"] for a in client.get("/api/actions?organisation=abb").json()]
    own = [
        a["number"] for a in client.get("/api/actions?organisation=abb&include_units=false").json()
    ]
    assert set(with_units) - set(own) == {"3.14"} and len(own) == 20


def test_unknown_organisation_is_404(client):
    assert client.get("/download/organisation/nobody.xlsx").status_code == 404
    assert client.get("/download/organisation/abb.csv?lang=fr").status_code == 422


def _year(value: object) -> int | None:
    if value in (None, ONG):
        return None
    if isinstance(value, YearPart):
        return int(value.year)
    return int(str(value)[:4])


def active_in(year: int) -> list[str]:
    """Counted from the hand-read table: ongoing actions run every year; others from their
    start's year to their end's year (no end: from the start on)."""
    found = []
    for number, (*_, start, end, _budget) in EXPECTED.items():
        if start == ONG:
            found.append(number)
            continue
        first, last = _year(start), _year(end)
        if first is not None and first <= year and (last is None or last >= year):
            found.append(number)
    return found


def test_timeline_year_filter_and_downloads_in_dutch(client):
    expected = active_in(2021)
    assert len(expected) == 49 and "7.2" not in expected  # all but 7.2 ("2020")
    # 2019: the 13 ongoing actions, 4.7 ("2019 - 2023") and 5.3 ("01/01/2019 – 31/12/2021")
    early = active_in(2019)
    assert len(early) == 15 and {"4.7", "5.3"} <= set(early)
    assert [a["number"] for a in client.get("/timeline.json?year=2019").json()["actions"]] == early
    twin = client.get("/timeline.json?year=2021").json()
    assert [a["number"] for a in twin["actions"]] == expected
    header, rows = _csv(client.get("/timeline.csv?year=2021").text)
    assert header[:5] == ["Actie", "Titel", "Trekker", "Begin", "Einde"]
    assert header[-1] == "Webadres (IRI)"
    assert [row["Actie"] for row in rows] == expected
    header, rows = _sheet(client.get("/timeline.xlsx?year=2021&lang=en").content)
    assert header[:2] == ["Action", "Title"] and len(rows) == len(expected)
    assert client.get("/timeline?year=1800").status_code == 400
    assert client.get("/timeline?year=twenty").status_code == 400


def test_home_links_the_plan_workbook_in_the_pages_language(client):
    assert 'href="/download/actions.xlsx?lang=nl"' in client.get("/").text
    assert 'href="/download/actions.xlsx?lang=en"' in client.get("/?lang=en").text


def test_objective_and_minister_pages_show_timing_and_budget(client):
    # 1.1 (line 97): "1 april 2021 – 31 maart 2023", "104.320 euro / jaar"
    page = client.get("/id/plan/actieplan-radicalisering-2020-2024/objective/1").text
    row = page[page.index('data-action="1.1"') :]
    row = row[: row.index("</tr>")]
    assert "1 april 2021 – 31 maart 2023" in row and "104.320 € per jaar" in row
    # 3.6 (line 204), coordinated by the Minister of Justice: "Doorlopend", "Binnen de
    # reguliere middelen"
    page = client.get("/id/minister-post/justitie").text
    row = page[page.index('data-action="3.6"') :]
    row = row[: row.index("</tr>")]
    assert "doorlopend" in row and "binnen de reguliere middelen" in row
