"""The plan's entities read once from the RDF graph into the API's models.

The graph is read-only while the service runs, so actions, objectives, organisations and
minister posts are read out of it once at start-up and served from memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from actieplan.api.models import (
    Action,
    ActionSummary,
    AgentRef,
    Amount,
    MinisterPost,
    Objective,
    Organisation,
    SourceSpan,
)
from actieplan.graph.core.records import number_order
from actieplan.graph.core.vocab import AP, SCHEMA, local_id


def _text(graph: Graph, node, predicate, lang: str | None = None) -> str | None:
    values = list(graph.objects(node, predicate))
    if lang is not None:
        values = [v for v in values if getattr(v, "language", None) == lang] or values
    return str(min(values, key=str)) if values else None


@dataclass
class Catalogue:
    actions: dict[str, Action] = field(default_factory=dict)
    objectives: dict[int, Objective] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    minister_posts: dict[str, MinisterPost] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: Graph) -> Catalogue:
        catalogue = cls()
        catalogue._read_actions(graph)
        catalogue._read_objectives(graph)
        catalogue._read_organisations(graph)
        catalogue._read_minister_posts(graph)
        return catalogue

    def _agent(self, graph: Graph, agent: URIRef, printed: str | None = None) -> AgentRef:
        name = _text(graph, agent, SKOS.prefLabel, "nl") or local_id(agent)
        return AgentRef(
            id=local_id(agent),
            iri=str(agent),
            name=name,
            printed=printed,
            unresolved=(agent, AP.unresolved, None) in graph
            and bool(graph.value(agent, AP.unresolved).toPython()),
        )

    def _participants(self, graph: Graph, action: URIRef, role: URIRef) -> list[AgentRef]:
        found = []
        for participation in graph.objects(action, AP.participation):
            if (participation, PROV.hadRole, role) in graph:
                agent = graph.value(participation, PROV.agent)
                position = graph.value(participation, AP.position).toPython()
                printed = _text(graph, participation, AP.printedName)
                found.append((position, self._agent(graph, agent, printed)))
        return [agent for _, agent in sorted(found, key=lambda item: item[0])]

    def _read_actions(self, graph: Graph) -> None:
        for node in graph.subjects(RDF.type, AP.Action):
            number = str(graph.value(node, AP.number))
            timing = graph.value(node, AP.timing)
            budget = graph.value(node, AP.budget)
            derivation = graph.value(node, PROV.qualifiedDerivation)
            coordinating = self._participants(graph, node, AP.CoordinatingMinisterRole)
            lead = self._participants(graph, node, AP.LeadOrganisationRole)
            amounts = []
            for amount in graph.objects(budget, AP.amount):
                years = graph.value(amount, AP.coversYears)
                amounts.append(
                    (
                        graph.value(amount, AP.position).toPython(),
                        Amount(
                            eur=float(graph.value(amount, SCHEMA.value).toPython()),
                            per_year=bool(graph.value(amount, AP.perYear).toPython()),
                            years=years.toPython() if years is not None else None,
                            label=_text(graph, amount, RDFS.label),
                        ),
                    )
                )
            starts = graph.value(timing, AP.startsOn)
            ends = graph.value(timing, AP.endsOn)
            self.actions[number] = Action(
                number=number,
                iri=str(node),
                objective=graph.value(graph.value(node, AP.objective), AP.ordinal).toPython(),
                title=_text(graph, node, DCTERMS.title),
                coordinating_minister=coordinating[0] if coordinating else None,
                lead=lead[0] if lead else None,
                starts_on=str(starts) if starts is not None else None,
                ends_on=str(ends) if ends is not None else None,
                ongoing=bool(graph.value(timing, AP.isOngoing).toPython()),
                open_ended=bool(graph.value(timing, AP.isOpenEnded).toPython()),
                funding_mode=local_id(graph.value(budget, AP.fundingMode)) or None,
                description=_text(graph, node, DCTERMS.description),
                involved_ministers=self._participants(graph, node, AP.InvolvedMinisterRole),
                partners=self._participants(graph, node, AP.PartnerOrganisationRole),
                mentioned_organisations=sorted(
                    (self._agent(graph, o) for o in graph.objects(node, AP.mentionsOrganisation)),
                    key=lambda a: a.name,
                ),
                timing_text=_text(graph, timing, AP.printedText) or "",
                budget_text=_text(graph, budget, AP.printedText) or "",
                amounts=[a for _, a in sorted(amounts, key=lambda item: item[0])],
                funding_source=_text(graph, budget, AP.fundingSource),
                status=local_id(graph.value(node, AP.status)) or None,
                source=SourceSpan(
                    first_line=graph.value(derivation, AP.firstLine).toPython(),
                    last_line=graph.value(derivation, AP.lastLine).toPython(),
                ),
            )
        self.actions = dict(sorted(self.actions.items(), key=lambda kv: number_order(kv[0])))

    def _read_objectives(self, graph: Graph) -> None:
        for node in graph.subjects(RDF.type, AP.Objective):
            number = graph.value(node, AP.ordinal).toPython()
            self.objectives[number] = Objective(
                number=number,
                iri=str(node),
                title=_text(graph, node, DCTERMS.title),
                description=_text(graph, node, DCTERMS.description),
                actions=[a.number for a in self.actions.values() if a.objective == number],
            )
        self.objectives = dict(sorted(self.objectives.items()))

    def _numbers(self, test) -> list[str]:
        return [number for number, action in self.actions.items() if test(action)]

    def _read_organisations(self, graph: Graph) -> None:
        for node in graph.subjects(RDF.type, AP.Organisation):
            org_id = local_id(node)
            unresolved = graph.value(node, AP.unresolved)
            self.organisations[org_id] = Organisation(
                id=org_id,
                iri=str(node),
                name_nl=_text(graph, node, SKOS.prefLabel, "nl") or org_id,
                name_en=_text(graph, node, SKOS.prefLabel, "en"),
                abbreviation=_text(graph, node, AP.abbreviation),
                kind=local_id(graph.value(node, ORG.classification)) or None,
                policy_domain=local_id(graph.value(node, AP.policyDomain)) or None,
                government_level=local_id(graph.value(node, AP.governmentLevel)) or None,
                parent=local_id(graph.value(node, ORG.subOrganizationOf)) or None,
                unresolved=bool(unresolved.toPython()) if unresolved is not None else False,
                lead_actions=self._numbers(
                    lambda a, i=org_id: a.lead is not None and a.lead.id == i
                ),
                partner_actions=self._numbers(
                    lambda a, i=org_id: any(p.id == i for p in a.partners)
                ),
                mentioned_in=self._numbers(
                    lambda a, i=org_id: any(m.id == i for m in a.mentioned_organisations)
                ),
            )
        self.organisations = dict(sorted(self.organisations.items()))

    def _read_minister_posts(self, graph: Graph) -> None:
        for node in graph.subjects(RDF.type, AP.MinisterPost):
            post_id = local_id(node)
            unresolved = graph.value(node, AP.unresolved)
            themis = graph.value(node, AP.themisMandataris)
            self.minister_posts[post_id] = MinisterPost(
                id=post_id,
                iri=str(node),
                label_nl=_text(graph, node, SKOS.prefLabel, "nl") or post_id,
                label_en=_text(graph, node, SKOS.prefLabel, "en"),
                themis_mandataris=str(themis) if themis else None,
                unresolved=bool(unresolved.toPython()) if unresolved is not None else False,
                coordinating_actions=self._numbers(
                    lambda a, i=post_id: (
                        a.coordinating_minister is not None and a.coordinating_minister.id == i
                    )
                ),
                involved_actions=self._numbers(
                    lambda a, i=post_id: any(m.id == i for m in a.involved_ministers)
                ),
            )
        self.minister_posts = dict(sorted(self.minister_posts.items()))

    def summaries(self, actions: list[Action]) -> list[ActionSummary]:
        fields = set(ActionSummary.model_fields)
        return [ActionSummary(**action.model_dump(include=fields)) for action in actions]
