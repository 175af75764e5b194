"""`/health`: liveness, and what the service serves (triples, engine, workers, isolation)."""

from __future__ import annotations

from fastapi import APIRouter

from actieplan.api.readmodel.deps import Config, Data, Pool
from actieplan.api.readmodel.models import Health

router = APIRouter()


@router.get("/health", response_model=Health, tags=["service"], summary="Liveness and data")
def health(settings: Config, data: Data, pool: Pool) -> Health:
    return Health(
        status="ok",
        triples=data.triples,
        engine=settings.engine,
        query_workers=settings.query_workers,
        network_isolation=pool.isolation is not None and pool.isolation.isolated,
    )
