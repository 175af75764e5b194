"""The network explorer (/network) and its files (/network.json, .gexf, .graphml).

Every filter is a query parameter applied here, on the server: the picture, the node list,
the table and the downloads are one network (`view_network`), computed once per set of
filters and cached like the API's networks. Positions are computed here too
(graph/analysis/layout.py `positions`: deterministic, the most central actor in the middle),
so the browser only draws them (api/pages/static/network.js, SVG: it places the names apart
and builds the "present" export): the first draw is immediate and the same on every visit.
The whole state of the page (filters, measure, colouring, selected actor, view, table order)
is in its URL, so the address is a permalink.

About 500 lines: the filters, the drawing document and the table are one page's state, read
from one URL; they stay together.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from typing import Any

import networkx as nx
from fastapi import APIRouter, HTTPException, Request, Response
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from actieplan.api.pages.web import PageContext, Twin, link_target, page_language, render
from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import N_, messages
from actieplan.api.readmodel.deps import Cache, PlanOrAll, iri_map, served_plans
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.networks import EXPORTS, NetworkKey, network_key, served_network
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.analysis import exports as network_export
from actieplan.graph.analysis import layout
from actieplan.graph.analysis import network as analytics
from actieplan.graph.core.numbers import clamped, read_integer
from actieplan.graph.core.vocab import AP, local_id

router = APIRouter(include_in_schema=False)

# The measures a node's size can show: their name and what they mean (message ids).
MEASURES: dict[str, tuple[str, str]] = {
    "weighted_degree": (
        N_("Shared actions"),
        N_("How many actions this actor carries out with others, added up over all its partners."),
    ),
    "degree": (
        N_("Partners"),
        N_("How many different actors this actor shares at least one action with."),
    ),
    "betweenness": (
        N_("Betweenness"),
        N_(
            "How often this actor lies on the shortest path between two others: a bridge "
            "between groups."
        ),
    ),
    "eigenvector": (
        N_("Influence (eigenvector)"),
        N_(
            "High for actors who work with actors that themselves work with many (within "
            "their part of the network)."
        ),
    ),
    "action_count": (
        N_("Actions"),
        N_("In how many actions this actor has a role (in the chosen layer)."),
    ),
}
CONSTRAINT_MEANING = N_(
    "High (up to 1) for actors whose partners also work with each other; low for actors who "
    "connect groups that otherwise do not meet."
)
COMMUNITY_MEANING = N_(
    "A group of actors that share more actions with each other than with the rest (Louvain, "
    "fixed seed)."
)
COLOURINGS = {"community": N_("Community"), "domain": N_("Policy domain")}
VIEWS = ("picture", "table")
# Colours told apart with colour-blindness (Okabe-Ito), then grey for the rest.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
OTHER_COLOUR = "#9a9a9a"
ROLE_NAMES = {
    "lead": N_("lead"),
    "partner": N_("partner"),
    "mention": N_("named in the description"),
    "coordinating": N_("coordinating"),
    "involved": N_("involved"),
}
# A role as one says "both are ... of the same action" (the summary and the export's caption).
ROLE_PHRASES = {
    "lead": N_("lead"),
    "partner": N_("partner"),
    "mention": N_("named in the description"),
    "coordinating": N_("coordinating minister"),
    "involved": N_("involved minister"),
}
# A role as a part of a file name (plural, plain letters after slugging).
ROLE_FILE_WORDS = {
    "lead": N_("leads"),
    "partner": N_("partners"),
    "mention": N_("mentions"),
    "coordinating": N_("coordinating"),
    "involved": N_("involved"),
}
LAYER_FILE_WORDS = {"mentions": N_("mentions"), "all": N_("everything")}
COUNT_MEASURES = ("action_count", "degree", "weighted_degree")  # whole numbers
TABLE_COLUMNS = (
    "name",
    "policy_domain",
    "level",
    "community",
    "action_count",
    "degree",
    "weighted_degree",
    "betweenness",
    "eigenvector",
    "constraint",
)
SCALE = 320  # pixels per unit of layout.positions


@dataclass(frozen=True)
class NetworkFilters:
    """Which network is shown: the network key (actors, layer, role) and the filters."""

    actors: str = analytics.ORGANISATIONS
    layer: str = "roles"
    role: str | None = None
    objective: int | None = None
    domain: str | None = None  # policy domain code, "KBBJ"
    level: str | None = None  # government level id, "flemish"
    min_shared: int = 1

    @property
    def key(self) -> NetworkKey:
        return self.actors, self.layer, self.role


@dataclass(frozen=True)
class Drawing:
    """How the network is shown: size, colour, the selected actor, the view, the table order."""

    size: str = "weighted_degree"
    colour: str = "community"
    selected: str | None = None
    view: str = "picture"
    sort: str = "weighted_degree"
    order: str = "desc"


def _choice(value: str | None, allowed, name: str, default: str) -> str:
    if not value:
        return default
    if value not in allowed:
        raise HTTPException(400, f"{name}={value!r}: use one of {', '.join(allowed)}")
    return value


def _whole(value: str | None, name: str) -> int | None:
    if not value:
        return None
    try:
        return read_integer(value, name)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error


def _most_shared(data: ServiceData, cache: ComputedCache, key: NetworkKey) -> int:
    """The most actions two actors of the network share: a larger `min_shared` keeps no tie."""
    network = served_network(data, cache, key)
    return max((e["shared_actions"] for _, _, e in network.edges(data=True)), default=0)


def read_filters(request: Request, data: ServiceData, cache: ComputedCache) -> NetworkFilters:
    """The filters of the query string; 400 naming what is wrong. Empty values (a form's
    "all" choice) mean no filter."""
    query = request.query_params
    try:  # checked there (layer_roles): 400 for what is not a network
        actors, layer, role = network_key(
            query.get("actors") or analytics.ORGANISATIONS,
            query.get("layer") or "roles",
            query.get("role") or None,
        )
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    objective = _whole(query.get("objective"), "objective")
    if objective is not None and data.every_plan:
        raise HTTPException(400, f"objective={objective}: objectives are a plan's; add ?plan=ID")
    if objective is not None and objective not in data.catalogue.objectives:
        raise HTTPException(400, f"objective={objective}: the plan has no such objective")
    # Bounded to the network's range (one cache entry for every value beyond it): 1 keeps
    # every tie, one more than the most shared keeps none.
    minimum = clamped(
        _whole(query.get("min_shared"), "min_shared") or 1,
        1,
        _most_shared(data, cache, (actors, layer, role)) + 1,
    )
    known = _concept_labels(data, cache)  # a domain or level the graph lacks would draw nothing
    return NetworkFilters(
        actors,
        layer,
        role,
        objective,
        _choice(query.get("domain"), sorted(known["domain"]), "domain", "") or None,
        _choice(query.get("level"), sorted(known["level"]), "level", "") or None,
        minimum,
    )


def read_drawing(request: Request) -> Drawing:
    query = request.query_params
    return Drawing(
        size=_choice(query.get("size"), MEASURES, "size", Drawing.size),
        colour=_choice(query.get("colour"), COLOURINGS, "colour", Drawing.colour),
        # focus= is what the organisation pages link with
        selected=query.get("selected") or query.get("focus") or None,
        view=_choice(query.get("view"), VIEWS, "view", Drawing.view),
        sort=_choice(query.get("sort"), TABLE_COLUMNS, "sort", Drawing.sort),
        order=_choice(query.get("order"), ("asc", "desc"), "order", Drawing.order),
    )


def url_parameters(*states: NetworkFilters | Drawing, **changes: Any) -> dict[str, Any]:
    """The query parameters of a state, defaults left out (a short permalink); `changes`
    overrides single parameters (None removes one)."""
    values: dict[str, Any] = {}
    for state in states:
        defaults = asdict(type(state)())
        values.update({k: v for k, v in asdict(state).items() if v != defaults[k]})
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def view_network(data: ServiceData, cache: ComputedCache, filters: NetworkFilters) -> nx.Graph:
    """The filtered network with its measures as node attributes (computed on this network,
    not on the whole one), cached by the filters."""

    def compute() -> nx.Graph:
        if filters.objective is None:
            network = served_network(data, cache, filters.key)
        else:
            actions = data.catalogue.objectives[filters.objective].actions
            network = analytics.actor_network(
                data.graph, *filters.key, actions=set(actions), facts=data.action_facts
            )
        selected = analytics.select(network, filters.domain, filters.level, filters.min_shared)
        return analytics.with_measures(selected)

    return cache.get(("network-view", filters), compute)


def _positions(
    data: ServiceData, cache: ComputedCache, filters: NetworkFilters
) -> dict[str, tuple[float, float]]:
    return cache.get(
        ("network-positions", filters),
        lambda: layout.positions(view_network(data, cache, filters)),
    )


def _concept_labels(
    data: ServiceData, cache: ComputedCache
) -> dict[str, dict[str, dict[str, str]]]:
    """Names of the policy domains (by code) and government levels (by id), per language."""

    def compute() -> dict[str, dict[str, dict[str, str]]]:
        graph = data.graph
        found: dict[str, dict[str, dict[str, str]]] = {"domain": {}, "level": {}}
        for kind, predicate in (("domain", AP.policyDomain), ("level", AP.governmentLevel)):
            for concept in set(graph.objects(None, predicate)):
                if not isinstance(concept, URIRef):
                    continue
                code = graph.value(concept, SKOS.notation) if kind == "domain" else None
                names = found[kind].setdefault(str(code or local_id(str(concept))), {})
                for label in graph.objects(concept, SKOS.prefLabel):
                    names[getattr(label, "language", None) or "nl"] = str(label)
        return found

    return cache.get(("concept-labels",), compute)


def _actor_names(data: ServiceData, actors: str, lang: str) -> dict[str, str]:
    """Actor id -> name in the page's language (api/readmodel/labels.py: Dutch where the graph has
    no other)."""
    catalogue = data.catalogue
    labels = Labels(data.graph, catalogue, lang)
    if actors == analytics.MINISTERS:
        return {post: labels.minister_post(post) for post in catalogue.minister_posts}
    return {org: labels.organisation(org) for org in catalogue.organisations}


def _label(labels: dict[str, dict[str, str]], key: str, lang: str) -> str:
    names = labels.get(key, {})
    return names.get(lang) or names.get("nl") or key


def _scaled(value: float, highest: float, low: float, high: float) -> float:
    return low + (high - low) * (value / highest if highest else 0.0)


def drawing_document(
    request: Request,
    data: ServiceData,
    cache: ComputedCache,
    filters: NetworkFilters,
    drawing: Drawing,
) -> dict[str, Any]:
    """The network as Cytoscape.js JSON (graph/analysis/exports.py `to_cytoscape`, measures
    included) with what the picture needs: each node's position, name in the page's
    language, link, size and colour, each tie's width; and the legend. /network.json serves
    exactly this; the page draws it."""
    lang = page_language(request)
    network = view_network(data, cache, filters)
    place = _positions(data, cache, filters)
    document = json.loads(network_export.to_cytoscape(network))
    labels = _concept_labels(data, cache)
    names = _actor_names(data, filters.actors, lang)
    iris = iri_map(request)
    values = [network.nodes[n].get(drawing.size) or 0 for n in network]
    highest = max(values, default=0)
    strongest = max((e["shared_actions"] for *_, e in network.edges(data=True)), default=1)
    groups = _colour_groups(network, drawing.colour, labels, lang)
    for element in document["elements"]["nodes"]:
        node = element["data"]
        x, y = place[node["id"]]
        element["position"] = {"x": round(x * SCALE, 1), "y": round(-y * SCALE, 1)}
        node["label"] = names.get(node["id"], node["name"])
        node["short"] = node.get("abbreviation") or node["label"]
        node["href"] = link_target(iris, node["iri"])  # None: not an IRI to link to
        node["size"] = round(_scaled(node.get(drawing.size) or 0, highest, 22, 70), 1)
        node["colour"] = groups[_group_of(node, drawing.colour)]["colour"]
        for count in COUNT_MEASURES:  # counts as whole numbers: 77, not 77.0
            if isinstance(node.get(count), float) and node[count].is_integer():
                node[count] = int(node[count])
    for element in document["elements"]["edges"]:
        tie = element["data"]
        tie["width"] = round(1 + 7 * (tie["shared_actions"] - 1) / max(strongest - 1, 1), 1)
    document["filters"] = url_parameters(filters)
    document["drawing"] = url_parameters(drawing)
    document["legend"] = list(groups.values())
    words = messages(lang)
    count = network.number_of_nodes()
    if filters.actors == analytics.MINISTERS:
        actors = words.ngettext("%(num)s minister", "%(num)s ministers", count)
    else:
        actors = words.ngettext("%(num)s organisation", "%(num)s organisations", count)
    ties = words.ngettext("%(num)s tie", "%(num)s ties", network.number_of_edges())
    document["words"] = network_words(data, cache, filters, lang) | {
        "counts": words.gettext("%(actors)s, %(ties)s.", actors=actors, ties=ties)
    }
    return document


def network_words(
    data: ServiceData, cache: ComputedCache, filters: NetworkFilters, lang: str
) -> dict[str, Any]:
    """The network shown, in the page's words: what links two actors ("Two organisations are
    linked when both are lead or partner of the same action."), the filters as phrases, and
    the stem of an exported file's name ("netwerk-partners-min3")."""
    words = messages(lang)
    roles = analytics.layer_roles(filters.actors, filters.layer, filters.role)
    phrases = [words.gettext(ROLE_PHRASES[role]) for role in roles]
    either = (
        words.gettext("%(some)s or %(last)s", some=", ".join(phrases[:-1]), last=phrases[-1])
        if len(phrases) > 1
        else phrases[0]
    )
    if filters.actors == analytics.MINISTERS:
        actors = words.gettext("ministers")
    else:
        actors = words.gettext("organisations")
    linked = words.gettext(
        "Two %(actors)s are linked when both are %(roles)s of the same action.",
        actors=actors,
        roles=either,
    )
    shown: list[str] = []
    stem = [words.gettext("network")]
    if filters.actors == analytics.MINISTERS:
        stem.append(actors)
    if filters.layer in LAYER_FILE_WORDS:
        stem.append(words.gettext(LAYER_FILE_WORDS[filters.layer]))
    if filters.role:
        stem.append(words.gettext(ROLE_FILE_WORDS[filters.role]))
    if filters.objective is not None:
        title = data.catalogue.objectives[filters.objective].title
        if len(title) > 70:  # as the form shows it
            title = title[:70].rsplit(" ", 1)[0] + " …"
        shown.append(
            words.gettext("objective %(number)s: %(title)s", number=filters.objective, title=title)
        )
        stem.append(words.gettext("objective") + str(filters.objective))
    labels = _concept_labels(data, cache)
    if filters.domain:
        name = _label(labels["domain"], filters.domain, lang)
        shown.append(
            words.gettext("policy domain %(code)s (%(name)s)", code=filters.domain, name=name)
        )
        stem.append(filters.domain)
    if filters.level:
        name = _label(labels["level"], filters.level, lang)
        shown.append(words.gettext("government level: %(name)s", name=name))
        stem.append(name)
    if filters.min_shared > 1:
        shown.append(
            words.ngettext(
                "at least %(num)s shared action per tie",
                "at least %(num)s shared actions per tie",
                filters.min_shared,
            )
        )
        stem.append(f"min{filters.min_shared}")
    return {"linked": linked, "filters": shown, "file_stem": "-".join(map(_slug, stem))}


