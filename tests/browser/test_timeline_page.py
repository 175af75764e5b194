"""The timeline's staff features in a real browser: the "active in year" filter (with and
without script), the sticky year axis, a title on every bar, the downloads in Dutch, a phone's
width.

Years counted from the hand-read plan (tests/support/plan_values.py; ongoing actions run in
every year): in 2021 every action runs but 7.2 ("2020"): 49; in 2019 the 13 ongoing actions,
4.7 ("2019 - 2023") and 5.3 ("01/01/2019 – 31/12/2021"): 15.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

pytestmark = pytest.mark.browser


def _visible(page) -> list[str]:
    return page.eval_on_selector_all(
        ".timeline .row", "rows => rows.filter(r => !r.hidden).map(r => r.id.slice(7))"
    )


def test_year_filter_without_script(browser_page):
    page = browser_page.open("/timeline?year=2019")
    shown = _visible(page)
    assert len(shown) == 15 and {"4.7", "5.3"} <= set(shown) and "1.1" not in shown
    assert page.inner_text("#timeline-shown") == "15"
    assert page.input_value("#t-year") == "2019"
    assert page.locator("#timeline-table tbody tr:not([hidden])").count() == 15


def test_year_filter_with_script_and_its_downloads(browser_page):
    page = browser_page.open("/timeline")
    assert len(_visible(page)) == 50
    page.select_option("#t-year", "2021")
    assert len(_visible(page)) == 49 and "7.2" not in _visible(page)
    assert page.inner_text("#timeline-shown") == "49"
    assert "year=2021" in page.url
    assert "year=2021" in page.get_attribute("a.language", "href")  # English keeps the year
    with page.expect_download() as download:
        page.click("#download-xlsx")
    assert download.value.suggested_filename == "tijdlijn-2021.xlsx"  # named after the filter
    header, *rows = list(
        openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(
            values_only=True
        )
    )
    assert list(header[:5]) == ["Actie", "Titel", "Trekker", "Begin", "Einde"]
    assert len(rows) == 49 and "7.2" not in [row[0] for row in rows]
    with page.expect_download() as download:
        page.click("#download-csv")
    with open(download.value.path(), encoding="utf-8-sig") as file:
        table = list(csv.DictReader(io.StringIO(file.read())))
    assert len(table) == 49 and "Soort timing" in table[0] and table[0]["Actie"] == "1.1"
    page.select_option("#t-year", "")
    assert len(_visible(page)) == 50
    browser_page.check_accessibility()


def test_axis_stays_in_view_and_bars_have_titles(browser_page):
    page = browser_page.open("/timeline")
    axis = page.locator(".timeline .axis")
    page.locator("#action-8\\.6").scroll_into_view_if_needed()
    top = axis.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 50, f"the axis scrolled away (top {top})"
    title = page.get_attribute("#action-1\\.1 .bar", "title")
    assert (
        title.startswith("Actie 1.1: Afstemmen en voorzien")
        and "1 april 2021 – 31 maart 2023" in title
    )
    titles = page.eval_on_selector_all(".timeline .bar", "bars => bars.map(b => b.title)")
    assert titles and all(t.startswith("Actie ") for t in titles)


def test_timeline_fits_a_phone(browser_page):
    browser_page.page.set_viewport_size({"width": 390, "height": 844})
    page = browser_page.open("/timeline")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390"
    browser_page.check_accessibility()
