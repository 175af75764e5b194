"""Everything the service loads once at start-up and shares between requests.

What is not thread-safe is done here, before the first request, or under a lock: the entity
index of the named questions and the completeness report (pyshacl) are computed at start-up,
and every answer computed later goes through `ComputedCache`, which computes each key once at a
time and keeps it within a byte budget.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph

from actieplan.api.bounded_cache import BoundedCache
from actieplan.api.catalogue import Catalogue
from actieplan.api.settings import Settings
from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf.loading import load_graph, read_graph_file
from actieplan.graph.sparql.library import EntityIndex, entity_index
from actieplan.graph.sparql.store import Store, open_store
from actieplan.graph.validation.report import ValidationReport, validate_graph

# Bytes one node or tie of a networkx graph takes, attributes included (measured with
# tracemalloc on the plan's networks: 1.0-1.4 KiB; rounded up).
NETWORK_ELEMENT_BYTES = 2048
# Python rows and dicts take 1.6-2.9 times the length of their JSON (tracemalloc, named
# questions and network measures of the plan); rounded up.
JSON_TO_MEMORY = 3


def approximate_size(value: Any) -> int:
    """Bytes a cached value holds in memory, estimated on the high side: exact for text and
    bytes, per node and tie for a network, from the JSON length for rows and records."""
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    if isinstance(value, nx.Graph):
        return NETWORK_ELEMENT_BYTES * (value.number_of_nodes() + value.number_of_edges() + 1)
    return JSON_TO_MEMORY * len(json.dumps(value, default=str))


class ComputedCache:
    """Answers computed from the read-only data, kept in a `BoundedCache` (least recently used
    first out, at most `max_bytes` as `approximate_size` counts them).

    `get(key, compute)` computes a missing answer once however many requests ask for it at the
    same time: the others wait for that answer. A computation that fails keeps nothing, so the
    next request computes afresh. Thread-safe.
    """

    def __init__(self, max_bytes: int) -> None:
        self.answers: BoundedCache[Any] = BoundedCache(max_bytes, approximate_size)
        self._lock = threading.Lock()
        self._flights: dict[Hashable, list] = {}  # key -> [lock, requests waiting or computing]

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        value = self.answers.get(key)
        if value is not None:
            return value
        with self._lock:
            flight = self._flights.setdefault(key, [threading.Lock(), 0])
            flight[1] += 1
        try:
            with flight[0]:
                value = self.answers.get(key)
                if value is None:
                    value = compute()
                    self.answers.put(key, value)  # too large to keep: answered, not kept
                return value
        finally:
            with self._lock:
                flight[1] -= 1
                if flight[1] == 0:
                    del self._flights[key]


@dataclass
class ServiceData:
    graph: Graph
    named_graphs: dict[str, Graph]
    store: Store  # in-process store for the trusted named questions
    catalogue: Catalogue
    entities: EntityIndex  # organisations and minister posts of the named questions
    completeness: ValidationReport  # the SHACL report of `graph`
    version: str  # changes when the data does: part of every ETag
    worker_graphs: list[tuple[str | None, bytes]] = field(repr=False)

    @classmethod
    def load(cls, settings: Settings) -> ServiceData:
        """Read or build the graph and everything computed from it. Raises InputError when a
        file cannot be read or the graph lacks a fact the service requires (api/catalogue.py),
        before anything else is computed."""
        graph = load_graph(
            settings.graph_file,
            settings.source,
            allow_unknown=settings.allow_unknown,
            base_iri=settings.base_iri,
        )
        catalogue = Catalogue.of(
            graph, settings.graph_file or str(settings.source or default_source())
        )
        named = {name: read_graph_file(path) for name, path in settings.named_graphs}
        worker_graphs: list[tuple[str | None, bytes]] = [
            (None, graph.serialize(format="nt", encoding="utf-8"))
        ]
        worker_graphs += [
            (name, g.serialize(format="nt", encoding="utf-8")) for name, g in sorted(named.items())
        ]
        digest = hashlib.sha256()
        for name, data in worker_graphs:
            digest.update(f"{name}\n".encode() + data)
        store = open_store(graph, settings.engine, sorted(named.items()))
        return cls(
            graph=graph,
            named_graphs=named,
            store=store,
            catalogue=catalogue,
            entities=entity_index(store),
            completeness=validate_graph(graph),
            version=digest.hexdigest()[:16],
            worker_graphs=worker_graphs,
        )
