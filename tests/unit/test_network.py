"""Network analytics against facts counted by hand from the plan and from small graphs.

Plan facts come from the Trekker table in tests/support/plan_values.py (EXPECTED), counted by
hand, e.g. ABB and AgII are both in the Trekker cell of 1.1, 1.2, 3.1, 3.2, 3.7, 3.8, 3.15,
3.16, 4.1, 4.2, 4.3, 5.1 and 8.5: 13 actions. Where a value is too long to count by hand
(brokerage of every organisation, modularity), it is computed here another way: in plain
Python over the ties of that hand-read table (HAND_TIES) and the groups of the reference file
data/reference/organisations.toml, without the graph or the code under test. The small graphs
are worked out on paper.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from itertools import combinations
from math import isclose, sqrt

import networkx as nx
import pytest
from support.paths import REPO
from support.plan_values import EXPECTED

from actieplan.graph.analysis import network
from actieplan.graph.analysis.brokerage import brokerage_roles, classify


def _hand_ties() -> dict[tuple[str, str], list[str]]:
    """(organisation, organisation) in id order -> the actions whose Trekker cell names both,
    from the hand-read table (lead and partners), in plan order."""
    ties: dict[tuple[str, str], list[str]] = {}
    for number, (_, _, lead, partners, *_rest) in EXPECTED.items():
        cell = sorted({*([lead] if lead else []), *partners})
        for pair in combinations(cell, 2):
            ties.setdefault(pair, []).append(number)
    return ties


HAND_TIES = _hand_ties()
HAND_ORGANISATIONS = sorted(
    {lead for _, _, lead, *_rest in EXPECTED.values() if lead}
    | {partner for row in EXPECTED.values() for partner in row[3]}
)


def _strength() -> Counter[str]:
    """Organisation -> the sum of its ties' shared actions (weighted degree), by hand."""
    strength: Counter[str] = Counter()
    for (a, b), actions in HAND_TIES.items():
        strength[a] += len(actions)
        strength[b] += len(actions)
    return strength


STRENGTH = _strength()
REFERENCE = tomllib.loads((REPO / "data/reference/organisations.toml").read_text(encoding="utf-8"))
ROLES = ("coordinator", "gatekeeper_representative", "itinerant", "liaison")


@pytest.fixture(scope="module")
def organisations(plan_graph) -> nx.Graph:
    return network.actor_network(plan_graph)


@pytest.fixture(scope="module")
def ministers(plan_graph) -> nx.Graph:
    return network.actor_network(plan_graph, network.MINISTERS)


# The plan: roles layer (lead + partners) ------------------------------------------------------


def test_size_of_the_organisation_network(organisations):
    # 20 organisations have a role; the cliques of the Trekker cells make 89 distinct pairs
    # (the core ABB, AgII, OV, Sport, Justitiehuizen, CJM, WSE: 21 pairs; + WVG 10, OCAD 12,
    # VGC 9, FOD Justitie 8, Opgroeien 9, VCLP 5, Lokale besturen 7, Welzijn en Samenleving 8)
    assert organisations.number_of_nodes() == 20
    assert organisations.number_of_edges() == 89


def test_the_network_is_the_hand_read_trekker_table(organisations):
    """Every organisation, every tie and its actions, against the pairs of the hand-read cells."""
    assert sorted(organisations) == HAND_ORGANISATIONS
    found = {tuple(sorted((a, b))): e["actions"] for a, b, e in organisations.edges(data=True)}
    assert found == HAND_TIES


def test_top_pairs_by_shared_actions(organisations):
    top = [
        (r["source"], r["target"], r["shared_actions"])
        for r in network.shared_actions(organisations, top=6)
    ]
    assert top[:2] == [("abb", "agii", 13), ("abb", "justitiehuizen", 12)]
    # then four pairs of the same eight actions (3.1, 3.2, 3.7, 3.8, 3.15, 3.16, 5.1, 8.5)
    assert set(top[2:]) == {
        ("abb", "departement-ov", 8),
        ("agii", "departement-ov", 8),
        ("agii", "justitiehuizen", 8),
        ("departement-ov", "justitiehuizen", 8),
    }
    assert network.shared_actions(organisations)[6]["shared_actions"] == 7


