"""Shared fixtures: the vendored plan, built once per test session."""

from __future__ import annotations

import pytest

from actieplan.graph.core.resources import default_source
from actieplan.graph.rdf.pipeline import BuildResult, build


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
