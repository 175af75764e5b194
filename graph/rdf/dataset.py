"""Many plans in one dataset: each plan's own triples in a named graph of its own, the shared
reference entities once, and a catalogue of the plans (graph/core/vocab.py DatasetIris).

`build_dataset` builds each plan as `actieplan build` builds one (pipeline.build), with the
ontology and the reference data read once. The reference graph is what the reference data
alone gives (builder.add_reference and what the ontology entails from it); a plan's graph
is the rest of its single-plan build. So a plan's graph with the reference graph is exactly the
graph `actieplan build` writes for that plan alone, and every question asked of it gets the
same answer.

The catalogue graph says, per plan: its named graph (sd:NamedGraph, sd:name, its
foaf:primaryTopic the plan), the plan's title, its period (dcterms:temporal, a
dcterms:PeriodOfTime with dcat:startDate / dcat:endDate: graph/rdf/dates.py plan_period, as
the service's DCAT description has it), its source file's name and the sha256 of its bytes.

`PlanDataset` is the dataset read back (from a build, or a TriG or N-Quads file:
graph/rdf/loading.py), asked per plan (`plan(id)`) or across plans (`union()`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from actieplan.graph.core.builder import add_reference, new_graph
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
from actieplan.graph.rdf.export import ACTION_COLUMNS, actions_table, flat_cells
from actieplan.graph.rdf.pipeline import build
from actieplan.graph.rdf.writer import to_trig

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

    def trig(self) -> str:
        return to_trig(self.named_graphs(), DATASET_PREFIXES)

    def nquads(self) -> str:
        """N-Quads, one line per quad, sorted."""
        lines = []
        for name, graph in self.named_graphs().items():
            for line in graph.serialize(format="nt").splitlines():
                if line:  # "<s> <p> <o> ." -> "<s> <p> <o> <g> ."
                    lines.append(f"{line[: -len(' .')]} <{name}> .")
        return "\n".join(sorted(lines)) + "\n"

    def actions_csv(self) -> str:
        """actions.csv of every plan: a `plan` column (the plan id) before the actions' columns,
        the plans in id order and each plan's actions in its order."""
        rows = [
            [plan_id, *flat_cells(row)]
            for plan_id in self.plan_ids
            for row in actions_table(self.plan_view(plan_id))
        ]
        return render_csv(("plan", *ACTION_COLUMNS), rows)

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


@dataclass
class DatasetBuild:
    """What build_dataset made: the dataset, each plan's build summary (by plan id) and, when
    serialised, the files to write (dataset.trig, dataset.nq, actions.csv)."""

    dataset: PlanDataset
    summaries: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"plans:          {len(self.summaries)}"]
        for plan_id, summary in self.summaries.items():
            lines.append(f"{plan_id}:")
            lines += [f"  {line}" for line in summary.splitlines()]
        return "\n".join(lines)


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


def build_dataset(
    sources: Sequence[Path],
    *,
    base_iri: str | None = None,
    allow_unknown: bool = False,
    reference_layers: Sequence[Path] = (),
    serialise: bool = True,
) -> DatasetBuild:
    """Build every plan of `sources` into one dataset; InputError (naming the plan's file) on
    the first bad plan, before anything is written."""
    ids = plan_ids(sources)
    iris = DatasetIris(base_iri or default_base_iri())
    reference_data = load_reference(reference_dir(), reference_layers)
    ontology = Graph().parse(ontology_file(), format="turtle")
    reference = reference_graph(reference_data, Iris(iris.base, ""), ontology)
    plans: dict[str, Graph] = {}
    summaries: dict[str, str] = {}
    catalogue = new_graph()
    catalogue.bind("sd", SD)
    _describe_graph(catalogue, iris.reference, "Referentiegegevens", "Reference data")
    for plan_id, source in ids.items():
        result = build(
            source,
            base_iri=iris.base,
            plan_id=plan_id,
            allow_unknown=allow_unknown,
            reference=reference_data,
            ontology=ontology,
            serialise=False,
        )
        summaries[plan_id] = result.summary()
        own = result.graph  # less the reference graph, in place: fewer triples to move
        for triple in reference:
            own.remove(triple)
        plans[plan_id] = own
        add_catalogue_entry(catalogue, iris, result.iris, source, result.graph)
    dataset = PlanDataset(iris, plans, reference, catalogue)
    made = DatasetBuild(dataset, summaries)
    if serialise:
        made.files = {
            "dataset.trig": dataset.trig(),
            "dataset.nq": dataset.nquads(),
            "actions.csv": dataset.actions_csv(),
        }
    return made


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