def test_edge_weights_of_abb_and_agii(organisations):
    edge = organisations.edges["abb", "agii"]
    assert edge["actions"] == [
        "1.1",
        "1.2",
        "3.1",
        "3.2",
        "3.7",
        "3.8",
        "3.15",
        "3.16",
        "4.1",
        "4.2",
        "4.3",
        "5.1",
        "8.5",
    ]
    # AgII's 13 actions are all ABB's; ABB has 20 (lead of 16, partner in 3.8, 3.9, 3.13, 5.1)
    assert edge["jaccard"] == pytest.approx(13 / 20)
    # 1/(n-1) per action: 1.1, 4.3 (2 organisations) 1 each; 1.2, 4.1, 4.2 (3) 1/2 each;
    # 3.1, 3.7 (11) 1/10; 3.2, 3.8, 5.1, 8.5 (8) 1/7; 3.15, 3.16 (9) 1/8  ->  633/140
    assert edge["newman"] == pytest.approx(633 / 140)


def test_degree_and_action_counts(organisations):
    assert organisations.degree("abb") == 14  # all 19 others but the 5 outside its actions
    assert organisations.degree("departement-wvg") == 10  # 3.1, 3.2, 5.1: ABB ... VGC
    assert organisations.nodes["abb"]["action_count"] == 20
    assert organisations.nodes["justitiehuizen"]["action_count"] == 20  # lead 10, partner 10
    assert network.weighted_degree(organisations)["caw"] == 1  # only 6.3, with W&S


def test_node_attributes_come_from_the_graph(organisations):
    ocad = organisations.nodes["ocad"]
    assert {k: ocad[k] for k in network.NODE_ATTRIBUTES} == {
        "id": "ocad",
        "name": "Coördinatieorgaan voor de dreigingsanalyse",
        "abbreviation": "OCAD",
        "policy_domain": "",
        "level": "federal",
        "kind": "federal-body",
    }
    assert organisations.nodes["abb"]["policy_domain"] == "KBBJ"


def test_articulation_points_bridges_and_isolates(organisations):
    # CAW's only action (6.3) is with Welzijn en Samenleving: that tie is the only bridge
    assert network.articulation_points(organisations) == ["welzijn-en-samenleving"]
    assert network.bridges(organisations) == [("caw", "welzijn-en-samenleving")]
    facts = network.structure(organisations)
    # sole Trekker of 3.14, 1.6, 5.2, 6.4
    assert facts["isolates"] == [
        "abb-informatie-en-screeningsdienst",
        "vdab",
        "vvsg",
        "zorg-en-gezondheid",
    ]
    assert len(facts["components"]) == 5 and len(facts["components"][0]) == 16


def test_communities_hold_known_members(organisations):
    groups = network.communities(organisations)
    community_of = {node: i for i, group in enumerate(groups) for node in group}
    # CAW's only tie is Welzijn en Samenleving (6.3)
    assert community_of["caw"] == community_of["welzijn-en-samenleving"]
    # the two strongest ties of the plan: ABB - AgII (13 actions, all of AgII's) and
    # ABB - Justitiehuizen (12)
    assert community_of["abb"] == community_of["agii"] == community_of["justitiehuizen"]
    # the sole Trekkers of 3.14, 1.6, 5.2 and 6.4 have no tie: each is a community of its own
    for isolate in ("abb-informatie-en-screeningsdienst", "vdab", "vvsg", "zorg-en-gezondheid"):
        assert [isolate] in groups
    assert network.communities(organisations) == groups  # fixed seed: same every time


def hand_modularity(groups) -> float:
    """Newman's modularity of a partition of HAND_TIES, weight = shared actions, in plain Python:
    Q = sum over communities c of (w_c / m - (s_c / 2m)^2), m the weight of all ties (315 on
    the plan), w_c the weight of the ties inside c, s_c the sum of its members' STRENGTH."""
    m = sum(len(actions) for actions in HAND_TIES.values())
    community = {node: i for i, group in enumerate(groups) for node in group}
    inside: Counter[int] = Counter()
    for (a, b), actions in HAND_TIES.items():
        if community[a] == community[b]:
            inside[community[a]] += len(actions)
    strength: Counter[int] = Counter()
    for node, i in community.items():
        strength[i] += STRENGTH[node]
    return sum(inside[i] / m - (strength[i] / (2 * m)) ** 2 for i in set(community.values()))


