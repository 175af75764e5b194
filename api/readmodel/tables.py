"""The plan's tables for spreadsheets, as the table downloads (api/routes/tables.py) serve them:
the workbook (XLSX) with the actions, the organisations' and ministers' roles, the pairs of
organisations sharing actions and the completeness matrix.

Two editions of each: the dataset's distribution (no language: machine column names, the
documented contract of docs/user-guide.md) and a staff edition in a page's language (`lang`):
column headers, sheet names and role words from the message catalogue, the names in the
language's spelling where the reference data has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.models import AgentRef
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.analysis import network as analytics
from actieplan.graph.core.workbook import DATE, EURO, Formatted, Sheet, workbook_bytes
from actieplan.graph.rdf.export import ACTION_COLUMNS, PlanDate, actions_table
from actieplan.graph.validation.render import matrix_rows

# How a date printed at a precision is shown in a cell (the cell holds its first or last day).
DATE_FORMATS = {"year": "yyyy", "month": "yyyy-mm", "day": DATE}
ROLE_SHEET_COLUMNS = ("action", "kind", "id", "name", "role")
SHARED_SHEET_COLUMNS = ("organisation_a", "organisation_b", "shared_actions", "actions")

# A staff edition's words for the machine names of columns and sheets ("budget_eur_2" is
# "Amount 2 (euro)"), and for the kinds and roles in the roles sheet's cells.
TITLES = {
    "plan": N_("Plan"),
    "action": N_("Action"),
    "objective": N_("Objective"),
    "title": N_("Title"),
    "coordinating_minister": N_("Coordinating minister"),
    "involved_ministers": N_("Involved ministers"),
    "lead": N_("Lead"),
    "partners": N_("Partners"),
    "timing_text": N_("Timing as printed"),
    "start": N_("Start"),
    "end": N_("End"),
    "ongoing": N_("Ongoing"),
    "open_ended": N_("No end date"),
    "budget_text": N_("Budget as printed"),
    "budget_regular_means": N_("Within regular resources"),
    "kind": N_("Kind"),
    "id": N_("Code"),
    "name": N_("Name"),
    "role": N_("Role"),
    "organisation_a": N_("Organisation A"),
    "organisation_b": N_("Organisation B"),
    "shared_actions": N_("Number of shared actions"),
    "actions": N_("Actions"),
    "roles": N_("Roles"),
    "shared actions": N_("Shared actions"),
    "completeness": N_("Completeness"),
}
NUMBERED_TITLES = {
    "budget_eur": N_("Amount %(n)s (euro)"),
    "budget_per_year": N_("Amount %(n)s per year"),
}
ROLE_WORDS = {
    "minister post": N_("minister post"),
    "organisation": N_("organisation"),
    "coordinating": N_("coordinating"),
    "involved": N_("involved"),
    "lead": N_("lead"),
    "partner": N_("partner"),
    "mentioned": N_("mentioned"),
}


def column_title(name: str, lang: str | None) -> str:
    """A machine name of a column or sheet in the staff edition of `lang`; as it is when
    `lang` is None (the distribution) or when it is no machine name (the completeness
    matrix's headers come in `lang` already)."""
    if lang is None:
        return name
    words = messages(lang)
    base, _, n = name.rpartition("_")
    if n.isdecimal() and base in NUMBERED_TITLES:
        return words.gettext(NUMBERED_TITLES[base], n=n)
    return words.gettext(TITLES[name]) if name in TITLES else name  # else: already in `lang`


def _titled(sheet: Sheet, lang: str | None) -> Sheet:
    """`sheet` with its name and headers in the staff edition of `lang`."""
    if lang is None:
        return sheet
    formats = {column_title(c, lang): f for c, f in sheet.number_formats.items()}
    columns = [column_title(c, lang) for c in sheet.columns]
    return Sheet(column_title(sheet.title, lang), columns, sheet.rows, formats)


def _typed_action_cell(value: object) -> object:
    if isinstance(value, PlanDate):
        return Formatted(value.day, DATE_FORMATS.get(value.precision, DATE))
    return value


def actions_sheet(data: ServiceData) -> Sheet:
    """The actions table with one numeric column per euro amount (budget_eur_1, _2, …, each
    with its budget_per_year_N), since a cell holds one number."""
    table = actions_table(data.graph)
    amounts_of = [
        list(zip(cast(tuple, row["budget_eur"]), cast(tuple, row["budget_per_year"]), strict=True))
        for row in table
    ]
    most = max(map(len, amounts_of), default=0)
    plain = [c for c in ACTION_COLUMNS if c not in ("budget_eur", "budget_per_year")]
    amount_columns = [
        name for n in range(1, most + 1) for name in (f"budget_eur_{n}", f"budget_per_year_{n}")
    ]
    objective_at = plain.index("objective")
    rows = []
    for row, amounts in zip(table, amounts_of, strict=True):
        padded = amounts + [(None, None)] * (most - len(amounts))
        cells = [_typed_action_cell(row[column]) for column in plain]
        objective = cells[objective_at]
        if isinstance(objective, str) and objective.isdecimal():  # a number, to sort by
            cells[objective_at] = int(objective)
        rows.append(cells + [value for amount in padded for value in amount])
    euro = {name: EURO for name in amount_columns if name.startswith("budget_eur")}
    if data.plan_id is not None:  # a plan among many: its id first, as in actions.csv
        return Sheet(
            "actions", ["plan", *plain, *amount_columns], [[data.plan_id, *r] for r in rows], euro
        )
    return Sheet("actions", plain + amount_columns, rows, euro)


def roles_sheet(data: ServiceData, lang: str | None = None) -> Sheet:
    """Every part an organisation or minister post has in an action, one row each; kinds,
    roles and names in `lang` for a staff edition."""
    labels = Labels(data.graph, data.catalogue, lang) if lang else None

    def word(machine: str) -> str:
        return messages(lang).gettext(ROLE_WORDS[machine]) if lang else machine

    def name(kind: str, agent: AgentRef) -> str:
        if labels is None:
            return agent.name
        of = labels.minister_post if kind == "minister post" else labels.organisation
        return of(agent.id)

    rows: list[list[object]] = []
    for number, action in data.catalogue.actions.items():
        parts: list[tuple[str, str, Sequence[AgentRef | None]]] = [
            ("minister post", "coordinating", [action.coordinating_minister]),
            ("minister post", "involved", action.involved_ministers),
            ("organisation", "lead", [action.lead]),
            ("organisation", "partner", action.partners),
            ("organisation", "mentioned", action.mentioned_organisations),
        ]
        for kind, role, agents in parts:
            rows += [
                [number, word(kind), a.id, name(kind, a), word(role)]
                for a in agents
                if a is not None
            ]
    return Sheet("roles", ROLE_SHEET_COLUMNS, rows)


def shared_sheet(data: ServiceData) -> Sheet:
    """Pairs of organisations sharing actions as lead or partner, most shared first."""
    pairs = analytics.shared_actions(analytics.actor_network(data.graph))
    rows = [
        [p["source_name"], p["target_name"], p["shared_actions"], tuple(p["actions"])]
        for p in pairs
    ]
    return Sheet("shared actions", SHARED_SHEET_COLUMNS, rows)


def completeness_sheet(data: ServiceData, lang: str | None = None) -> Sheet:
    """The SHACL report's matrix: one row per action, true where the action has the fact;
    headers in `lang` (English for the distribution)."""
    columns, rows = matrix_rows(data.completeness, lang or "en", lambda present: present)
    return Sheet("completeness", columns, rows)


def plan_workbook(data: ServiceData, lang: str | None = None) -> bytes:
    """The workbook: the distribution, or the staff edition in `lang`."""
    sheets = [
        actions_sheet(data),
        roles_sheet(data, lang),
        shared_sheet(data),
        completeness_sheet(data, lang),
    ]
    return workbook_bytes([_titled(sheet, lang) for sheet in sheets])
