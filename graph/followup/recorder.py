"""Import a filled-in progress workbook into the ledger: check it (archive.py, reader.py,
new_actions.py), and only when the whole workbook is valid record one progress update
(graph/rdf/progress.py) with its reports, the actions it adds and what the ontology entails
from them (graph/core/entailment.py, as the build does for the plan). The same file twice is
recorded once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from actieplan.graph.core.entailment import Hierarchy, add_entailments
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.reference import ReferenceData
from actieplan.graph.followup.archive import check_archive
from actieplan.graph.followup.layout import ontology_graph
from actieplan.graph.followup.new_actions import new_actions
from actieplan.graph.followup.plan_facts import plan_facts
from actieplan.graph.followup.reader import read_filled
from actieplan.graph.rdf.progress import (
    Report,
    read_ledger,
    record_update,
    update_graph,
    update_iri,
)


@dataclass(frozen=True)
class Imported:
    update: URIRef
    recorded_at: dt.datetime | None
    written: Path | None  # None when the same file was recorded before
    reports: int = 0
    new_actions: int = 0
    warnings: list[str] = field(default_factory=list)


def import_workbook(
    path: Path,
    graph: Graph,
    ledger: Path,
    reference: ReferenceData,
    imported_by: str | None = None,
    now: dt.datetime | None = None,
) -> Imported:
    """Record the workbook as one update of the graph's plan, or raise InputError with every
    problem found (nothing recorded). `graph`: the plan with the ledger's updates."""
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    checked = check_archive(path)
    sha256 = hashlib.sha256(checked.data).hexdigest()
    facts = plan_facts(graph)
    update = update_iri(facts.iris, sha256)
    for recorded in read_ledger(ledger):
        if recorded.iri == update:
            when = recorded.graph.value(update, PROV.generatedAtTime)
            return Imported(update, when.toPython() if isinstance(when, Literal) else None, None)

    filled = read_filled(checked, graph, facts, now.astimezone().date())  # the local day
    added = new_actions(filled.new_actions, graph, facts, reference, update, str(path))
    problems = filled.problems + added.problems
    if not problems and not filled.reports and not filled.new_actions:
        problems.append(
            Problem(str(path), None, None, "no new status and no new action: nothing to record")
        )
    if problems:
        raise InputError(
            problems,
            f"{len(problems)} problem(s): nothing was recorded. Correct the workbook and import "
            "it again.",
        )
    reports = [
        Report(
            filled_report.number,
            filled_report.status,
            filled_report.status_date,
            filled_report.note,
            filled.organisation or filled_report.lead,
            filled_report.amount_spent,
        )
        for filled_report in filled.reports
    ]
    named = update_graph(facts.iris, sha256, path.name, now, reports, imported_by)
    for triple in added.graph:
        named.add(triple)
    add_entailments(named, Hierarchy.of(ontology_graph()))
    written = record_update(ledger, sha256, named)
    return Imported(update, now, written, len(reports), len(filled.new_actions), added.warnings)
