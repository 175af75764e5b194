"""The plan's tables for spreadsheets, as the table downloads (api/routes/tables.py) serve them:
the workbook (XLSX) with the actions, the organisations' and ministers' roles, the pairs of
organisations sharing actions and the completeness matrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

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
    return Sheet("actions", plain + amount_columns, rows, euro)


def roles_sheet(data: ServiceData) -> Sheet:
    """Every part an organisation or minister post has in an action, one row each."""
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
            rows += [[number, kind, a.id, a.name, role] for a in agents if a is not None]
    return Sheet("roles", ROLE_SHEET_COLUMNS, rows)


def shared_sheet(data: ServiceData) -> Sheet:
    """Pairs of organisations sharing actions as lead or partner, most shared first."""
    pairs = analytics.shared_actions(analytics.actor_network(data.graph))
    rows = [
        [p["source_name"], p["target_name"], p["shared_actions"], tuple(p["actions"])]
        for p in pairs
    ]
    return Sheet("shared actions", SHARED_SHEET_COLUMNS, rows)


def completeness_sheet(data: ServiceData) -> Sheet:
    """The SHACL report's matrix: one row per action, true where the action has the fact."""
    columns, rows = matrix_rows(data.completeness, "en", lambda present: present)
    return Sheet("completeness", columns, rows)


def plan_workbook(data: ServiceData) -> bytes:
    return workbook_bytes(
        [actions_sheet(data), roles_sheet(data), shared_sheet(data), completeness_sheet(data)]
    )
