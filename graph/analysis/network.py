"""Network analytics over the plan graph: who works with whom, who connects whom.

Everything is read from the RDF graph (the built plan, or a graph file), never from the parser's
records, so the same questions work on any graph the project builds or publishes.

Two kinds of networkx graph:

- the *two-mode* (bipartite) network of actors and actions: an edge when the actor takes part
  in the action in the chosen layer;
- its *projection* onto the actors: an edge between two actors that share at least one action,
  with ``shared_actions`` (count), ``actions`` (the action numbers), ``jaccard`` (shared actions
  over the actions of either) and ``newman`` (Newman's collaboration weight: the sum over the
  shared actions of 1 / (actors in the action - 1), so a two-party action weighs more than a
  ten-party one).

Actors are ``"organisations"`` or ``"ministers"`` (minister posts). Layers say which links count:

==========  ========================================  ==========================================
layer       organisations                             ministers
==========  ========================================  ==========================================
roles       lead + partner (Trekker column)           coordinating + involved
mentions    named in the description                  (none: descriptions name no ministers)
all         lead + partner + named                    coordinating + involved
==========  ========================================  ==========================================

``role`` narrows a layer to one role ("lead", "partner", "coordinating", "involved").

Node attributes: ``id``, ``iri``, ``name`` (Dutch), ``abbreviation``, ``policy_domain`` (code,
e.g. "KBBJ"), ``level`` (government level id), ``kind`` (kind of organisation id),
``action_count``; "" when the graph says nothing. Nodes are added in sorted order, so every
result below is the same from run to run.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Protocol

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS
from rdflib.term import Node

from actieplan.graph.analysis.brokerage import NO_GROUP, brokerage_roles
from actieplan.graph.core.lookup import MINISTER, ORGANISATION, NameLookup
from actieplan.graph.core.vocab import AP, PPLAN, local_id
from actieplan.graph.rdf.export import action_order, labels_of

ORGANISATIONS, MINISTERS = "organisations", "ministers"
ACTORS = (ORGANISATIONS, MINISTERS)
ACTOR_KINDS = {ORGANISATIONS: ORGANISATION, MINISTERS: MINISTER}  # kinds of the name lookup
# role -> the property linking an action to an actor in that role
ROLE_PROPERTIES: dict[str, dict[str, URIRef]] = {
    ORGANISATIONS: {
        "lead": AP.leadOrganisation,
        "partner": AP.partnerOrganisation,
        "mention": AP.mentionsOrganisation,
    },
    MINISTERS: {"coordinating": AP.coordinatingMinister, "involved": AP.involvedMinister},
}
LAYERS: dict[str, dict[str, tuple[str, ...]]] = {
    "roles": {ORGANISATIONS: ("lead", "partner"), MINISTERS: ("coordinating", "involved")},
    "mentions": {ORGANISATIONS: ("mention",)},
    "all": {ORGANISATIONS: ("lead", "partner", "mention"), MINISTERS: ("coordinating", "involved")},
}
WEIGHTS = ("shared_actions", "newman", "jaccard")  # edge attributes usable as weights
NODE_ATTRIBUTES = ("id", "name", "abbreviation", "policy_domain", "level", "kind")
GROUPINGS = {"policy-domain": "policy_domain", "level": "level"}  # brokerage groups
NO_DOMAIN = NO_GROUP  # what brokerage makes of actors without a group; the first is the default
# A row of a measure's table (shared_actions, centrality, brokerage, ...): column -> value.
Row = dict[str, Any]
LOUVAIN_SEED = 2020  # fixed, so communities are the same on every run


# Reading the RDF graph ----------------------------------------------------------------------


# The part of a graph the network reads (two_mode_network, NameLookup.of_graph for `ego`):
# every action's type, number, plan and title, every role link, and every triple of the actors
# and of the organisations and minister posts, with their policy domains' notations. Run on a
# store of all plans (CONSTRUCT), it gives a graph a fraction of the whole on which every
# measure is the same as on the whole.
_ROLES = " ".join(f"<{p}>" for roles in ROLE_PROPERTIES.values() for p in roles.values())
NETWORK_TRIPLES = f"""
CONSTRUCT {{
  ?action a <{AP.Action}> ; <{AP.number}> ?number ; <{PPLAN.isStepOfPlan}> ?plan ;
    <{DCTERMS.title}> ?title .
  ?subject ?role ?actor .
  ?entity ?property ?value .
  ?domain <{SKOS.notation}> ?notation .
}}
WHERE {{
  {{
    ?action a <{AP.Action}> .
    OPTIONAL {{ ?action <{AP.number}> ?number }}
    OPTIONAL {{ ?action <{PPLAN.isStepOfPlan}> ?plan }}
    OPTIONAL {{ ?action <{DCTERMS.title}> ?title }}
  }}
  UNION {{ VALUES ?role {{ {_ROLES} }} ?subject ?role ?actor }}
  UNION {{
    {{ SELECT DISTINCT ?entity WHERE {{
      {{ VALUES ?role {{ {_ROLES} }} ?subject ?role ?entity }}
      UNION {{ VALUES ?kind {{ <{AP.Organisation}> <{AP.MinisterPost}> }} ?entity a ?kind }}
    }} }}
    ?entity ?property ?value .
    OPTIONAL {{ ?entity <{AP.policyDomain}> ?domain . ?domain <{SKOS.notation}> ?notation }}
  }}
}}
"""


Pairs = Callable[[URIRef], Iterable[tuple[Node, Node]]]  # a property's (subject, object) pairs


class PlanTriples(Protocol):
    """Where the actions' facts of many plans are read without an rdflib graph: a dataset's
    on-disk store (graph/sparql/dataset_index.py DatasetIndex)."""

    def subject_objects(self, predicate: str) -> Iterable[tuple[Node, Node]]: ...

    def members(self, kind: str) -> Iterable[Node]: ...


@dataclass(frozen=True)
class ActionFacts:
    """What the actor networks read of the actions: each role property's (action, actor)
    pairs, each action's label (action_labels: its number, with its plan's id among many plans)
    and its title (Dutch, else any). Read from an rdflib graph (`of_graph`), or by `read` from
    any source of a property's pairs and a class's members: for every plan of a dataset, its
    on-disk store, with no rdflib graph of all plans (graph/sparql/dataset_index.py)."""

    links: dict[URIRef, list[tuple[Node, Node]]]
    labels: dict[Node, str]
    titles: dict[Node, str]

    @classmethod
    def read(cls, pairs: Pairs, actions: Iterable[Node]) -> ActionFacts:
        """From `pairs(property)` and the members of ap:Action (`actions`)."""
        links = {p: list(pairs(p)) for roles in ROLE_PROPERTIES.values() for p in roles.values()}
        members = dict.fromkeys(actions)
        numbers = _first(pairs(AP.number), members)
        plans = _first(pairs(PPLAN.isStepOfPlan), members)
        titles: dict[Node, list[Literal]] = {}
        for action, title in pairs(DCTERMS.title):
            if action in members and isinstance(title, Literal):
                titles.setdefault(action, []).append(title)
        return cls(
            links,
            labels_of(numbers, plans),
            {a: str(min(t, key=lambda v: (v.language != "nl", str(v)))) for a, t in titles.items()},
        )

    @classmethod
    def of_graph(cls, rdf: Graph) -> ActionFacts:
        return cls.read(rdf.subject_objects, rdf.subjects(RDF.type, AP.Action))

    @classmethod
    def of_plans(cls, plans: PlanTriples) -> ActionFacts:
        return cls.read(lambda p: plans.subject_objects(str(p)), plans.members(str(AP.Action)))


def _first(pairs: Iterable[tuple[Node, Node]], members: dict[Node, None]) -> dict[Node, str]:
    """Each member's value of a property (the least, should a member have two), as text;
    "None" for none, as action_labels has always written a missing number or plan."""
    found: dict[Node, str] = {}
    for subject, value in pairs:
        if subject in members and (subject not in found or str(value) < found[subject]):
            found[subject] = str(value)
    return {member: found.get(member, "None") for member in members}


def layer_roles(
    actors: str = ORGANISATIONS, layer: str = "roles", role: str | None = None
) -> tuple[str, ...]:
    """The roles a layer counts for these actors; ValueError naming the valid choices."""
    if actors not in ACTORS:
        raise ValueError(f"unknown actors {actors!r}: use one of {', '.join(ACTORS)}")
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")
    roles = LAYERS[layer].get(actors)
    if not roles:
        raise ValueError(
            f"the {layer!r} layer has no {actors}: descriptions name "
            "organisations only; use --layer roles or all"
        )
    if role is None:
        return roles
    if role not in roles:
        raise ValueError(
            f"role {role!r} is not in the {layer!r} layer of {actors}: use one "
            f"of {', '.join(roles)}"
        )
    return (role,)


def _dutch(rdf: Graph, node: Node, predicate: URIRef) -> str:
    """The Dutch (else any) literal of node's predicate, "" if none."""
    values = [o for o in rdf.objects(node, predicate) if isinstance(o, Literal)]
    for value in sorted(values, key=lambda v: (v.language != "nl", str(v))):
        return str(value)
    return ""


