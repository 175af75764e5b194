"""The action filters of /api/actions, which the timeline uses too: both list exactly the same
actions for the same filters."""

from __future__ import annotations

import datetime as dt

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


def _has_organisation(action: ActionJson, org: str, role: str) -> bool:
    lead = action.lead is not None and action.lead.id == org
    partner = any(p.id == org for p in action.partners)
    mentioned = any(m.id == org for m in action.mentioned_organisations)
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
    funding_mode: str | None = None,
) -> list[ActionSummary]:
    """The actions that pass every filter given, in the plan's order. `organisation` and
    `minister` are found by the one name lookup (graph/core/lookup.py): UnknownName, with its
    "did you mean", for a name of no single entity."""
    if organisation is not None:
        organisation = data.entities.find_id(ORGANISATION, organisation)
    if minister is not None:
        minister = data.entities.find_id(MINISTER, minister)
    found = [
        a
        for a in data.catalogue.actions.values()
        if (objective is None or a.objective == objective)
        and (organisation is None or _has_organisation(a, organisation, role))
        and (minister is None or _has_minister(a, minister, role))
        and (active_on is None or _active_on(a, active_on))
        and (funding_mode is None or a.funding_mode == funding_mode)
    ]
    return data.catalogue.summaries(found)
