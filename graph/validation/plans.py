"""Validate every plan of a dataset file on its own: each plan's graph with the reference graph,
which is the graph `actieplan build` writes for that plan alone (graph/rdf/dataset.py), so each
plan's report is its single-plan report.

pyshacl over the union of all plans costs more than the plans one by one (every check scans
all plans' nodes) and holds every plan in rdflib at once; here the dataset file is split once
into a file per plan (loading.split_dataset_file), and `workers` processes each read the
reference graph once and then validate one plan at a time. The reports come back rendered
(render.plan_part), in plan id order, whatever the number of workers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from actieplan.graph.core.builder import new_graph
from actieplan.graph.rdf.loading import add_ntriples, read_ntriples, split_dataset_file
from actieplan.graph.validation.render import PlanPart, plan_part
from actieplan.graph.validation.report import AsOf, validate_graph


@dataclass(frozen=True)
class Rendering:
    """How each plan's report is rendered: format (render.PLAN_FORMATS), language, table."""

    fmt: str
    lang: str
    table: str | None
    as_of: AsOf | None = None


class _PlanValidator:
    """Validates one plan at a time, with the reference graph read once."""

    def __init__(self, reference: Path, rendering: Rendering) -> None:
        self.reference = read_ntriples(reference)
        self.rendering = rendering

    def part(self, plan_id: str, plan_file: Path) -> PlanPart:
        graph = new_graph()
        for triple in self.reference:
            graph.add(triple)
        add_ntriples(plan_file, graph)
        rendering = self.rendering
        report = validate_graph(graph, as_of=rendering.as_of)
        return plan_part(plan_id, report, rendering.fmt, rendering.lang, rendering.table)


_validator: _PlanValidator | None = None  # a pool worker's own


def _start_worker(reference: Path, rendering: Rendering) -> None:
    global _validator
    _validator = _PlanValidator(reference, rendering)


def _validate_in_worker(plan_id: str, plan_file: Path) -> PlanPart:
    assert _validator is not None, "_start_worker runs first in every worker"
    return _validator.part(plan_id, plan_file)


def validate_plans(
    dataset_file: Path, rendering: Rendering, workers: int | None = None
) -> Iterator[PlanPart]:
    """Each plan of the dataset file validated on its own (with the reference graph), its
    report rendered, in plan id order; in `workers` processes (default one per core; 1: in
    this process). InputError when the file is not a dataset of plans."""
    with tempfile.TemporaryDirectory(prefix="actieplan-validate-") as folder:
        parts = split_dataset_file(dataset_file, Path(folder))
        workers = max(1, min(workers or os.cpu_count() or 1, len(parts.plans)))
        if workers == 1:
            validator = _PlanValidator(parts.reference, rendering)
            for plan_id, plan_file in parts.plans.items():
                yield validator.part(plan_id, plan_file)
            return
        with ProcessPoolExecutor(
            workers, initializer=_start_worker, initargs=(parts.reference, rendering)
        ) as pool:
            yield from pool.map(_validate_in_worker, parts.plans, parts.plans.values())
