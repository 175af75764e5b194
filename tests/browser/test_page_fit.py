"""Every kind of page fits the screen, on a laptop (1366×768) and on a phone (390×844), in Dutch
and in English: the page never scrolls sideways (document.documentElement.scrollWidth <=
window.innerWidth, which is the screen's width; wide tables scroll inside their own .table-scroll
box) and axe-core finds no serious or critical problem.

The pages are those of the vendored plan: action 3.14 (lead KBBJ's unit of ABB), organisation
Opgroeien, the minister post Justitie, the question "ending-in-year", the search for
"Justitiehuizen", a generic resource page (policy domain KBBJ). /budget is checked where the
service answers it."""

from __future__ import annotations

import httpx
import pytest

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}

PAGES = {
    "home": "/",
    "plan": PLAN,
    "objective": PLAN + "/objective/3",
    "action": PLAN + "/action/3.14",
    "organisation": "/id/organisation/opgroeien",
    "minister-post": "/id/minister-post/justitie",
    "network": "/network",
    "timeline": "/timeline",
    "questions": "/questions",
    "question": "/questions/ending-in-year?year=2022",
    "completeness": "/completeness",
    "search": "/search?q=Justitiehuizen",
    "sparql": "/sparql",
    "vocabulary": "/def",
    "dataset": "/dataset",
    "resource": "/id/policy-domain/kbbj",
    "manual": "/manual",
    "not-found": "/id/organisation/no-such-organisation",
    "budget": "/budget",
    "follow-up": "/follow-up",
    "mid-term": "/follow-up/mid-term",
}

# Pages whose overflow is in a template another part of the work owns: (page, viewport) ->
# what overflows and whose it is. Empty when every page fits.
OVERFLOW_ELSEWHERE: dict[tuple[str, str], str] = {}

WIDEST = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) {
          inside = true; break;
        }
      }
      const classes = typeof el.className === 'string' && el.className
        ? '.' + el.className.split(' ').join('.') : '';
      if (!inside) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes
        + ' ' + Math.round(box.right));
    }
  }
  return wide.slice(0, 8);
}"""


def _cases():
    for name, path in PAGES.items():
        for viewport in VIEWPORTS:
            for lang in ("nl", "en"):
                marks = []
                reason = OVERFLOW_ELSEWHERE.get((name, viewport))
                if reason:
                    marks.append(pytest.mark.xfail(reason=reason, strict=False))
                yield pytest.param(
                    name, path, viewport, lang, id=f"{name}-{viewport}-{lang}", marks=marks
                )


@pytest.fixture(scope="module")
def context_of(chromium):
    """A browser context per viewport, made once for the module."""
    contexts = {}

    def make(viewport: str):
        if viewport not in contexts:
            width, height = VIEWPORTS[viewport]
            contexts[viewport] = chromium.new_context(
                viewport={"width": width, "height": height},
                locale="nl-BE",
                is_mobile=viewport == "phone",
                has_touch=viewport == "phone",
                device_scale_factor=1,
            )
        return contexts[viewport]

    yield make
    for context in contexts.values():
        context.close()


@pytest.fixture
def sized_page(context_of, served, request):
    """A tab of the requested viewport on the served site; fails the test on what it saw."""
    from support.browser import BrowserPage

    tabs = []

    def open_tab(viewport: str) -> BrowserPage:
        tab = BrowserPage(context_of(viewport).new_page(), served.base)
        tab.attach()
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        try:
            tab.finish(request.node.nodeid)
        finally:
            tab.page.close()


def _with_lang(path: str, lang: str) -> str:
    if lang == "nl":
        return path
    return path + ("&" if "?" in path else "?") + "lang=" + lang


@pytest.mark.parametrize(("name", "path", "viewport", "lang"), list(_cases()))
def test_page_fits_the_screen(sized_page, served, name, path, viewport, lang):
    url = _with_lang(path, lang)
    if name == "budget" and httpx.get(served.base + url, timeout=30).status_code == 404:
        pytest.skip("no /budget page on this branch")
    tab = sized_page(viewport)
    if name == "not-found":
        tab.expect_error_answer("no-such-organisation")
        tab.page.goto(served.base + url, wait_until="load")
    else:
        tab.open(url)
    page = tab.page
    assert page.locator("html").get_attribute("lang") == lang
    page.wait_for_load_state("networkidle")
    width = VIEWPORTS[viewport][0]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    # A phone zooms out to show a page wider than the screen (innerWidth grows with it): the
    # page must be no wider than the screen itself.
    assert scroll_width <= inner_width == width, (
        f"{url} at {viewport}: the page is {scroll_width} px wide in a {inner_width} px window "
        f"on a {width} px screen; past the edge: {page.evaluate(WIDEST)}"
    )
    tab.check_accessibility()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_navigation_leads_with_staff_pages(sized_page, viewport):
    """Staff pages first, the technical entries after them in their own group; on a phone the
    navigation wraps within the screen."""
    page = sized_page(viewport).open("/")
    staff = page.locator("header.site .nav-staff a").all_inner_texts()
    assert staff == [
        "Acties",
        "Netwerk",
        "Tijdlijn",
        "Begroting",
        "Opvolging",
        "Vragen",
        "Volledigheid",
    ]
    # The technical entries are folded under "Voor onderzoekers", after the staff pages.
    folded = page.locator("header.site details.nav-research")
    assert folded.locator("summary").inner_text() == "Voor onderzoekers"
    assert not folded.locator("a").first.is_visible()
    folded.locator("summary").click()
    research = folded.locator("a").all_inner_texts()
    assert research == ["SPARQL", "Vocabularium", "Dataset", "API"]
    width = page.evaluate("window.innerWidth")
    for link in page.locator("header.site nav a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    search = page.locator("#site-search").bounding_box()
    assert search is not None and search["x"] + search["width"] <= width
    page.locator("header.site .nav-staff a", has_text="Acties").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith(PLAN)
