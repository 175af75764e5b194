"""The pages of the plan's typed entities: plan, objective, action, organisation, minister post.

`entity_html(request, iri, path)` makes the page a browser gets at the IRI's own path (/id/...,
through api/pages/resource.py); None means "no typed page: use the generic one". Every page
shows the entity's facts with their roles, links both ways, what points to it (backlinks, by
property), an "open in the SPARQL editor" link whose query returns the IRI's description
(the triples of its Turtle and JSON-LD twins, api/readmodel/linked_data.py), and its twins:
Turtle and JSON-LD of the IRI and the JSON API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from fastapi import Request
from fastapi.responses import HTMLResponse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from actieplan.api.pages.ego_picture import ego_svg
from actieplan.api.pages.web import PageContext, Twin, page_language, render
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.messages import Messages, messages
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.action_sheets import (
    OrganisationAction,
    budget_words,
    cached_timings,
    organisation_actions,
    timing_words,
    units_of,
)
from actieplan.api.readmodel.budget import co_funding
from actieplan.api.readmodel.catalogue import Catalogue, curie
from actieplan.api.readmodel.deps import computed_cache, iri_map, service_data, settings
from actieplan.api.readmodel.follow_up import added_by, history, status_words
from actieplan.api.readmodel.labels import Labels
from actieplan.api.readmodel.linked_data import concise_description, describe_query
from actieplan.api.readmodel.models import ActionJson
from actieplan.api.readmodel.networks import roles_network
from actieplan.api.readmodel.service import ServiceData
from actieplan.api.readmodel.source_text import SourceText, read_source_text
from actieplan.graph.analysis import network as analytics
from actieplan.graph.core.records import number_order
from actieplan.graph.core.vocab import AP, local_id

PARTICIPATION_ROLES = {
    AP.CoordinatingMinisterRole: AP.coordinatingMinister,
    AP.InvolvedMinisterRole: AP.involvedMinister,
    AP.LeadOrganisationRole: AP.leadOrganisation,
    AP.PartnerOrganisationRole: AP.partnerOrganisation,
}
ROLE_ORDER = {role: i for i, role in enumerate(PARTICIPATION_ROLES)}


def source_text(data: ServiceData, cache: ComputedCache, config: Settings) -> SourceText | None:
    """The plan's text, read once (api/readmodel/source_text.py); None when not on this
    machine."""
    found = cache.get(("pages", "source-text"), lambda: read_source_text(data.graph, config) or "")
    return found or None


@dataclass
class Backlink:
    property: str  # the property's label in the page's language
    curie: str
    # (IRI, name, part): the name as a label literal (with its language), and for a node
    # without a label of its own, what part of the named node it is ("deelname").
    subjects: list[tuple[str, Literal | str, str]] = field(default_factory=list)


def backlinks(graph: Graph, iri: URIRef, labels: Labels) -> list[Backlink]:
    """What points to `iri`, grouped by property; a node without a label of its own (a
    participation) is named after the node that holds it ("Actie 1.1: … › deelname")."""
    groups: dict[Node, Backlink] = {}
    for subject, predicate in graph.subject_predicates(iri):
        if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
            continue
        group = groups.setdefault(
            predicate, Backlink(labels.term(str(predicate)), curie(predicate))
        )
        name, part = labels.literal(subject), ""
        if not graph.value(subject, RDFS.label) and not graph.value(subject, SKOS.prefLabel):
            holder = next(iter(graph.subjects(None, subject)), None)
            kind = graph.value(subject, RDF.type)
            if holder is not None:
                name = labels.literal(holder)
                part = labels.node(kind) if kind is not None else local_id(str(subject))
        group.subjects.append((str(subject), name, part))
    for group in groups.values():
        group.subjects.sort(key=lambda item: (str(item[1]), item[2]))
    return sorted(groups.values(), key=lambda g: g.property)


@dataclass
class SourceLine:
    number: int
    text: str
    # What the graph says comes from this line: (what, as printed), ("trekker", "KBBJ (ABB)").
    facts: list[tuple[str, str]]


def action_source_lines(
    graph: Graph, node: URIRef, action: ActionJson, labels: Labels, text: SourceText | None
) -> list[SourceLine]:
    """The action's source span, each line with the facts the graph derives from it
    (ap:sourceLine of its participations, timing and budget cells)."""
    facts: dict[int, list[tuple[str, str]]] = {}

    def note(cell: Node, fact: tuple[str, str]) -> None:
        for line in graph.objects(cell, AP.sourceLine):
            if isinstance(line, Literal):
                facts.setdefault(int(line.toPython()), []).append(fact)

    def cell_order(participation: Node) -> tuple[int, int, str]:
        """Minister, lead and partner cells in the order the row prints them, each cell's
        names in their order (the IRI's position: ".../partner-2" before ".../partner-10"):
        the same whatever order a store lists the triples in."""
        role = graph.value(participation, AP.role)
        place = ROLE_ORDER.get(role, len(ROLE_ORDER)) if isinstance(role, URIRef) else -1
        return place, len(str(participation)), str(participation)

    for participation in sorted(graph.objects(node, AP.participation), key=cell_order):
        role = graph.value(participation, AP.role)
        shortcut = PARTICIPATION_ROLES.get(role) if isinstance(role, URIRef) else None
        printed = graph.value(participation, AP.printedName)
        what = labels.term(str(shortcut)) if shortcut is not None else labels.term(str(role))
        note(participation, (what, str(printed)))
    for predicate in (AP.timing, AP.budget):
        cell = graph.value(node, predicate)
        if cell is not None:
            note(cell, (labels.term(str(predicate)), str(graph.value(cell, AP.printedText))))
    first, last = action.source.first_line, action.source.last_line
    lines = text.span(first, last) if text else []
    return [SourceLine(n, line, facts.get(n, [])) for n, line in lines]


def objective_source_lines(graph: Graph, node: URIRef, text: SourceText | None) -> list[SourceLine]:
    derivation = graph.value(node, PROV.qualifiedDerivation)
    first, last = graph.value(derivation, AP.firstLine), graph.value(derivation, AP.lastLine)
    if text is None or not isinstance(first, Literal) or not isinstance(last, Literal):
        return []
    return [SourceLine(n, line, []) for n, line in text.span(int(first), int(last))]


# --- what each kind of page shows ---------------------------------------------------------


@dataclass
class Context:
    """One entity page being made: the request, the service's data, names in its language."""

    request: Request
    iri: URIRef
    data: ServiceData
    cache: ComputedCache
    settings: Settings
    labels: Labels

    def source_text(self) -> SourceText | None:
        return source_text(self.data, self.cache, self.settings)

    @property
    def graph(self) -> Graph:
        return self.data.graph

    @property
    def catalogue(self) -> Catalogue:
        return self.data.catalogue

    def actions(self, numbers: list[str]) -> list[ActionJson]:
        return [self.catalogue.actions[n] for n in numbers if n in self.catalogue.actions]

    @property
    def words(self) -> Messages:
        return messages(self.labels.lang)

    def timing(self, action: ActionJson) -> str:
        """The action's timing in the page's words ("2020 – 2024", "doorlopend")."""
        timings = cached_timings(self.data, self.cache)
        return timing_words(timings.get(action.number), self.words)

    def budget(self, action: ActionJson) -> str:
        """The action's budget in the page's words ("104.320 € per jaar")."""
        return budget_words(action, self.words)


@dataclass
class View:
    template: str
    title: str
    api: str  # the JSON API's path of the entity
    values: dict[str, Any]


def _phases(graph: Graph, timing: Node) -> list[dict[str, Any]]:
    phases = []
    for phase in graph.objects(timing, AP.phase):
        position = graph.value(phase, AP.position)
        phases.append(
            {
                "position": int(position.toPython()) if isinstance(position, Literal) else 0,
                "label": str(graph.value(phase, RDFS.label) or ""),
                "printed": str(graph.value(phase, AP.printedText) or ""),
                "starts_on": graph.value(phase, AP.startsOn),
                "ends_on": graph.value(phase, AP.endsOn),
                "ongoing": graph.value(phase, AP.isOngoing) == Literal(True),
                "open_ended": graph.value(phase, AP.isOpenEnded) == Literal(True),
            }
        )
    return sorted(phases, key=lambda p: p["position"])


def action_view(page: Context) -> View:
    graph, iri = page.graph, page.iri
    number = str(graph.value(iri, AP.number))
    action = page.catalogue.actions[number]
    timing = graph.value(iri, AP.timing)
    budget = graph.value(iri, AP.budget)
    shares = co_funding(graph, budget)
    payer = graph.value(budget, AP.payer) if budget is not None else None
    text = page.source_text()
    added = added_by(graph, action)
    return View(
        "action.html",
        f"{'Action' if page.labels.lang == 'en' else 'Actie'} {number}",
        f"/api/actions/{number}",
        {
            "action": action,
            "objective": page.catalogue.objectives[action.objective],
            "timing_label": graph.value(timing, AP.printedLabel) if timing else None,
            "timing_note": graph.value(timing, AP.note) if timing else None,
            "phases": _phases(graph, timing) if timing is not None else [],
            "shares": shares,
            "payer": page.catalogue.organisations.get(local_id(str(payer))) if payer else None,
            "source_available": text is not None,
            "source_lines": []
            if added
            else action_source_lines(graph, iri, action, page.labels, text),
            "added": added,
            "progress": history(page.data, page.cache, str(iri)),
            "status_words": lambda key: status_words(page.labels, key),
        },
    )


def objective_view(page: Context) -> View:
    number = int(str(page.graph.value(page.iri, AP.number)))
    objective = page.catalogue.objectives[number]
    text = page.source_text()
    return View(
        "objective.html",
        f"{'Objective' if page.labels.lang == 'en' else 'Doelstelling'} {number}",
        f"/api/objectives/{number}",
        {
            "objective": objective,
            "actions": page.actions(objective.actions),
            "plan": page.graph.value(page.iri, DCTERMS.isPartOf),
            "source_available": text is not None,
            "source_lines": objective_source_lines(page.graph, page.iri, text),
        },
    )


def _by_role(found: list[OrganisationAction]) -> dict[str, list[dict[str, Any]]]:
    """The organisation's actions in sections: lead, lead through a unit, partner, partner
    through a unit, named in a description (its own or a unit's); each row the action and
    the unit it goes through (None: the organisation itself)."""
    sections: dict[str, list[dict[str, Any]]] = {
        "lead": [],
        "unit-lead": [],
        "partner": [],
        "unit-partner": [],
        "mentioned": [],
    }
    for item in found:
        for role in item.roles:
            key = role.kind if role.via is None or role.kind == "mentioned" else f"unit-{role.kind}"
            rows = sections[key]
            if not any(row["action"].number == item.action.number for row in rows):
                rows.append({"action": item.action, "via": role.via})
    return sections


def organisation_view(page: Context) -> View:
    graph, iri, labels = page.graph, page.iri, page.labels
    org = page.catalogue.organisations[local_id(str(iri))]
    network = roles_network(page.data, page.cache)
    neighbours: list[dict[str, Any]] = []
    picture = None
    if org.id in network:
        neighbours = [
            {**row, "iri": network.nodes[row["id"]]["iri"], "actions": page.actions(row["actions"])}
            for row in analytics.ego(network, org.id)["neighbours"]
        ]
        picture = ego_picture(page, nx.ego_graph(network, org.id), org.id, neighbours)
    concepts = {
        name: graph.value(iri, predicate)
        for name, predicate in (
            ("kind", ORG.classification),
            ("policy_domain", AP.policyDomain),
            ("government_level", AP.governmentLevel),
        )
    }
    found = organisation_actions(page.catalogue, org.id)
    sections = _by_role(found)
    return View(
        "organisation.html",
        labels.organisation(org.id),
        f"/api/organisations/{org.id}",
        {
            "org": org,
            "parent": page.catalogue.organisations.get(org.parent or ""),
            "units": [page.catalogue.organisations[u] for u in units_of(page.catalogue, org.id)],
            "concepts": concepts,
            "aliases": sorted(str(a) for a in graph.objects(iri, SKOS.altLabel)),
            "sections": sections,
            "counted": {
                "actions": len(found),
                "lead": len(sections["lead"]) + len(sections["unit-lead"]),
                "unit_lead": len(sections["unit-lead"]),
                "partner": len(sections["partner"]) + len(sections["unit-partner"]),
                "unit_partner": len(sections["unit-partner"]),
                "mentioned": len(sections["mentioned"]),
            },
            "neighbours": neighbours,
            "in_roles_network": org.id in network,
            "picture": picture,
        },
    )


def ego_picture(page: Context, ego: nx.Graph, centre: str, neighbours: list[dict]) -> Any:
    labels, t = page.labels, page.labels.lang == "en"
    name = labels.organisation(centre)
    strongest = ", ".join(
        f"{labels.organisation(n['id'])} ({n['shared_actions']})" for n in neighbours[:3]
    )
    if t:
        title = f"Ego network of {name}"
        summary = (
            f"{name} shares actions (as lead or partner) with {len(neighbours)} organisations"
            + (f"; most: {strongest}" if strongest else "")
            + ". Each line is a tie, thicker for more shared actions."
        )
    else:
        title = f"Egonetwerk van {name}"
        summary = (
            f"{name} deelt acties (als trekker of partner) met {len(neighbours)} organisaties"
            + (f"; de meeste met: {strongest}" if strongest else "")
            + ". Elke lijn is een band, dikker bij meer gedeelde acties."
        )

    def edge_text(a: str, b: str, tie: dict) -> str:
        shared = tie["shared_actions"]
        noun = (
            ("action" if shared == 1 else "actions")
            if t
            else ("actie" if shared == 1 else "acties")
        )
        return (
            f"{labels.organisation(a)} – {labels.organisation(b)}: {shared} {noun} "
            f"({', '.join(tie['actions'])})"
        )

    context = PageContext(page.request, page_language(page.request), iri_map(page.request))
    return ego_svg(
        ego,
        centre,
        link=context.iri_href,
        title=title,
        summary=summary,
        edge_text=edge_text,
    )


def minister_post_view(page: Context) -> View:
    post = page.catalogue.minister_posts[local_id(str(page.iri))]
    coordinating = page.actions(post.coordinating_actions)
    involved = page.actions(post.involved_actions)
    return View(
        "minister_post.html",
        page.labels.minister_post(post.id),
        f"/api/minister-posts/{post.id}",
        {
            "post": post,
            "portfolios": sorted(
                str(p)
                for p in page.graph.objects(page.iri, AP.portfolio)
                if isinstance(p, Literal) and p.language == page.labels.lang
            ),
            "coordinating": coordinating,
            "involved": involved,
            "organisations": organisations_of(coordinating + involved),
        },
    )


def organisations_of(actions: list[ActionJson]) -> list[dict[str, Any]]:
    """The organisations that lead or partner these actions, most actions first:
    {"agent": AgentRef, "actions": [ActionJson, ...]} (actions in the plan's order)."""
    found: dict[str, dict[str, Any]] = {}
    unique = {action.number: action for action in actions}
    for number in sorted(unique, key=number_order):
        action = unique[number]
        for agent in [*([action.lead] if action.lead else []), *action.partners]:
            entry = found.setdefault(agent.iri, {"agent": agent, "actions": []})
            if action not in entry["actions"]:
                entry["actions"].append(action)
    return sorted(found.values(), key=lambda e: (-len(e["actions"]), e["agent"].name))


def plan_view(page: Context) -> View:
    graph = page.graph
    source = graph.value(page.iri, DCTERMS.source)
    return View(
        "plan.html",
        str(graph.value(page.iri, DCTERMS.title) or local_id(page.iri)),
        "/api/objectives",
        {
            "plan_title": graph.value(page.iri, DCTERMS.title),
            "source": source,
            "file_name": graph.value(source, AP.fileName) if source else None,
            "sha256": graph.value(source, AP.sha256) if source else None,
            "line_count": graph.value(source, AP.lineCount) if source else None,
            "objectives": [
                (objective, page.actions(objective.actions))
                for objective in page.catalogue.objectives.values()
            ],
        },
    )


VIEWS: dict[URIRef, Callable[[Context], View]] = {
    AP.Action: action_view,
    AP.Objective: objective_view,
    AP.Organisation: organisation_view,
    AP.MinisterPost: minister_post_view,
    AP.ActionPlan: plan_view,
}


def _view_of(page: Context) -> View | None:
    types = set(page.graph.objects(page.iri, RDF.type))
    for cls, view in VIEWS.items():
        if cls in types:
            try:
                return view(page)
            except KeyError:  # typed, but not in the catalogue (a graph with gaps)
                return None
    return None


def entity_html(request: Request, iri: URIRef, path: str) -> HTMLResponse | None:
    """The typed page of `iri` (`path`: its local path), None when it has none."""
    data = service_data(request)
    iris = iri_map(request)
    labels = Labels(data.graph, data.catalogue, page_language(request), iris.data_base)
    page = Context(request, iri, data, computed_cache(request), settings(request), labels)
    view = _view_of(page)
    if view is None:
        return None
    twins = [
        Twin(f"{path}.ttl", "text/turtle", "Turtle"),
        Twin(f"{path}.jsonld", "application/ld+json", "JSON-LD"),
        Twin(view.api, "application/json", "JSON (API)"),
    ]
    return render(
        request,
        view.template,
        {
            **view.values,
            "iri": str(iri),
            "labels": page.labels,
            "backlinks": backlinks(data.graph, iri, page.labels),
            "describe_query": describe_query(
                str(iri), iris.dataset, concise_description(data.graph, iri)
            ),
            "api_path": view.api,
            "timing_of": page.timing,
            "budget_of": page.budget,
        },
        title=view.title,
        twins=twins,
    )
