"""JSON API: actions, objectives, organisations and minister posts, with filters. Every answer
names the JSON API's JSON-LD context in a Link header (api/readmodel/api_context.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from actieplan.api.readmodel.actions import ROLES, filter_actions
from actieplan.api.readmodel.api_context import API_CONTEXT_LINK, LINKED_CONTEXT
from actieplan.api.readmodel.deps import Data
from actieplan.api.readmodel.models import (
    PROBLEM_RESPONSES,
    ActionJson,
    ActionSummary,
    MinisterPostJson,
    ObjectiveJson,
    OrganisationJson,
)
from actieplan.graph.core.lookup import UnknownName


def _link_context(response: Response) -> None:
    """The answer's JSON-LD context (JSON-LD 1.1 §6.1); errors, answered apart, name none."""
    response.headers["Link"] = API_CONTEXT_LINK


router = APIRouter(
    prefix="/api",
    tags=["plan"],
    responses={**PROBLEM_RESPONSES, 200: LINKED_CONTEXT},
    dependencies=[Depends(_link_context)],
)


def _not_found(what: str, key: str, known: list[str]) -> HTTPException:
    sample = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
    return HTTPException(404, f"no {what} {key!r}; known: {sample}")


@router.get("/actions", response_model=list[ActionSummary], summary="List actions")
def list_actions(
    data: Data,
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
    active_in: Annotated[
        int | None,
        Query(
            description="running in this year (ongoing actions count as running)",
            ge=1900,
            le=2200,
        ),
    ] = None,
    funding_mode: Annotated[
        str | None, Query(description="SpecificBudget, WithinRegularResources, ExternalFund")
    ] = None,
    include_units: Annotated[
        bool,
        Query(
            description="an organisation's units count as the organisation (false: only its own "
            "roles)"
        ),
    ] = True,
):
    if objective is not None and objective not in data.catalogue.objectives:
        known = ", ".join(str(n) for n in sorted(data.catalogue.objectives))
        raise HTTPException(400, f"objective={objective}: the plan's objectives are {known}")
    try:
        return filter_actions(
            data,
            objective=objective,
            organisation=organisation,
            minister=minister,
            role=role,
            active_on=active_on,
            active_in=active_in,
            funding_mode=funding_mode,
            include_units=include_units,
        )
    except UnknownName as error:  # 400 with its "did you mean" message
        raise HTTPException(400, str(error)) from error


@router.get("/actions/{number}", response_model=ActionJson, summary="One action, all its facts")
def get_action(data: Data, number: str):
    if number not in data.catalogue.actions:
        raise _not_found("action", number, list(data.catalogue.actions))
    return data.catalogue.actions[number]


@router.get("/objectives", response_model=list[ObjectiveJson], summary="List objectives")
def list_objectives(data: Data):
    return list(data.catalogue.objectives.values())


@router.get("/objectives/{number}", response_model=ObjectiveJson, summary="One objective")
def get_objective(data: Data, number: int):
    if number not in data.catalogue.objectives:
        raise _not_found("objective", str(number), [str(n) for n in data.catalogue.objectives])
    return data.catalogue.objectives[number]


@router.get("/organisations", response_model=list[OrganisationJson], summary="List organisations")
def list_organisations(
    data: Data,
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
        for o in data.catalogue.organisations.values()
        if (kind is None or o.kind == kind)
        and (government_level is None or o.government_level == government_level)
        and (policy_domain is None or o.policy_domain == policy_domain)
        and (not in_roles or o.lead_actions or o.partner_actions)
    ]


@router.get("/organisations/{org_id}", response_model=OrganisationJson, summary="One organisation")
def get_organisation(data: Data, org_id: str):
    if org_id not in data.catalogue.organisations:
        raise _not_found("organisation", org_id, list(data.catalogue.organisations))
    return data.catalogue.organisations[org_id]


@router.get("/minister-posts", response_model=list[MinisterPostJson], summary="List minister posts")
def list_minister_posts(data: Data):
    return list(data.catalogue.minister_posts.values())


@router.get(
    "/minister-posts/{post_id}", response_model=MinisterPostJson, summary="One minister post"
)
def get_minister_post(data: Data, post_id: str):
    if post_id not in data.catalogue.minister_posts:
        raise _not_found("minister post", post_id, list(data.catalogue.minister_posts))
    return data.catalogue.minister_posts[post_id]
