"""Actions added during the plan ("nieuwe acties ingeschreven"), from the rows of the sheet
"Nieuwe acties": each row is read as the plan's own table row would be, by the build's own code
(graph/core/resolve.py: minister and organisation names, timing and budget; builder.add_action:
the same properties the build gives an action), and derived from the progress update instead
of the plan's text. A name that resolves to nothing is a problem naming its cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from actieplan.graph.core.builder import AddedBy, add_action
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import Action, Plan, Printed
from actieplan.graph.core.reference import ReferenceData
from actieplan.graph.core.resolve import resolve_plan
from actieplan.graph.core.vocab import AP
from actieplan.graph.followup.layout import NEW_ACTION_COLUMNS, letter
from actieplan.graph.followup.plan_facts import PlanFacts
from actieplan.graph.followup.reader import NewActionRow
from actieplan.graph.rdf.progress import workbook_iri

# The fields resolve.py names its problems with, and the column of the sheet they are in.
_FIELD_COLUMNS = {
    "Coördinerend minister": "ministers",
    "Betrokken ministers": "ministers",
    "Trekker": "organisations",
    "Partner": "organisations",
}


@dataclass
class NewActions:
    graph: Graph  # the actions' triples
    problems: list[Problem]
    warnings: list[str]


def new_actions(
    rows: list[NewActionRow],
    graph: Graph,
    facts: PlanFacts,
    reference: ReferenceData,
    update: URIRef,
    file: str,
) -> NewActions:
    """The triples of the new actions, derived from the update; problems for names that
    resolve to nothing or to an entity the graph does not have."""
    found = NewActions(Graph(), [], [])
    for row in rows:
        cells = row.cells
        action = Action(
            number=row.number,
            objective=row.objective,
            title=Printed(cells["title"]),
            ministers=Printed(cells["ministers"]),
            organisations=Printed(cells["organisations"]),
            timing=Printed(cells["timing"]),
            budget=Printed(cells["budget"]),
            row_lines=[row.row],  # its line in the workbook: the sheet's row
        )
        source = f"{file} [{row.sheet}!row {row.row}]"
        plan = Plan(source, Printed(""), [], [action], line_count=0)

        def at(column: str, row: NewActionRow = row) -> str:
            return f"{row.sheet}!{letter(NEW_ACTION_COLUMNS, column)}{row.row}"

        try:
            resolved = resolve_plan(plan, reference)
        except InputError as error:
            found.problems.extend(
                Problem(file, None, at(_FIELD_COLUMNS.get(p.field or "", "title")), p.message)
                for p in error.problems
            )
            continue
        found.warnings.extend(w.replace(f"{source}:None:", f"{source}:") for w in resolved.warnings)
        one = resolved.actions[0]
        missing = [
            (column, node, ref.printed)
            for refs, column, kind, mint in (
                (one.ministers, "ministers", AP.MinisterPost, facts.iris.minister_post),
                (one.organisations, "organisations", AP.Organisation, facts.iris.organisation),
            )
            for ref in refs
            if (node := mint(ref.entity_id), RDF.type, kind) not in graph
        ]
        for column, node, printed in missing:
            found.problems.append(
                Problem(
                    file,
                    None,
                    at(column),
                    f"{printed!r} is {node} in the reference data, which the graph does not "
                    "have: import with the reference data the graph was built with (--reference)",
                )
            )
        if not missing:
            add_action(found.graph, one, facts.iris, AddedBy(update, workbook_iri(update)))
    return found
