"""The follow-up ledger (graph/rdf/progress.py) and "the state as of a date" over it.

Action titles and leads are the plan's own (source lines in the comments); the reports are
made here, as an import would make them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from support.cli_runner import run_cli

from actieplan.graph.core.errors import InputError
from actieplan.graph.core.vocab import AP, Iris, default_base_iri
from actieplan.graph.rdf.progress import (
    RecordedUpdate,
    Report,
    read_ledger,
    record_update,
    update_graph,
    update_iri,
    with_progress,
)
from actieplan.graph.validation.report import validate_graph

IRIS = Iris(default_base_iri(), "actieplan-radicalisering-2020-2024")
ABB = URIRef(f"{default_base_iri()}organisation/abb")
UTC = dt.UTC


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def first_update() -> tuple[str, Graph]:
    digest = sha("first workbook")
    reports = [
        Report("1.1", AP.Started, dt.date(2021, 3, 31), "netwerk opgestart", ABB),
        Report("3.12", AP.Delayed, dt.date(2021, 3, 31), amount_spent=Decimal("1250.50")),
    ]
    imported = dt.datetime(2021, 4, 2, 9, 30, tzinfo=UTC)
    return digest, update_graph(IRIS, digest, "voortgang-q1.xlsx", imported, reports, "Jan")


def second_update() -> tuple[str, Graph]:
    digest = sha("second workbook")
    reports = [Report("1.1", AP.Done, dt.date(2022, 6, 30), "afgerond", ABB)]
    imported = dt.datetime(2022, 7, 4, 14, 0, tzinfo=UTC)
    return digest, update_graph(IRIS, digest, "voortgang-2022.xlsx", imported, reports)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_update_is_recorded_once_as_its_own_file_and_named_graph(tmp_path):
    digest, graph = first_update()
    path = record_update(tmp_path, digest, graph)
    assert path == tmp_path / f"{digest[:16]}.trig"
    before = folder_bytes(tmp_path)
    assert record_update(tmp_path, digest, graph) is None  # the same workbook again
    assert folder_bytes(tmp_path) == before
    (recorded,) = read_ledger(tmp_path)
    assert recorded.iri == update_iri(IRIS, digest) == graph.identifier
    assert set(recorded.graph) == set(graph)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_the_update_carries_its_provenance():
    digest, graph = first_update()
    update = update_iri(IRIS, digest)
    assert str(update).endswith(f"/plan/actieplan-radicalisering-2020-2024/update/{digest[:16]}")
    assert graph.value(update, AP.followsUp) == IRIS.plan
    assert graph.value(update, PROV.generatedAtTime) == Literal(
        dt.datetime(2021, 4, 2, 9, 30, tzinfo=UTC), datatype=XSD.dateTime
    )
    workbook = graph.value(update, PROV.wasDerivedFrom)
    assert graph.value(workbook, AP.fileName) == Literal("voortgang-q1.xlsx")
    assert graph.value(workbook, AP.sha256) == Literal(digest)
    agent = graph.value(update, PROV.wasAttributedTo)
    assert (agent, RDF.type, PROV.Agent) in graph
    report = URIRef(f"{update}/action/3.12")
    assert graph.value(report, DCTERMS.isPartOf) == update
    assert graph.value(report, AP.reportOn) == IRIS.action("3.12")
    assert graph.value(report, AP.amountSpent) == Literal(Decimal("1250.50"))


def test_readers_see_the_plan_and_its_updates_and_the_plan_is_left_as_it_was(plan_graph):
    digest, graph = first_update()
    size = len(plan_graph)
    recorded = RecordedUpdate(update_iri(IRIS, digest), graph, Path(f"{digest[:16]}.trig"))
    merged = with_progress(plan_graph, [recorded])
    assert len(plan_graph) == size
    assert len(merged) == size + len(graph)
    assert with_progress(plan_graph, []) is plan_graph


@pytest.mark.parametrize(
    "text, field",
    [
        ("this is not trig {", "syntax"),
        ("<urn:a> <urn:b> <urn:c> .", "graph"),  # no named graph
        (
            "<urn:g1> { <urn:a> <urn:b> <urn:c> } <urn:g2> { <urn:a> <urn:b> <urn:d> }",
            "graph",
        ),
        ("<urn:g1> { <urn:a> <urn:b> <urn:c> }", "graph"),  # not a progress update
    ],
)
def test_a_file_that_is_not_one_update_is_refused_naming_it(tmp_path, text, field):
    bad = tmp_path / "0123456789abcdef.trig"
    bad.write_text(text)
    with pytest.raises(InputError) as caught:
        read_ledger(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file == str(bad) and problem.field == field


def test_the_state_as_of_a_date_on_either_side_of_a_second_import(tmp_path):
    for digest, graph in (first_update(), second_update()):
        record_update(tmp_path, digest, graph)

    def state(date: str) -> dict[str, dict[str, str | None]]:
        code, out, err = run_cli(
            "query", "progress-as-of", "-p", f"date={date}", "--progress", str(tmp_path),
            "--format", "json",
        )  # fmt: skip
        assert code == 0, err
        return {row["number"]: row for row in json.loads(out)}

    before = state("2022-01-01")
    assert len(before) == 50  # every action of the plan, reported or not
    # 1.1: "Afstemmen en voorzien van een ondersteuningsaanbod rond polarisatie via een
    # overkoepelend netwerk" (the plan's first action)
    assert before["1.1"]["title"].startswith("Afstemmen en voorzien")
    assert before["1.1"]["status"] == str(AP.Started)
    assert before["1.1"]["note"] == "netwerk opgestart"
    assert before["3.12"]["status"] == str(AP.Delayed)
    assert before["2.1"]["status"] is None  # never reported
    after = state("2022-12-31")
    assert after["1.1"]["status"] == str(AP.Done)
    assert after["1.1"]["status_date"] == "2022-06-30"
    assert after["3.12"]["status"] == str(AP.Delayed)  # its last report still holds
    assert state("2021-03-30")["1.1"]["status"] is None  # before any report


def test_of_two_reports_for_the_same_date_the_later_import_counts(tmp_path):
    early, late = sha("early"), sha("late")
    day = dt.date(2022, 3, 1)
    record_update(
        tmp_path,
        early,
        update_graph(IRIS, early, "a.xlsx", dt.datetime(2022, 3, 2, tzinfo=UTC),
                     [Report("2.1", AP.OnSchedule, day)]),
    )  # fmt: skip
    record_update(
        tmp_path,
        late,
        update_graph(IRIS, late, "b.xlsx", dt.datetime(2022, 3, 9, tzinfo=UTC),
                     [Report("2.1", AP.Delayed, day, "correctie")]),
    )  # fmt: skip
    code, out, err = run_cli(
        "query", "progress-as-of", "-p", "date=2022-03-01", "--progress", str(tmp_path),
        "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    (row,) = [line for line in out.splitlines() if ",2.1," in line]
    assert str(AP.Delayed) in row and "correctie" in row


def test_the_updates_are_named_graphs_of_the_store(tmp_path):
    digest, graph = first_update()
    record_update(tmp_path, digest, graph)
    query = (
        "PREFIX ap: <https://w3id.org/actieplan/def#> SELECT ?g (COUNT(?r) AS ?n) "
        "WHERE { GRAPH ?g { ?r a ap:ProgressReport } } GROUP BY ?g"
    )
    code, out, err = run_cli("sparql", query, "--progress", str(tmp_path), "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[1:] == [f"{update_iri(IRIS, digest)},2"]


def test_a_ledger_that_is_not_there_is_an_error_for_a_reader(tmp_path):
    code, _, err = run_cli("query", "budget", "--progress", str(tmp_path / "missing"))
    assert code == 2
    assert "missing" in err and "no such folder" in err


def test_progress_does_not_go_with_a_store(tmp_path):
    code, _, err = run_cli(
        "query", "budget", "--store", "http://127.0.0.1:9/query", "--progress", str(tmp_path)
    )
    assert code == 2 and "--progress" in err


def test_recorded_updates_conform_to_the_shapes_and_a_broken_report_does_not(plan_graph):
    digest, graph = first_update()
    recorded = RecordedUpdate(update_iri(IRIS, digest), graph, Path(f"{digest[:16]}.trig"))
    merged = with_progress(plan_graph, [recorded])
    assert validate_graph(merged).results == validate_graph(plan_graph).results
    report = URIRef(f"{update_iri(IRIS, digest)}/action/1.1")
    merged.remove((report, AP.statusDate, None))
    merged.add((report, AP.progressStatus, AP.NewAction))  # a plan legend status, not progress
    merged.add((report, AP.reportOn, IRIS.action("99.1")))  # no such action
    shapes = {str(f.check.shape).rsplit("#", 1)[-1] for f in validate_graph(merged).results}
    assert {"ReportDate", "ReportStatus", "ReportAction"} <= shapes
