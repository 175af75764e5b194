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
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import DatasetIris
from actieplan.graph.rdf.dataset import DATASET_FORMATS
from actieplan.graph.rdf.loading import DATASET_PARSERS, is_dataset_file
from actieplan.graph.rdf.oxigraph_terms import rdflib_term
from actieplan.graph.sparql.store import OxigraphStore, QueryDataset

# In the store folder, written once the store is complete: the sha256 of the file it was made
# from, and how many quads it holds.
MADE_FROM = "made-from.json"
CHUNK = 1 << 20


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

    def open(self) -> ox.Store:
        """The store, read-only: any number of processes may hold it open at once."""
        return ox.Store.read_only(str(self.folder))

    def store(self) -> OxigraphStore:
        """The store for queries: read-only; a query that names no graphs reads every plan
        and the reference graph as its default graph (not the catalogue, which restates each
        plan's title and source), and every graph by name."""
        every_plan = tuple(map(self.plan_graph, self.plan_ids))
        graphs = (*every_plan, str(self.iris.reference))
        return OxigraphStore(self.open(), QueryDataset(graphs, (*graphs, str(self.iris.catalogue))))

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

    def plan_graph(self, plan_id: str) -> str:
        return str(self.iris.plan(plan_id))

    def plan_dataset(self, plan_id: str) -> QueryDataset:
        """The dataset of a query about one plan: its graph and the reference graph, as the
        default graph (what `actieplan build` gives for that plan alone)."""
        return QueryDataset((self.plan_graph(plan_id), str(self.iris.reference)))


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


def _load(dataset_file: Path, into: Path) -> int:
    """Load the dataset file into a new store at `into`; the number of quads. InputError
    naming the file (and the line pyoxigraph names) when it is not a valid dataset."""
    fmt = DATASET_PARSERS[DATASET_FORMATS[dataset_file.suffix.lower()]]
    store = ox.Store(str(into))
    try:
        store.bulk_load(path=str(dataset_file), format=fmt)
    except SyntaxError as error:
        raise InputError(Problem(str(dataset_file), None, None, f"not valid: {error}")) from error
    store.flush()
    quads = len(store)
    del store  # closes it
    return quads


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
    if (_made_from(folder) or {}).get("sha256") != digest:
        _make(dataset_file, folder, digest)
    made = _made_from(folder)
    assert made is not None
    store = ox.Store.read_only(str(folder))
    try:
        iris, plan_ids = _catalogue(store, dataset_file)
    finally:
        del store
    return DatasetIndex(folder, digest, int(made["quads"]), iris, plan_ids)


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
        quads = _load(dataset_file, temporary / "store")
        made = {"sha256": digest, "quads": quads, "file": dataset_file.name}
        (temporary / "store" / MADE_FROM).write_text(json.dumps(made), encoding="utf-8")
        if folder.exists():
            if (_made_from(folder) or {}).get("sha256") == digest:  # made meanwhile
                return
            stale = Path(tempfile.mkdtemp(prefix=folder.name + ".old.", dir=folder.parent))
            os.replace(folder, stale / "store")
            shutil.rmtree(stale, ignore_errors=True)
        try:
            os.replace(temporary / "store", folder)
        except OSError:
            if (_made_from(folder) or {}).get("sha256") != digest:  # not another's of this file
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
