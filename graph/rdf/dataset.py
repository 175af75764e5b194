"""Many plans in one dataset: each plan's own triples in a named graph of its own, the shared
reference entities once, and a catalogue of the plans (graph/core/vocab.py DatasetIris).

`build_dataset` builds each plan as `actieplan build` builds one (pipeline.build), with the
ontology and the reference data read once (per process). The reference graph is what the
reference data alone gives (builder.add_reference and what the ontology entails from it); a
plan's graph is the rest of its single-plan build. So a plan's graph with the reference graph
is exactly the graph `actieplan build` writes for that plan alone, and every question asked of
it gets the same answer.

The catalogue graph says, per plan: its named graph (sd:NamedGraph, sd:name, its
foaf:primaryTopic the plan), the plan's title, its period (dcterms:temporal, a
dcterms:PeriodOfTime with dcat:startDate / dcat:endDate: graph/rdf/dates.py plan_period, as
the service's DCAT description has it), its source file's name and the sha256 of its bytes.

`build_dataset` writes the dataset files a plan at a time (never the whole dataset in memory);
`PlanDataset` is the dataset read back from a TriG or N-Quads file (graph/rdf/loading.py),
asked per plan (`plan(id)`) or across plans (`union()`).
"""

from __future__ import annotations

import hashlib
import heapq
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from actieplan.graph.core.builder import WRITE_ONLY_STORE, add_reference, new_graph
from actieplan.graph.core.entailment import Hierarchy, add_entailments
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.reference import ReferenceData, load_reference
from actieplan.graph.core.resolve import slug
from actieplan.graph.core.resources import ontology_file, reference_dir
from actieplan.graph.core.tables import render_csv
from actieplan.graph.core.vocab import (
    AP,
    DCAT,
    PREFIXES,
    SD,
    DatasetIris,
    Iris,
    default_base_iri,
)
from actieplan.graph.rdf.dates import plan_period
from actieplan.graph.rdf.export import PLAN_CSV_COLUMNS, plan_rows, write_files
from actieplan.graph.rdf.pipeline import build
from actieplan.graph.rdf.writer import line_order, nquad_lines, trig_end, trig_graph, trig_head

DATASET_FORMATS = {".trig": "trig", ".nq": "nquads"}
DATASET_PREFIXES = {**{name: str(ns) for name, ns in PREFIXES.items()}, "sd": str(SD)}


