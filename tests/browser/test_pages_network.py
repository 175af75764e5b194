"""The network explorer (/network) in a real browser: what it draws is the API's network, the
filters narrow it on the server, a node opens its page by mouse and by keyboard, the table and
the downloads hold exactly the network drawn.

Known values of the plan (tests/unit/test_network.py): the organisations' roles network has 20
actors and 89 ties; the policy domain WVG 6 actors and 4 ties; ties of at least 2 shared
actions 67; ABB and AgII share 13 actions; Justitiehuizen has the highest betweenness.
"""

from __future__ import annotations

import io
import re

import httpx
import networkx as nx
import pytest

READY = "body[data-network-ready='1']"


def _drawn(page) -> tuple[set[str], int]:
    """The node ids and the number of ties the SVG picture holds."""
    page.wait_for_selector(READY)
    ids = page.eval_on_selector_all(
        "#network-picture g.node", "els => els.map(e => e.dataset.node)"
    )
    ties = page.locator("#network-picture line.tie").count()
    return set(ids), ties


def _focused(page) -> list[str]:
    """The actors highlighted in the picture."""
    return page.eval_on_selector_all(
        "#network-picture g.node.focused", "els => els.map(e => e.dataset.node)"
    )


def _open(browser_page, path: str):
    page = browser_page.open(path)
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")  # the favicon too, before a test navigates away
    return page


def test_explorer_draws_the_api_network(browser_page, site):
    page = _open(browser_page, "/network")
    nodes, ties = _drawn(page)
    structure = httpx.get(site.url("/api/network/structure")).json()
    assert (len(nodes), ties) == (structure["actors"], structure["ties"]) == (20, 89)
    components = {node for component in structure["components"] for node in component}
    assert nodes == components
    assert page.evaluate("performance.getEntriesByName('network-drawn').length") == 1
    # the list beside the picture and the table hold the same actors
    listed = page.eval_on_selector_all("#node-list a", "els => els.map(e => e.dataset.node)")
    assert sorted(listed) == sorted(nodes)
    assert page.locator("#actor-table tbody tr").count() == 20
    assert page.locator("#tie-table tbody tr").count() == 89
    assert "20 organisaties, 89 verbanden" in page.inner_text("#network-summary")
    browser_page.check_accessibility()
    browser_page.check_links()


def test_filter_by_policy_domain_draws_fewer_nodes(browser_page, site):
    page = _open(browser_page, "/network")
    page.select_option("#f-domain", "WVG")  # applies at once: the form is sent
    page.wait_for_url("**/network?*domain=WVG*")
    nodes, ties = _drawn(page)
    assert (len(nodes), ties) == (6, 4)
    in_domain = {
        o["id"] for o in httpx.get(site.url("/api/organisations?policy_domain=wvg")).json()
    }
    assert nodes <= in_domain  # every actor drawn is of the domain
    assert page.locator("#actor-table tbody tr").count() == 6
    assert page.input_value("#f-domain") == "WVG"  # the form shows the state of the URL


def test_min_shared_actions_leaves_fewer_ties(browser_page):
    page = _open(browser_page, "/network")
    page.fill("#f-min", "2")
    page.press("#f-min", "Enter")
    page.wait_for_url("**min_shared=2*")
    nodes, ties = _drawn(page)
    assert len(nodes) == 20  # the minimum is on ties: actors stay
    assert ties == 67 < 89
    weakest = page.evaluate(
        "Math.min(...JSON.parse(document.getElementById('network-data').textContent)"
        ".elements.edges.map(e => e.data.shared_actions))"
    )
    assert weakest == 2


def test_clicking_a_node_opens_its_page(browser_page):
    page = _open(browser_page, "/network")
    disc = page.locator("#network-picture g.node[data-node='abb'] circle").bounding_box()
    page.mouse.click(disc["x"] + disc["width"] / 2, disc["y"] + disc["height"] / 2)
    page.wait_for_url("**/id/organisation/abb")
    page.wait_for_load_state("networkidle")  # its favicon too
    assert page.url.endswith("/id/organisation/abb")
    assert "Agentschap Binnenlands Bestuur" in page.inner_text("main")


# A point on a tie, away from every actor's disc (where the mouse meets only the line).
POINT_ON_TIE = """id => {
  const line = document.querySelector(`#network-picture line.tie[data-id="${id}"]`);
  const frame = line.ownerSVGElement.getBoundingClientRect();
  const a = {x: +line.getAttribute("x1"), y: +line.getAttribute("y1")};
  const b = {x: +line.getAttribute("x2"), y: +line.getAttribute("y2")};
  const discs = [...document.querySelectorAll("#network-picture circle")].map(c => ({
    x: +c.getAttribute("cx"), y: +c.getAttribute("cy"), r: +c.getAttribute("r")}));
  for (let t = 0.5; t > 0.05; t -= 0.05) {
    for (const f of [t, 1 - t]) {
      const p = {x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y)};
      if (discs.every(c => Math.hypot(c.x - p.x, c.y - p.y) > c.r + 4))
        return {x: frame.x + p.x, y: frame.y + p.y};
    }
  }
  return null;
}"""