def _id_of(rdf: Graph, node: Node, predicate: URIRef) -> str:
    """The id (local_id) of the IRI that node's predicate points to, "" if none."""
    value = rdf.value(node, predicate)
    return local_id(value) if isinstance(value, URIRef) else ""


def _actor_attributes(rdf: Graph, node: Node) -> dict[str, str]:
    domain = rdf.value(node, AP.policyDomain)
    return {
        "id": local_id(str(node)),
        "iri": str(node),
        "name": _dutch(rdf, node, SKOS.prefLabel) or local_id(str(node)),
        "abbreviation": str(rdf.value(node, AP.abbreviation) or ""),
        "policy_domain": str(rdf.value(domain, SKOS.notation) or "") if domain else "",
        "level": _id_of(rdf, node, AP.governmentLevel),
        "kind": (
            _id_of(rdf, node, ORG.classification)
            or ("minister-post" if (node, RDF.type, AP.MinisterPost) in rdf else "")
        ),
    }


def two_mode_network(
    rdf: Graph,
    actors: str = ORGANISATIONS,
    layer: str = "roles",
    role: str | None = None,
    actions: Collection[str] | None = None,
    facts: ActionFacts | None = None,
) -> nx.Graph:
    """The bipartite network of actors (``bipartite=0``) and all actions (``bipartite=1``).

    Actor nodes are keyed by id ("abb"), action nodes by "action:" + number ("action:3.1", with
    ``number`` and ``name`` = title; of a graph of many plans, "action:plan-a 3.1" and number
    "plan-a 3.1": action_labels). Each edge has ``roles``: the actor's roles in the action.
    ``actions`` (numbers) keeps only those actions, and the actors that take part in them.
    ``facts``: the actions' facts read elsewhere (every plan of a dataset's store); `rdf` then
    gives the actors' attributes only.
    """
    roles = layer_roles(actors, layer, role)
    facts = facts or ActionFacts.of_graph(rdf)
    links: dict[tuple[Node, Node], set[str]] = {}
    for name in roles:
        for action, actor in facts.links[ROLE_PROPERTIES[actors][name]]:
            links.setdefault((action, actor), set()).add(name)
    action_number = facts.labels
    if actions is not None:
        action_number = {a: n for a, n in action_number.items() if n in actions}
        links = {link: names for link, names in links.items() if link[0] in action_number}
    actors_met = dict.fromkeys(actor for _, actor in links)  # each actor once, not per link
    actor_nodes = {actor: _actor_attributes(rdf, actor) for actor in actors_met}

    network = nx.Graph(actors=actors, layer=layer, roles=list(roles))
    for attributes in sorted(actor_nodes.values(), key=lambda a: a["id"]):
        network.add_node(attributes["id"], bipartite=0, **attributes)
    for action, number in sorted(action_number.items(), key=lambda item: action_order(item[1])):
        network.add_node(
            f"action:{number}",
            bipartite=1,
            id=f"action:{number}",
            iri=str(action),
            number=number,
            name=facts.titles.get(action, ""),
            kind="action",
        )
    edges = sorted(
        (
            (actor_nodes[actor]["id"], f"action:{action_number[action]}", sorted(names))
            for (action, actor), names in links.items()
            if action in action_number
        ),
        key=lambda e: (e[0], action_order(e[1].removeprefix("action:"))),
    )
    for actor_id, action_id, names in edges:
        network.add_edge(actor_id, action_id, roles=names)
    for node, data in network.nodes(data=True):
        if data["bipartite"] == 0:
            data["action_count"] = network.degree(node)
    return network


