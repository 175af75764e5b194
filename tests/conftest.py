"""Fixtures of every room (unit/, service/, browser/): the vendored plan, built once per test
session; one `actieplan serve` for the tests that read pages over HTTP or in the browser, and
one with the example follow-up ledger (`followed_site`); a loopback listener for the tests
that must make no connection. Each test gets the marker of its room (unit, service or
browser: pyproject.toml), so `-m unit` selects the same tests as the folder tests/unit/. The
helpers behind the fixtures are in tests/support/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.listener import Listener
from support.progress_ledger import write_ledger

from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf.pipeline import BuildResult, build

TESTS = Path(__file__).resolve().parent
ROOMS = ("unit", "service", "browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its room, the folder it is in (tests/unit/ -> `unit`)."""
    for item in items:
        try:
            room = item.path.relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if room in ROOMS:
            item.add_marker(getattr(pytest.mark, room))


@pytest.fixture(scope="session")
def built() -> BuildResult:
    """The vendored plan, built with the default base IRI (files serialised too)."""
    return build(default_source(), base_iri="https://w3id.org/actieplan/id/")


@pytest.fixture(scope="session")
def plan_graph(built: BuildResult):
    """The rdflib Graph of the vendored plan (do not modify: copy it first)."""
    return built.graph


@pytest.fixture(scope="session")
def actions(built: BuildResult):
    """Resolved actions by number ("3.12")."""
    return {item.action.number: item for item in built.resolved.actions}


@pytest.fixture(scope="session")
def site():
    """One `actieplan serve` (the vendored plan, oxigraph) on a loopback port, for the tests
    that read pages over HTTP (service/) or in the browser (browser/). Read-only: do not
    restart or load it."""
    from support.server import running_server

    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def followed_site(tmp_path_factory):
    """A server of the plan with the example follow-up ledger (tests/support/progress_ledger.py),
    for the follow-up pages' tests (service/, and browser/ with a `served` of its own)."""
    from support.server import running_server

    ledger = write_ledger(tmp_path_factory.mktemp("progress") / "ledger")
    with running_server("--progress", str(ledger), "--query-workers", "1") as server:
        yield server


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A TCP listener on a free loopback port that records every connection made to it
    (support/listener.py): the hostile graph files, queries and SERVICE clauses name it, and
    the test asserts that nothing connected (`listener.assert_untouched()`)."""
    running = Listener()
    try:
        yield running
    finally:
        running.close()
