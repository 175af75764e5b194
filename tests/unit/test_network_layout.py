"""The explorer's layout (graph/analysis/layout.py): the most central actor in the middle, the
drawing filling its box, actors apart, the same picture on every run.

The most central organisation is counted by hand here, from the hand-read Trekker cells of
tests/support/plan_values.py: the organisation with the most shared actions added up over
its partners is ABB (77: it leads 22 actions, most of them with partners)."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest
from support.plan_values import EXPECTED

from actieplan.graph.analysis import layout
from actieplan.graph.analysis import network as analytics


def _hand_strength() -> Counter[str]:
    """Organisation -> shared actions added up over its partners, from the hand-read cells."""
    strength: Counter[str] = Counter()
    for _, _, lead, partners, *_rest in EXPECTED.values():
        cell = sorted({*([lead] if lead else []), *partners})
        for a, b in combinations(cell, 2):
            strength[a] += 1
            strength[b] += 1
    return strength


@pytest.fixture(scope="module")
def organisations(plan_graph) -> nx.Graph:
    return analytics.actor_network(plan_graph)


def test_the_most_central_organisation_is_abb_with_77_shared_actions():
    (first, strength), (_, second) = _hand_strength().most_common(2)
    assert (first, strength) == ("abb", 77) and second < strength


def test_abb_is_first_in_centrality_order_and_drawn_at_the_centre(organisations):
    assert layout.centrality_order(organisations)[0] == "abb"
    place = layout.positions(organisations)
    assert place["abb"] == (0.0, 0.0)
    assert set(place) == set(organisations)


@pytest.mark.parametrize(
    "key",
    [
        (analytics.ORGANISATIONS, "roles", None),
        (analytics.ORGANISATIONS, "mentions", None),
        (analytics.ORGANISATIONS, "all", None),
        (analytics.ORGANISATIONS, "roles", "partner"),
        (analytics.MINISTERS, "roles", None),
    ],
)
def test_every_network_fills_its_box_with_actors_apart(plan_graph, key):
    network = analytics.actor_network(plan_graph, *key)
    place = layout.positions(network)
    xs = [x for x, _ in place.values()]
    ys = [y for _, y in place.values()]
    assert all(-1 <= v <= 1 for v in xs + ys)
    # each axis reaches the box's edge: no small cluster in white space
    assert max(map(abs, xs)) == 1 and max(map(abs, ys)) == 1
    # no two actors on top of each other (the box is 2 wide: 0.1 is 5 % of its side)
    closest = min(math.dist(place[a], place[b]) for a, b in combinations(sorted(place), 2))
    assert closest > 0.1
    # the most central actor of each network is at its centre
    assert place[layout.centrality_order(network)[0]] == (0.0, 0.0)


def test_the_layout_is_the_same_on_every_run(organisations):
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(organisations, reverse=True))
    shuffled.add_edges_from(organisations.edges(data=True))
    assert layout.positions(organisations) == layout.positions(shuffled)


def test_small_networks():
    assert layout.positions(nx.Graph()) == {}
    single = nx.Graph()
    single.add_node("a")
    assert layout.positions(single) == {"a": (0.0, 0.0)}
    pair = nx.Graph()
    pair.add_edge("a", "b", shared_actions=2)
    place = layout.positions(pair)
    assert place["a"] == (0.0, 0.0) and max(abs(v) for v in place["b"]) == 1
