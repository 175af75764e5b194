"""The plans of a service of many (`serve --graph DIR/dataset.nq`): the list of plans, which is
the home page, and the answer to a page or API call about one plan asked without `?plan=`.

A page about one plan asked without a plan is answered with the list of plans, each linking to
that page for that plan (status 400: the request lacks what it needs); an API client gets the
JSON `{"detail": ..., "plans": [...]}`. A plan the dataset lacks is a 404 that says so.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from actieplan.api.pages.errors import not_found, wants_page
from actieplan.api.pages.web import page_language, render, site_path
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.readmodel.deps import served_plans
from actieplan.api.readmodel.plans import PlanRequired, ServedPlans, UnknownPlan

PLANS_TITLE = N_("Action plans")
CHOOSE_PLAN = N_("This page is about one plan: choose the plan.")


def _link(request: Request, plan_id: str) -> str:
    """This request's path and parameters for one plan (its language kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "plan"]
    params.append(("plan", plan_id))
    # site_path, as every link the pages make of a request's path (web.py)
    return site_path(request.url.path) + "?" + urlencode(params)


def plans_page(request: Request, plans: ServedPlans, *, status_code: int = 200) -> Response:
    """The list of plans; each links to the page asked (the home page: the plan's own)."""
    words = messages(page_language(request))
    return render(
        request,
        "plans.html",
        {
            "plans": [(entry, _link(request, entry.id)) for entry in plans.entries],
            "choose": status_code != 200,
            "message": words.gettext(CHOOSE_PLAN),
        },
        title=words.gettext(PLANS_TITLE),
        status_code=status_code,
    )


async def plan_required_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, PlanRequired)
    plans = served_plans(request)
    if wants_page(request):
        return plans_page(request, plans, status_code=400)
    return JSONResponse(
        {
            "detail": "this answer is about one plan: add ?plan=ID (one of `plans`)",
            "plans": [entry.id for entry in plans.entries],
        },
        status_code=400,
        headers={"Vary": "Accept"},
    )


async def unknown_plan_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, UnknownPlan)
    detail = f"no plan {error.plan_id!r} in this dataset (the list of plans: /)"
    if wants_page(request):
        return not_found(request, request.url.path, None, detail)
    return JSONResponse({"detail": detail}, status_code=404, headers={"Vary": "Accept"})
