"""The layout of the progress workbook: its sheets, their columns in a fixed order and their
names in each language, and the status labels of the drop-down list (from the ontology).

The template writes this layout and the import reads it back against it: a column that is
missing or moved, or a workbook of another layout version, is refused. Change the layout and
raise LAYOUT_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.rdf.progress import PROGRESS_STATUSES

LAYOUT_VERSION = "1"
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Column:
    key: str  # the name the code uses
    nl: str
    en: str
    locked: bool = False  # filled in by the template from the graph; not to be edited

    def header(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class SheetNames:
    nl: str
    en: str

    def name(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


PROGRESS_SHEET = SheetNames("Voortgang", "Progress")
NEW_ACTIONS_SHEET = SheetNames("Nieuwe acties", "New actions")
INFO_SHEET = SheetNames("Info", "Info")

# Sheet "Voortgang": one row per action. The first six columns come from the graph (locked),
# the last four are the lead organisation's input.
PROGRESS_COLUMNS = (
    Column("number", "Nummer", "Number", locked=True),
    Column("title", "Titel", "Title", locked=True),
    Column("lead", "Trekker", "Lead", locked=True),
    Column("timing", "Timing", "Timing", locked=True),
    Column("last_status", "Laatste status", "Last status", locked=True),
    Column("last_note", "Laatste toelichting", "Last note", locked=True),
    Column("status", "Nieuwe status", "New status"),
    Column("note", "Toelichting", "Note"),
    Column("status_date", "Statusdatum", "Status date"),
    Column("amount_spent", "Besteed bedrag (euro)", "Amount spent (euro)"),
)
# The locked cells the import compares with the graph: what identifies the action. (The last
# status and note depend on the ledger when the template was made, and are not compared.)
COMPARED_COLUMNS = ("number", "title", "lead", "timing")

# Sheet "Nieuwe acties": actions added during the plan, in the plan's own columns.
NEW_ACTION_COLUMNS = (
    Column("objective", "Doelstelling", "Objective"),
    Column("number", "Nummer", "Number"),
    Column("title", "Actie", "Action"),
    Column("ministers", "Coördinerend minister, betrokken ministers", "Ministers"),
    Column("organisations", "Trekker, partners", "Lead, partners"),
    Column("timing", "Timing", "Timing"),
    Column("budget", "Budget", "Budget"),
)

# Sheet "Info": what the template was made for, one (key, value) row each; the import reads
# the keys in column A (their labels in column B are for people).
INFO_ROWS = (
    Column("layout", "Versie van de indeling", "Layout version"),
    Column("language", "Taal", "Language"),
    Column("plan", "Plan", "Plan"),
    Column("plan_title", "Titel van het plan", "Plan title"),
    Column("source_sha256", "SHA-256 van de tekst van het plan", "SHA-256 of the plan's text"),
    Column("as_of", "Laatste status op", "Last status as of"),
    Column("organisation", "Organisatie", "Organisation"),
)
# The row where the status labels of the drop-down list start (one label a row, column C).
INFO_STATUSES = Column("statuses", "Statussen", "Statuses")


def info_cell(key: str) -> str:
    """The cell of an Info value ("C3" for the plan)."""
    return f"C{[row.key for row in INFO_ROWS].index(key) + 1}"


def letter(columns: tuple[Column, ...], key: str) -> str:
    """The column letter of a key ("A" for the first column)."""
    index = [column.key for column in columns].index(key)
    return chr(ord("A") + index)


@cache
def ontology_graph() -> Graph:
    """The packaged ontology (labels of the statuses, the hierarchy new actions are closed
    under). Do not modify it."""
    return Graph().parse(ontology_file(), format="turtle")


def status_labels(lang: str) -> dict[URIRef, str]:
    """Each progress status's label (skos:prefLabel) in the language, in the order of the
    drop-down list. A status without a label in the language is a broken ontology: an error."""
    ontology = ontology_graph()
    labels: dict[URIRef, str] = {}
    for status in PROGRESS_STATUSES:
        found = [
            str(label)
            for label in ontology.objects(status, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language == lang
        ]
        if not found:
            raise LookupError(f"{ontology_file()}: {status} has no skos:prefLabel@{lang}")
        labels[status] = found[0]
    return labels