@dataclass
class PlanDataset:
    """A dataset of plans: each plan's own graph (by plan id), the reference graph and the
    catalogue, under the named graphs of `iris`."""

    iris: DatasetIris
    plans: dict[str, Graph]
    reference: Graph
    catalogue: Graph

    @cached_property
    def plan_ids(self) -> list[str]:
        """The ids of the plans the catalogue lists (read once: the catalogue is complete when
        a PlanDataset is made)."""
        graphs = map(str, self.catalogue.subjects(FOAF.primaryTopic, None))
        return sorted(i for i in map(self.iris.plan_id, graphs) if i is not None)

    def plan_graph(self, plan_id: str) -> Graph:
        """The plan's own graph (without the reference entities)."""
        if plan_id not in self.plan_ids:
            raise InputError(
                Problem(
                    "--plan",
                    None,
                    None,
                    f"no plan {plan_id!r} in the dataset; its plans: {', '.join(self.plan_ids)}",
                )
            )
        if plan_id not in self.plans:
            raise ValueError(f"the dataset was read without the graph of plan {plan_id!r}")
        return self.plans[plan_id]

    def plan(self, plan_id: str) -> Graph:
        """One plan as its own build has it: its graph and the reference graph."""
        return _merged([self.plan_graph(plan_id), self.reference])

    def plan_view(self, plan_id: str) -> Graph:
        """plan(plan_id) as a read-only view of the two graphs, not a copy (rdflib's
        ReadOnlyGraphAggregate): for reading a plan's tables without copying its triples."""
        return ReadOnlyGraphAggregate([self.plan_graph(plan_id), self.reference])

    def union(self) -> Graph:
        """Every graph of the dataset in one: all plans, the reference data, the catalogue."""
        plans = [self.plan_graph(plan_id) for plan_id in self.plan_ids]
        return _merged([*plans, self.reference, self.catalogue])

    def named_graphs(self) -> dict[str, Graph]:
        """Every graph by its name."""
        graphs = {str(self.iris.plan(p)): self.plan_graph(p) for p in self.plan_ids}
        graphs[str(self.iris.reference)] = self.reference
        graphs[str(self.iris.catalogue)] = self.catalogue
        return graphs

    @classmethod
    def of_graphs(cls, graphs: dict[str, Graph], where: str) -> PlanDataset:
        """The plans of named graphs (name -> graph) as `build_dataset` wrote them, all or some
        of the plans the catalogue lists; InputError (naming `where`) when they are not: no
        catalogue graph or more than one, or a plan's graph that the catalogue does not list."""
        found = [i for i in map(DatasetIris.of_catalogue, graphs) if i is not None]
        if len(found) != 1:
            raise InputError(
                Problem(
                    where,
                    None,
                    "catalogue",
                    f"holds {len(found)} graphs named .../graph/catalogue, not one: "
                    "not a dataset of plans written by `actieplan build PLAN... --out DIR`",
                )
            )
        iris = found[0]
        catalogue = graphs[str(iris.catalogue)]
        listed = set(map(str, catalogue.subjects(FOAF.primaryTopic, None)))
        plans: dict[str, Graph] = {}
        for name, graph in sorted(graphs.items()):
            plan_id = iris.plan_id(name)
            if plan_id is not None:
                if name not in listed:
                    raise InputError(
                        Problem(where, None, "catalogue", f"does not list the graph {name}")
                    )
                plans[plan_id] = graph
        reference = graphs.get(str(iris.reference), new_graph())
        return cls(iris, plans, reference, catalogue)


def _merged(graphs: Iterable[Graph]) -> Graph:
    merged = new_graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged


def plan_sources(paths: Sequence[Path]) -> list[Path]:
    """The plan files `paths` name: files as given, a folder as every *.txt in it (sorted).
    InputError for a path that is neither or a folder without plans."""
    sources: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise InputError(Problem(str(path), None, None, "the folder holds no *.txt plan"))
            sources += found
        elif path.is_file():
            sources.append(path)
        else:
            raise InputError(Problem(str(path), None, None, "no such plan file or folder"))
    return sources


def plan_ids(sources: Sequence[Path]) -> dict[str, Path]:
    """Each plan's id (the slug of its file name's stem) with its file; InputError naming both
    files when two plans have one id."""
    ids: dict[str, Path] = {}
    problems = []
    for source in sources:
        plan_id = slug(source.stem)
        if plan_id in ids:
            problems.append(
                Problem(
                    str(source),
                    None,
                    "plan id",
                    f"has the plan id {plan_id!r} of {ids[plan_id]}: rename one of the files",
                )
            )
        else:
            ids[plan_id] = source
    if problems:
        raise InputError(problems)
    return ids


@dataclass
class PlanPart:
    """What one plan adds to the dataset files: its build summary, its graph in TriG, its
    quads as sorted N-Quads lines, its rows of actions.csv and its catalogue entry."""

    plan_id: str
    summary: str
    trig: str
    nquads: list[str]
    csv_rows: str
    catalogue: Graph


