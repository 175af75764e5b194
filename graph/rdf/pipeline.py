"""The build pipeline, stage by stage: parse -> resolve -> graph -> serialise.

Used by `actieplan build`, the service and the benchmark; each stage is timed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from actieplan.graph.core.builder import build_graph
from actieplan.graph.core.entailment import Entailments
from actieplan.graph.core.parser import parse_text, read_plan_text
from actieplan.graph.core.records import Plan
from actieplan.graph.core.reference import (
    MinisterPost,
    Organisation,
    ReferenceData,
    load_reference,
)
from actieplan.graph.core.resolve import ResolvedPlan, resolve_plan, slug
from actieplan.graph.core.resources import default_source, ontology_file, reference_dir
from actieplan.graph.core.vocab import Iris, default_base_iri
from actieplan.graph.rdf.export import GRAPH_FILES, actions_csv, serialize

T = TypeVar("T")


@dataclass
class BuildResult:
    resolved: ResolvedPlan
    graph: Graph
    iris: Iris
    entailments: Entailments  # the part of `graph` the ontology entails (graph/core/entailment.py)
    files: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        plan = self.resolved.plan
        used_posts = {r.entity_id for a in self.resolved.actions for r in a.ministers}
        used_orgs = {r.entity_id for a in self.resolved.actions for r in a.organisations}
        lines = [
            f"plan:           {plan.title.text}",
            f"objectives:     {len(plan.objectives)}",
            f"actions:        {len(plan.actions)}",
            f"minister posts: {len(used_posts)} in roles "
            f"({len(self.resolved.provisional_posts)} unresolved)",
            f"organisations:  {len(used_orgs)} in roles "
            f"({len(self.resolved.provisional_organisations)} unresolved)",
            f"triples:        {self.triples()} ({self.triples_decomposed()})",
            f"warnings:       {len(self.resolved.warnings)}",
        ]
        lines += [f"  - {w}" for w in self.resolved.warnings]
        unresolved: list[MinisterPost | Organisation] = [
            *self.resolved.provisional_posts.values(),
            *self.resolved.provisional_organisations.values(),
        ]
        if unresolved:
            lines.append("unresolved names (provisional entries, marked ap:unresolved):")
            lines += [f"  - {entry.name_nl} ({entry.id})" for entry in unresolved]
        return "\n".join(lines)

    def triples(self) -> int:
        """How many triples the build made, counted as they were made (counting the graph reads
        every triple of it again, in a dataset's plain store: builder.WRITE_ONLY_STORE)."""
        found = self.entailments
        return found.stated + len(found.entailed) + len(found.inverse)

    def triples_decomposed(self) -> str:
        entailed, inverse = len(self.entailments.entailed), len(self.entailments.inverse)
        facts = self.entailments.stated
        return f"{facts} stated, {entailed} entailed by the ontology, {inverse} inverse links"


def _timed(seconds: dict[str, float], stage: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started
    return result


def build(
    source: Path | str | None = None,
    *,
    base_iri: str | None = None,
    plan_id: str | None = None,
    allow_unknown: bool = False,
    reference_folder: Path | None = None,
    reference_layers: Sequence[Path] = (),
    serialise: bool = True,
    reference: ReferenceData | None = None,
    ontology: Graph | None = None,
    graph_store: str = "default",
) -> BuildResult:
    """Run every stage; raises errors.InputError on bad input, before anything is written.
    `reference_layers`: a user's reference folders over the shipped one (reference.py).
    `reference` and `ontology`, when given, are used as they are instead of being read (a
    build of many plans reads them once: graph/rdf/dataset.py). `graph_store`: rdflib's store
    of the graph (builder.new_graph; WRITE_ONLY_STORE cannot be validated)."""
    source = Path(source or default_source())
    reference_folder = reference_folder or reference_dir()
    # where unknown names go: "... to the reference data in {reference_hint}"
    reference_hint = (
        "a folder or file of your own given as --reference "
        "(`actieplan reference suggest PLAN` writes its entries)"
    )
    seconds: dict[str, float] = {}

    def parse() -> tuple[str, Plan]:
        text = read_plan_text(source)
        return text, parse_text(text, source=str(source))

    text, plan = _timed(seconds, "parse", parse)
    if reference is None:
        reference = _timed(
            seconds, "resolve", lambda: load_reference(reference_folder, reference_layers)
        )
    known = reference
    resolved = _timed(
        seconds,
        "resolve",
        lambda: resolve_plan(
            plan, known, allow_unknown=allow_unknown, reference_hint=reference_hint
        ),
    )
    iris = Iris(base_iri or default_base_iri(), plan_id or slug(source.stem))
    # The packaged ontology (Turtle: nothing to fetch), read at every build so the data follows it.
    if ontology is None:
        ontology = _timed(seconds, "graph", lambda: Graph().parse(ontology_file(), format="turtle"))
    terms = ontology
    graph, entailments = _timed(
        seconds,
        "graph",
        lambda: build_graph(resolved, iris, terms, text.encode("utf-8"), graph_store),
    )
    result = BuildResult(resolved, graph, iris, entailments, seconds=seconds)
    if serialise:

        def write_all() -> dict[str, str]:
            files = {name: serialize(graph, fmt) for name, fmt in GRAPH_FILES.items()}
            files["actions.csv"] = actions_csv(graph)
            return files

        result.files = _timed(seconds, "serialise", write_all)
    return result