def project(two_mode: nx.Graph) -> nx.Graph:
    """The actors of a two-mode network, linked when they share an action (see module doc)."""
    actions_of = {
        node: {n.removeprefix("action:") for n in two_mode[node]}
        for node, data in two_mode.nodes(data=True)
        if data["bipartite"] == 0
    }
    network = nx.Graph(**two_mode.graph)
    network.add_nodes_from(
        (node, {k: v for k, v in two_mode.nodes[node].items() if k != "bipartite"})
        for node in actions_of
    )
    for action, data in two_mode.nodes(data=True):
        if data["bipartite"] != 1:
            continue
        members = sorted(two_mode[action])
        for a, b in combinations(members, 2):
            if not network.has_edge(a, b):
                network.add_edge(a, b, actions=[], newman=Fraction(0))
            edge = network.edges[a, b]
            edge["actions"].append(data["number"])
            edge["newman"] += Fraction(1, len(members) - 1)
    for a, b, edge in network.edges(data=True):
        edge["actions"].sort(key=action_order)
        edge["newman"] = float(edge["newman"])  # summed exactly: equal weights compare equal
        edge["shared_actions"] = len(edge["actions"])
        edge["jaccard"] = edge["shared_actions"] / len(actions_of[a] | actions_of[b])
    return network


