"""JSON API: actions, objectives, organisations and minister posts, with filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from actieplan.api.catalogue import Catalogue
from actieplan.api.models import (
    PROBLEM_RESPONSES,
    ActionJson,
    ActionSummary,
    MinisterPostJson,
    ObjectiveJson,
    OrganisationJson,
)
from actieplan.graph.core.lookup import MINISTER, ORGANISATION, NameLookup, UnknownName

router = APIRouter(prefix="/api", tags=["plan"], responses=PROBLEM_RESPONSES)
ROLES = ("any", "lead", "partner", "mentioned", "coordinating", "involved")


def catalogue(request: Request) -> Catalogue:
    return request.app.state.data.catalogue


def _not_found(what: str, key: str, known: list[str]) -> HTTPException:
    sample = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
    return HTTPException(404, f"no {what} {key!r}; known: {sample}")


def _lookup(request: Request, kind: str, text: str) -> str:
    """The id a filter's text stands for, by the one name lookup (graph/core/lookup.py);
    400 with its "did you mean" message."""
    names: NameLookup = request.app.state.data.entities
    try:
        return names.find_id(kind, text)
    except UnknownName as error:
        raise HTTPException(400, str(error)) from error


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


@router.get("/actions", response_model=list[ActionSummary], summary="List actions")
def list_actions(
    request: Request,
    objective: Annotated[int | None, Query(description="objective number")] = None,
    organisation: Annotated[
        str | None, Query(description="organisation: id, abbreviation, any name or alias")
    ] = None,
    minister: Annotated[
        str | None, Query(description="minister post: id, portfolio, any name or variant")
    ] = None,
    role: Annotated[
        str,
        Query(
            description="role of the organisation or minister: " + ", ".join(ROLES),
            pattern="^(" + "|".join(ROLES) + ")$",
        ),
    ] = "any",
    active_on: Annotated[
        dt.date | None, Query(description="running on this date (ongoing actions count as running)")
    ] = None,
    funding_mode: Annotated[
        str | None, Query(description="SpecificBudget, WithinRegularResources, ExternalFund")
    ] = None,
):
    data = catalogue(request)
    if organisation is not None:
        organisation = _lookup(request, ORGANISATION, organisation)
    if minister is not None:
        minister = _lookup(request, MINISTER, minister)
    found = [
        a
        for a in data.actions.values()
        if (objective is None or a.objective == objective)
        and (organisation is None or _has_organisation(a, organisation, role))
        and (minister is None or _has_minister(a, minister, role))
        and (active_on is None or _active_on(a, active_on))
        and (funding_mode is None or a.funding_mode == funding_mode)
    ]
    return data.summaries(found)


@router.get("/actions/{number}", response_model=ActionJson, summary="One action, all its facts")
def get_action(request: Request, number: str):
    data = catalogue(request)
    if number not in data.actions:
        raise _not_found("action", number, list(data.actions))
    return data.actions[number]


@router.get("/objectives", response_model=list[ObjectiveJson], summary="List objectives")
def list_objectives(request: Request):
    return list(catalogue(request).objectives.values())


@router.get("/objectives/{number}", response_model=ObjectiveJson, summary="One objective")
def get_objective(request: Request, number: int):
    data = catalogue(request)
    if number not in data.objectives:
        raise _not_found("objective", str(number), [str(n) for n in data.objectives])
    return data.objectives[number]


@router.get("/organisations", response_model=list[OrganisationJson], summary="List organisations")
def list_organisations(
    request: Request,
    kind: Annotated[str | None, Query(description="e.g. agency, department")] = None,
    government_level: Annotated[
        str | None, Query(description="flemish, federal, local, eu, civil-society")
    ] = None,
    policy_domain: Annotated[str | None, Query(description="kbbj, wvg, ov, cjsm, wse")] = None,
    in_roles: Annotated[
        bool, Query(description="only organisations that lead or partner in an action")
    ] = False,
):
    return [
        o
        for o in catalogue(request).organisations.values()
        if (kind is None or o.kind == kind)
        and (government_level is None or o.government_level == government_level)
        and (policy_domain is None or o.policy_domain == policy_domain)
        and (not in_roles or o.lead_actions or o.partner_actions)
    ]


@router.get("/organisations/{org_id}", response_model=OrganisationJson, summary="One organisation")
def get_organisation(request: Request, org_id: str):
    data = catalogue(request)
    if org_id not in data.organisations:
        raise _not_found("organisation", org_id, list(data.organisations))
    return data.organisations[org_id]


@router.get("/minister-posts", response_model=list[MinisterPostJson], summary="List minister posts")
def list_minister_posts(request: Request):
    return list(catalogue(request).minister_posts.values())


@router.get(
    "/minister-posts/{post_id}", response_model=MinisterPostJson, summary="One minister post"
)
def get_minister_post(request: Request, post_id: str):
    data = catalogue(request)
    if post_id not in data.minister_posts:
        raise _not_found("minister post", post_id, list(data.minister_posts))
    return data.minister_posts[post_id]
