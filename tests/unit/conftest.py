"""Fixtures of the unit tests: the service in-process (FastAPI's TestClient, no socket)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from actieplan.api.app import create_app
from actieplan.api.plumbing.settings import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The service on the vendored plan (one query worker), once its background warm-up is
    done: tests that count cache entries must not race it."""
    with TestClient(create_app(Settings(query_workers=1))) as test_client:
        test_client.portal.call(_warmed, test_client.app)
        yield test_client


async def _warmed(app: FastAPI) -> None:
    if app.state.warming is not None:
        await app.state.warming