def actor_network(
    rdf: Graph,
    actors: str = ORGANISATIONS,
    layer: str = "roles",
    role: str | None = None,
    actions: Collection[str] | None = None,
    facts: ActionFacts | None = None,
) -> nx.Graph:
    """The one-mode network of organisations or ministers: ``project(two_mode_network(...))``."""
    return project(two_mode_network(rdf, actors, layer, role, actions, facts))


def select(
    network: nx.Graph,
    policy_domain: str | None = None,
    level: str | None = None,
    min_shared: int = 1,
) -> nx.Graph:
    """A copy of the network with only the actors of one policy domain (code, "KBBJ") and/or
    government level (id, "flemish"), and only their ties of at least ``min_shared`` shared
    actions. Actors left without ties stay in: the filter is on actors, the minimum on ties."""
    kept = [
        node
        for node, data in network.nodes(data=True)
        if (policy_domain is None or data.get("policy_domain") == policy_domain)
        and (level is None or data.get("level") == level)
    ]
    selected = nx.Graph(network.subgraph(kept))  # a copy, with the network's graph attributes
    selected.remove_edges_from(
        [(a, b) for a, b, e in selected.edges(data=True) if e["shared_actions"] < min_shared]
    )
    return selected


# Measures on an actor network -----------------------------------------------------------------


def _check_weight(weight: str) -> str:
    if weight not in WEIGHTS:
        raise ValueError(f"unknown weight {weight!r}: use one of {', '.join(WEIGHTS)}")
    return weight


def shared_actions(network: nx.Graph, top: int | None = None) -> list[Row]:
    """Pairs of actors sharing actions, most shared first (ties: Newman weight, then ids).

    Each row: ``source``, ``target`` (ids, in sorted order), ``source_name``, ``target_name``,
    ``shared_actions``, ``actions`` (numbers), ``jaccard``, ``newman``.
    """
    rows = [
        {
            "source": a,
            "target": b,
            "source_name": network.nodes[a]["name"],
            "target_name": network.nodes[b]["name"],
            "shared_actions": e["shared_actions"],
            "actions": list(e["actions"]),
            "jaccard": e["jaccard"],
            "newman": e["newman"],
        }
        for a, b, e in ((*sorted((u, v)), e) for u, v, e in network.edges(data=True))
    ]
    rows.sort(key=lambda r: (-r["shared_actions"], -r["newman"], r["source"], r["target"]))
    return top_pairs(rows, top)