def test_hovering_a_tie_lists_its_shared_actions(browser_page):
    page = _open(browser_page, "/network")
    point = page.evaluate(POINT_ON_TIE, "caw--welzijn-en-samenleving")
    assert point is not None
    page.mouse.move(point["x"], point["y"])
    tip = page.locator("#edge-tip")
    tip.wait_for(state="visible")
    # the bridge of the network: CAW's one tie, action 6.3
    assert tip.inner_text() == (
        "Centra Algemeen Welzijnswerk – Afdeling Welzijn en Samenleving: 1 gedeelde actie (6.3)"
    )


def test_keyboard_moves_through_the_nodes_and_opens_one(browser_page):
    page = _open(browser_page, "/network")
    listed = page.eval_on_selector_all("#node-list a", "els => els.map(e => e.dataset.node)")
    page.focus("text=Alle filters wissen")  # the last control before the list in the Tab order
    for _ in range(3):  # Tab into the list (the picture itself takes no focus)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#node-list') !== null"):
            break
    assert page.evaluate("document.activeElement.dataset.node") == listed[0]
    page.keyboard.press("ArrowDown")
    second = listed[1]
    assert page.evaluate("document.activeElement.dataset.node") == second
    # the focused actor is highlighted in the picture, its ties listed, the URL a permalink
    assert _focused(page) == [second]
    assert f"selected={second}" in page.url
    assert page.inner_text("#node-details").strip()
    # one actor of the list is in the Tab order: Tab leaves the list
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#node-list') === null")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.node") == second
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{second}")
    page.wait_for_load_state("networkidle")  # its favicon too


@pytest.mark.parametrize("parameter", ["selected", "focus"])  # focus=: the organisation pages
def test_focusing_abb_lists_its_ties_for_screen_readers(browser_page, parameter):
    page = _open(browser_page, f"/network?{parameter}=abb&size=betweenness&colour=domain")
    assert _focused(page) == ["abb"]
    details = page.inner_text("#node-details")
    assert "Agentschap Integratie en Inburgering: 13 gedeelde acties" in details
    assert len(re.findall(r"\d+ gedeelde acties?\b", details)) == 14  # ABB's 14 partners
    assert page.input_value("#f-size") == "betweenness"
    assert page.input_value("#f-colour") == "domain"
    assert "KBBJ" in page.inner_text(".legend")


def test_table_view_is_sortable_and_equivalent(browser_page):
    page = browser_page.open("/network?view=table")
    assert page.locator("#network-picture").count() == 0  # no picture: the table alone
    rows = page.locator("#actor-table tbody tr")
    assert rows.count() == 20
    page.click("#actor-table th >> text=Tussenpositie")
    page.wait_for_url("**sort=betweenness*")
    assert "view=table" in page.url
    first = page.locator("#actor-table tbody tr").first
    assert first.get_attribute("data-node") == "justitiehuizen"
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    page.click("#actor-table th >> text=Tussenpositie")
    page.wait_for_url("**order=asc*")
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
    browser_page.check_accessibility()


@pytest.mark.parametrize("suffix,reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_file_download_holds_the_filtered_network(browser_page, site, suffix, reader):
    page = _open(browser_page, "/network?domain=WVG&min_shared=2")
    nodes, ties = _drawn(page)
    href = page.get_attribute(f"a[href^='/network.{suffix}']", "href")
    assert "domain=WVG" in href and "min_shared=2" in href
    answer = httpx.get(site.url(href))
    assert answer.status_code == 200
    network = reader(io.BytesIO(answer.content))
    assert set(network.nodes) == nodes and len(nodes) == 6
    assert network.number_of_edges() == ties
    assert all(d["shared_actions"] >= 2 for *_, d in network.edges(data=True))


def test_png_download_is_a_png(browser_page):
    page = _open(browser_page, "/network?actors=ministers")
    with page.expect_download() as download:
        page.click("#download-png")
    path = download.value.path()
    with open(path, "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_json_twin_is_what_is_drawn(browser_page, site):
    page = _open(browser_page, "/network?objective=3")
    nodes, ties = _drawn(page)
    twin = httpx.get(site.url("/network.json?objective=3")).json()
    assert {n["data"]["id"] for n in twin["elements"]["nodes"]} == nodes
    assert len(twin["elements"]["edges"]) == ties
    # objective 3's actions only: fewer actors than the whole plan's 20
    assert 0 < len(nodes) < 20
    assert page.locator("link[rel=alternate][type='application/gexf+xml']").count() == 1


def test_minister_network_in_english(browser_page):
    page = _open(browser_page, "/network?actors=ministers&lang=en")
    nodes, ties = _drawn(page)
    assert (len(nodes), ties) == (9, 36)
    assert page.title().startswith("Network of the actors")
    assert "Shared actions" in page.inner_text("#measures-heading ~ dl")
    assert page.locator("#f-domain").count() == 0  # ministers have no policy domain
    browser_page.check_accessibility()


def test_bad_parameters_are_refused(site):
    assert httpx.get(site.url("/network?layer=mentions&role=lead")).status_code == 400
    assert httpx.get(site.url("/network?size=height")).status_code == 400
    assert httpx.get(site.url("/network.gexf?objective=99")).status_code == 400