def partition_by(field: str) -> list[list[str]]:
    """The plan's organisations grouped by a reference field; no value: a group of one."""
    value = {o["id"]: o[field] or f"(none) {o['id']}" for o in REFERENCE["organisation"]}
    groups: dict[str, list[str]] = {}
    for node in HAND_ORGANISATIONS:
        groups.setdefault(value[node], []).append(node)
    return list(groups.values())


def test_modularity_of_a_network_without_ties_is_zero():
    """A plan whose actions each have one actor gives organisations without ties: Newman's Q
    is 0 / 0 there, and modularity says 0.0 rather than dividing by zero. One tie between
    two groups of one: m = 1, no weight inside, each strength 1, Q = -2 * (1 / 2)^2 = -0.5."""
    lonely = nx.Graph()
    lonely.add_nodes_from(["abb", "vdab", "vvsg"])
    assert network.modularity(lonely, [["abb", "vdab"], ["vvsg"]]) == 0.0
    assert network.modularity(lonely, [["abb"], ["vdab"], ["vvsg"]]) == 0.0
    pair = nx.Graph()
    pair.add_edge("abb", "vdab", shared_actions=1)
    assert network.modularity(pair, [["abb"], ["vdab"]]) == pytest.approx(-0.5)


def test_louvain_partition_beats_the_obvious_ones(organisations):
    """The found partition's modularity, recomputed by hand_modularity, is above that of every
    obvious partition, and no single organisation can move to raise it (Louvain's stopping
    rule; networkx stops when a pass gains under 1e-7). The network is nearly one block (the
    seven core organisations are together in the large cells of 3.1, 3.2, 3.7, 3.15, 3.16, 5.1
    and 8.5), so the best Q is small: about 0.022."""
    groups = network.communities(organisations)
    found = hand_modularity(groups)
    assert network.modularity(organisations, groups) == pytest.approx(found)
    assert hand_modularity([HAND_ORGANISATIONS]) == 0  # one block: w = m, s = 2m
    obvious = {
        "one block": 0.0,
        "every organisation alone": hand_modularity([[n] for n in HAND_ORGANISATIONS]),
        "by policy domain": hand_modularity(partition_by("policy_domain")),
        "by government level": hand_modularity(partition_by("level")),
    }
    assert all(found > q for q in obvious.values()), (found, obvious)
    for node in HAND_ORGANISATIONS:
        for target in range(len(groups) + 1):  # another community, or one of its own
            moved = [[n for n in group if n != node] for group in groups] + [[]]
            moved[target].append(node)
            assert hand_modularity([g for g in moved if g]) <= found + 1e-7, (node, target)


def test_centrality_rows(organisations):
    rows = {r["id"]: r for r in network.centrality(organisations)}
    assert network.centrality(organisations)[0]["id"] == "abb"
    # 77: the shared actions of ABB's ties summed over the hand-read table
    assert rows["abb"]["weighted_degree"] == STRENGTH["abb"] == 77
    assert max(STRENGTH.values()) == 77 and STRENGTH.most_common(1)[0][0] == "abb"
    assert rows["vdab"]["constraint"] is None and rows["vdab"]["eigenvector"] == 0
    assert rows["caw"]["constraint"] == pytest.approx(1.0)  # one tie: fully constrained
    # only Welzijn en Samenleving lies between CAW's and the rest
    assert rows["welzijn-en-samenleving"]["betweenness"] > rows["departement-ov"]["betweenness"]
    assert rows["opgroeien"]["betweenness"] == 0


def test_brokerage_of_welzijn_en_samenleving(organisations):
    """Hand count: W&S's neighbours are the 7 core organisations (all tied to each other) and
    CAW's (tied to W&S only), so its open two-paths are CAW's - W&S - x for the 7 core x."""
    by_domain = {r["id"]: r for r in network.brokerage(organisations, "policy-domain")}
    # CAW's (WVG) - W&S (WVG) - Justitiehuizen (WVG): coordinator; the 6 others outside WVG
    assert by_domain["welzijn-en-samenleving"] == {
        "id": "welzijn-en-samenleving",
        "name": "Afdeling Welzijn en Samenleving",
        "group": "WVG",
        "coordinator": 1,
        "gatekeeper_representative": 6,
        "itinerant": 0,
        "liaison": 0,
        "total": 7,
    }
    by_level = {r["id"]: r for r in network.brokerage(organisations, "level")}
    # CAW's is civil society, W&S and the core Flemish
    assert by_level["welzijn-en-samenleving"]["gatekeeper_representative"] == 7