class _PlanBuilder:
    """Builds one plan at a time into a PlanPart, with the ontology and the reference data
    read once (per process, when the plans are built in a process pool)."""

    def __init__(self, base: str, allow_unknown: bool, reference_layers: Sequence[Path]):
        self.iris = DatasetIris(base)
        self.allow_unknown = allow_unknown
        self.reference_data = load_reference(reference_dir(), reference_layers)
        self.ontology = Graph().parse(ontology_file(), format="turtle")
        self.reference = reference_graph(self.reference_data, Iris(base, ""), self.ontology)

    def part(self, plan_id: str, source: Path) -> PlanPart:
        result = build(
            source,
            base_iri=self.iris.base,
            plan_id=plan_id,
            allow_unknown=self.allow_unknown,
            reference=self.reference_data,
            ontology=self.ontology,
            serialise=False,
            graph_store=WRITE_ONLY_STORE,  # only written out below
        )
        built = result.graph
        rows = plan_rows(built, plan_id)
        catalogue = new_graph()
        add_catalogue_entry(catalogue, self.iris, result.iris, source, built)
        for triple in self.reference:  # the plan's own graph: less the reference, in place
            built.remove(triple)
        name = str(self.iris.plan(plan_id))
        return PlanPart(
            plan_id,
            result.summary(),
            trig_graph(name, built, DATASET_PREFIXES),
            nquad_lines(built, name),
            render_csv(CSV_COLUMNS, rows)[len(render_csv(CSV_COLUMNS, [])) :],
            catalogue,
        )


CSV_COLUMNS = PLAN_CSV_COLUMNS  # actions.csv of a dataset
_builder: _PlanBuilder | None = None  # a pool worker's own


def _start_worker(base: str, allow_unknown: bool, reference_layers: Sequence[Path]) -> None:
    global _builder
    _builder = _PlanBuilder(base, allow_unknown, reference_layers)


def _build_in_worker(plan_id: str, source: Path) -> PlanPart:
    assert _builder is not None, "_start_worker runs first in every worker"
    return _builder.part(plan_id, source)


def build_dataset(
    sources: Sequence[Path],
    out_dir: Path,
    *,
    base_iri: str | None = None,
    allow_unknown: bool = False,
    reference_layers: Sequence[Path] = (),
    workers: int | None = None,
) -> tuple[dict[str, str], list[Path]]:
    """Build every plan of `sources` into one dataset in out_dir: dataset.trig, dataset.nq
    (its lines sorted) and actions.csv (the plans in id order, each plan's actions in its
    order); returns each plan's build summary (by plan id) and the files written.

    The plans are built one at a time (in `workers` processes; default one per core, 1: in
    this process), in plan id order, and each plan's part of the files is written out and
    dropped before the next: memory holds about one plan per process and the catalogue,
    whatever the number of plans. The output is the same for any number of workers. All or
    nothing (export.write_files): InputError (naming the plan's file) on the first bad plan,
    before anything is written."""
    ids = dict(sorted(plan_ids(sources).items()))
    base = DatasetIris(base_iri or default_base_iri()).base
    workers = min(workers or os.cpu_count() or 1, len(ids))
    summaries: dict[str, str] = {}

    def write(folder: Path) -> None:
        if workers <= 1:
            builder = _PlanBuilder(base, allow_unknown, reference_layers)
            built = (builder.part(plan_id, source) for plan_id, source in ids.items())
            _write_dataset(folder, builder, built, summaries)
            return
        args = (base, allow_unknown, tuple(reference_layers))
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=args) as pool:
            in_order = pool.map(_build_in_worker, ids, ids.values())  # plan id order
            _write_dataset(folder, _PlanBuilder(*args), in_order, summaries)

    written = write_files(out_dir, list(DATASET_FILES), write)
    return summaries, written


DATASET_FILES = ("dataset.trig", "dataset.nq", "actions.csv")


