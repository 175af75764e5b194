"""The SPARQL editor's share link holds the query as edited (api/pages/static/sparql.js): load
an example of the library, change it, copy YASGUI's share link, and a colleague who opens it
(another browser, nothing shared) finds the edited query in the editor, not the example.

The example is "Acties zonder trekker" (actions-without-lead); in the plan only action 3.12
has an empty Trekker cell, so the edited query still answers that one row.
"""

from __future__ import annotations

EDIT = "\n# asked by a colleague\nLIMIT 5"


def _editor_text(page) -> str:
    return page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")


def test_the_share_link_opens_the_edited_query(browser_page, chromium):
    page = browser_page.open("/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("#example").select_option("actions-without-lead")
    page.get_by_role("button", name="Laad in de editor").click()
    example = _editor_text(page)
    assert "ap:leadOrganisation" in example
    # edit it with the keyboard, at the end of the query
    page.locator(".yasqe .CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(EDIT)
    edited = _editor_text(page)
    assert edited.endswith("LIMIT 5") and edited != example
    # YASGUI's share button and the link it offers
    page.locator(".yasqe_share").click()
    field = page.locator(".yasqe_sharePopup input")
    field.wait_for()
    link = field.input_value()
    assert link.startswith(browser_page.base + "/sparql?")
    # a colleague opens it in a browser of their own
    colleague = chromium.new_context(locale="nl-BE")
    try:
        other = colleague.new_page()
        other.goto(link)
        other.wait_for_selector(".yasqe .CodeMirror")
        assert _editor_text(other) == edited
        other.locator(".yasqe_queryButton").click()
        other.wait_for_selector(".yasr table.dataTable tbody tr")
        rows = other.locator(".yasr table.dataTable tbody tr").all_inner_texts()
        assert len(rows) == 1 and "3.12" in rows[0]
    finally:
        colleague.close()
    # the editor's own address is that permalink too (a reload keeps the edit)
    page.reload()
    page.wait_for_selector(".yasqe .CodeMirror")
    assert _editor_text(page) == edited
