"""The follow-up ledger: the progress updates recorded for a plan, one file per import.

A ledger is a folder. Each import of progress reports (`actieplan progress import`) is one
progress update (ap:ProgressUpdate): a named graph holding its reports, its provenance and any
actions it adds to the plan, written as one TriG file that is never edited afterwards, so that
history is kept and "the state as of a date" is a query (queries/progress-as-of.rq).

- The update's key is the first 16 hex digits of the SHA-256 of the file it was read from; its
  IRI is <plan>/update/<key> and its file <key>.trig. Importing the same file twice finds the
  file and records nothing.
- A file is written whole or not at all: into a temporary file in the same folder, renamed
  into place.
- Readers see the plan and its updates as one graph (`with_progress`): every question, page and
  check then sees the reports and the added actions; each update's own graph keeps its
  provenance (who imported what, when).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import AP, PREFIXES, Iris
from actieplan.graph.rdf.loading import no_network

UPDATE_SUFFIX = ".trig"
KEY_LENGTH = 16  # hex digits of the SHA-256 that name an update


def update_key(sha256: str) -> str:
    """The key of the update read from a file with this SHA-256 (hexadecimal)."""
    return sha256.lower()[:KEY_LENGTH]


def update_iri(iris: Iris, sha256: str) -> URIRef:
    return iris.below(iris.plan, "update", update_key(sha256))


def workbook_iri(update: URIRef) -> URIRef:
    """The workbook an update was read from (a prov:Entity of the update's graph)."""
    return URIRef(f"{update}/file")


def report_iri(update: URIRef, action_number: str) -> URIRef:
    """One report per action and update: <update>/action/<number>."""
    return URIRef(f"{update}/action/{action_number}")


# The statuses of ap:ProgressStatuses, in the order of the drop-down list (skos:notation)
PROGRESS_STATUSES = (
    AP.NotStarted,
    AP.Started,
    AP.OnSchedule,
    AP.Delayed,
    AP.Done,
    AP.Stopped,
    AP.Merged,
)


@dataclass(frozen=True)
class Report:
    """One action's state on a date, as a progress update records it."""

    action_number: str
    status: URIRef  # one of PROGRESS_STATUSES
    status_date: dt.date
    note: str | None = None
    reporter: URIRef | None = None  # the reporting organisation
    amount_spent: Decimal | None = None  # euro


def update_graph(
    iris: Iris,
    sha256: str,
    file_name: str,
    imported_at: dt.datetime,
    reports: list[Report],
    imported_by: str | None = None,
) -> Graph:
    """The named graph of one update: its provenance (the file read, when, by whom as given)
    and its reports, each linked to the update with dcterms:isPartOf. Actions the update adds
    are added to this graph by the caller."""
    update = update_iri(iris, sha256)
    graph = Graph(identifier=update)
    workbook = workbook_iri(update)
    graph.add((update, RDF.type, AP.ProgressUpdate))
    graph.add((update, AP.followsUp, iris.plan))
    graph.add((update, PROV.generatedAtTime, Literal(imported_at, datatype=XSD.dateTime)))
    graph.add((update, PROV.wasDerivedFrom, workbook))
    graph.add((workbook, RDF.type, PROV.Entity))  # not the plan's ap:SourceDocument
    graph.add((workbook, AP.fileName, Literal(file_name)))
    graph.add((workbook, AP.sha256, Literal(sha256.lower())))
    if imported_by:
        agent = URIRef(f"{update}/imported-by")
        graph.add((update, PROV.wasAttributedTo, agent))
        graph.add((agent, RDF.type, PROV.Agent))
        graph.add((agent, RDFS.label, Literal(imported_by)))
    for report in reports:
        node = report_iri(update, report.action_number)
        graph.add((node, RDF.type, AP.ProgressReport))
        graph.add((node, DCTERMS.isPartOf, update))
        graph.add((node, AP.reportOn, iris.action(report.action_number)))
        graph.add((node, AP.progressStatus, report.status))
        graph.add((node, AP.statusDate, Literal(report.status_date, datatype=XSD.date)))
        if report.note:
            graph.add((node, AP.progressNote, Literal(report.note)))
        if report.reporter is not None:
            graph.add((node, AP.reportingOrganisation, report.reporter))
        if report.amount_spent is not None:
            graph.add((node, AP.amountSpent, Literal(report.amount_spent, datatype=XSD.decimal)))
    return graph


@dataclass(frozen=True)
class RecordedUpdate:
    iri: URIRef
    graph: Graph  # the update's named graph
    path: Path


def update_file(ledger: Path, sha256: str) -> Path:
    return ledger / f"{update_key(sha256)}{UPDATE_SUFFIX}"


def read_ledger(ledger: Path | str) -> list[RecordedUpdate]:
    """Every update recorded in the folder, in key order. A folder that does not exist holds
    none. InputError (file, field) for a file that is not one update's named graph."""
    ledger = Path(ledger)
    if not ledger.exists():
        return []
    if not ledger.is_dir():
        raise InputError(Problem(str(ledger), None, "progress", "not a folder of updates"))
    return [_read_update(path) for path in sorted(ledger.glob(f"*{UPDATE_SUFFIX}"))]


def _read_update(path: Path) -> RecordedUpdate:
    dataset = Dataset()
    try:
        with no_network():
            dataset.parse(data=path.read_bytes(), format="trig")
    except Exception as error:  # rdflib raises many parser-specific types
        raise InputError(Problem(str(path), None, "syntax", f"not valid TriG: {error}")) from error
    named = [g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier]
    named = [g for g in named if len(g)]
    if len(dataset.default_graph) or len(named) != 1:
        raise InputError(
            Problem(str(path), None, "graph", "an update file holds exactly one named graph")
        )
    graph = named[0]
    iri = graph.identifier
    if not isinstance(iri, URIRef) or (iri, RDF.type, AP.ProgressUpdate) not in graph:
        raise InputError(
            Problem(str(path), None, "graph", f"<{iri}> is not described as ap:ProgressUpdate")
        )
    if not str(iri).endswith("/" + path.stem):
        raise InputError(
            Problem(str(path), None, "graph", f"<{iri}> does not end in the file's key")
        )
    copy = Graph(identifier=iri)
    for triple in graph:
        copy.add(triple)
    return RecordedUpdate(iri, copy, path)


def record_update(ledger: Path | str, sha256: str, update: Graph) -> Path | None:
    """Write the update into the ledger as <key>.trig, whole or not at all; None (and nothing
    written) when an update of the same file is already recorded."""
    ledger = Path(ledger)
    target = update_file(ledger, sha256)
    if target.exists():
        return None
    ledger.mkdir(parents=True, exist_ok=True)
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():  # readable: ap:, prov:, ... not ns1:
        dataset.bind(prefix, namespace)
    named = dataset.graph(update.identifier)
    for triple in update:
        named.add(triple)
    data = dataset.serialize(format="trig", encoding="utf-8")
    handle, temporary = tempfile.mkstemp(dir=ledger, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, target)  # fails if another import got there first
    except FileExistsError:
        return None
    finally:
        os.unlink(temporary)
    return target


def with_progress(plan: Graph, updates: list[RecordedUpdate]) -> Graph:
    """The plan's graph with every update's triples: what the readers of the graph see. The
    plan's graph itself is not changed when there are updates (a new graph is returned)."""
    if not updates:
        return plan
    merged = Graph()
    for prefix, namespace in plan.namespaces():
        merged.bind(prefix, namespace)
    for triple in plan:
        merged.add(triple)
    for update in updates:
        for triple in update.graph:
            merged.add(triple)
    return merged
