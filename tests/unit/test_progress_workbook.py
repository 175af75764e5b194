"""The follow-up round trip (issue 23): `actieplan progress template` writes the workbook, a
lead organisation fills it in (openpyxl here: five statuses and one new action), `actieplan
progress import` records it in a ledger; the graph then holds the reports, the new action and
the provenance, and "the state as of a date" answers for dates on either side of a second
import.

Expected values come from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt,
line numbers given), from what the test itself typed into the workbook, and from the bytes of
the file it wrote."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from support.cli_runner import run_cli
from support.progress_workbooks import fill, folder_digest, row_of, save, template

from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.vocab import AP
from actieplan.graph.core.workbook import FIXED_TIME
from actieplan.graph.followup.recorder import import_workbook
from actieplan.graph.followup.template import template_bytes
from actieplan.graph.rdf.loading import load_graph
from actieplan.graph.rdf.progress import read_ledger, with_progress

BASE = "https://w3id.org/actieplan/id/"
PLAN = f"{BASE}plan/actieplan-radicalisering-2020-2024"
AS_OF = dt.date(2022, 6, 30)

# Five actions, five statuses (the Dutch labels of ontology/actieplan.ttl), as typed in.
FIRST_REPORTS = {
    "1.1": ("gestart", dt.date(2022, 3, 31), "Netwerk opgestart", 12500.5),
    "2.1": ("volgens planning", dt.date(2022, 4, 30), None, None),
    "3.1": ("vertraagd", dt.date(2022, 5, 31), "Wacht op het decreet", None),
    "4.1": ("afgerond", dt.date(2022, 6, 15), None, 0),
    "5.1": ("stopgezet", dt.date(2022, 6, 30), "Opgenomen in het decreet", None),
}
# Their leads as the plan prints them (the first name of the Trekker cell): 1.1 "KBBJ
# (Agentschap Binnenlands Bestuur)" (line 97), 2.1 "WVG (Agentschap Opgroeien)" (line 129),
# 3.1 and 4.1 ABB (lines 151, 283), 5.1 "WVG (WVG, afdeling Justitiehuisen)" (line 333).
LEADS = {"1.1": "abb", "2.1": "opgroeien", "3.1": "abb", "4.1": "abb", "5.1": "justitiehuizen"}
STATUSES = {
    "1.1": AP.Started,
    "2.1": AP.OnSchedule,
    "3.1": AP.Delayed,
    "4.1": AP.Done,
    "5.1": AP.Stopped,
}
# A new action under objective 8, whose last printed action is 8.6 (line 429): 8.10 typed as
# text. Lead VVSG, partner ABB; the minister post of Binnenlands Bestuur.
NEW_ACTION = [
    "8",
    "8.10",
    "Evaluatie van het Vlaams Platform na twee jaar",
    "Vlaams minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen",
    "VVSG, KBBJ (Agentschap Binnenlands Bestuur)",
    "1 januari 2023 – 31 december 2024",
    "100.000 euro",
]
FIRST_IMPORT = dt.datetime(2022, 7, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plan_file(plan_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "graph.ttl"
    plan_graph.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def first(plan_graph, plan_file, tmp_path_factory):
    """The first workbook, imported into a new ledger: (workbook path, ledger)."""
    folder = tmp_path_factory.mktemp("first")
    workbook = fill(template(plan_graph, AS_OF), FIRST_REPORTS, [NEW_ACTION])
    path = save(workbook, folder / "voortgang-2022-06.xlsx")
    ledger = folder / "ledger"
    imported = _import(path, plan_file, ledger, FIRST_IMPORT, "Coördinatie Vlaams Platform")
    assert (imported.reports, imported.new_actions) == (5, 1)
    return path, ledger


def _import(path: Path, plan_file: Path, ledger: Path, now: dt.datetime, reporter: str):
    """`actieplan progress import` at a given time (the command takes the clock's)."""
    graph = with_progress(load_graph(plan_file), read_ledger(ledger))
    return import_workbook(path, graph, ledger, load_reference(), reporter, now)


def test_template_rows_locks_and_list(plan_graph, actions):
    workbook = template(plan_graph, AS_OF)
    assert workbook.sheetnames == ["Voortgang", "Nieuwe acties", "Info"]
    sheet = workbook["Voortgang"]
    # one row per action: the plan prints 50 (README, and the 50 of the resolved plan)
    assert sheet.max_row - 1 == len(actions) == 50
    assert [c.value for c in sheet[1]] == [
        "Nummer", "Titel", "Trekker", "Timing", "Laatste status", "Laatste toelichting",
        "Nieuwe status", "Toelichting", "Statusdatum", "Besteed bedrag (euro)",
    ]  # fmt: skip
    row = [c.value for c in sheet[row_of(workbook, "1.1")]]
    # line 97: the title, the lead "KBBJ (Agentschap Binnenlands Bestuur)", the timing
    assert row[:4] == [
        "1.1",
        "Afstemmen en voorzien van een ondersteuningsaanbod rond polarisatie via een "
        "overkoepelend netwerk",
        "Agentschap Binnenlands Bestuur",
        "1 april 2021 – 31 maart 2023",
    ]
    assert row[4:] == [None] * 6  # no ledger: no last status
    assert sheet.protection.sheet
    assert all(cell.protection.locked for cell in sheet[2][:6])
    assert not any(cell.protection.locked for cell in sheet[2][6:])
    assert all(cell.protection.locked for cell in sheet[1])
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1 and str(lists[0].sqref) == "G2:G51"
    info = {row[0]: row[2] for row in workbook["Info"].iter_rows(values_only=True)}
    assert info["plan"] == PLAN and info["as_of"] == "2022-06-30" and info["layout"] == "1"
    source = Path(__file__).parents[2] / "data/source/actieplan-radicalisering-2020-2024.txt"
    assert info["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    # the drop-down list's cells: the seven statuses, in the order of their skos:notation
    first, last = lists[0].formula1.split("!")[1].replace("$", "").split(":")
    labels = [cell.value for (cell,) in workbook["Info"][first:last]]
    assert labels == [
        "niet gestart", "gestart", "volgens planning", "vertraagd", "afgerond", "stopgezet",
        "samengevoegd met een andere actie",
    ]  # fmt: skip


def test_template_in_english_for_one_organisation(plan_file, actions, tmp_path):
    out = tmp_path / "progress.xlsx"
    code, _, err = run_cli(
        "progress", "template", "--graph", str(plan_file), "--organisation", "Opgroeien",
        "--lang", "en", "--as-of", "2022-06-30", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Progress", "New actions", "Info"]
    numbers = [row[0] for row in workbook["Progress"].iter_rows(min_row=2, values_only=True)]
    # the actions whose Trekker cell names Opgroeien, as the resolver read the plan's cells
    expected = [
        n for n, a in actions.items() if any(r.entity_id == "opgroeien" for r in a.organisations)
    ]
    assert numbers == expected and "2.1" in numbers
    assert workbook["Progress"]["C1"].value == "Lead"
    # its English name (data/reference/organisations.toml, id "opgroeien")
    lead = workbook["Progress"][f"C{row_of(workbook, '2.1', 'Progress')}"].value
    assert lead == "Agency for Growing Up"


def test_template_bytes_are_stable(plan_graph):
    assert template_bytes(plan_graph, "nl", AS_OF) == template_bytes(plan_graph, "nl", AS_OF)


def test_every_entry_of_the_template_carries_the_fixed_time(plan_graph):
    """Not the time of the save: two saves seconds apart give the same bytes (the worksheets,
    which openpyxl writes from temporary files, carried those files' times)."""
    entries = zipfile.ZipFile(io.BytesIO(template_bytes(plan_graph, "nl", AS_OF))).infolist()
    assert {entry.date_time for entry in entries} == {FIXED_TIME.timetuple()[:6]}


def test_import_records_reports(first, plan_graph):
    path, ledger = first
    (update,) = read_ledger(ledger)
    graph = update.graph
    reports = {
        str(graph.value(report, AP.reportOn)).rsplit("/", 1)[1]: report
        for report in graph.subjects(RDF.type, AP.ProgressReport)
    }
    assert sorted(reports) == sorted(FIRST_REPORTS)
    for number, (_, day, note, amount) in FIRST_REPORTS.items():
        report = reports[number]
        assert graph.value(report, AP.progressStatus) == STATUSES[number]
        assert graph.value(report, AP.statusDate) == Literal(day)
        assert graph.value(report, AP.progressNote) == (Literal(note) if note else None)
        spent = graph.value(report, AP.amountSpent)
        assert (spent.toPython() if spent is not None else None) == (
            Decimal(str(amount)) if amount is not None else None
        )
        assert graph.value(report, AP.reportingOrganisation) == URIRef(
            f"{BASE}organisation/{LEADS[number]}"
        )


def test_import_records_provenance(first):
    path, ledger = first
    (update,) = read_ledger(ledger)
    graph, iri = update.graph, update.iri
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    assert iri == URIRef(f"{PLAN}/update/{sha256[:16]}")
    assert update.path.name == f"{sha256[:16]}.trig"
    assert graph.value(iri, AP.followsUp) == URIRef(PLAN)
    assert graph.value(iri, PROV.generatedAtTime).toPython() == FIRST_IMPORT
    source = graph.value(iri, PROV.wasDerivedFrom)
    assert graph.value(source, AP.fileName) == Literal("voortgang-2022-06.xlsx")
    assert graph.value(source, AP.sha256) == Literal(sha256)
    agent = graph.value(iri, PROV.wasAttributedTo)
    assert graph.value(agent, RDFS.label) == Literal("Coördinatie Vlaams Platform")


def test_import_adds_the_new_action(first, plan_graph):
    _, ledger = first
    (update,) = read_ledger(ledger)
    action = URIRef(f"{PLAN}/action/8.10")
    assert (action, RDF.type, AP.Action) not in plan_graph
    graph = with_progress(plan_graph, [update])
    assert (action, RDF.type, AP.Action) in update.graph
    assert graph.value(action, AP.objective) == URIRef(f"{PLAN}/objective/8")
    assert graph.value(action, AP.ordinal) == Literal(10)
    assert graph.value(action, AP.leadOrganisation) == URIRef(f"{BASE}organisation/vvsg")
    assert set(graph.objects(action, AP.partnerOrganisation)) == {URIRef(f"{BASE}organisation/abb")}
    assert graph.value(action, AP.coordinatingMinister) == URIRef(
        f"{BASE}minister-post/binnenlands-bestuur"
    )
    timing = graph.value(action, AP.timing)
    assert graph.value(timing, AP.startsOn) == Literal(dt.date(2023, 1, 1))
    assert graph.value(timing, AP.endsOn) == Literal(dt.date(2024, 12, 31))
    amount = graph.value(graph.value(action, AP.budget), AP.amount)
    assert graph.value(amount, URIRef("http://schema.org/value")).toPython() == Decimal(100000)
    # derived from the update and its workbook's row, not from the plan's text: the first
    # row under the header of the sheet "Nieuwe acties" (row 2)
    workbook = URIRef(f"{update.iri}/file")
    assert set(graph.objects(action, PROV.wasDerivedFrom)) == {update.iri, workbook}
    derivation = graph.value(action, PROV.qualifiedDerivation)
    assert graph.value(derivation, PROV.entity) == workbook
    assert (graph.value(derivation, AP.firstLine), graph.value(derivation, AP.lastLine)) == (
        Literal(2),
        Literal(2),
    )
    assert (action, AP.sourceLine, None) not in graph


def test_importing_twice_records_once(first, plan_file):
    path, ledger = first
    before = folder_digest(ledger)
    code, out, err = run_cli(
        "progress", "import", str(path), "--graph", str(plan_file), "--progress", str(ledger)
    )
    assert code == 0, err
    assert "already recorded as <" in out and "2022-07-01T09:00:00+00:00" in out
    assert folder_digest(ledger) == before


def test_state_as_of_either_side_of_a_second_import(first, plan_graph, plan_file, tmp_path):
    _, first_ledger = first
    ledger = tmp_path / "ledger"
    shutil.copytree(first_ledger, ledger)
    graph = with_progress(plan_graph, read_ledger(ledger))
    # the second round: a template as of the end of 2022 shows the first round's state
    second = template(graph, dt.date(2022, 12, 31))
    row = row_of(second, "1.1")
    assert second["Voortgang"][f"E{row}"].value == "gestart"
    assert second["Voortgang"][f"F{row}"].value == "Netwerk opgestart"
    fill(second, {"1.1": ("afgerond", dt.date(2022, 12, 15), "Netwerk loopt zelfstandig", None)})
    path = save(second, tmp_path / "voortgang-2022-12.xlsx")
    _import(path, plan_file, ledger, dt.datetime(2023, 1, 5, 10, 0, tzinfo=dt.UTC), "Coördinatie")

    def status_of(number: str, date: str) -> str:
        code, out, err = run_cli(
            "query", "progress-as-of", "-p", f"date={date}", "--graph", str(plan_file),
            "--progress", str(ledger), "--format", "csv",
        )  # fmt: skip
        assert code == 0, err
        rows = {row["number"]: row for row in csv.DictReader(io.StringIO(out))}
        return rows[number]["status"]

    assert status_of("1.1", "2022-03-30") == ""  # before the first status date
    assert status_of("1.1", "2022-12-14").endswith("Started")  # the first import's
    assert status_of("1.1", "2022-12-15").endswith("Done")  # the second import's
    assert status_of("2.1", "2022-12-31").endswith("OnSchedule")  # untouched by the second
    assert status_of("8.10", "2022-12-31") == ""  # the new action: in the plan, no report