def _slug(word: str) -> str:
    """A word as a part of a file name: plain lower-case letters and digits, hyphens between."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _group_of(data: dict[str, Any], colour: str) -> str:
    return str(data.get("community", "")) if colour == "community" else data["policy_domain"]


def _colour_groups(
    network: nx.Graph, colour: str, labels: dict[str, dict[str, dict[str, str]]], lang: str
) -> dict[str, dict[str, Any]]:
    """Group -> {key, label, colour, count}: communities by number, domains by code ("" = no
    domain last); each of the first groups a colour of PALETTE, the rest grey."""
    counts: dict[str, int] = {}
    for _, data in network.nodes(data=True):
        group = _group_of(data, colour)
        counts[group] = counts.get(group, 0) + 1
    order = sorted(counts, key=lambda g: (g == "", int(g) if g.isdecimal() else 0, g))
    groups = {}
    for index, group in enumerate(order):
        if colour == "community":
            label = messages(lang).gettext("Community %(number)s", number=group)
        elif group:
            label = f"{group}: {_label(labels['domain'], group, lang)}"
        else:
            label = messages(lang).gettext("no policy domain")
        groups[group] = {
            "key": group,
            "label": label,
            "colour": PALETTE[index] if index < len(PALETTE) and group else OTHER_COLOUR,
            "count": counts[group],
        }
    return groups


def _reading_order(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes as one reads the picture: in bands from top to bottom, left to right."""
    nodes = [element["data"] | element["position"] for element in document["elements"]["nodes"]]
    return sorted(nodes, key=lambda n: (round(n["y"] / (SCALE / 4)), n["x"], n["id"]))