# Gould & Fernandez (1989), undirected: which pairs of an open two-path a - b - c share a group,
# (a and b, b and c, a and c) -> b's role; gatekeeper and representative are one role here.
ROLE_BY_SHARED_GROUPS = {
    (True, True, True): "coordinator",
    (False, False, True): "itinerant",
    (True, False, False): "gatekeeper_representative",
    (False, True, False): "gatekeeper_representative",
    (False, False, False): "liaison",
}


def brute_force_brokerage(by: str) -> dict[str, Counter[str]]:
    """Every organisation's open two-paths in HAND_TIES, classified by the reference groups."""
    field = {"policy-domain": "policy_domain", "level": "level"}[by]
    group = {o["id"]: o[field] or f"(none) {o['id']}" for o in REFERENCE["organisation"]}
    neighbours: dict[str, set[str]] = {node: set() for node in HAND_ORGANISATIONS}
    for a, b in HAND_TIES:
        neighbours[a].add(b)
        neighbours[b].add(a)
    counts = {}
    for broker in HAND_ORGANISATIONS:
        roles: Counter[str] = Counter()
        for a, c in combinations(sorted(neighbours[broker]), 2):
            if (a, c) not in HAND_TIES:  # a and c never share a cell: the path is open
                shared = (
                    group[a] == group[broker],
                    group[broker] == group[c],
                    group[a] == group[c],
                )
                roles[ROLE_BY_SHARED_GROUPS[shared]] += 1
        counts[broker] = roles
    return counts


@pytest.mark.parametrize("by", ["policy-domain", "level"])
def test_brokerage_of_every_organisation_equals_a_brute_force_count(organisations, by):
    expected = brute_force_brokerage(by)
    rows = network.brokerage(organisations, by)
    assert sorted(row["id"] for row in rows) == HAND_ORGANISATIONS
    for row in rows:
        roles = expected[row["id"]]
        assert {role: row[role] for role in ROLES} == {role: roles[role] for role in ROLES}
        assert row["total"] == roles.total(), row["id"]
    totals = [row["total"] for row in rows]
    assert totals == sorted(totals, reverse=True)  # most brokerage first


def test_top_brokers_across_policy_domains(organisations):
    # By the brute force: ABB, AgII, Departement OV and Justitiehuizen each sit on 17 open
    # two-paths, more than anyone else (Departement CJM, WSE, OCAD, Sport Vlaanderen: 10).
    expected = brute_force_brokerage("policy-domain")
    assert {n for n, roles in expected.items() if roles.total() == 17} == {
        "abb",
        "agii",
        "departement-ov",
        "justitiehuizen",
    }
    assert max(roles.total() for roles in expected.values()) == 17
    rows = network.brokerage(organisations)
    assert {row["id"] for row in rows[:4]} == {"abb", "agii", "departement-ov", "justitiehuizen"}
    assert rows[3]["total"] == 17 and rows[4]["total"] == 10


def test_ego_network_of_ocad(organisations):
    found = network.ego(organisations, "OCAD")
    # OCAD is a partner in 3.1, 3.7, 3.8, 3.15: everyone in those cells
    assert {r["id"] for r in found["neighbours"]} == {
        "abb",
        "agii",
        "departement-ov",
        "justitiehuizen",
        "opgroeien",
        "departement-cjm",
        "departement-wse",
        "sport-vlaanderen",
        "fod-justitie",
        "vgc",
        "lokale-besturen",
        "vclp",
        "departement-wvg",
    }
    assert found["neighbours"][0]["shared_actions"] == 4
    assert (
        network.ego_network(
            organisations, "Coördinatieorgaan voor de dreigingsanalyse"
        ).number_of_nodes()
        == 14
    )
    with pytest.raises(ValueError, match="no single organisation"):
        network.ego(organisations, "Staatsveiligheid")  # named in 3.10, but no role


def test_one_role_only(plan_graph):
    leads = network.actor_network(plan_graph, role="lead")
    assert leads.number_of_nodes() == 10 and leads.number_of_edges() == 0  # one lead per cell
    with pytest.raises(ValueError, match="use one of lead, partner"):
        network.layer_roles(network.ORGANISATIONS, "roles", "coordinating")