def _write_dataset(
    folder: Path, builder: _PlanBuilder, parts: Iterable[PlanPart], summaries: dict[str, str]
) -> None:
    """Write the dataset files into folder from the plans' parts (in plan id order). The
    catalogue is complete only after the last plan, yet comes first in TriG (graphs in the
    order of their names: catalogue, plan/..., reference) and anywhere in N-Quads (lines
    sorted): the plans' TriG goes to a temporary file and their N-Quads to one sorted file
    each, merged at the end."""
    iris = builder.iris
    catalogue = new_graph()
    catalogue.bind("sd", SD)
    _describe_graph(catalogue, iris.reference, "Referentiegegevens", "Reference data")
    with (
        tempfile.TemporaryDirectory(dir=folder) as parts_dir,
        open(Path(parts_dir) / "plans.trig", "w+", encoding="utf-8", newline="") as plans_trig,
        open(folder / "actions.csv", "w", encoding="utf-8", newline="") as csv,
    ):
        csv.write(render_csv(CSV_COLUMNS, []))
        nquad_files: list[Path] = []
        for part in parts:
            summaries[part.plan_id] = part.summary
            for triple in part.catalogue:
                catalogue.add(triple)
            plans_trig.write(part.trig)
            csv.write(part.csv_rows)
            nquads = Path(parts_dir) / f"{len(nquad_files)}.nq"
            nquads.write_text("".join(part.nquads), encoding="utf-8")
            nquad_files.append(nquads)
        with open(folder / "dataset.trig", "w", encoding="utf-8", newline="") as trig:
            trig.write(trig_head(DATASET_PREFIXES))
            trig.write(trig_graph(str(iris.catalogue), catalogue, DATASET_PREFIXES))
            plans_trig.seek(0)
            shutil.copyfileobj(plans_trig, trig)
            trig.write(trig_graph(str(iris.reference), builder.reference, DATASET_PREFIXES))
            trig.write(trig_end())
        with ExitStack() as stack:
            opened = [stack.enter_context(open(f, encoding="utf-8")) for f in nquad_files]
            shared = [
                nquad_lines(builder.reference, str(iris.reference)),
                nquad_lines(catalogue, str(iris.catalogue)),
            ]
            with open(folder / "dataset.nq", "w", encoding="utf-8", newline="") as nq:
                nq.writelines(heapq.merge(*opened, *shared, key=line_order))


def reference_graph(reference: ReferenceData, iris: Iris, ontology: Graph) -> Graph:
    """The reference entities as every plan's build writes them, with what the ontology
    entails from them alone."""
    graph = new_graph()
    add_reference(graph, reference, iris)
    add_entailments(graph, Hierarchy.of(ontology))
    return graph


def _describe_graph(catalogue: Graph, graph: URIRef, label_nl: str, label_en: str) -> None:
    catalogue.add((graph, RDF.type, SD.NamedGraph))
    catalogue.add((graph, SD.name, graph))
    catalogue.add((graph, RDFS.label, Literal(label_nl, lang="nl")))
    catalogue.add((graph, RDFS.label, Literal(label_en, lang="en")))


def add_catalogue_entry(
    catalogue: Graph, dataset: DatasetIris, plan: Iris, source: Path, built: Graph
) -> None:
    """One plan in the catalogue: its graph, title, period (dates.plan_period of its `built`
    graph: the years of its title or file name, else the span of its actions' dates), source
    file and the sha256 of its bytes."""
    title = str(built.value(plan.plan, DCTERMS.title))
    graph = dataset.plan(plan.plan_id)
    _describe_graph(catalogue, graph, f"Graaf van {title}", f"Graph of {title}")
    catalogue.add((graph, FOAF.primaryTopic, plan.plan))
    catalogue.add((plan.plan, RDF.type, AP.ActionPlan))
    catalogue.add((plan.plan, DCTERMS.title, Literal(title, lang="nl")))
    catalogue.add((plan.plan, DCTERMS.source, plan.source))
    catalogue.add((plan.source, RDF.type, AP.SourceDocument))
    catalogue.add((plan.source, AP.fileName, Literal(source.name)))
    sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    catalogue.add((plan.source, AP.sha256, Literal(sha256)))
    period = plan_period(built)
    if period:
        first, last = period
        node = plan.below(plan.plan, "period")
        catalogue.add((plan.plan, DCTERMS.temporal, node))
        catalogue.add((node, RDF.type, DCTERMS.PeriodOfTime))
        catalogue.add((node, DCAT.startDate, Literal(first)))
        catalogue.add((node, DCAT.endDate, Literal(last)))
