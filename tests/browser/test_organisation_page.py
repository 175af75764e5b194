"""The organisation page as a coordination staffer uses it, in a real browser: its actions by
role with timing and budget, the Excel download, sub-units counted for their parent, and a
phone's width.

Expected values from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt):
Agentschap Opgroeien ("WVG (Agentschap Opgroeien)") is the Trekker of 2.1 ("2020 - 2021",
"80.000 euro"), 3.3, 3.11, 8.3 ("2020 - 2024") and 7.1 ("2021"): 5 actions, and a partner in
3.7, 3.8, 3.15 and 3.16, all "Doorlopend": 4 actions. Action 3.14's Trekker is "KBBJ
(Agentschap Binnenlands Bestuur, informatie- en screeningsdienst)", a unit of ABB in the
reference data, "Vanaf 01/09/2021".
"""

from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = pytest.mark.browser

OPGROEIEN = "/id/organisation/opgroeien"
ABB = "/id/organisation/abb"
UNIT = "/id/organisation/abb-informatie-en-screeningsdienst"


def _numbers(page, table: str) -> list[str]:
    return page.eval_on_selector_all(f"{table} tbody tr", "rows => rows.map(r => r.dataset.action)")


def test_opgroeien_downloads_its_actions_with_timing_as_excel(browser_page):
    page = browser_page.open(OPGROEIEN)
    assert _numbers(page, "#lead-actions") == ["2.1", "3.3", "3.11", "7.1", "8.3"]
    assert _numbers(page, "#partner-actions") == ["3.7", "3.8", "3.15", "3.16"]
    # timing and budget in the page's words
    row = page.locator("#lead-actions tr[data-action='2.1']")
    assert row.locator("td.timing").inner_text() == "2020 – 2021"
    assert row.locator("td.budget").inner_text() == "80.000 €"
    assert page.locator("#partner-actions tr[data-action='3.7'] td.timing").inner_text() == (
        "doorlopend"
    )
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename == "acties-opgroeien.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Actie" and header[-1] == "Webadres (IRI)"
    column = {name: position for position, name in enumerate(header)}
    by_number = {row[0]: row for row in rows}
    assert len(rows) == len(by_number) == 9  # one row per action
    roles = {number: row[column["Rol"]].split("; ") for number, row in by_number.items()}
    assert sorted(n for n, r in roles.items() if "trekker" in r) == sorted(
        ["2.1", "3.3", "3.11", "7.1", "8.3"]
    )
    assert sorted(n for n, r in roles.items() if "partner" in r) == ["3.15", "3.16", "3.7", "3.8"]
    start, end = column["Begin"], column["Einde"]
    assert (by_number["2.1"][start].year, by_number["2.1"][end].year) == (2020, 2021)
    assert (by_number["7.1"][start].year, by_number["7.1"][end].year) == (2021, 2021)
    assert all(by_number[n][start] == by_number[n][end] == "doorlopend" for n in ("3.7", "3.8"))
    browser_page.check_accessibility()


def test_abb_includes_3_14_as_lead_through_its_unit(browser_page):
    page = browser_page.open(ABB)
    assert _numbers(page, "#unit-lead-actions") == ["3.14"]
    row = page.locator("#unit-lead-actions tr[data-action='3.14']")
    assert "via onderdeel Vlaamse Informatie- en screeningsdienst" in row.inner_text()
    assert row.locator("td.timing").inner_text() == "vanaf 1 september 2021"
    assert "3.14" not in _numbers(page, "#lead-actions")  # its own 16 stay apart
    summary = page.inner_text("#actions-summary")
    assert "trekker van 17 (waarvan 1 via een onderdeel)" in summary
    assert "Vlaamse Informatie- en screeningsdienst" in page.inner_text("#units")
    # the unit's page says whose unit it is, and links there
    page.click("#units a")
    page.wait_for_url(f"**{UNIT}")
    assert "Deze organisatie is een onderdeel van" in page.inner_text("#unit-note")
    page.click("#unit-note a")
    page.wait_for_url(f"**{ABB}")
    browser_page.check_accessibility()


def test_organisation_page_fits_a_phone(browser_page):
    browser_page.page.set_viewport_size({"width": 390, "height": 844})
    page = browser_page.open(ABB)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390"
    # the wide tables scroll inside their own box
    assert page.locator(".table-scroll #lead-actions").count() == 1
    browser_page.check_accessibility()
