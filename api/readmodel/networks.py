"""The served actor networks and their measures (graph/analysis/network.py), computed once per
key and cached: the JSON API (/api/network/...), the explorer, the entity pages and the home
page read the same networks.

A network is named by its key (actors, layer, role); only keys the plan's roles have are real
networks (`network_key` refuses the others), so only real networks become cache keys. Measures
are cached by the network's key and the measure's arguments, never by object identity: a
network may be dropped from the cache and computed again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.analysis import exports as network_export
from actieplan.graph.analysis import network as analytics

NetworkKey = tuple[str, str, str | None]  # (actors, layer, role)

# The organisations' network of the pages: lead and partners (the Trekker column), as on the
# network explorer's default and /api/network/shared-actions.
ROLES_NETWORK: NetworkKey = (analytics.ORGANISATIONS, "roles", None)

# file format -> (writer, media type, file name suffix)
EXPORTS: dict[str, tuple[Callable[[nx.Graph], str], str, str]] = {
    "graphml": (network_export.to_graphml, "application/graphml+xml", "graphml"),
    "gexf": (network_export.to_gexf, "application/gexf+xml", "gexf"),
    "cytoscape": (network_export.to_cytoscape, "application/json", "cyjs.json"),
    "csv-nodes": (network_export.nodes_csv, "text/csv; charset=utf-8", "nodes.csv"),
    "csv-edges": (network_export.edges_csv, "text/csv; charset=utf-8", "edges.csv"),
}


def network_key(actors: str, layer: str, role: str | None) -> NetworkKey:
    """The key of a network the plan's roles have; ValueError saying what is not a network."""
    analytics.layer_roles(actors, layer, role)
    return actors, layer, role


def served_network(data: ServiceData, cache: ComputedCache, key: NetworkKey) -> nx.Graph:
    """The served graph's actor network for a key, computed once and cached; of every plan,
    kept for good (seconds to compute, too large for the cache's budget, a few keys)."""
    return cache.get(
        ("network", key),
        lambda: analytics.actor_network(data.graph, *key, facts=data.action_facts),
        keep=data.every_plan,
    )


def roles_network(data: ServiceData, cache: ComputedCache) -> nx.Graph:
    """The organisations linked by shared actions as lead or partner."""
    return served_network(data, cache, ROLES_NETWORK)


def measure(
    data: ServiceData,
    cache: ComputedCache,
    function: Callable[..., Any],
    key: NetworkKey,
    *args: Any,
) -> Any:
    """`function(network, *args)` of a network, computed once and cached."""
    return cache.get(
        ("measure", function.__name__, key, args),
        lambda: function(served_network(data, cache, key), *args),
    )


def network_context(
    data: ServiceData, cache: ComputedCache, key: NetworkKey, weight: str | None = None
) -> dict[str, Any]:
    """What an answer was computed on (graph/analysis/network.py `context`)."""
    return analytics.context(served_network(data, cache, key), weight)


def network_file(data: ServiceData, cache: ComputedCache, file_format: str, key: NetworkKey) -> str:
    """The network with its measures in a file format of EXPORTS, computed once and cached."""
    writer = EXPORTS[file_format][0]
    text: str = cache.get(
        ("export", file_format, key),
        lambda: writer(measure(data, cache, analytics.with_measures, key)),
    )
    return text
