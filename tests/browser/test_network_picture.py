"""The network picture as a coordination staffer reads and presents it (issue 18): at 1366×768
and on a 390×844 phone, in Dutch and English, for every layer and filter the form offers: no
sideways scroll of the page, no two drawn names overlapping (measured from the drawn label
elements), ABB's name drawn and ABB at the centre, names at least 12 px, the picture's top in
the first screen; the "present" export (SVG, PNG) with title, filters, legend, date and
source, named after its filters; the home page's network counts saying what they count.

Known values (tests/unit/test_network.py, test_network_layout.py): the organisations' roles
network has 20 actors and 89 ties; "everything" (lead, partner and named in a description)
48 actors, the 48 organisations the plan names; ABB has the most shared actions (77); the
partners' network 16 actors, 34 ties of which at least 3 shared actions.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import combinations

import pytest
from babel.dates import format_date

READY = "body[data-network-ready='1']"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Every layer and role the form offers, and each other filter once.
PRESETS = (
    "",
    "role=lead",
    "role=partner",
    "layer=mentions",
    "layer=all",
    "layer=all&role=mention",
    "actors=ministers",
    "actors=ministers&role=coordinating",
    "actors=ministers&role=involved",
    "objective=3",
    "domain=WVG",
    "level=flemish",
    "min_shared=3",
    "layer=all&min_shared=3",
)

MEASURE = """() => {
  const picture = document.getElementById("network-picture").getBoundingClientRect();
  const labels = [...document.querySelectorAll("#network-picture text.node-label")].map(t => {
    const r = t.getBoundingClientRect();
    return {id: t.dataset.node, x: r.x, y: r.y, w: r.width, h: r.height,
            font: parseFloat(getComputedStyle(t).fontSize)};
  });
  const discs = Object.fromEntries([...document.querySelectorAll("#network-picture g.node")]
    .map(g => { const r = g.querySelector("circle").getBoundingClientRect();
                return [g.dataset.node, {x: r.x + r.width / 2, y: r.y + r.height / 2}]; }));
  return {picture: {x: picture.x, y: picture.y, w: picture.width, h: picture.height},
          labels, discs, scroll: document.documentElement.scrollWidth,
          width: window.innerWidth, summary: document.getElementById("network-summary").innerText};
}"""


def _open(browser_page, path: str, viewport: dict[str, int]):
    page = browser_page.page
    page.set_viewport_size(viewport)
    browser_page.open(path)
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")
    return page


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and (a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    )


def _check_picture(drawn: dict, viewport: dict[str, int]) -> None:
    assert drawn["scroll"] <= drawn["width"], "the page scrolls sideways"
    labels = drawn["labels"]
    assert labels, "no name drawn"
    for a, b in combinations(labels, 2):
        assert not _overlap(a, b), f"the names of {a['id']} and {b['id']} overlap"
    box = drawn["picture"]
    for label in labels:
        assert label["font"] >= 12 and label["h"] >= 12, label
        assert box["x"] <= label["x"] and label["x"] + label["w"] <= box["x"] + box["w"], label
        assert box["y"] <= label["y"] and label["y"] + label["h"] <= box["y"] + box["h"], label
    if viewport == DESKTOP:
        assert box["y"] < 768, "the picture starts below the first screen"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p or "default")
def test_names_are_readable_and_apart(browser_page, preset, viewport):
    page = _open(browser_page, f"/network?{preset}", viewport)
    drawn = page.evaluate(MEASURE)
    _check_picture(drawn, viewport)
    # as many actors drawn as the page says
    stated = int(
        re.match(r"(\d+) (organisaties|organisatie|ministers|minister),", drawn["summary"])[1]
    )
    assert len(drawn["discs"]) == stated
    # the actor at the centre of the picture has the most shared actions of the table (the
    # table sorts by them by default), and its name is drawn
    box = drawn["picture"]
    middle = (box["x"] + box["w"] / 2, box["y"] + box["h"] / 2)
    centre = min(
        drawn["discs"],
        key=lambda n: (
            abs(drawn["discs"][n]["x"] - middle[0]) + abs(drawn["discs"][n]["y"] - middle[1])
        ),
    )
    disc = drawn["discs"][centre]
    assert abs(disc["x"] - middle[0]) < box["w"] * 0.05
    assert abs(disc["y"] - middle[1]) < box["h"] * 0.05
    assert centre in {label["id"] for label in drawn["labels"]}
    most = page.locator("#actor-table tbody tr").first.locator("td").nth(5).inner_text()
    assert page.locator(f"#actor-table tr[data-node='{centre}'] td").nth(5).inner_text() == most
    if preset in ("", "layer=mentions", "layer=all", "min_shared=3", "layer=all&min_shared=3"):
        assert centre == "abb"  # the most central organisation of the plan


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_default_network_in_both_languages(browser_page, viewport, lang):
    page = _open(browser_page, f"/network?lang={lang}", viewport)
    drawn = page.evaluate(MEASURE)
    _check_picture(drawn, viewport)
    summary = " ".join(drawn["summary"].split())
    if lang == "nl":
        assert summary.startswith("20 organisaties, 89 verbanden. Twee organisaties zijn verbonden")
        assert "trekker of partner van eenzelfde actie" in summary
    else:
        assert summary.startswith("20 organisations, 89 ties. Two organisations are linked")
        assert "lead or partner of the same action" in summary
    assert "laag" not in summary and "rollen" not in summary and "(" not in summary
    assert len(drawn["discs"]) == 20
    # the counts of the table are whole numbers: ABB's 77 shared actions, not 77.0
    abb = page.locator("#actor-table tr[data-node='abb'] td").all_inner_texts()
    assert abb[5] == "77"
    browser_page.check_accessibility()


def test_everything_on_a_phone_is_axe_clean(browser_page):
    page = _open(browser_page, "/network?layer=all", PHONE)
    drawn = page.evaluate(MEASURE)
    _check_picture(drawn, PHONE)
    assert len(drawn["discs"]) == 48
    assert drawn["summary"].startswith("48 organisaties, 252 verbanden.")
    browser_page.check_accessibility()


def _download(page, button: str):
    with page.expect_download() as download:
        page.click(button)
    value = download.value
    with open(value.path(), "rb") as file:
        return value.suggested_filename, file.read()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_present_export_has_title_filters_legend_date_and_source(browser_page, lang):
    page = _open(browser_page, f"/network?role=partner&min_shared=3&lang={lang}", DESKTOP)
    today = dt.date.today()
    stem = "netwerk" if lang == "nl" else "network"
    name, content = _download(page, "#download-svg")
    assert name == f"{stem}-partners-min3-{today.isoformat()}.svg"
    svg = content.decode("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    # the drawing: the partners' network's 16 actors, 34 ties
    assert svg.count('class="node"') == 16 and svg.count('class="tie"') == 34
    if lang == "nl":
        expected = (
            "Netwerk van de actoren",
            "16 organisaties, 34 verbanden.",
            "allebei partner van eenzelfde actie",
            "Filters: minstens 3 gedeelde acties per verband",
            "Legende:",
            "Gemeenschap 1",
            format_date(today, "long", locale="nl"),
            "Bron: Actieplan",
        )
    else:
        expected = (
            "Network of the actors",
            "16 organisations, 34 ties.",
            "both are partner of the same action",
            "Filters: at least 3 shared actions per tie",
            "Legend:",
            "Community 1",
            format_date(today, "long", locale="en"),
            "Source: Actieplan",
        )
    for words in expected:
        assert words in svg, words
    assert "/network?role=partner&amp;min_shared=3" in svg  # the view the picture shows
    name, content = _download(page, "#download-png")
    assert name == f"{stem}-partners-min3-{today.isoformat()}.png"
    assert content[:8] == b"\x89PNG\r\n\x1a\n"


def test_home_counts_say_what_they_count_and_open_that_network(browser_page):
    page = browser_page.open("/")
    card = page.locator("#network-counts")
    assert (
        " ".join(card.inner_text().split()) == "48 organisaties genoemd, 20 als trekker of partner"
    )
    card.locator("a", has_text="organisaties genoemd").click()
    page.wait_for_url("**/network?layer=all")
    page.wait_for_selector(READY)
    assert page.inner_text("#network-summary").startswith("48 organisaties,")
    page.go_back()
    page.locator("#network-counts a", has_text="als trekker of partner").click()
    page.wait_for_url("**/network")
    page.wait_for_selector(READY)
    assert page.inner_text("#network-summary").startswith("20 organisaties,")
    page.wait_for_load_state("networkidle")
