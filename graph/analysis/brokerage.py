"""Gould-Fernandez brokerage roles (Gould & Fernandez 1989), which networkx does not have.

A broker b sits on an *open two-path* a -> b -> c: a and c are different actors, both tied to
b, and not tied to each other (for a directed graph: no a -> c). Each open two-path is
classified by the groups of a, b and c (policy domain, government level, ...):

===============  ======================  ==============================================
role             groups                  b ...
===============  ======================  ==============================================
coordinator      a = b = c               mediates inside its own group
itinerant        a = c, b different      (consultant) links two members of another group
representative   a = b, c different      passes its own group's flow to an outsider
gatekeeper       b = c, a different      lets an outsider's flow into its own group
liaison          a, b, c all different   links two other groups
===============  ======================  ==============================================

Directed graphs: every two-path a -> b -> c with a != c and no edge a -> c counts once.

Undirected graphs (collaboration networks, where ties have no direction): each unordered pair
{a, c} of b's neighbours that are not adjacent counts once for b. Without direction a path
a - b - c is also c - b - a, so "representative" (a = b) and "gatekeeper" (b = c) are the same
situation; they are merged into ``gatekeeper_representative``.

An actor with no group value (None or "") is, by ``no_group``: "separate" (the default) a group
of its own, in no group with anyone; "one-group" in one group with every other such actor;
"left-out" in no two-path at all (neither broker nor end) and without a row.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import combinations

import networkx as nx

DIRECTED_ROLES = ("coordinator", "gatekeeper", "representative", "itinerant", "liaison")
UNDIRECTED_ROLES = ("coordinator", "gatekeeper_representative", "itinerant", "liaison")
NO_GROUP = ("separate", "one-group", "left-out")  # what an actor without a group is
_LEFT_OUT = object()


def classify(group_a: Hashable, group_b: Hashable, group_c: Hashable, directed: bool) -> str:
    """The role of b on the two-path a -> b -> c (undirected: a - b - c)."""
    if group_a == group_b == group_c:
        return "coordinator"
    if group_a == group_c:
        return "itinerant"
    if group_a == group_b or group_b == group_c:
        if not directed:
            return "gatekeeper_representative"
        return "representative" if group_a == group_b else "gatekeeper"
    return "liaison"


def _group_function(
    graph: nx.Graph, group: str | Callable[[Hashable], Hashable], no_group: str
) -> Callable[[Hashable], Hashable]:
    if callable(group):
        lookup = group
    else:

        def lookup(node: Hashable) -> Hashable:
            value: Hashable = graph.nodes[node].get(group)
            return value

    def group_of(node: Hashable) -> Hashable:
        value = lookup(node)
        if value not in (None, ""):
            return value
        if no_group == "one-group":
            return ("no group",)
        return _LEFT_OUT if no_group == "left-out" else ("no group", node)

    return group_of


def brokerage_roles(
    graph: nx.Graph, group: str | Callable[[Hashable], Hashable], no_group: str = "separate"
) -> dict[Hashable, dict[str, int]]:
    """Brokerage counts per node: {node: {role: count, ..., "total": count}}.

    ``group`` is a node attribute name or a function node -> group; ``no_group`` is one of
    NO_GROUP (see the module doc). Roles are DIRECTED_ROLES for a directed graph,
    UNDIRECTED_ROLES otherwise. Self-loops are ignored. Every node gets a row, zeros
    included, except the nodes "left-out".
    """
    if no_group not in NO_GROUP:
        raise ValueError(f"unknown no-group rule {no_group!r}: use one of {', '.join(NO_GROUP)}")
    directed = graph.is_directed()
    roles = DIRECTED_ROLES if directed else UNDIRECTED_ROLES
    group_of = _group_function(graph, group, no_group)
    kept = [node for node in graph if group_of(node) is not _LEFT_OUT]
    graph = graph.subgraph(kept)
    counts = {node: dict.fromkeys((*roles, "total"), 0) for node in graph}
    for broker in graph:
        if directed:
            paths = (
                (a, c)
                for a in graph.predecessors(broker)
                for c in graph.successors(broker)
                if a != c and not graph.has_edge(a, c)
            )
        else:
            neighbours = [n for n in graph[broker] if n != broker]
            paths = ((a, c) for a, c in combinations(neighbours, 2) if not graph.has_edge(a, c))
        row = counts[broker]
        for a, c in paths:
            if broker in (a, c):
                continue
            row[classify(group_of(a), group_of(broker), group_of(c), directed)] += 1
            row["total"] += 1
    return counts
