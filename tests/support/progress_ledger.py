"""A small, realistic follow-up ledger of the vendored plan for tests (and the manual's
screenshots): two progress updates, written with graph/rdf/progress.py as an import would.

    from support.progress_ledger import write_ledger
    folder = write_ledger(tmp_path / "progress")   # then `serve --progress folder`

- Update 1, read from "opvolging-2020.xlsx", imported 2021-01-12 by "Secretariaat Vlaams
  Platform": reports dated 2020-12-31 on actions 1.1, 1.5, 2.1, 3.9, 6.4 and 8.1.
- Update 2, read from "opvolging-2021.xlsx", imported 2022-01-14: reports dated 2021-12-31 on
  1.1, 1.5, 3.9, 5.2 and 7.3, and a new action 8.7 (objective 8).

Every report is made by the action's lead as the plan prints it (the lead cell, "Trekker":
ABB leads 1.1, 1.5 and 8.1; Opgroeien 2.1; the Justitiehuizen 3.9 and 7.3; Zorg en Gezondheid
6.4; VVSG 5.2). REPORTS lists them, so that tests derive their expected values from this table
and not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef

from actieplan.graph.core.builder import AddedBy, add_action
from actieplan.graph.core.entailment import Hierarchy, add_entailments
from actieplan.graph.core.records import Action, Plan, Printed
from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resolve import resolve_plan
from actieplan.graph.core.vocab import AP, Iris
from actieplan.graph.followup.layout import ontology_graph
from actieplan.graph.rdf.progress import (
    Report,
    record_update,
    update_graph,
    update_iri,
    workbook_iri,
)

BASE_IRI = "https://w3id.org/actieplan/id/"  # the default base of `serve`
PLAN_ID = "actieplan-radicalisering-2020-2024"  # the vendored plan's id
IMPORTED_BY = "Secretariaat Vlaams Platform"

FIRST_DATE, SECOND_DATE = dt.date(2020, 12, 31), dt.date(2021, 12, 31)
FIRST_IMPORT = dt.datetime(2021, 1, 12, 10, 0, tzinfo=dt.UTC)
SECOND_IMPORT = dt.datetime(2022, 1, 14, 9, 30, tzinfo=dt.UTC)

# (update 1 or 2, action, status, reporting organisation (the action's lead), note, spent)
REPORTS = [
    (1, "1.1", AP.NotStarted, "abb", "Start gepland in april 2021.", None),
    (1, "1.5", AP.OnSchedule, "abb", "Expertise ingebed in twee steden.", Decimal("40000")),
    (1, "2.1", AP.Started, "opgroeien", None, None),
    (1, "3.9", AP.Delayed, "justitiehuizen", "Overleg met de federale partner loopt.", None),
    (1, "6.4", AP.Started, "zorg-en-gezondheid", None, Decimal("10000")),
    (1, "8.1", AP.NotStarted, "abb", None, None),
    (2, "1.1", AP.OnSchedule, "abb", "Ondersteuningsaanbod loopt.", Decimal("104320")),
    (2, "1.5", AP.Done, "abb", "Afgerond.", Decimal("85000")),
    (2, "3.9", AP.Stopped, "justitiehuizen", "Vervangen door een federaal kader.", None),
    (2, "5.2", AP.Merged, "vvsg", "Opgenomen in actie 5.1.", None),
    (2, "7.3", AP.Delayed, "justitiehuizen", None, None),
]
# Added by update 2, from row 2 of its sheet "Nieuwe acties" (the plan's columns, as typed):
# lead VVSG, the minister of Binnenlands Bestuur, 2022-2023, within regular resources.
ADDED_ACTION = ("8.7", "Evalueren van de opleidingen over polarisering.", 8, 7)
ADDED_ROW = {
    "ministers": "Vlaams minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en "
    "Gelijke Kansen",
    "organisations": "VVSG",
    "timing": "2022 - 2023",
    "budget": "Binnen de reguliere middelen",
}


def _sha256(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


UPDATES = {
    1: ("opvolging-2020.xlsx", FIRST_IMPORT, FIRST_DATE),
    2: ("opvolging-2021.xlsx", SECOND_IMPORT, SECOND_DATE),
}


def iris() -> Iris:
    return Iris(BASE_IRI, PLAN_ID)


def update_iris() -> dict[int, str]:
    """Update number -> its IRI."""
    return {n: str(update_iri(iris(), _sha256(name))) for n, (name, _, _) in UPDATES.items()}


def write_ledger(folder: Path) -> Path:
    """The two updates written into `folder` (created); returns it."""
    minted = iris()
    for number, (name, imported_at, status_date) in UPDATES.items():
        reports = [
            Report(action, status, status_date, note, minted.organisation(lead), spent)
            for update, action, status, lead, note, spent in REPORTS
            if update == number
        ]
        sha = _sha256(name)
        graph = update_graph(minted, sha, name, imported_at, reports, imported_by=IMPORTED_BY)
        if number == 2:
            _add_action(graph, minted, update_iri(minted, sha))
        add_entailments(graph, Hierarchy.of(ontology_graph()))  # as an import does
        record_update(folder, sha, graph)
    return folder


def _add_action(graph: Graph, minted: Iris, update: URIRef) -> None:
    """ADDED_ACTION as an import adds it: its row read by the build's own resolver."""
    number, title, objective, _ = ADDED_ACTION
    row = Action(
        number=number,
        objective=objective,
        title=Printed(title),
        ministers=Printed(ADDED_ROW["ministers"]),
        organisations=Printed(ADDED_ROW["organisations"]),
        timing=Printed(ADDED_ROW["timing"]),
        budget=Printed(ADDED_ROW["budget"]),
        row_lines=[2],
    )
    resolved = resolve_plan(
        Plan("opvolging-2021.xlsx", Printed(""), [], [row], 0), load_reference()
    )
    add_action(graph, resolved.actions[0], minted, AddedBy(update, workbook_iri(update)))
