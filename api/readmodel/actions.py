"""The action filters of /api/actions, which the timeline uses too: both list exactly the same
actions for the same filters.

An organisation counts the actions of its units (the organisations recorded under it,
api/readmodel/action_sheets.py's `units_of`) unless `include_units` is false: ABB, asked for,
leads action 3.14 through its information and screening service."""

from __future__ import annotations

import datetime as dt

from actieplan.api.readmodel.action_sheets import units_of
from actieplan.api.readmodel.models import ActionJson, ActionSummary
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.lookup import MINISTER, ORGANISATION

ROLES = ("any", "lead", "partner", "mentioned", "coordinating", "involved")


def _active_on(action: ActionJson, day: dt.date) -> bool:
    if action.ongoing:
        return True
    if action.starts_on is None:
        return False
    return action.starts_on <= day.isoformat() and (
        action.ends_on is None or day.isoformat() <= action.ends_on
    )


def _active_in(action: ActionJson, year: int) -> bool:
    """Runs in `year`: ongoing, or started by its end and not ended before it began."""
    if action.ongoing:
        return True
    if action.starts_on is None:
        return False
    return int(action.starts_on[:4]) <= year and (
        action.ends_on is None or int(action.ends_on[:4]) >= year
    )


def _has_organisation(action: ActionJson, orgs: set[str], role: str) -> bool:
    lead = action.lead is not None and action.lead.id in orgs
    partner = any(p.id in orgs for p in action.partners)
    mentioned = any(m.id in orgs for m in action.mentioned_organisations)
    return {"lead": lead, "partner": partner, "mentioned": mentioned}.get(role, lead or partner)


def _has_minister(action: ActionJson, post: str, role: str) -> bool:
    coordinating = (
        action.coordinating_minister is not None and action.coordinating_minister.id == post
    )
    involved = any(m.id == post for m in action.involved_ministers)
    return {"coordinating": coordinating, "involved": involved}.get(role, coordinating or involved)


def filter_actions(
    data: ServiceData,
    *,
    objective: int | None = None,
    organisation: str | None = None,
    minister: str | None = None,
    role: str = "any",
    active_on: dt.date | None = None,
    active_in: int | None = None,
    funding_mode: str | None = None,
    include_units: bool = True,
) -> list[ActionSummary]:
    """The actions that pass every filter given, in the plan's order. `organisation` and
    `minister` are found by the one name lookup (graph/core/lookup.py): UnknownName, with its
    "did you mean", for a name of no single entity. `active_in`: a year the action runs in
    (ongoing actions run in every year)."""
    orgs: set[str] = set()
    if organisation is not None:
        organisation = data.entities.find_id(ORGANISATION, organisation)
        orgs = {organisation}
        if include_units:
            orgs |= set(units_of(data.catalogue, organisation))
    if minister is not None:
        minister = data.entities.find_id(MINISTER, minister)
    found = [
        a
        for a in data.catalogue.actions.values()
        if (objective is None or a.objective == objective)
        and (organisation is None or _has_organisation(a, orgs, role))
        and (minister is None or _has_minister(a, minister, role))
        and (active_on is None or _active_on(a, active_on))
        and (active_in is None or _active_in(a, active_in))
        and (funding_mode is None or a.funding_mode == funding_mode)
    ]
    return data.catalogue.summaries(found)
