"""The dataset page (/dataset) in a browser: the plan's checksum, licence, figures, downloads and
citation, in Dutch and in English. The dataset description itself (DCAT-AP 3 + VoID, every
format) is tested in-process: tests/unit/test_dataset.py."""

from __future__ import annotations

import hashlib

from support.served_graph import PLAN_TRIPLES

from actieplan.graph.core.resources import default_source


def test_dataset_page(browser_page):
    page = browser_page.open("/dataset")
    expected = hashlib.sha256(default_source().read_bytes()).hexdigest()
    assert page.locator("code.sha256").first.text_content() == expected  # folded: not rendered
    assert "Modellicentie Gratis Hergebruik" in page.locator("#licence").inner_text()
    assert page.locator("#void-triples").text_content() == str(PLAN_TRIPLES)
    # 6 graph files, the ontology and the shapes: in the folded part for researchers.
    assert page.locator("#graph-downloads tbody tr").count() == 8
    assert not page.locator("#graph-downloads").is_visible()
    assert not page.locator("code.sha256").first.is_visible()
    # What a staffer needs stays in view: the tables for a spreadsheet, a short citation.
    assert page.locator("#other-downloads a", has_text="actions.xlsx").is_visible()
    assert "SHA-256" not in page.locator("#short-citation").inner_text()
    assert expected in page.locator("#citation").text_content()
    assert page.title().startswith("Dataset")
    browser_page.check_accessibility()
    browser_page.check_links()  # every download, the endpoint and the VoID answer 2xx


def test_dataset_page_in_english(browser_page):
    page = browser_page.open("/dataset?lang=en")
    assert page.locator("h2#provenance").inner_text() == "Provenance"
    assert page.locator("h2#cite").inner_text() == "How to cite"
    assert page.locator("html").get_attribute("lang") == "en"
