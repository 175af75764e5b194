"""Everything the service loads once at start-up and shares between requests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import Graph

from api.catalogue import Catalogue
from api.settings import Settings
from graph.loading import load_graph, read_graph_file
from graph.store import Store, open_store


@dataclass
class ServiceData:
    graph: Graph
    named_graphs: dict[str, Graph]
    store: Store  # in-process store for the trusted named questions
    catalogue: Catalogue
    version: str  # changes when the data does: part of every ETag
    worker_graphs: list[tuple[str | None, bytes]] = field(repr=False)

    @classmethod
    def load(cls, settings: Settings) -> ServiceData:
        graph = load_graph(settings.graph_file, settings.source,
                           allow_unknown=settings.allow_unknown, base_iri=settings.base_iri)
        named = {name: read_graph_file(path) for name, path in settings.named_graphs}
        worker_graphs = [(None, graph.serialize(format="nt", encoding="utf-8"))]
        worker_graphs += [(name, g.serialize(format="nt", encoding="utf-8"))
                          for name, g in sorted(named.items())]
        digest = hashlib.sha256()
        for name, data in worker_graphs:
            digest.update(f"{name}\n".encode() + data)
        return cls(graph=graph, named_graphs=named,
                   store=open_store(graph, settings.engine, sorted(named.items())),
                   catalogue=Catalogue.of(graph), version=digest.hexdigest()[:16],
                   worker_graphs=worker_graphs)
