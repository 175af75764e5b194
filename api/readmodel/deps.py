"""Typed dependencies of the routes and the pages: what a request may read of the service.

`create_app` (api/app.py) puts the service's parts on the application at start-up; this module
is the one place that reads them back. An endpoint asks for a part by type
(`data: Data`, `cache: Cache`, ...: `Annotated[..., Depends()]`, resolved by FastAPI); code
that runs outside an endpoint's signature (an exception handler, a page the routes hand a
browser) calls the same functions with the request.

`BrowserPages` is the seam between the two faces of the service: the routes answer browsers
with pages (the IRI route's HTML, the SPARQL editor, the 404 page), the pages make them, and
neither imports the other: the application hands the pages' functions to the routes here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from rdflib import URIRef

from actieplan.api.plumbing.bounded_cache import BoundedCache
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.iri_paths import IriMap
from actieplan.api.readmodel.plans import ServedPlans
from actieplan.api.readmodel.service import ServiceData

# A cached SPARQL answer: (body, media type, ETag).
CachedAnswer = tuple[bytes, str, str]


@dataclass(frozen=True)
class BrowserPages:
    """The HTML answers of the routes, made by the pages (api/pages/)."""

    # the page of an IRI of the data at its local path: the typed entity page where there is
    # one, else the generic resource page
    resource: Callable[[Request, URIRef, str], Response]
    # the SPARQL editor a browser gets for a bare GET of /sparql
    sparql_editor: Callable[[Request], Response]
    # 404 for a path (and the IRI it stands for): a page, JSON or text, by Accept
    not_found: Callable[[Request, str, str | None], Response]


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def served_plans(request: Request) -> ServedPlans:
    """The plan, or the plans of a dataset, the service serves (api/readmodel/plans.py)."""
    found: ServedPlans = request.app.state.plans
    return found


PLAN_PATH = "/id/plan/"  # a plan's own IRIs ({base}plan/{id}/...) answer under this path


def plan_asked(request: Request) -> str | None:
    """The plan a request is about, with many plans: `?plan=ID`, or the plan whose IRIs the
    path is under (/id/plan/ID/...); None for neither."""
    asked = request.query_params.get("plan")
    if asked:
        return asked
    path = request.url.path
    if path.startswith(PLAN_PATH):
        return path[len(PLAN_PATH) :].split("/", 1)[0] or None
    return None


# `?plan=` as the API's description (OpenAPI) shows it on every answer that reads it;
# plan_asked reads the value, from the path too.
PlanParameter = Annotated[
    str | None,
    Query(
        description="With a dataset of many plans (`serve --graph DIR/dataset.nq`): the id of "
        "the plan asked, as listed on the home page. Answers about one plan need it (a 400 "
        "names the plans); the named questions and the networks without it read every plan. "
        "An unknown id is a 404. Ignored when the service serves one plan.",
    ),
]


def service_data(request: Request, plan: PlanParameter = None) -> ServiceData:
    """The read model of the plan the request is about: PlanRequired when the service has
    many plans and the request names none, UnknownPlan for a plan it lacks."""
    del plan  # documented; read by plan_asked
    return served_plans(request).data(plan_asked(request))


def plan_or_all(request: Request, plan: PlanParameter = None) -> ServiceData:
    """The read model of the plan asked, or of every plan at once when the service has many
    and the request names none: what a named question and an actor network read, and the
    linked data of the entities the plans share (organisations, minister posts)."""
    del plan  # documented; read by plan_asked
    plans, asked = served_plans(request), plan_asked(request)
    return plans.across() if plans.many and asked is None else plans.data(asked)


def computed_cache(request: Request) -> ComputedCache:
    """The computed answers of the pages and the JSON API (networks, questions, renderings),
    each plan's under keys of its own."""
    found: ComputedCache = request.app.state.api_cache
    plans = served_plans(request)
    return found.scoped(plan_asked(request)) if plans.many else found


def answer_cache(request: Request) -> BoundedCache[CachedAnswer]:
    """The SPARQL endpoint's answers."""
    found: BoundedCache[CachedAnswer] = request.app.state.answer_cache
    return found


def query_pool(request: Request) -> QueryRunner:
    found: QueryRunner = request.app.state.query_pool
    return found


def iri_map(request: Request) -> IriMap:
    """Where the data's IRIs answer on this server (the configured base IRI, never the Host)."""
    return IriMap.for_base(settings(request).base_iri)


def browser_pages(request: Request) -> BrowserPages:
    found: BrowserPages = request.app.state.browser_pages
    return found


Config = Annotated[Settings, Depends(settings)]
Data = Annotated[ServiceData, Depends(service_data)]
Plans = Annotated[ServedPlans, Depends(served_plans)]
PlanOrAll = Annotated[ServiceData, Depends(plan_or_all)]
Cache = Annotated[ComputedCache, Depends(computed_cache)]
Answers = Annotated[BoundedCache[CachedAnswer], Depends(answer_cache)]
Pool = Annotated[QueryRunner, Depends(query_pool)]
Iris = Annotated[IriMap, Depends(iri_map)]
Pages = Annotated[BrowserPages, Depends(browser_pages)]
