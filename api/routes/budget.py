"""JSON API: `/api/budget`, the twin of the page `/budget`: the plan's money, totals for the
whole plan and per objective, lead organisation and coordinating minister, the unknowns
counted, and the co-funding the plan prints (api/readmodel/budget.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from actieplan.api.plumbing.client_share import client_address
from actieplan.api.readmodel.budget import RULE_PAGE, BudgetJson, budget_overview
from actieplan.api.readmodel.deps import Cache, Data, Pool

router = APIRouter(prefix="/api", tags=["budget"])


@router.get(
    "/budget",
    response_model=BudgetJson,
    summary="The plan's money: totals for the plan, per objective, organisation and minister",
    description="The euro amounts the plan prints, summed for the whole plan and per "
    "objective, lead organisation and coordinating minister (the budget question, "
    "`/api/questions/budget`): one-off and yearly amounts apart, the estimated total and the "
    "estimate per year, and what is unknown counted (actions without an amount, within "
    "regular resources, from a fund without an amount; amounts whose period is unknown). "
    "Co-funding shares and named funds per action. `rule` links the estimate's rule.",
)
async def budget(request: Request, data: Data, cache: Cache, pool: Pool) -> BudgetJson:
    overview = await run_in_threadpool(budget_overview, data, cache, pool, client_address(request))
    return BudgetJson.of(overview, RULE_PAGE)
