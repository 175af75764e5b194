"""A dataset file of many plans (.nq, .trig: graph/rdf/dataset.py) as an on-disk pyoxigraph store
beside it, made once and then opened, never parsed again.

Parsing a dataset of 1000 plans takes some 25 s and holds it all in memory, in every process
that reads it; an on-disk store opens in milliseconds, is read by many processes at once
(`Store.read_only`), and pages its data in from the disk as queries need it. The store is
`<file>.oxigraph/`, and carries the sha256 of the file it was made from: a store made from
another version of the file is made again, never read.

Making it is all or nothing: the store is loaded into a temporary folder beside it, flushed and
closed, then renamed into place; an interrupted load leaves no store (the next open starts
again), and a process that finds the store made meanwhile by another uses that one.

The quads keep their graphs. Across all plans a query reads the union of the graphs as its
default graph; one plan is the default graph [its plan graph, the reference graph]
(`plan_dataset`).

Every lookup in the on-disk store goes through RocksDB, some ten times slower than in memory: a
question across 1000 plans that joins every action's organisations takes 11 s there and
0.5 s in memory, the timeline 20 s there and 1.7 s in memory. So the store also keeps a
summary of every plan: each triple, of the plan graphs and the reference graph, that a named
question reads (`summary_reads`: its predicates, and the rdf:type triples of the classes it
asks by type), some 40% of the quads. A query process loads it into memory
(`store(with_summary=True)`), and a question that reads only what the summary holds
(graph/sparql/reads.py) is answered there, as on the whole data (a triple that two graphs hold
is one triple in the summary, as in the RDF merge of the graphs; the list of graphs on disk
meets it twice; in the 1000 generated plans of bench_scale.py no triple is in two of these
graphs).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import DatasetIris
from actieplan.graph.rdf.dataset import DATASET_FORMATS
from actieplan.graph.rdf.loading import DATASET_PARSERS, is_dataset_file
from actieplan.graph.rdf.oxigraph_terms import rdflib_term
from actieplan.graph.sparql.library import load_library
from actieplan.graph.sparql.reads import read_pattern
from actieplan.graph.sparql.store import OxigraphStore, QueryDataset, QueryOptions

# In the store folder, written once the store is complete: the sha256 of the file it was made
# from, how many quads it holds, and the predicates of its summary.
MADE_FROM = "made-from.json"
SUMMARY_FILE = "summary.nt"
CHUNK = 1 << 20

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@functools.cache
def summary_reads() -> frozenset[str]:
    """What the summary holds: every predicate, and every class of `?s a C`, that a named
    question (queries/) reads (graph/sparql/reads.py), so that each question across plans is
    answered in memory. A question that may read anything is left out, and runs on disk; a
    question that reads something new changes the summary, and the store is made again."""
    reads = (query.reads for query in load_library().values())
    return frozenset().union(*(read for read in reads if read is not None))


# The dataset of a query that reads the summary (PlansStore).
SUMMARY = QueryDataset(summary=True)
# What a store made by this version holds besides the quads: changed, every store is made
# again (2: the summary and the VoID figures; 3: the summary of what every named question reads;
# 4: the summary a subject at a time).
STORE_LAYOUT = 4


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_folder(dataset_file: Path) -> Path:
    """Where the store of a dataset file lives: beside it, named after it."""
    return dataset_file.with_name(dataset_file.name + ".oxigraph")


@dataclass(frozen=True)
class DatasetIndex:
    """An on-disk store of a dataset file: its folder, the sha256 of the file, the dataset's
    named-graph IRIs and the ids of its plans (from its catalogue graph)."""

    folder: Path
    digest: str
    triples: int  # quads in the store, every graph counted
    iris: DatasetIris
    plan_ids: tuple[str, ...]
    # The VoID figures of the data (every plan's graph and the reference graph), counted when
    # the store was made: `_void_figures`
    figures: dict[str, Any]

    def open(self) -> ox.Store:
        """The store, read-only: any number of processes may hold it open at once."""
        return ox.Store.read_only(str(self.folder))

    def store(self, *, with_summary: bool = False) -> OxigraphStore:
        """The store for queries: read-only; a query that names no graphs reads every plan
        and the reference graph as its default graph (not the catalogue, which restates each
        plan's title and source), and every graph by name. `with_summary`: the summary loaded
        into memory too, for queries whose dataset is SUMMARY."""
        graphs = self.default_graphs()
        dataset = QueryDataset(graphs, (*graphs, str(self.iris.catalogue)))
        if not with_summary:
            return OxigraphStore(self.open(), dataset)
        summary = ox.Store()
        # load, not bulk_load: as fast here, and a quarter less memory at its peak (1.9 M
        # triples: 720 MB against 933 MB)
        summary.load(path=str(self.folder / SUMMARY_FILE), format=ox.RdfFormat.N_TRIPLES)
        return PlansStore(self.open(), dataset, OxigraphStore(summary))

    def every_graph_store(self) -> OxigraphStore:
        """The store read-only, with the union of all its graphs (the catalogue too) as the
        default graph: for what duplicates cannot change, such as the names of organisations
        and minister posts and the sizes of the data (library.EntityIndex), which the store's
        list of every plan's graph makes a thousand times slower at 1000 plans (0.01 s against
        7 s)."""
        return OxigraphStore(self.open(), QueryDataset(every_graph=True))

    def default_graphs(self) -> tuple[str, ...]:
        """Every plan's graph and the reference graph: the data, without the catalogue."""
        return (*map(self.plan_graph, self.plan_ids), str(self.iris.reference))

    def read_graph(self, name: str) -> Graph:
        """One named graph of the store, as an rdflib graph."""
        graph = Graph()
        store = self.open()
        try:
            for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                terms = (quad.subject, quad.predicate, quad.object)
                if any(isinstance(term, ox.Triple) for term in terms):
                    continue  # RDF-star: no build writes it, rdflib cannot hold it
                graph.add(tuple(map(rdflib_term, terms)))  # type: ignore[arg-type]
        finally:
            del store
        return graph

    def subject_objects(self, predicate: str) -> Iterator[tuple[Node, Node]]:
        """Every (subject, object) of `predicate` in the plans' graphs, as rdflib terms: what
        the actor networks of every plan read (graph/analysis/network.py ActionFacts), with
        no rdflib graph of all plans (at 1000 plans its 420 000 triples took 11 s to make)."""
        yield from self._pairs(ox.NamedNode(predicate), None)

    def members(self, kind: str) -> Iterator[Node]:
        """Every subject the plans' graphs type as `kind`."""
        yield from (subject for subject, _ in self._pairs(_RDF_TYPE, ox.NamedNode(kind)))

    def _pairs(
        self, predicate: ox.NamedNode, value: ox.NamedNode | None
    ) -> Iterator[tuple[Node, Node]]:
        plans = {ox.NamedNode(self.plan_graph(p)) for p in self.plan_ids}
        terms: dict[Any, Node] = {}  # each term made once: actions, actors, plans recur

        def term(found: Any) -> Node:
            made = terms.get(found)
            if made is None:
                made = terms[found] = rdflib_term(found)
            return made

        store = self.open()
        try:
            for quad in store.quads_for_pattern(None, predicate, value, None):
                if quad.graph_name in plans:
                    yield term(quad.subject), term(quad.object)
        finally:
            del store

    def plan_graph(self, plan_id: str) -> str:
        return str(self.iris.plan(plan_id))

    def plan_dataset(self, plan_id: str) -> QueryDataset:
        """The dataset of a query about one plan: its graph and the reference graph, as the
        default graph (what `actieplan build` gives for that plan alone)."""
        return QueryDataset((self.plan_graph(plan_id), str(self.iris.reference)))