def _table_rows(
    data: ServiceData,
    cache: ComputedCache,
    document: dict[str, Any],
    drawing: Drawing,
    lang: str,
) -> list[dict[str, Any]]:
    labels = _concept_labels(data, cache)
    rows = []
    for element in document["elements"]["nodes"]:
        node = element["data"]
        rows.append(
            {
                **node,
                "name": node["label"],
                "policy_domain_label": _label(labels["domain"], node["policy_domain"], lang)
                if node["policy_domain"]
                else "",
                "level_label": _label(labels["level"], node["level"], lang)
                if node["level"]
                else "",
            }
        )

    present = [row for row in rows if row.get(drawing.sort) not in (None, "")]
    present.sort(
        key=lambda row: (_sort_value(row, drawing.sort), row["name"].casefold()),
        reverse=drawing.order == "desc",
    )
    return present + [row for row in rows if row.get(drawing.sort) in (None, "")]  # gaps last


def _sort_value(row: dict[str, Any], column: str) -> Any:
    """A table cell as it sorts: numbers as numbers, codes by their name."""
    value = row.get(f"{column}_label") or row[column]
    return value if isinstance(value, (int, float)) else str(value).casefold()


def _ties(data: ServiceData, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The ties, most shared actions first, with each shared action's link."""
    names = {e["data"]["id"]: e["data"]["label"] for e in document["elements"]["nodes"]}
    actions = data.catalogue.actions
    ties = [
        {
            "source": names[e["data"]["source"]],
            "target": names[e["data"]["target"]],
            "shared_actions": e["data"]["shared_actions"],
            "actions": [
                (n, actions[n].iri if n in actions else None) for n in e["data"]["actions"]
            ],
        }
        for e in document["elements"]["edges"]
    ]
    ties.sort(key=lambda t: (-t["shared_actions"], t["source"], t["target"]))
    return ties


def _choices(
    data: ServiceData, cache: ComputedCache, filters: NetworkFilters, lang: str
) -> dict[str, Any]:
    """The options of the filter form: objectives, roles of the layer, and the policy domains
    and levels of the unfiltered network's actors."""
    catalogue = data.catalogue
    labels = _concept_labels(data, cache)
    whole = served_network(data, cache, filters.key[:2] + (None,))
    domains = sorted({d for _, d in whole.nodes(data="policy_domain") if d})
    levels = sorted({d for _, d in whole.nodes(data="level") if d})
    return {
        "objectives": [(o.number, o.title) for o in catalogue.objectives.values()],
        "roles": [
            (role, messages(lang).gettext(ROLE_NAMES[role]))
            for role in analytics.layer_roles(filters.actors, filters.layer)
        ],
        "domains": [(d, _label(labels["domain"], d, lang)) for d in domains],
        "levels": [(v, _label(labels["level"], v, lang)) for v in levels],
        "layers": [
            ("roles", N_("roles (lead, partners)")),
            ("mentions", N_("mentions in the description")),
            ("all", N_("everything")),
        ],
    }


def _twins(page_href, filters: NetworkFilters) -> list[Twin]:
    params = url_parameters(filters)
    return [
        Twin(page_href("/network.json", **params), "application/json", "JSON (Cytoscape.js)"),
        Twin(page_href("/network.gexf", **params), "application/gexf+xml", "GEXF"),
        Twin(page_href("/network.graphml", **params), "application/graphml+xml", "GraphML"),
    ]


def _plan_title(data: ServiceData, every_plan: int | None, lang: str) -> str:
    """The source line of the exported picture: the plan's title as printed (Dutch), or how
    many plans the network of every plan is of."""
    if every_plan is not None:
        return _every_plan_words(every_plan, lang)
    plan = next(iter(data.graph.subjects(RDF.type, AP.ActionPlan)), None)
    return str(data.graph.value(plan, DCTERMS.title) or "") if plan is not None else ""


def _every_plan_words(count: int, lang: str) -> str:
    return messages(lang).ngettext(
        "%(num)s action plan together", "%(num)s action plans together", count
    ) % {"num": count}


def _every_plan(request: Request, data: ServiceData) -> int | None:
    """How many plans the network of every plan is of; None for one plan's network."""
    return len(served_plans(request).entries) if data.every_plan else None


def _href(request: Request):
    return PageContext(request, page_language(request), iri_map(request)).href


@router.get("/network")
def network_page(request: Request, data: PlanOrAll, cache: Cache):
    lang = page_language(request)
    title = messages(lang).gettext("Network of the actors")
    every_plan = _every_plan(request, data)
    filters = read_filters(request, data, cache)
    drawing = read_drawing(request)
    document = drawing_document(request, data, cache, filters, drawing)
    node_ids = {e["data"]["id"] for e in document["elements"]["nodes"]}
    if drawing.selected not in node_ids:
        drawing = replace(drawing, selected=None)
    return render(
        request,
        "network.html",
        {
            "filters": filters,
            "drawing": drawing,
            "document": document,
            "nodes_in_order": _reading_order(document),
            "rows": _table_rows(data, cache, document, drawing, lang),
            "ties": _ties(data, document),
            "choices": _choices(data, cache, filters, lang),
            "measures": MEASURES,
            "colourings": COLOURINGS,
            "constraint_meaning": CONSTRAINT_MEANING,
            "community_meaning": COMMUNITY_MEANING,
            "params": lambda **changes: url_parameters(filters, drawing, **changes),
            "filter_params": url_parameters(filters),
            "count_measures": COUNT_MEASURES,
            "plan_title": _plan_title(data, every_plan, lang),
            "every_plan": _every_plan_words(every_plan, lang) if every_plan else None,
        },
        title=title,
        twins=_twins(_href(request), filters),
    )


@router.get("/network.json")
def network_json(request: Request, data: PlanOrAll, cache: Cache):
    """The twin of /network: the elements the page draws, for the same parameters."""
    filters = read_filters(request, data, cache)
    document = drawing_document(request, data, cache, filters, read_drawing(request))
    return Response(
        json.dumps(document, ensure_ascii=False), media_type="application/json; charset=utf-8"
    )


def _file(request: Request, data: ServiceData, cache: ComputedCache, file_format: str) -> Response:
    """The network shown, as a file (graph/analysis/exports.py), named after its filters."""
    filters = read_filters(request, data, cache)
    writer, media_type, suffix = EXPORTS[file_format]
    text = cache.get(
        ("network-view-file", file_format, filters),
        lambda: writer(view_network(data, cache, filters)),
    )
    name = "-".join(str(v) for v in url_parameters(filters).values()) or "organisations"
    return attachment(text, media_type, f"network-{name}.{suffix}")


@router.get("/network.gexf")
def network_gexf(request: Request, data: PlanOrAll, cache: Cache):
    return _file(request, data, cache, "gexf")


@router.get("/network.graphml")
def network_graphml(request: Request, data: PlanOrAll, cache: Cache):
    return _file(request, data, cache, "graphml")
