"""The plan's entities read once from the RDF graph into the API's models.

The graph is read-only while the service runs, so actions, objectives, organisations and
minister posts are read out of it once at start-up and served from memory.

Any graph file can be served, not only one this project built, so nothing here assumes a fact
is present. Of the facts read here, those the SHACL shapes (shapes/actieplan.ttl) require
(`sh:minCount 1` at severity Violation) the service requires too: a graph that lacks one is
refused with an `InputError` naming each missing fact and its node ("action 3.4 (<IRI>) has no
dcterms:title"), and so is a value of the wrong kind (a position that is not a whole number).
The facts the shapes leave optional (a Warning or Info finding, or no `sh:minCount`) are null
or an empty list in the JSON when they are missing. Two readings are the service's own:
- the coordinating minister and the lead are Violation-level facts, yet a plan's cells may leave
  them empty (the vendored plan's action 3.12 has no Trekker): the service serves such an
  action with null, and the completeness report (/api/completeness) names the gap;
- an action with no `ap:status` has status `StatusUnknown`: the graph does not say whether it
  is new, extended or continued, which is what that value means.
Required facts that nothing here reads (a currency, a file name) do not stop the service; the
completeness report lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from actieplan.api.readmodel.models import (
    ActionJson,
    ActionSummary,
    AgentRef,
    AmountJson,
    MinisterPostJson,
    ObjectiveJson,
    OrganisationJson,
    SourceSpan,
)
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import number_order
from actieplan.graph.core.vocab import AP, PREFIXES, SCHEMA, local_id

# At most this many problems are listed; the rest are counted.
MAX_PROBLEMS_LISTED = 20
HINT = (
    "The service needs every fact shapes/actieplan.ttl requires of the nodes it serves. "
    "Rebuild the graph with `actieplan build`, or see every gap with "
    "`actieplan validate --graph FILE`."
)
STATUS_UNKNOWN = "StatusUnknown"


def curie(term: URIRef) -> str:
    """`ap:number` for the IRI of ap:number (the graph's own prefixes, vocab.PREFIXES)."""
    for prefix, namespace in PREFIXES.items():
        if term.startswith(str(namespace)):
            return f"{prefix}:{term[len(str(namespace)) :]}"
    return f"<{term}>"


class _Facts:
    """Reads single facts of one graph as Python values. A missing required fact, or a value
    of the wrong kind, is recorded as a `Problem` (file, field = the fact, message naming the
    node) and read as None; `refuse_if_any` raises them all at once."""

    def __init__(self, graph: Graph, file: str) -> None:
        self.graph = graph
        self.file = file
        self.problems: dict[Problem, None] = {}  # insertion-ordered and without repeats

    def problem(self, predicate: URIRef, message: str) -> None:
        self.problems[Problem(self.file, None, curie(predicate), message)] = None

    def refuse_if_any(self) -> None:
        if not self.problems:
            return
        problems = list(self.problems)
        listed = problems[:MAX_PROBLEMS_LISTED]
        more = len(problems) - len(listed)
        hint = f"... and {more} more problems.\n{HINT}" if more else HINT
        raise InputError(listed, hint)

    def value(self, node: Node, predicate: URIRef, owner: str, required: bool) -> Node | None:
        """The node's one value of `predicate` (the first in term order if several)."""
        values = list(self.graph.objects(node, predicate))
        if not values:
            if required:
                self.problem(predicate, f"{owner} has no {curie(predicate)}")
            return None
        return min(values, key=str)

    def iri(
        self, node: Node, predicate: URIRef, owner: str, required: bool = True
    ) -> URIRef | None:
        value = self.value(node, predicate, owner, required)
        if value is None or isinstance(value, URIRef):
            return value
        self.problem(predicate, f"{owner} has {curie(predicate)} {value.n3()}, not an IRI")
        return None

    def _literal(
        self,
        node: Node,
        predicate: URIRef,
        owner: str,
        required: bool,
        kind: type | tuple[type, ...],
        what: str,
    ) -> object:
        value = self.value(node, predicate, owner, required)
        if value is None:
            return None
        python = value.toPython() if isinstance(value, Literal) else value
        if isinstance(python, kind) and not (kind is int and isinstance(python, bool)):
            return python
        self.problem(predicate, f"{owner} has {curie(predicate)} {value.n3()}, not {what}")
        return None

    def integer(
        self, node: Node, predicate: URIRef, owner: str, required: bool = True
    ) -> int | None:
        value = self._literal(node, predicate, owner, required, int, "a whole number")
        return value if isinstance(value, int) else None

    def boolean(
        self, node: Node, predicate: URIRef, owner: str, required: bool = True
    ) -> bool | None:
        value = self._literal(node, predicate, owner, required, bool, "true or false")
        return value if isinstance(value, bool) else None

    def number(
        self, node: Node, predicate: URIRef, owner: str, required: bool = True
    ) -> float | None:
        value = self._literal(node, predicate, owner, required, (int, float, Decimal), "a number")
        return float(value) if isinstance(value, (int, float, Decimal)) else None

    def text(
        self,
        node: Node,
        predicate: URIRef,
        owner: str,
        required: bool = True,
        lang: str | None = None,
        strict_lang: bool = False,
    ) -> str | None:
        """A literal's text; with `lang`, one in that language is preferred (with
        `strict_lang`, only one in that language counts)."""
        values = [v for v in self.graph.objects(node, predicate) if isinstance(v, Literal)]
        if lang is not None:
            in_lang = [v for v in values if v.language == lang]
            values = in_lang if strict_lang else in_lang or values
        if not values:
            if required:
                self.problem(predicate, f"{owner} has no {curie(predicate)}")
            return None
        return str(min(values, key=str))


def _name(kind: str, node: Node, label: str | None = None, of: str | None = None) -> str:
    """How a problem names a node: `action 3.4 (<IRI>)`, `timing (<IRI>) of action 3.4`."""
    name = f"{kind} {label} ({node})" if label else f"{kind} ({node})"
    return f"{name} of {of}" if of else name


@dataclass
class _Participant:
    role: URIRef
    position: int
    agent: AgentRef


def _in_role(participants: list[_Participant], role: URIRef) -> list[AgentRef]:
    return [p.agent for p in participants if p.role == role]


@dataclass
class Catalogue:
    actions: dict[str, ActionJson] = field(default_factory=dict)
    objectives: dict[int, ObjectiveJson] = field(default_factory=dict)
    organisations: dict[str, OrganisationJson] = field(default_factory=dict)
    minister_posts: dict[str, MinisterPostJson] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: Graph, file: str) -> Catalogue:
        """The entities of `graph`, read from `file` (the file the problems name). Raises
        InputError listing each required fact that is missing and each value of the wrong
        kind."""
        facts = _Facts(graph, file)
        catalogue = cls()
        objective_numbers = catalogue._read_objectives(facts)
        catalogue._read_actions(facts, objective_numbers)
        roles = catalogue._actions_by_role()
        catalogue._read_organisations(facts, roles)
        catalogue._read_minister_posts(facts, roles)
        facts.refuse_if_any()
        for objective in catalogue.objectives.values():
            objective.actions = [
                a.number for a in catalogue.actions.values() if a.objective == objective.number
            ]
        return catalogue

    # --- objectives ---------------------------------------------------------------------

    def _read_objectives(self, facts: _Facts) -> dict[Node, int]:
        """Reads the objectives; returns their numbers by IRI."""
        numbers: dict[Node, int] = {}
        for node in facts.graph.subjects(RDF.type, AP.Objective):
            owner = _name("objective", node, local_id(str(node)))
            printed = facts.text(node, AP.number, owner)
            title = facts.text(node, DCTERMS.title, owner, lang="nl")
            if printed is not None and not printed.isdecimal():
                facts.problem(AP.number, f"{owner} has ap:number {printed!r}, not a whole number")
                continue
            if printed is None or title is None:
                continue
            numbers[node] = int(printed)
            self.objectives[int(printed)] = ObjectiveJson(
                number=int(printed),
                iri=str(node),
                title=title,
                description=facts.text(node, DCTERMS.description, owner, False, lang="nl"),
                actions=[],
            )
        self.objectives = dict(sorted(self.objectives.items()))
        return numbers

    # --- actions ------------------------------------------------------------------------

    def _agent(
        self, facts: _Facts, agent: URIRef, kind: str, printed: str | None = None
    ) -> AgentRef | None:
        owner = _name(kind, agent, local_id(str(agent)))
        name = facts.text(agent, SKOS.prefLabel, owner, lang="nl")
        unresolved = facts.boolean(agent, AP.unresolved, owner, required=False)
        if name is None:
            return None
        return AgentRef(
            id=local_id(str(agent)),
            iri=str(agent),
            name=name,
            printed=printed,
            unresolved=bool(unresolved),
        )

    def _participants(
        self, facts: _Facts, action: Node, action_name: str | None
    ) -> list[_Participant]:
        """The action's participations (ap:participant, ap:role, ap:position,
        ap:printedName), in printed order."""
        found = []
        for participation in facts.graph.objects(action, AP.participation):
            part = _name("participation", participation, of=action_name)
            role = facts.iri(participation, AP.role, part)
            agent = facts.iri(participation, AP.participant, part)
            position = facts.integer(participation, AP.position, part)
            printed = facts.text(participation, AP.printedName, part)
            if role is None or agent is None or position is None or printed is None:
                continue
            kind = (
                "minister post"
                if role in (AP.CoordinatingMinisterRole, AP.InvolvedMinisterRole)
                else "organisation"
            )
            ref = self._agent(facts, agent, kind, printed)
            if ref is not None:
                found.append(_Participant(role, position, ref))
        return sorted(found, key=lambda p: (p.position, p.agent.id))

    def _amounts(self, facts: _Facts, budget: Node, action_name: str | None) -> list[AmountJson]:
        found = []
        for amount in facts.graph.objects(budget, AP.amount):
            part = _name("amount", amount, of=action_name)
            position = facts.integer(amount, AP.position, part)
            eur = facts.number(amount, SCHEMA.value, part)
            per_year = facts.boolean(amount, AP.perYear, part)
            if position is None or eur is None or per_year is None:
                continue
            found.append(
                (
                    position,
                    AmountJson(
                        eur=eur,
                        per_year=per_year,
                        years=facts.integer(amount, AP.coversYears, part, required=False),
                        label=facts.text(amount, RDFS.label, part, False, lang="nl"),
                    ),
                )
            )
        return [a for _, a in sorted(found, key=lambda item: item[0])]

    def _read_actions(self, facts: _Facts, objective_numbers: dict[Node, int]) -> None:
        graph = facts.graph
        for node in graph.subjects(RDF.type, AP.Action):
            number = facts.text(node, AP.number, _name("action", node))
            owner = _name("action", node, number)
            action_name = f"action {number}" if number else None
            title = facts.text(node, DCTERMS.title, owner, lang="nl")
            objective = facts.iri(node, AP.objective, owner)
            if objective is not None and objective not in objective_numbers:
                if (objective, RDF.type, AP.Objective) not in graph:
                    facts.problem(
                        AP.objective, f"{owner} has ap:objective <{objective}>, not an ap:Objective"
                    )
            participants = self._participants(facts, node, action_name)

            timing = facts.iri(node, AP.timing, owner)
            timing_text = starts = ends = ongoing = open_ended = None
            if timing is not None:
                part = _name("timing", timing, of=action_name)
                timing_text = facts.text(timing, AP.printedText, part)
                starts = facts.value(timing, AP.startsOn, part, required=False)
                ends = facts.value(timing, AP.endsOn, part, required=False)
                ongoing = facts.boolean(timing, AP.isOngoing, part)
                open_ended = facts.boolean(timing, AP.isOpenEnded, part)

            budget = facts.iri(node, AP.budget, owner)
            budget_text = funding_mode = funding_source = None
            amounts: list[AmountJson] = []
            if budget is not None:
                part = _name("budget", budget, of=action_name)
                budget_text = facts.text(budget, AP.printedText, part)
                funding_mode = facts.iri(budget, AP.fundingMode, part)
                funding_source = facts.text(budget, AP.fundingSource, part, False, lang="nl")
                amounts = self._amounts(facts, budget, action_name)

            derivation = facts.iri(node, PROV.qualifiedDerivation, owner)
            first_line = last_line = None
            if derivation is not None:
                part = _name("source span", derivation, of=action_name)
                first_line = facts.integer(derivation, AP.firstLine, part)
                last_line = facts.integer(derivation, AP.lastLine, part)

            status = facts.iri(node, AP.status, owner, required=False)
            mentioned = [
                self._agent(facts, org, "organisation")
                for org in graph.objects(node, AP.mentionsOrganisation)
                if isinstance(org, URIRef)
            ]
            if (
                number is None
                or title is None
                or objective is None
                or objective not in objective_numbers
                or timing_text is None
                or ongoing is None
                or open_ended is None
                or budget_text is None
                or funding_mode is None
                or first_line is None
                or last_line is None
            ):
                continue  # the problems are recorded: the graph is refused

            coordinating = _in_role(participants, AP.CoordinatingMinisterRole)
            lead = _in_role(participants, AP.LeadOrganisationRole)
            self.actions[number] = ActionJson(
                number=number,
                iri=str(node),
                objective=objective_numbers[objective],
                title=title,
                coordinating_minister=coordinating[0] if coordinating else None,
                lead=lead[0] if lead else None,
                starts_on=str(starts) if starts is not None else None,
                ends_on=str(ends) if ends is not None else None,
                ongoing=ongoing,
                open_ended=open_ended,
                funding_mode=local_id(str(funding_mode)),
                description=facts.text(node, DCTERMS.description, owner, False, lang="nl"),
                involved_ministers=_in_role(participants, AP.InvolvedMinisterRole),
                partners=_in_role(participants, AP.PartnerOrganisationRole),
                mentioned_organisations=sorted(
                    (a for a in mentioned if a is not None), key=lambda a: a.name
                ),
                timing_text=timing_text,
                budget_text=budget_text,
                amounts=amounts,
                funding_source=funding_source,
                status=local_id(str(status)) if status is not None else STATUS_UNKNOWN,
                source=SourceSpan(first_line=first_line, last_line=last_line),
                added_by=next(
                    (
                        str(update)
                        for update in graph.objects(node, PROV.wasDerivedFrom)
                        if (update, RDF.type, AP.ProgressUpdate) in graph
                    ),
                    None,
                ),
            )
        self.actions = dict(sorted(self.actions.items(), key=lambda kv: number_order(kv[0])))

    # --- organisations and minister posts -------------------------------------------------

    def _actions_by_role(self) -> dict[tuple[str, str], list[str]]:
        """The numbers of the actions each agent has a part in, in the plan's order, by
        (relation, agent id); relations: lead, partner, mentioned, coordinating, involved."""
        index: dict[tuple[str, str], list[str]] = {}
        for number, action in self.actions.items():
            parts = {("lead", a.id) for a in (action.lead,) if a is not None}
            parts |= {
                ("coordinating", a.id) for a in (action.coordinating_minister,) if a is not None
            }
            parts |= {("partner", a.id) for a in action.partners}
            parts |= {("involved", a.id) for a in action.involved_ministers}
            parts |= {("mentioned", a.id) for a in action.mentioned_organisations}
            for part in parts:
                index.setdefault(part, []).append(number)
        return index

    def _read_organisations(self, facts: _Facts, roles: dict[tuple[str, str], list[str]]) -> None:
        for node in facts.graph.subjects(RDF.type, AP.Organisation):
            org_id = local_id(str(node))
            owner = _name("organisation", node, org_id)
            name_nl = facts.text(node, SKOS.prefLabel, owner, lang="nl")
            unresolved = facts.boolean(node, AP.unresolved, owner, required=False)
            concepts = {
                predicate: facts.iri(node, predicate, owner, required=False)
                for predicate in (
                    ORG.classification,
                    AP.policyDomain,
                    AP.governmentLevel,
                    ORG.subOrganizationOf,
                )
            }
            if name_nl is None:
                continue
            self.organisations[org_id] = OrganisationJson(
                id=org_id,
                iri=str(node),
                name_nl=name_nl,
                name_en=facts.text(node, SKOS.prefLabel, owner, False, "en", strict_lang=True),
                abbreviation=facts.text(node, AP.abbreviation, owner, required=False),
                kind=local_id(concepts[ORG.classification]) or None,
                policy_domain=local_id(concepts[AP.policyDomain]) or None,
                government_level=local_id(concepts[AP.governmentLevel]) or None,
                parent=local_id(concepts[ORG.subOrganizationOf]) or None,
                unresolved=bool(unresolved),
                lead_actions=roles.get(("lead", org_id), []),
                partner_actions=roles.get(("partner", org_id), []),
                mentioned_in=roles.get(("mentioned", org_id), []),
            )
        self.organisations = dict(sorted(self.organisations.items()))

    def _read_minister_posts(self, facts: _Facts, roles: dict[tuple[str, str], list[str]]) -> None:
        for node in facts.graph.subjects(RDF.type, AP.MinisterPost):
            post_id = local_id(str(node))
            owner = _name("minister post", node, post_id)
            label_nl = facts.text(node, SKOS.prefLabel, owner, lang="nl")
            unresolved = facts.boolean(node, AP.unresolved, owner, required=False)
            themis = facts.iri(node, AP.themisMandataris, owner, required=False)
            if label_nl is None:
                continue
            self.minister_posts[post_id] = MinisterPostJson(
                id=post_id,
                iri=str(node),
                label_nl=label_nl,
                label_en=facts.text(node, SKOS.prefLabel, owner, False, "en", strict_lang=True),
                themis_mandataris=str(themis) if themis is not None else None,
                unresolved=bool(unresolved),
                coordinating_actions=roles.get(("coordinating", post_id), []),
                involved_actions=roles.get(("involved", post_id), []),
            )
        self.minister_posts = dict(sorted(self.minister_posts.items()))

    def summaries(self, actions: list[ActionJson]) -> list[ActionSummary]:
        fields = set(ActionSummary.model_fields)
        return [ActionSummary(**action.model_dump(include=fields)) for action in actions]