class PlansStore(OxigraphStore):
    """The on-disk store of every plan, and its summary in memory: a query whose dataset is
    SUMMARY is answered by the summary, any other by the store."""

    def __init__(self, store: ox.Store, default_dataset: QueryDataset, summary: OxigraphStore):
        super().__init__(store, default_dataset)
        self.summary = summary

    def _run(
        self, sparql: str, options: QueryOptions
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        if options.dataset is not None and options.dataset.summary:
            return self.summary._run(sparql, replace(options, dataset=None))
        return super()._run(sparql, options)


def _catalogue(store: ox.Store, where: Path) -> tuple[DatasetIris, tuple[str, ...]]:
    """The dataset's IRIs and its plan ids, from the one catalogue graph it holds."""
    graphs = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    found = [iris for iris in map(DatasetIris.of_catalogue, graphs) if iris is not None]
    if len(found) != 1:
        raise InputError(
            Problem(
                str(where),
                None,
                None,
                f"a dataset of plans has one catalogue graph (…/graph/catalogue); "
                f"this file has {len(found)}: is it made by `actieplan build PLAN... --out DIR`?",
            )
        )
    iris = found[0]
    plan_ids = (iris.plan_id(g) for g in graphs)
    return iris, tuple(sorted(p for p in plan_ids if p is not None))


def _load(dataset_file: Path, into: Path) -> tuple[int, dict[str, Any]]:
    """Load the dataset file into a new store at `into`, with its summary; the number of quads
    and the VoID figures. InputError naming the file (and the line pyoxigraph names) when it is
    not a valid dataset."""
    fmt = DATASET_PARSERS[DATASET_FORMATS[dataset_file.suffix.lower()]]
    store = ox.Store(str(into))
    try:
        store.bulk_load(path=str(dataset_file), format=fmt)
    except SyntaxError as error:
        raise InputError(Problem(str(dataset_file), None, None, f"not valid: {error}")) from error
    store.flush()
    quads = len(store)
    iris, plan_ids = _catalogue(store, dataset_file)
    _write_summary(store, iris, plan_ids, into / SUMMARY_FILE)
    figures = _void_figures(store, iris)
    del store  # closes it
    return quads, figures


def _void_figures(store: ox.Store, iris: DatasetIris) -> dict[str, Any]:
    """VoID's figures of the data: every graph but the catalogue (a triple in two graphs counts
    twice in `triples`, once in the distinct counts). Scans of the whole store, some 20 s at
    1000 plans: made once, with the store, as no request could wait for them."""

    def rows(pattern: str, select: str, group: str = "") -> list[ox.QuerySolution]:
        data = f"GRAPH ?g {{ {pattern} }} FILTER(?g != <{iris.catalogue}>)"
        found = store.query(f"SELECT {select} WHERE {{ {data} }} {group}")
        assert isinstance(found, ox.QuerySolutions)
        return list(found)

    def number(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> int:
        return int(term.value) if isinstance(term, ox.Literal) else 0

    counted = "(COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)"
    sizes = rows("?s ?p ?o", counted)[0]
    typed = rows("?s a ?o FILTER(isIRI(?s))", "(COUNT(DISTINCT ?s) AS ?n)")[0]
    classes = rows("?s a ?k", "?k (COUNT(*) AS ?n)", "GROUP BY ?k")
    properties = rows("?s ?k ?o", "?k (COUNT(*) AS ?n)", "GROUP BY ?k")
    return {
        "triples": number(sizes["n"]),
        "entities": number(typed["n"]),
        "distinct_subjects": number(sizes["subjects"]),
        "distinct_objects": number(sizes["objects"]),
        "classes": {
            r["k"].value: number(r["n"]) for r in classes if isinstance(r["k"], ox.NamedNode)
        },
        "properties": {r["k"].value: number(r["n"]) for r in properties},
    }


def _write_summary(store: ox.Store, iris: DatasetIris, plan_ids: tuple[str, ...], to: Path) -> None:
    """Every triple of the plans' graphs and the reference graph that summary_reads names (a
    predicate's, or the rdf:type triples of a class), as N-Triples (a triple in two graphs is
    written twice, and is one once loaded), in the order of their lines: each subject's triples
    together.

    pyoxigraph's in-memory store finds a subject's triples by walking a list of them, kept in
    the order they were loaded. Loaded a subject at a time, that list lies together in memory:
    the summary of 1000 plans loads in 5.8 s rather than 7.1 s, an action's number looked up
    for every action takes 0.10 s rather than 0.28 s, and the timeline across them 1.85 s
    rather than 2.29 s (bench/README.md, "The summary written a subject at a time"). Sorting
    its 1.9 million lines takes 2 s and some 700 MB while the store is made."""
    graphs = {ox.NamedNode(str(iris.plan(p))) for p in plan_ids} | {
        ox.NamedNode(str(iris.reference))
    }
    patterns = [read_pattern(read) for read in sorted(summary_reads())]
    triples = (
        quad.triple
        for predicate, kind in patterns
        for quad in store.quads_for_pattern(
            None, ox.NamedNode(predicate), ox.NamedNode(kind) if kind else None, None
        )
        if quad.graph_name in graphs
    )
    written = io.BytesIO()
    ox.serialize(triples, written, ox.RdfFormat.N_TRIPLES)
    lines = written.getvalue().splitlines(keepends=True)
    lines.sort()
    with to.open("wb") as output:
        output.writelines(lines)


def open_index(dataset_file: Path | str) -> DatasetIndex:
    """The on-disk store of `dataset_file`, made first when it is missing or was made from
    another version of the file. InputError when the file is missing or not a dataset."""
    dataset_file = Path(dataset_file).resolve()
    if not is_dataset_file(dataset_file) or not dataset_file.is_file():
        raise InputError(
            Problem(
                str(dataset_file),
                None,
                None,
                "no dataset file here (a .nq or .trig made by `actieplan build PLAN... --out DIR`)",
            )
        )
    digest = file_digest(dataset_file)
    folder = store_folder(dataset_file)
    if not _is_current(_made_from(folder), digest):
        _make(dataset_file, folder, digest)
    made = _made_from(folder)
    assert made is not None
    store = ox.Store.read_only(str(folder))
    try:
        iris, plan_ids = _catalogue(store, dataset_file)
    finally:
        del store
    return DatasetIndex(folder, digest, int(made["quads"]), iris, plan_ids, made["figures"])


def _is_current(made: dict[str, Any] | None, digest: str) -> bool:
    """Whether a store made from `made` is of this file and has this version's summary."""
    return (
        made is not None
        and made.get("sha256") == digest
        and made.get("layout") == STORE_LAYOUT
        and made.get("summary") == sorted(summary_reads())
    )


def _made_from(folder: Path) -> dict[str, Any] | None:
    """What a complete store was made from; None for no store, or an unfinished one."""
    try:
        found: dict[str, Any] = json.loads((folder / MADE_FROM).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def _make(dataset_file: Path, folder: Path, digest: str) -> None:
    """Load into a temporary folder, then rename it into place (the old store, if any, moved
    aside first and removed after)."""
    temporary = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        quads, figures = _load(dataset_file, temporary / "store")
        made = {
            "sha256": digest,
            "quads": quads,
            "file": dataset_file.name,
            "layout": STORE_LAYOUT,
            "summary": sorted(summary_reads()),
            "figures": figures,
        }
        (temporary / "store" / MADE_FROM).write_text(json.dumps(made), encoding="utf-8")
        if folder.exists():
            if _is_current(_made_from(folder), digest):  # made meanwhile
                return
            stale = Path(tempfile.mkdtemp(prefix=folder.name + ".old.", dir=folder.parent))
            os.replace(folder, stale / "store")
            shutil.rmtree(stale, ignore_errors=True)
        try:
            os.replace(temporary / "store", folder)
        except OSError:
            if not _is_current(_made_from(folder), digest):  # not another's of this file
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
