"""The plans the service serves: one plan (a plan built or read, as always), or a dataset of many
plans (`serve --graph DIR/dataset.nq`: graph/rdf/dataset.py) read from its on-disk store
(graph/sparql/dataset_index.py).

With many plans, a page or answer about one plan is asked with `?plan=ID`; that plan's read model
(`ServiceData.of_plan`: its graph, catalogue, completeness report) is made on its first request,
in well under a second, and the last `kept` plans asked stay in memory. Start-up reads only the
catalogue, so it takes as long for 1000 plans as for one. The query workers open the store
itself: the named questions of a plan read its graphs there, the SPARQL endpoint reads all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF
from rdflib.term import Node

from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import DCAT
from actieplan.graph.rdf.loading import is_dataset_file
from actieplan.graph.sparql.dataset_index import DatasetIndex, open_index

KEPT_PLANS = 16  # plans kept in memory at once (one plan of ~50 actions: some 10 MB)


class PlanRequired(Exception):
    """A page or answer about one plan, asked of a service of many without `?plan=`."""


class UnknownPlan(LookupError):
    def __init__(self, plan_id: str) -> None:
        super().__init__(f"no plan {plan_id!r} here")
        self.plan_id = plan_id


@dataclass(frozen=True)
class PlanEntry:
    """A plan as the dataset's catalogue lists it."""

    id: str
    iri: str  # the plan itself (ap:ActionPlan)
    title: Literal | None
    start: Node | None  # the first and last day of its period, as the catalogue states them
    end: Node | None


def _catalogue_entries(index: DatasetIndex) -> list[PlanEntry]:
    catalogue = index.read_graph(str(index.iris.catalogue))
    entries = []
    for plan_id in index.plan_ids:
        plan = catalogue.value(URIRef(index.plan_graph(plan_id)), FOAF.primaryTopic)
        period = catalogue.value(plan, DCTERMS.temporal) if plan is not None else None
        start = end = None
        if period is not None:
            start, end = (
                catalogue.value(period, DCAT.startDate),
                catalogue.value(period, DCAT.endDate),
            )
        title = catalogue.value(plan, DCTERMS.title) if plan is not None else None
        entries.append(
            PlanEntry(
                plan_id,
                str(plan) if plan is not None else "",
                title if isinstance(title, Literal) else None,
                start,
                end,
            )
        )
    return entries


class ServedPlans:
    """One plan (`only`), or the plans of a dataset's store (`index`), made on demand."""

    def __init__(
        self,
        settings: Settings,
        only: ServiceData | None = None,
        index: DatasetIndex | None = None,
        kept: int = KEPT_PLANS,
    ) -> None:
        assert (only is None) != (index is None)
        self.settings, self.only, self.index, self.kept = settings, only, index, kept
        self.entries = _catalogue_entries(index) if index is not None else []
        self._by_id = {entry.id: entry for entry in self.entries}  # asked at every link made
        self._reference: Graph | None = None
        self._across: ServiceData | None = None
        self._loaded: OrderedDict[str, ServiceData] = OrderedDict()
        self._lock = threading.Lock()
        self._plan_locks: dict[str, threading.Lock] = {}

    @classmethod
    def load(cls, settings: Settings) -> ServedPlans:
        """What `settings` serve. InputError as ServiceData.load, or open_index for a dataset."""
        graph_file = settings.graph_file
        if graph_file and is_dataset_file(graph_file) and settings.plan is None:
            return cls(settings, index=open_index(Path(graph_file)))
        return cls(settings, only=ServiceData.load(settings))

    @property
    def many(self) -> bool:
        return self.index is not None

    def has(self, plan_id: str) -> bool:
        return plan_id in self._by_id

    def entry(self, plan_id: str) -> PlanEntry:
        found = self._by_id.get(plan_id)
        if found is None:
            raise UnknownPlan(plan_id)
        return found

    def data(self, plan_id: str | None) -> ServiceData:
        """The read model of one plan. With one plan, that plan whatever is asked; with many,
        PlanRequired without a plan id, UnknownPlan for an id the dataset lacks."""
        if self.only is not None:
            return self.only
        if plan_id is None:
            raise PlanRequired()
        self.entry(plan_id)
        with self._lock:
            found = self._loaded.get(plan_id)
            if found is not None:
                self._loaded.move_to_end(plan_id)
                return found
            plan_lock = self._plan_locks.setdefault(plan_id, threading.Lock())
        with plan_lock:  # one request makes it; the others asking at once wait for it
            with self._lock:
                found = self._loaded.get(plan_id)
            if found is None:
                assert self.index is not None
                found = ServiceData.of_plan(
                    self.settings, self.index, plan_id, self._reference_graph()
                )
                with self._lock:
                    self._loaded[plan_id] = found
                    while len(self._loaded) > self.kept:
                        self._loaded.popitem(last=False)
        return found

    def across(self) -> ServiceData:
        """The read model of every plan at once (ServiceData.across_plans), for the named
        questions asked without a plan; with one plan, that plan."""
        if self.only is not None:
            return self.only
        reference = self._reference_graph()
        with self._lock:
            if self._across is None:
                assert self.index is not None
                self._across = ServiceData.across_plans(self.settings, self.index, reference)
            return self._across

    def read_every_plan(self) -> None:
        """Make what the pages across plans share: the read model of every plan, and the
        actions' facts its networks read (some 6 s at 1000 plans). The service starts it before
        its query workers, whose loading of the summary it overlaps; the warm-up waits for it.
        Nothing with one plan."""
        if self.many:
            self.across().action_facts  # noqa: B018 (read once, kept)

    def _reference_graph(self) -> Graph:
        with self._lock:
            if self._reference is None:
                assert self.index is not None
                self._reference = self.index.read_graph(str(self.index.iris.reference))
            return self._reference

    # --- what the service as a whole answers (/sparql, /health) ----------------------------

    @property
    def worker_data(self) -> list[tuple[str | None, bytes]] | DatasetIndex:
        """What the query workers read (api/plumbing/query_pool.py WorkerData)."""
        return self.index if self.index is not None else self.only.worker_graphs  # type: ignore[union-attr]

    @property
    def version(self) -> str:
        """Changes when the data does: the ETag of the SPARQL endpoint's answers."""
        return self.index.digest[:16] if self.index is not None else self.only.version  # type: ignore[union-attr]

    @property
    def triples(self) -> int:
        """Triples served: the plan's default graph, or every graph of the dataset's store."""
        return self.index.triples if self.index is not None else self.only.triples  # type: ignore[union-attr]

    @property
    def named_graph_sizes(self) -> dict[str, int]:
        """Triples per named graph besides the default graph (the service description): the
        follow-up's graphs of one plan; with many plans every graph is read as the default."""
        return self.only.named_graph_sizes if self.only is not None else {}

    @property
    def source(self) -> str:
        if self.index is not None:
            return f"embedded ({len(self.entries)} plans)"
        assert self.only is not None
        return self.only.source
