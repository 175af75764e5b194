"""Everything the service loads once at start-up and shares between requests: from the graph
it builds or reads, or (`serve --store`) from a triple store it reads through SPARQL; for one
plan of a dataset of many, what is loaded when that plan is first asked (api/readmodel/plans.py).

What is not thread-safe is done here, before the first request, or under a lock: the entity
index of the named questions is computed at start-up, the completeness report (pyshacl) at
start-up or on its first use under the data's own lock, and every answer computed later goes
through `ComputedCache` (api/plumbing/computed_cache.py), which computes each key once at a
time and keeps it within a byte budget.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.kept_answers import (
    FACTS_KEY,
    KeptAnswers,
    decode_facts,
    encode_facts,
)
from actieplan.graph.analysis.network import ActionFacts
from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import PREFIXES
from actieplan.graph.rdf.dates import data_modified
from actieplan.graph.rdf.loading import load_graph, read_graph_file
from actieplan.graph.rdf.progress import read_ledger, with_progress
from actieplan.graph.sparql.dataset_index import SUMMARY, DatasetIndex, summary_reads
from actieplan.graph.sparql.graph_store import credentials_from_files
from actieplan.graph.sparql.library import EntityIndex, NamedQuery, entity_index
from actieplan.graph.sparql.remote import RemoteStore, remote_graph
from actieplan.graph.sparql.store import QueryDataset, Store, open_store
from actieplan.graph.validation.report import ValidationReport, validate_graph


def data_version(graphs: list[tuple[str | None, bytes]]) -> str:
    """What changes when the data does (part of every ETag): a digest of each graph's name and
    N-Triples lines, sorted, so that the order a store lists the triples in does not count."""
    digest = hashlib.sha256()
    for name, ntriples in graphs:
        digest.update(f"{name}\n".encode())
        for line in sorted(ntriples.splitlines()):
            digest.update(line + b"\n")
    return digest.hexdigest()[:16]


@dataclass
class ServiceData:
    graph: Graph  # in memory, or with --store a view that reads the store through SPARQL
    named_graphs: dict[str, Graph]
    # The entity index's store: in-process (the named questions run in the workers), or the
    # remote store itself (`remote`), where every question and /sparql query runs
    store: Store
    catalogue: Catalogue
    entities: EntityIndex  # organisations and minister posts of the named questions
    version: str  # changes when the data does: part of every ETag
    modified: dt.date | None  # the data's own date (graph/rdf/dates.py): Last-Modified
    worker_graphs: list[tuple[str | None, bytes]] = field(repr=False)
    triples: int = 0  # in the default graph (the service description and /health say it)
    named_graph_sizes: dict[str, int] = field(default_factory=dict)  # triples per named graph
    remote: RemoteStore | None = None  # the triple store read (`serve --store`)
    # One plan of a dataset of many (api/readmodel/plans.py): its id, and the graphs its
    # questions read in the query workers, which hold the whole dataset
    plan_id: str | None = None
    query_dataset: QueryDataset | None = None
    # Every plan at once: what the summary the query workers hold in memory holds
    # (graph/sparql/dataset_index.py); a question that reads only that is answered there
    summary_reads: frozenset[str] = frozenset()
    # Every plan at once: how the facts of the actions the actor networks read are read
    # from the store (`action_facts`); `graph` gives the actors' attributes
    read_action_facts: Callable[[], ActionFacts] | None = field(default=None, repr=False)
    _action_facts: ActionFacts | None = field(default=None, repr=False)
    # Every plan at once: the named questions' answers kept on disk (api/readmodel/kept_answers.py)
    kept_answers: KeptAnswers | None = field(default=None, repr=False)
    _facts_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # The SHACL report of `graph` (`completeness`): given at start-up, or made on first use
    _completeness: ValidationReport | None = field(default=None, repr=False)
    _completeness_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def completeness(self) -> ValidationReport:
        """The SHACL report of `graph`: made at start-up for a plan served alone; for a plan
        among many on its first use, since pyshacl takes 0.2-0.4 s a plan and most pages do
        not need it."""
        with self._completeness_lock:
            if self._completeness is None:
                self._completeness = validate_graph(self.graph)
            return self._completeness

    @property
    def every_plan(self) -> bool:
        """Whether this is the read model of every plan of a dataset at once (`across_plans`)."""
        return self.read_action_facts is not None

    @property
    def action_facts(self) -> ActionFacts | None:
        """What the actor networks read of the actions (graph/analysis/network.py): None, read
        from `graph`; for every plan at once, read from the store on first use (some 5 s at
        1000 plans), once."""
        if self.read_action_facts is None:
            return None
        with self._facts_lock:
            if self._action_facts is None:
                self._action_facts = self.read_action_facts()
            return self._action_facts

    def question_dataset(self, query: NamedQuery) -> QueryDataset | None:
        """The graphs a named question reads in the query workers: the summary of every plan
        when it holds all the question reads, else the data's own (`query_dataset`)."""
        reads = query.reads
        if reads is not None and self.summary_reads and reads <= self.summary_reads:
            return SUMMARY
        return self.query_dataset

    @property
    def source(self) -> str:
        """What the service reads, for /health and the pages: the store, or "embedded"."""
        return self.remote.describe() if self.remote is not None else "embedded"

    @classmethod
    def load(cls, settings: Settings) -> ServiceData:
        """Read or build the graph and everything computed from it. Raises InputError when a
        file cannot be read or the graph lacks a fact the service requires
        (api/readmodel/catalogue.py), before anything else is computed; with --store,
        StoreUnavailable when the store cannot be read."""
        if settings.store:
            return cls._load_remote(settings)
        plan = load_graph(
            settings.graph_file,
            settings.source,
            allow_unknown=settings.allow_unknown,
            base_iri=settings.base_iri,
            reference_layers=[Path(folder) for folder in settings.reference_layers],
            plan=settings.plan,
        )
        # The follow-up: every update is read with the plan (its reports, the actions it
        # adds), and kept as its own named graph
        updates = read_ledger(settings.progress) if settings.progress else []
        graph = with_progress(plan, updates)
        catalogue = Catalogue.of(
            graph, settings.graph_file or str(settings.source or default_source())
        )
        named = {name: read_graph_file(path) for name, path in settings.named_graphs}
        named |= {str(update.iri): update.graph for update in updates}
        worker_graphs: list[tuple[str | None, bytes]] = [
            (None, graph.serialize(format="nt", encoding="utf-8"))
        ]
        worker_graphs += [
            (name, g.serialize(format="nt", encoding="utf-8")) for name, g in sorted(named.items())
        ]
        store = open_store(graph, settings.engine, sorted(named.items()))
        return cls(
            graph=graph,
            named_graphs=named,
            store=store,
            catalogue=catalogue,
            entities=entity_index(store),
            _completeness=validate_graph(graph),
            version=data_version(worker_graphs),
            modified=data_modified(graph),
            worker_graphs=worker_graphs,
            triples=len(graph),
            named_graph_sizes={name: len(g) for name, g in named.items()},
        )

    @classmethod
    def of_plan(
        cls, settings: Settings, index: DatasetIndex, plan_id: str, reference: Graph
    ) -> ServiceData:
        """One plan of a dataset's on-disk store: its graph and `reference` (the dataset's
        reference graph, read once by the caller) in memory, as `actieplan build` has that
        plan alone; its questions go to the query workers, which read the store."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        graph += reference
        graph += index.read_graph(index.plan_graph(plan_id))
        store = open_store(graph, settings.engine)
        version = hashlib.sha256(f"{index.digest}\n{plan_id}".encode()).hexdigest()[:16]
        return cls(
            graph=graph,
            named_graphs={},
            store=store,
            catalogue=Catalogue.of(graph, f"{settings.graph_file} (plan {plan_id})"),
            entities=entity_index(store),
            version=version,
            modified=data_modified(graph),
            worker_graphs=[],
            triples=len(graph),
            plan_id=plan_id,
            query_dataset=index.plan_dataset(plan_id),
        )

    @classmethod
    def across_plans(cls, settings: Settings, index: DatasetIndex, reference: Graph) -> ServiceData:
        """Every plan of a dataset's store at once, for what is asked across plans (the named
        questions): the reference entities (organisations, minister posts) and their names in
        memory, every question and name look-up in the store."""
        store = index.store()
        # --no-cache: every answer computed afresh, none kept on disk either
        kept = KeptAnswers.beside(index.folder, index.digest) if settings.cache else None

        def read_action_facts() -> ActionFacts:
            def read() -> ActionFacts:
                return ActionFacts.of_plans(index)

            if kept is None:
                return read()
            return kept.get("action-facts", FACTS_KEY, read, encode_facts, decode_facts)

        return cls(
            graph=reference,
            named_graphs={},
            store=store,
            catalogue=Catalogue.of(reference, f"{settings.graph_file} (reference graph)"),
            entities=entity_index(index.every_graph_store()),
            version=index.digest[:16],
            modified=None,
            worker_graphs=[],
            triples=index.triples,
            summary_reads=summary_reads(),
            read_action_facts=read_action_facts,
            kept_answers=kept,
        )

    @classmethod
    def _load_remote(cls, settings: Settings) -> ServiceData:
        """On top of a triple store. What is computed once from the whole graph (the catalogue,
        the completeness report, the version) is computed from one CONSTRUCT of it, which is
        dropped afterwards; every later read (pages, downloads, analytics, questions, /sparql)
        goes to the store. StoreUnavailable when the store cannot answer."""
        assert settings.store is not None
        credentials = credentials_from_files(
            settings.store_user,
            Path(settings.store_password_file) if settings.store_password_file else None,
            Path(settings.store_token_file) if settings.store_token_file else None,
        )
        remote = RemoteStore(
            settings.store,
            settings.store_graph,
            timeout=settings.store_timeout,
            credentials=credentials,
            max_answer_bytes=settings.max_answer_bytes,
        )
        # The whole graph once, up to --store-max-bytes; every later answer up to
        # --max-answer-bytes
        reader = RemoteStore(
            settings.store,
            settings.store_graph,
            timeout=settings.store_timeout,
            credentials=credentials,
            max_answer_bytes=settings.store_max_bytes,
        )
        try:
            snapshot = reader.whole_graph()
        finally:
            reader.close()
        return cls(
            graph=remote_graph(remote, {p: str(n) for p, n in PREFIXES.items()}),
            named_graphs={},
            store=remote,
            catalogue=Catalogue.of(snapshot, remote.describe()),
            entities=entity_index(remote),
            _completeness=validate_graph(snapshot),
            version=data_version([(None, snapshot.serialize(format="nt", encoding="utf-8"))]),
            modified=data_modified(snapshot),
            worker_graphs=[],
            triples=len(snapshot),
            remote=remote,
        )