def test_two_mode_network(plan_graph):
    two_mode = network.two_mode_network(plan_graph)
    actions = [n for n, d in two_mode.nodes(data=True) if d["bipartite"] == 1]
    assert len(actions) == 50 and two_mode.number_of_nodes() == 70
    assert two_mode.number_of_edges() == 130  # 49 leads (3.12 has none) + 81 partners
    assert two_mode.edges["abb", "action:3.9"]["roles"] == ["partner"]


# Ministers ------------------------------------------------------------------------------------


def test_minister_network(ministers):
    # 3.12 and 3.13 involve all nine posts: every pair shares an action
    assert ministers.number_of_nodes() == 9 and ministers.number_of_edges() == 36
    # 2.3 3.1 3.2 3.7 3.8 3.9 3.12 3.13 3.15 3.16 5.1 5.2 8.4 8.5
    assert ministers.edges["binnenlands-bestuur", "justitie"]["shared_actions"] == 14
    # 3.1 3.2 3.7 3.8 3.9 3.11 3.12 3.13 3.15 3.16 5.1 7.2 8.5 8.6
    assert ministers.edges["justitie", "welzijn"]["shared_actions"] == 14
    assert network.articulation_points(ministers) == []


def test_ministers_have_no_mentions_layer(plan_graph):
    with pytest.raises(ValueError, match="descriptions name organisations only"):
        network.actor_network(plan_graph, network.MINISTERS, "mentions")


# Mentions and all -----------------------------------------------------------------------------


def test_mentions_and_all_layers(plan_graph):
    mentions = network.actor_network(plan_graph, layer="mentions")
    # the descriptions of 3.3 and 3.11 both name OCAD and Opgroeien
    assert mentions.edges["ocad", "opgroeien"]["actions"] == ["3.3", "3.11"]
    everything = network.actor_network(plan_graph, layer="all")
    # VVSG is named where ABB is Trekker or partner: 1.2 3.1 3.2 3.8 3.16 4.1 8.5
    assert everything.edges["abb", "vvsg"]["shared_actions"] == 7
    roles = network.actor_network(plan_graph)
    assert not roles.has_edge("abb", "vvsg")  # VVSG's only role is 5.2, alone


# Small graphs worked out by hand ----------------------------------------------------------------


def test_brokerage_directed_by_hand():
    """b (group 1) receives from a1 (1), a2 (2), a3 (3) and sends to c1 (1), c2 (2).

    Two-paths through b: a1-c1 coordinator; a1-c2 closed by the edge a1 -> c2 (not counted);
    a2-c1 gatekeeper; a2-c2 itinerant; a3-c1 gatekeeper; a3-c2 liaison.
    """
    graph = nx.DiGraph(
        [("a1", "b"), ("a2", "b"), ("a3", "b"), ("b", "c1"), ("b", "c2"), ("a1", "c2")]
    )
    nx.set_node_attributes(graph, {"b": 1, "a1": 1, "c1": 1, "a2": 2, "c2": 2, "a3": 3}, "group")
    counts = brokerage_roles(graph, "group")
    assert counts["b"] == {
        "coordinator": 1,
        "gatekeeper": 2,
        "representative": 0,
        "itinerant": 1,
        "liaison": 1,
        "total": 5,
    }
    assert all(counts[n]["total"] == 0 for n in graph if n != "b")
    graph.remove_edge("a1", "c2")  # a1 (1) -> b (1) -> c2 (2) opens: representative
    assert brokerage_roles(graph, "group")["b"]["representative"] == 1


def test_brokerage_undirected_by_hand():
    """b (1) with neighbours a, c (1), d, e, g (2), f (3); d - e tied, so {d, e} is closed.

    Pairs: {a,c} coordinator; {a,d} {a,e} {a,g} {a,f} {c,d} {c,e} {c,g} {c,f}: one end in b's
    group, 8 gatekeeper/representative; {d,g} {e,g}: both group 2, itinerant; {d,f} {e,f}
    {g,f}: liaison.
    """
    graph = nx.Graph([("b", n) for n in "acdefg"] + [("d", "e")])
    nx.set_node_attributes(graph, {"b": 1, "a": 1, "c": 1, "d": 2, "e": 2, "g": 2, "f": 3}, "group")
    assert brokerage_roles(graph, "group")["b"] == {
        "coordinator": 1,
        "gatekeeper_representative": 8,
        "itinerant": 2,
        "liaison": 3,
        "total": 14,
    }
    # a node without a group is a group of its own: f's pairs stay liaisons, a's change
    graph.nodes["a"]["group"] = ""
    assert brokerage_roles(graph, "group")["b"]["coordinator"] == 0