def top_pairs(rows: list[Row], top: int | None) -> list[Row]:
    """The first ``top`` of the rows of :func:`shared_actions` and every later row tied with
    the last of them (as many shared actions): a cut never splits a tie. All rows for None."""
    if top is None or top >= len(rows):
        return rows
    if top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    cut = rows[top - 1]["shared_actions"]
    return [row for row in rows if row["shared_actions"] >= cut]


def context(network: nx.Graph, weight: str | None = None) -> Row:
    """What an answer was computed on: ``actors``, ``layer``, ``roles`` (the roles the layer
    counts, or the one role chosen) and ``weight`` (None for a measure that uses none)."""
    return {
        "actors": network.graph.get("actors", ORGANISATIONS),
        "layer": network.graph.get("layer", ""),
        "roles": list(network.graph.get("roles", [])),
        "weight": weight,
    }


def context_line(facts: Row) -> str:
    """:func:`context` as one line, the header of a terminal table."""
    weight = facts["weight"] or "none (unweighted)"
    return (
        f"# {facts['actors']}, layer {facts['layer']} (roles: {', '.join(facts['roles'])}), "
        f"weight {weight}"
    )


def weighted_degree(network: nx.Graph, weight: str = "shared_actions") -> dict[str, float]:
    """Sum of the weights of each actor's edges (0 for an actor with none)."""
    return dict(network.degree(weight=_check_weight(weight)))


def betweenness(network: nx.Graph, weight: str = "shared_actions") -> dict[str, float]:
    """Normalised betweenness; shortest paths use distance = 1 / weight (strong ties are short)."""
    _check_weight(weight)
    distances = nx.Graph()
    distances.add_nodes_from(network)
    distances.add_edges_from(
        (a, b, {"distance": 1 / e[weight]}) for a, b, e in network.edges(data=True)
    )
    result: dict[str, float] = nx.betweenness_centrality(
        distances, weight="distance", normalized=True
    )
    return result


def eigenvector(network: nx.Graph, weight: str = "shared_actions") -> dict[str, float]:
    """Weighted eigenvector centrality, computed per connected component.

    A disconnected graph has no single meaningful eigenvector, so each component of two or
    more actors gets its own (power iteration from a uniform start, unit length within the
    component: compare values within a component); an actor without ties scores 0.
    """
    _check_weight(weight)
    scores = {node: 0.0 for node in network}
    for component in nx.connected_components(network):
        if len(component) < 2:
            continue
        sub = network.subgraph(sorted(component))
        scores.update(nx.eigenvector_centrality(sub, weight=weight, max_iter=1000, tol=1e-9))
    return scores


def constraint(network: nx.Graph, weight: str = "shared_actions") -> dict[str, float | None]:
    """Burt's constraint: high = an actor's ties go to actors tied to each other.

    c(i) = sum over i's partners j of (p(i,j) + sum over q != j of p(i,q) p(q,j))^2, where
    p(i,j) = weight(i,j) / i's total weight. The same values as networkx.constraint, which
    recomputes every share for every triad and takes seconds on the plan; here each share is
    computed once. None for an actor without ties (networkx gives NaN there).
    """
    _check_weight(weight)
    share: dict[str, dict[str, float]] = {}
    for node in network:
        ties = {other: edge[weight] for other, edge in network[node].items() if other != node}
        total = sum(ties.values())
        share[node] = {other: w / total for other, w in ties.items()} if total else {}
    return {
        i: sum(
            (p_ij + sum(p_iq * share[q].get(j, 0.0) for q, p_iq in p_i.items() if q != j)) ** 2
            for j, p_ij in p_i.items()
        )
        if p_i
        else None
        for i, p_i in share.items()
    }


def communities(
    network: nx.Graph,
    weight: str = "shared_actions",
    seed: int = LOUVAIN_SEED,
    resolution: float = 1.0,
) -> list[list[str]]:
    """Louvain communities (fixed seed): lists of ids, largest first, each sorted."""
    found = nx.community.louvain_communities(
        network, weight=_check_weight(weight), resolution=resolution, seed=seed
    )
    return sorted((sorted(group) for group in found), key=lambda g: (-len(g), g))


