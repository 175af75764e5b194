"""JSON API: network analytics of the actors (graph/analysis/network.py), as JSON, CSV or files."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel

from actieplan.api.plumbing.attachments import attachment
from actieplan.api.readmodel import networks
from actieplan.api.readmodel.deps import Cache, PlanOrAll
from actieplan.api.readmodel.models import PROBLEM_RESPONSES
from actieplan.api.readmodel.networks import EXPORTS, NetworkKey
from actieplan.graph.analysis import network as analytics

router = APIRouter(prefix="/api/network", tags=["network"], responses=PROBLEM_RESPONSES)

Actors = Annotated[
    Literal["organisations", "ministers"],
    Query(description="organisations (lead, partner, mentioned) or minister posts"),
]
Layer = Annotated[
    Literal["roles", "mentions", "all"],
    Query(
        description="roles: Trekker / minister cells; mentions: named in descriptions; all: both"
    ),
]
Weight = Annotated[
    Literal["shared_actions", "newman", "jaccard"], Query(description="edge weight of the measures")
]


class NetworkContext(BaseModel):
    """What an answer was computed on (graph/analysis/network.py `context`)."""

    actors: str
    layer: str
    roles: list[str]  # the roles the layer counts, or the one role asked for
    weight: str | None  # None: the measure uses no weight


class SharedActions(BaseModel):
    source: str
    target: str
    source_name: str
    target_name: str
    shared_actions: int
    actions: list[str]
    jaccard: float
    newman: float


class Centrality(BaseModel):
    id: str
    name: str
    abbreviation: str
    action_count: int
    degree: int
    weighted_degree: float
    betweenness: float
    eigenvector: float
    constraint: float | None


class Community(BaseModel):
    community: int
    size: int
    members: list[str]
    names: list[str]


class Brokerage(BaseModel):
    id: str
    name: str
    group: str
    coordinator: int
    gatekeeper_representative: int
    itinerant: int
    liaison: int
    total: int


class Neighbour(BaseModel):
    id: str
    name: str
    shared_actions: int
    actions: list[str]
    jaccard: float
    newman: float


class Ego(BaseModel):
    network: NetworkContext
    centre: dict
    neighbours: list[Neighbour]
    ties: list[SharedActions]
    note: str  # "" or: no partners on this layer, but some on layer "all"


class SharedActionsAnswer(BaseModel):
    network: NetworkContext
    rows: list[SharedActions]


class CentralityAnswer(BaseModel):
    network: NetworkContext
    rows: list[Centrality]


class CommunitiesAnswer(BaseModel):
    network: NetworkContext
    rows: list[Community]


class BrokerageAnswer(BaseModel):
    network: NetworkContext
    by: str
    no_domain: str  # what actors without a group were: separate, one-group or left-out
    rows: list[Brokerage]


class Structure(BaseModel):
    network: NetworkContext
    actors: int
    ties: int
    density: float
    components: list[list[str]]
    isolates: list[str]
    articulation_points: list[str]
    bridges: list[tuple[str, str]]


Role = Annotated[
    str | None,
    Query(
        description="narrow the layer to one role: lead, partner, mention, coordinating, involved"
    ),
]


def network_key(
    actors: Actors = "organisations", layer: Layer = "roles", role: Role = None
) -> NetworkKey:
    """The network a route works on, from its query parameters actors, layer and role (a
    dependency of every route below); 400 for a combination the plan's roles do not have (so
    that only real networks become cache keys)."""
    try:
        return networks.network_key(actors, layer, role)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error


Network = Annotated[NetworkKey, Depends(network_key)]


@router.get(
    "/shared-actions",
    response_model=SharedActionsAnswer,
    summary="Pairs of actors that share actions, most shared first",
)
def shared_actions(
    data: PlanOrAll,
    cache: Cache,
    key: Network,
    top: Annotated[
        int | None,
        Query(ge=1, description="only the first N, and every pair tied with the Nth"),
    ] = None,
):
    rows = networks.measure(data, cache, analytics.shared_actions, key)
    return {
        "network": networks.network_context(data, cache, key, "shared_actions"),
        "rows": analytics.top_pairs(rows, top),
    }


@router.get(
    "/centrality",
    response_model=CentralityAnswer,
    summary="Weighted degree, betweenness, eigenvector centrality, Burt's constraint",
)
def centrality(
    data: PlanOrAll,
    cache: Cache,
    key: Network,
    weight: Weight = "shared_actions",
):
    return {
        "network": networks.network_context(data, cache, key, weight),
        "rows": networks.measure(data, cache, analytics.centrality, key, weight),
    }


@router.get(
    "/communities", response_model=CommunitiesAnswer, summary="Louvain communities (fixed seed)"
)
def communities(
    data: PlanOrAll,
    cache: Cache,
    key: Network,
    weight: Weight = "shared_actions",
):
    return {
        "network": networks.network_context(data, cache, key, weight),
        "rows": networks.measure(data, cache, analytics.community_rows, key, weight),
    }


@router.get(
    "/brokerage",
    response_model=BrokerageAnswer,
    summary="Gould-Fernandez brokerage across policy domains or government levels",
)
def brokerage(
    data: PlanOrAll,
    cache: Cache,
    key: Network,
    by: Annotated[Literal["policy-domain", "level"], Query()] = "policy-domain",
    no_domain: Annotated[
        Literal["separate", "one-group", "left-out"],
        Query(
            description="actors without a policy domain (or level): each a group of its own "
            "(separate, default), all one group (one-group), or in no triad and no row "
            "(left-out)"
        ),
    ] = "separate",
):
    return {
        "network": networks.network_context(data, cache, key),
        "by": by,
        "no_domain": no_domain,
        "rows": networks.measure(data, cache, analytics.brokerage, key, by, no_domain),
    }


@router.get(
    "/structure",
    response_model=Structure,
    summary="Size, density, components, articulation points and bridges",
)
def structure(data: PlanOrAll, cache: Cache, key: Network):
    return {
        "network": networks.network_context(data, cache, key),
        **networks.measure(data, cache, analytics.structure, key),
    }


@router.get("/ego/{actor}", response_model=Ego, summary="One actor's ego network")
def ego(
    data: PlanOrAll,
    cache: Cache,
    actor: str,
    key: Network,
):
    """The actor by the one name lookup (id, abbreviation, any name or alias: see
    graph/core/lookup.py); 404 with "did you mean" for a name of no single actor."""
    actors, layer, _ = key
    network = networks.served_network(data, cache, key)
    everything = (
        networks.served_network(data, cache, (actors, "all", None)) if layer != "all" else None
    )
    try:
        return analytics.ego(network, actor, data.entities, everything)
    except ValueError as error:
        raise HTTPException(404, str(error)) from error


@router.get(
    "/export/{file_format}",
    summary="The network as GraphML, GEXF, Cytoscape.js JSON or CSV node / edge lists",
    responses={200: {"content": {"application/graphml+xml": {}, "text/csv": {}}}},
)
def export(
    data: PlanOrAll,
    cache: Cache,
    file_format: Literal["graphml", "gexf", "cytoscape", "csv-nodes", "csv-edges"],
    key: Network,
):
    _, media_type, suffix = EXPORTS[file_format]
    text = networks.network_file(data, cache, file_format, key)
    actors, layer, role = key
    filename = f"{actors}-{layer}{'-' + role if role else ''}.{suffix}"
    return attachment(text, media_type, filename)
