"""The page `actieplan diff --format html` writes, opened from disk in chromium: axe-core finds
no serious or critical problem in either language, and the page loads nothing (the tab fails
the test on any request outside the page's folder, and on a Content-Security-Policy report)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from support.cli_runner import run_cli
from support.plan_edits import three_edits, write_plan

from actieplan.graph.core.resources import default_source


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The diff of the vendored plan and its copy with three edits, as a page in each language."""
    folder = tmp_path_factory.mktemp("diff-pages")
    edited = write_plan(folder / "edited", three_edits())
    for lang in ("nl", "en"):
        out = folder / f"diff-{lang}.html"
        code, _, err = run_cli(
            "diff", str(default_source()), str(edited), "--format", "html", "--lang", lang,
            "--out", str(out),
        )  # fmt: skip
        assert code == 1, err
    return folder


@pytest.fixture
def served(pages):
    """The tab's "server" is the folder of the pages (file://): nothing else may be loaded."""
    return SimpleNamespace(base=pages.as_uri() + "/")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_diff_page_is_accessible(browser_page, lang):
    page = browser_page.page
    page.goto(f"{browser_page.base}diff-{lang}.html")
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("tbody").count() == 3  # the three edits
    assert page.locator("th[scope=rowgroup]").all_inner_texts() == ["4.5", "8.2", "8.3"]
    browser_page.check_accessibility()