def modularity(
    network: nx.Graph, groups: Iterable[Iterable[str]], weight: str = "shared_actions"
) -> float:
    """Newman's modularity of the partition `groups` of `network`, weighted by `weight`; 0.0
    for a network without ties (or whose ties all weigh 0), where Newman's formula divides 0
    by 0: no tie falls inside or across the groups, so no partition beats any other."""
    if network.size(weight=weight) == 0:
        return 0.0
    value: float = nx.community.modularity(network, [set(g) for g in groups], weight=weight)
    return value


def community_rows(
    network: nx.Graph, weight: str = "shared_actions", seed: int = LOUVAIN_SEED
) -> list[Row]:
    """One row per community: ``community`` (1 = largest), ``size``, ``members``, ``names``."""
    return [
        {
            "community": number,
            "size": len(group),
            "members": group,
            "names": [network.nodes[n]["name"] for n in group],
        }
        for number, group in enumerate(communities(network, weight, seed), start=1)
    ]


def centrality(network: nx.Graph, weight: str = "shared_actions") -> list[Row]:
    """One row per actor, highest weighted degree first.

    ``id``, ``name``, ``abbreviation``, ``action_count``, ``degree`` (partners in shared
    actions), ``weighted_degree``, ``betweenness``, ``eigenvector``, ``constraint``.
    """
    strength = weighted_degree(network, weight)
    between = betweenness(network, weight)
    eigen = eigenvector(network, weight)
    burt = constraint(network, weight)
    rows = [
        {
            "id": node,
            "name": data["name"],
            "abbreviation": data["abbreviation"],
            "action_count": data["action_count"],
            "degree": network.degree(node),
            "weighted_degree": strength[node],
            "betweenness": between[node],
            "eigenvector": eigen[node],
            "constraint": burt[node],
        }
        for node, data in network.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-round(r["weighted_degree"], 9), -r["degree"], r["id"]))
    return rows


