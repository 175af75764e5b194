"""The question pages in one language, in a real browser (api/pages/questions.py): a Dutch page
shows Dutch headers, choices, values and messages, and its Excel download is the table a
staffer asked for; "Jambon" on the search page finds the post Jan Jambon held.

Plan values: Opgroeien leads 2.1, 3.3, 3.11, 7.1 and 8.3 and is a partner in 3.7, 3.8, 3.15
and 3.16; the descriptions of 3.3, 3.11, 7.1 and 8.3 name it too. The budget of objective 1:
1 276 248 euro one-off and 104 320 euro a year (lines 95-140 of the plan's text).
"""

from __future__ import annotations

import io

from openpyxl import load_workbook
from support.plan_values import PROFILE_HEADERS_NL

from actieplan.graph.sparql.library import load_library

OPGROEIEN = {
    "2.1": "trekker",
    "3.3": "trekker, vermeld",
    "3.7": "partner",
    "3.8": "partner",
    "3.11": "trekker, vermeld",
    "3.15": "partner",
    "3.16": "partner",
    "7.1": "trekker, vermeld",
    "8.3": "trekker, vermeld",
}


def test_organisation_profile_in_dutch_and_its_excel_download(browser_page):
    page = browser_page.open("/questions/organisation-profile")
    page.locator("select#parameter-organisation").select_option(label="Agentschap Opgroeien")
    page.get_by_role("button", name="Beantwoord").click()
    page.wait_for_url("**/questions/organisation-profile?organisation=opgroeien")
    headers = page.locator("#answer thead th").all_inner_texts()
    assert headers == PROFILE_HEADERS_NL
    english = {c.header.en for c in load_library()["organisation-profile"].columns}
    assert not set(headers) & english
    assert page.locator("label[for=parameter-organisation]").inner_text() == (
        "De organisatie: naam of afkorting"
    )
    assert page.locator("#row-count").inner_text() == "(9 rijen)"
    rows = page.locator("#answer tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].innerText, r.cells[2].innerText])"
    )
    assert dict(rows) == OPGROEIEN and len(rows) == len(OPGROEIEN)  # one row per action
    # the Excel download: the same table, Dutch headers, the IRI column last
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == headers
    assert {str(r[0]): r[2] for r in table[1:]} == OPGROEIEN and len(table) == 10
    assert all(str(r[-1]).startswith("https://w3id.org/actieplan/id/") for r in table[1:])
    browser_page.check_accessibility()


def test_budget_question_money_in_the_pages_locale(browser_page):
    page = browser_page.open("/questions/budget")
    headers = page.locator("#answer thead th").all_inner_texts()
    assert "Eenmalig bedrag (euro)" in headers and "stated_one_off_eur" not in headers
    first = page.locator("#answer tbody tr").first.locator("td").all_inner_texts()
    assert first[headers.index("Eenmalig bedrag (euro)")] == "1.276.248 €"
    assert first[headers.index("Bedrag per jaar (euro)")] == "104.320 €"
    assert page.locator("select#parameter-by option:checked").inner_text() == "per doelstelling"
    # the English page in English
    page = browser_page.open("/questions/budget?lang=en")
    headers = page.locator("#answer thead th").all_inner_texts()
    first = page.locator("#answer tbody tr").first.locator("td").all_inner_texts()
    assert first[headers.index("One-off amount (euro)")] == "€1,276,248"


def test_a_bad_whole_number_and_a_bad_date_said_in_dutch(browser_page):
    page = browser_page.page
    for path, field, message in (
        (
            "/questions/shared-actions-organisations?min_shared=abc",
            "min_shared",
            "Alleen paren met minstens zoveel gedeelde acties: 'abc' is geen geheel getal",
        ),
        (
            "/questions/active-on-date?date=2022-13-01",
            "date",
            "De datum: '2022-13-01' is geen datum (jjjj-mm-dd)",
        ),
    ):
        browser_page.expect_error_answer(path.split("?")[0])
        answer = page.goto(browser_page.base + path)
        assert answer.status == 400
        assert page.locator(f"#parameter-{field}-error").inner_text() == message
        assert "Invalid isoformat" not in page.content()
        assert page.locator(f"#parameter-{field}").get_attribute("aria-invalid") == "true"
        browser_page.check_accessibility()
    # chromium logs each wanted 400 as a console error, which expect_error_answer does not
    # cover (tests/support/browser.py): drop exactly those lines, keep any other problem
    wanted = "status of 400 (Bad Request)"
    browser_page.problems[:] = [p for p in browser_page.problems if wanted not in p]


def test_jambon_finds_the_minister_presidents_post(browser_page):
    page = browser_page.open("/search")
    page.locator("#search-q").fill("Jambon")
    page.locator("#main form[role=search] button").click()
    page.wait_for_url("**/search?q=Jambon")
    hits = page.locator("#hits li")
    assert hits.count() == 1
    assert page.locator("#hit-count").inner_text() == "1 resultaat voor “Jambon”"
    hit = hits.first
    assert hit.get_attribute("data-kind") == "minister-post"
    assert "Jan Jambon" in hit.inner_text()
    link = hit.locator("a")
    assert link.inner_text() == (
        "Minister van Buitenlandse Zaken, Cultuur, ICT en Facilitair Management"
    )
    link.click()
    page.wait_for_url("**/id/minister-post/buitenlandse-zaken")
    browser_page.check_accessibility()
