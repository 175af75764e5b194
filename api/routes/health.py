"""`/health`: liveness, and what the service serves (triples, engine, workers, isolation);
`/ready`: whether start-up and the background warm-up are done.

Both are `async def` and read only what start-up put on the application (no dependency that
FastAPI would run in the thread pool), and the per-client share (api/plumbing/client_share.py)
leaves them out: they answer from the event loop however busy the pages are.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from actieplan.api.readmodel.deps import query_pool, served_plans, settings
from actieplan.api.readmodel.models import Health, Readiness

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health, summary="Liveness and data")
async def health(request: Request) -> Health:
    config, plans, pool = settings(request), served_plans(request), query_pool(request)
    return Health(
        status="ok",
        triples=plans.triples,
        engine=pool.engine,
        store=plans.source,
        query_workers=config.query_workers,
        network_isolation=pool.isolation is not None and pool.isolation.isolated,
    )


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness: start-up and the background warm-up are done",
    responses={503: {"model": Readiness, "description": "still warming up (Retry-After)"}},
)
async def ready(request: Request) -> JSONResponse:
    state = request.app.state
    warming = getattr(state, "warming", None)
    if not hasattr(state, "plans"):
        status = "starting"
    elif warming is not None and not warming.done():
        status = "warming"
    else:
        status = "ready"
    if status == "ready":
        return JSONResponse(Readiness(status=status).model_dump())
    return JSONResponse(
        Readiness(status=status).model_dump(), status_code=503, headers={"Retry-After": "1"}
    )