def brokerage(
    network: nx.Graph, by: str = "policy-domain", no_domain: str = "separate"
) -> list[Row]:
    """Gould-Fernandez brokerage across policy domains or government levels, one row per actor.

    ``by`` is "policy-domain" or "level". Counts follow graph/brokerage.py's convention for
    undirected networks (each open triad a-b-c counted once for b; gatekeeper and
    representative merged). ``no_domain`` says what an actor without a value is (in the plan:
    OCAD, FOD Justitie, VGC, lokale besturen, VCLP and VVSG have no policy domain; minister
    posts have neither): "separate" (default) a group of its own, "one-group" all of them one
    group, "left-out" in no triad and no row. Rows: ``id``, ``name``, ``group``,
    ``coordinator``, ``gatekeeper_representative``, ``itinerant``, ``liaison``, ``total``;
    most brokerage first.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}: use one of {', '.join(GROUPINGS)}")
    attribute = GROUPINGS[by]
    counts = brokerage_roles(network, attribute, no_domain)
    rows = [
        {
            "id": node,
            "name": network.nodes[node]["name"],
            "group": network.nodes[node].get(attribute, ""),
            **counts[node],
        }
        for node in network
        if node in counts
    ]
    rows.sort(key=lambda r: (-r["total"], r["id"]))
    return rows


def find_actor(network: nx.Graph, text: str, names: NameLookup | None = None) -> str:
    """The node a text stands for, by the one name lookup (graph/core/lookup.py).

    ``names`` is the lookup of the graph the network was made from (ids, abbreviations, every
    name and alias); without it, the lookup of the network's own ids, names and abbreviations.
    UnknownName ("did you mean") when the text names no single actor; ValueError when it names
    one that has no action on this network's layer.
    """
    kind = ACTOR_KINDS[network.graph.get("actors", ORGANISATIONS)]
    if names is None:
        names = _network_names(network, kind)
    found = names.find_id(kind, text)
    if found not in network:
        raise ValueError(
            f"{found} takes part in no action on layer {network.graph.get('layer')!r} "
            f"({', '.join(network.graph.get('roles', []))}); try layer 'all'"
        )
    return found


def _network_names(network: nx.Graph, kind: str) -> NameLookup:
    return NameLookup.of_names(
        (kind, data.get("iri") or node, str(data.get(key) or ""))
        for node, data in network.nodes(data=True)
        for key in ("id", "name", "abbreviation")
    )


def ego_network(
    network: nx.Graph, actor: str, radius: int = 1, names: NameLookup | None = None
) -> nx.Graph:
    """The actor (see :func:`find_actor`), its partners within ``radius`` and their ties."""
    return nx.ego_graph(network, find_actor(network, actor, names), radius=radius)


def ego(
    network: nx.Graph,
    actor: str,
    names: NameLookup | None = None,
    all_layer: nx.Graph | None = None,
) -> Row:
    """Plain data of an ego network (radius 1).

    ``network`` (:func:`context`), ``centre`` (node attributes), ``neighbours`` (rows like
    :func:`shared_actions`, seen from the centre: ``id``, ``name``, ``shared_actions``,
    ``actions``, ``jaccard``, ``newman``, most shared first), ``ties`` (shared-action rows
    among all actors of the ego network) and ``note``: "" or, when the centre has no partner
    on this layer but has some in ``all_layer`` (the same actors on layer "all"), how many.
    """
    centre = find_actor(network, actor, names)
    graph = nx.ego_graph(network, centre, radius=1)
    neighbours = [
        {
            "id": other,
            "name": network.nodes[other]["name"],
            "shared_actions": edge["shared_actions"],
            "actions": list(edge["actions"]),
            "jaccard": edge["jaccard"],
            "newman": edge["newman"],
        }
        for other, edge in network[centre].items()
    ]
    neighbours.sort(key=lambda r: (-r["shared_actions"], -r["newman"], r["id"]))
    note = ""
    if (
        not neighbours
        and all_layer is not None
        and centre in all_layer
        and all_layer.degree(centre)
    ):
        note = (
            f"{network.nodes[centre]['name']} has no partners on layer "
            f"{network.graph.get('layer')!r} ({', '.join(network.graph.get('roles', []))}) "
            f"but {all_layer.degree(centre)} on layer 'all'"
        )
    return {
        "network": context(network, "shared_actions"),
        "centre": dict(network.nodes[centre]),
        "neighbours": neighbours,
        "ties": shared_actions(graph),
        "note": note,
    }


def articulation_points(network: nx.Graph) -> list[str]:
    """Actors whose removal splits a component (cut vertices), sorted."""
    return sorted(nx.articulation_points(network))


def bridges(network: nx.Graph) -> list[tuple[str, str]]:
    """Ties whose removal splits a component, each pair sorted, sorted."""
    return sorted(tuple(sorted(edge)) for edge in nx.bridges(network))


def structure(network: nx.Graph) -> Row:
    """Size and cohesion: ``actors``, ``ties``, ``density``, ``components`` (lists of ids,
    largest first), ``isolates``, ``articulation_points``, ``bridges``."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(network)), key=lambda c: (-len(c), c)
    )
    return {
        "actors": network.number_of_nodes(),
        "ties": network.number_of_edges(),
        "density": nx.density(network),
        "components": components,
        "isolates": sorted(nx.isolates(network)),
        "articulation_points": articulation_points(network),
        "bridges": bridges(network),
    }


def with_measures(network: nx.Graph, weight: str = "shared_actions") -> nx.Graph:
    """A copy of the network with the measures as node attributes, for exports.

    Adds ``degree``, ``weighted_degree``, ``betweenness``, ``eigenvector``, ``constraint``
    (None for an actor without ties: exports leave it out) and ``community`` (1 = largest).
    """
    copy = network.copy()
    for row in centrality(network, weight):
        data = copy.nodes[row["id"]]
        for key in ("degree", "weighted_degree", "betweenness", "eigenvector", "constraint"):
            data[key] = row[key]
        data["weighted_degree"] = float(data["weighted_degree"])  # one type for file formats
    for number, group in enumerate(communities(network, weight), start=1):
        for node in group:
            copy.nodes[node]["community"] = number
    return copy