def test_classify_merges_gatekeeper_and_representative_when_undirected():
    assert classify(1, 1, 2, directed=True) == "representative"
    assert classify(2, 1, 1, directed=True) == "gatekeeper"
    assert (
        classify(1, 1, 2, directed=False)
        == classify(2, 1, 1, directed=False)
        == ("gatekeeper_representative")
    )


def test_constraint_by_hand():
    """b tied to a, c, d; c - d tied. p(b,x) = 1/3 each; c and d split theirs 1/2, 1/2.

    c(b) = (1/3)^2 [a] + (1/3 + p(b,d) p(d,c))^2 [c] + (same)^2 [d]
         = 1/9 + (1/3 + 1/6)^2 + (1/2)^2 = 11/18
    c(c) = (p(c,b) + p(c,d) p(d,b))^2 [b] + (p(c,d) + p(c,b) p(b,d))^2 [d]
         = (1/2 + 1/4)^2 + (1/2 + 1/6)^2 = 9/16 + 4/9 = 145/144;  c(a) = 1.
    With weight 2 on a - b: p(b,a) = 1/2, p(b,c) = p(b,d) = 1/4:
    c(b) = 1/4 + 2 * (1/4 + 1/4*1/2)^2 = 1/4 + 2 * 9/64 = 17/32.
    """
    graph = nx.Graph()
    graph.add_edges_from([("b", "a"), ("b", "c"), ("b", "d"), ("c", "d")], shared_actions=1)
    values = network.constraint(graph)
    assert values["b"] == pytest.approx(11 / 18)
    assert values["c"] == pytest.approx(145 / 144)
    assert values["a"] == pytest.approx(1.0)
    graph.edges["a", "b"]["shared_actions"] = 2
    assert network.constraint(graph)["b"] == pytest.approx(17 / 32)
    graph.add_node("alone")
    assert network.constraint(graph)["alone"] is None


def test_betweenness_turns_weights_into_distances():
    """a - b - c with strong ties (4 shared actions, distance 1/4 each) and a weak direct
    a - c (1, distance 1): the path through b is shorter, so b lies between a and c."""
    graph = nx.Graph()
    graph.add_edge("a", "b", shared_actions=4)
    graph.add_edge("b", "c", shared_actions=4)
    graph.add_edge("a", "c", shared_actions=1)
    assert network.betweenness(graph)["b"] == pytest.approx(1.0)
    graph.edges["a", "c"]["shared_actions"] = 4  # now the direct tie is shortest
    assert network.betweenness(graph)["b"] == 0


def test_eigenvector_per_component():
    """A triangle, a separate pair and an isolate: each component gets a unit vector."""
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")], shared_actions=1)
    graph.add_node("alone")
    scores = network.eigenvector(graph)
    assert all(isclose(scores[n], 1 / sqrt(3), rel_tol=1e-6) for n in "abc")
    assert isclose(scores["x"], 1 / sqrt(2), rel_tol=1e-6)
    assert scores["alone"] == 0


def test_projection_by_hand():
    """Actions A (p, q, r) and B (p, q): p - q share 2 (Newman 1/2 + 1), Jaccard 2/2."""
    two_mode = nx.Graph()
    for actor in "pqr":
        two_mode.add_node(actor, bipartite=0, name=actor)
    two_mode.add_node("action:1.1", bipartite=1, number="1.1")
    two_mode.add_node("action:1.2", bipartite=1, number="1.2")
    two_mode.add_edges_from(
        [
            ("p", "action:1.1"),
            ("q", "action:1.1"),
            ("r", "action:1.1"),
            ("p", "action:1.2"),
            ("q", "action:1.2"),
        ]
    )
    projected = network.project(two_mode)
    assert projected.edges["p", "q"] == {
        "actions": ["1.1", "1.2"],
        "newman": 1.5,
        "shared_actions": 2,
        "jaccard": 1.0,
    }
    assert projected.edges["p", "r"]["jaccard"] == pytest.approx(1 / 2)


def test_constraint_equals_networkx_on_the_plan(organisations):
    expected = nx.constraint(organisations, weight="newman")
    for node, value in network.constraint(organisations, "newman").items():
        assert (
            (value is None)
            if node in network.structure(organisations)["isolates"]
            else (value == pytest.approx(expected[node]))
        )
