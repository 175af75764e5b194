"""Resolved plan + reference data + ontology -> RDF graph (ontology terms, printed text,
provenance, and what the ontology entails from them: graph/core/entailment.py).

No blank nodes: every node has an IRI derived from the plan's own numbering, so the same input
always gives the same graph and the same files. The graph dates itself (`dcterms:modified` on
the plan) by what determines its content, never by the clock: see data_date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from actieplan.graph.core.budget import Budget
from actieplan.graph.core.entailment import (
    Entailments,
    Hierarchy,
    add_entailments,
    ontology_modified,
)
from actieplan.graph.core.mentions import MentionMatcher
from actieplan.graph.core.reference import ReferenceData, Term
from actieplan.graph.core.resolve import NameRef, ResolvedAction, ResolvedPlan
from actieplan.graph.core.timing import DateValue, Period, Timing
from actieplan.graph.core.vocab import AP, PPLAN, PREFIXES, SCHEMA, THEMIS_GOVERNMENT, Iris

PRECISION_UNITS = {"year": TIME.unitYear, "month": TIME.unitMonth, "day": TIME.unitDay}
DATE_PROPERTIES = {"year": TIME.inXSDgYear, "month": TIME.inXSDgYearMonth, "day": TIME.inXSDDate}
DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}


def nl(text: str) -> Literal:
    return Literal(text, lang="nl")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def decimal(value: Decimal) -> Literal:
    """xsd:decimal in its XSD 1.1 canonical form ("104320", "0.5"): the form triple stores
    (Oxigraph, embedded or a server) give back, so that a graph read back from a store is
    the graph that was built, byte for byte."""
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


# rdflib's store for a graph that is only written out, never validated: not context-aware
# (pyshacl's view of a graph needs one), some 30% faster to fill and twice as fast to read by
# pattern. The plans of a dataset are built into it: the build some 12% faster (farm-bench,
# 100 plans; bench/README.md, "The plans of a dataset built into a plain store").
WRITE_ONLY_STORE = "SimpleMemory"


def new_graph(store: str = "default") -> Graph:
    """An empty graph with the project's prefixes, in rdflib's `store` (its default, Memory, or
    WRITE_ONLY_STORE)."""
    graph = Graph(store=store)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def data_date(reference: ReferenceData, ontology: Graph) -> dt.date | None:
    """The day the data last changed: the newest of the dates that determine its content, the
    ontology's `dcterms:modified` and the reference files' `modified`. (The plan's text states
    no date of its own, only the dates of figures it quotes, and the text's file time is the
    time of a checkout, not of the plan.)"""
    return max((d for d in (ontology_modified(ontology), reference.modified) if d), default=None)


def build_graph(
    resolved: ResolvedPlan,
    iris: Iris,
    ontology: Graph,
    source_bytes: bytes | None = None,
    store: str = "default",
) -> tuple[Graph, Entailments]:
    """The whole graph of one plan: its facts (build_facts), dated by data_date, and what the
    ontology entails from them (written into the graph; returned apart too, to count them), in
    rdflib's `store` (new_graph)."""
    modified = data_date(resolved.reference, ontology)
    graph = build_facts(resolved, iris, modified, source_bytes, store)
    return graph, add_entailments(graph, Hierarchy.of(ontology))


def build_facts(
    resolved: ResolvedPlan,
    iris: Iris,
    modified: dt.date | None = None,
    source_bytes: bytes | None = None,
    store: str = "default",
) -> Graph:
    """The facts of one plan: reference entities, plan, objectives, actions."""
    graph = new_graph(store)
    add_reference(graph, resolved.reference, iris)
    for post in resolved.provisional_posts.values():
        node = iris.minister_post(post.id)
        graph.add((node, RDF.type, AP.MinisterPost))
        graph.add((node, SKOS.prefLabel, nl(post.label_nl)))
        graph.add((node, RDFS.label, nl(post.label_nl)))
        graph.add((node, AP.portfolio, nl(post.name_nl)))
        graph.add((node, AP.unresolved, Literal(True)))
    for org in resolved.provisional_organisations.values():
        node = iris.organisation(org.id)
        graph.add((node, RDF.type, AP.Organisation))
        graph.add((node, SKOS.prefLabel, nl(org.name_nl)))
        graph.add((node, RDFS.label, nl(org.name_nl)))
        graph.add((node, AP.unresolved, Literal(True)))
        if org.policy_domain:  # printed before the name: "KBBJ (Agentschap X)"
            domain = resolved.reference.policy_domains[org.policy_domain]
            graph.add((node, AP.policyDomain, iris.policy_domain(domain.id)))
    add_plan(graph, resolved, iris, source_bytes)
    if modified is not None:
        graph.add((iris.plan, DCTERMS.modified, Literal(modified)))
    return graph


def add_reference(graph: Graph, reference: ReferenceData, iris: Iris) -> None:
    """Minister posts, organisations and their vocabularies, with labels in Dutch and English."""
    schemes = {
        table: _scheme(graph, iris.concept_scheme(term.id), term)
        for table, term in reference.schemes.items()
    }
    for code, domain in reference.policy_domains.items():
        node = iris.policy_domain(domain.id)
        _concept(graph, node, AP.PolicyDomain, domain, schemes.get("policy_domain"))
        graph.add((node, SKOS.notation, Literal(code)))
    for level in reference.government_levels.values():
        node = iris.government_level(level.id)
        _concept(graph, node, AP.GovernmentLevel, level, schemes.get("government_level"))
    for kind in reference.kinds.values():
        node = iris.organisation_kind(kind.id)
        _concept(graph, node, AP.OrganisationKind, kind, schemes.get("kind"))

    for post in reference.minister_posts.values():
        node = iris.minister_post(post.id)
        graph.add((node, RDF.type, AP.MinisterPost))
        for predicate in (SKOS.prefLabel, RDFS.label):
            graph.add((node, predicate, nl(post.label_nl)))
            graph.add((node, predicate, en(f"Minister of {post.name_en}")))
        graph.add((node, AP.portfolio, nl(post.name_nl)))
        graph.add((node, AP.portfolio, en(post.name_en)))
        for variant in post.variants:
            graph.add((node, SKOS.altLabel, nl(f"Minister van {variant}")))
        if post.themis:  # a post of a user's reference layer may have no Themis IRI (yet)
            graph.add((node, AP.themisMandataris, URIRef(post.themis)))
            graph.add((node, ORG.postIn, THEMIS_GOVERNMENT))

    for org in reference.organisations.values():
        node = iris.organisation(org.id)
        graph.add((node, RDF.type, AP.Organisation))
        for predicate in (SKOS.prefLabel, RDFS.label):
            graph.add((node, predicate, nl(org.name_nl)))
            graph.add((node, predicate, en(org.name_en)))
        if org.abbreviation:
            graph.add((node, AP.abbreviation, Literal(org.abbreviation)))
        for alias in sorted(set(org.aliases) - {org.name_nl, org.abbreviation}):
            graph.add((node, SKOS.altLabel, nl(alias)))
        graph.add((node, ORG.classification, iris.organisation_kind(org.kind)))
        if org.policy_domain:
            domain = reference.policy_domains[org.policy_domain]
            graph.add((node, AP.policyDomain, iris.policy_domain(domain.id)))
        graph.add((node, AP.governmentLevel, iris.government_level(org.level)))
        if org.parent:
            graph.add((node, ORG.subOrganizationOf, iris.organisation(org.parent)))
        if org.homepage:
            graph.add((node, FOAF.homepage, URIRef(org.homepage)))
        if org.themis:  # not owl:sameAs: Themis's body is the government of one term
            graph.add((node, RDFS.seeAlso, URIRef(org.themis)))


def _labels(graph: Graph, node: URIRef, term: Term) -> None:
    for predicate in (SKOS.prefLabel, RDFS.label):
        graph.add((node, predicate, nl(term.name_nl)))
        graph.add((node, predicate, en(term.name_en)))


def _scheme(graph: Graph, node: URIRef, term: Term) -> URIRef:
    graph.add((node, RDF.type, SKOS.ConceptScheme))
    _labels(graph, node, term)
    return node


def _concept(graph: Graph, node: URIRef, cls: URIRef, term: Term, scheme: URIRef | None) -> None:
    """A concept of a vocabulary, a top concept of its scheme (the vocabularies are flat)."""
    graph.add((node, RDF.type, cls))
    graph.add((node, RDF.type, SKOS.Concept))
    _labels(graph, node, term)
    if scheme is not None:
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))


def add_plan(graph: Graph, resolved: ResolvedPlan, iris: Iris, source_bytes: bytes | None) -> None:
    plan = resolved.plan
    graph.add((iris.plan, RDF.type, AP.ActionPlan))
    graph.add((iris.plan, DCTERMS.title, nl(plan.title.text)))
    graph.add((iris.plan, RDFS.label, nl(plan.title.text)))
    graph.add((iris.plan, PROV.wasDerivedFrom, iris.source))
    graph.add((iris.plan, DCTERMS.source, iris.source))

    graph.add((iris.source, RDF.type, AP.SourceDocument))
    graph.add((iris.source, AP.fileName, Literal(plan.source.rsplit("/", 1)[-1])))
    graph.add((iris.source, RDFS.label, nl(f"Tekst van {plan.title.text}")))
    graph.add((iris.source, AP.lineCount, Literal(plan.line_count)))
    if source_bytes is not None:
        graph.add((iris.source, AP.sha256, Literal(hashlib.sha256(source_bytes).hexdigest())))

    for objective in plan.objectives:
        node = iris.objective(objective.number)
        graph.add((node, RDF.type, AP.Objective))
        graph.add((node, DCTERMS.isPartOf, iris.plan))
        graph.add((node, AP.number, Literal(str(objective.number))))
        graph.add((node, AP.ordinal, Literal(objective.number)))
        graph.add((node, DCTERMS.title, nl(objective.title.text)))
        graph.add(
            (node, RDFS.label, nl(f"Doelstelling {objective.number}: {objective.title.text}"))
        )
        graph.add((node, RDFS.label, en(f"Objective {objective.number}")))
        if objective.description.text:
            graph.add((node, DCTERMS.description, nl(objective.description.text)))
        _derivation(graph, iris, node, objective.title.lines + objective.description.lines)

    mentions = MentionMatcher.from_reference(resolved.reference)
    for action in resolved.actions:
        add_action(graph, action, iris)
        add_mentions(
            graph,
            iris.action(action.action.number),
            mentions.organisations_in(action.action.description.text),
            iris,
        )


def add_mentions(graph: Graph, action: URIRef, organisation_ids: Iterable[str], iris: Iris) -> None:
    """Organisations the action's description names: apart from the roles of the Trekker cell."""
    for org_id in organisation_ids:
        graph.add((action, AP.mentionsOrganisation, iris.organisation(org_id)))


def _derivation(
    graph: Graph, iris: Iris, node: URIRef, lines: Iterable[int], document: URIRef | None = None
) -> None:
    """PROV: node was derived from the document (default: the plan's source), lines
    first..last."""
    lines = list(lines)
    document = document if document is not None else iris.source
    derivation = iris.below(node, "derivation")
    graph.add((node, PROV.wasDerivedFrom, document))
    graph.add((node, PROV.qualifiedDerivation, derivation))
    graph.add((derivation, RDF.type, PROV.Derivation))
    graph.add((derivation, PROV.entity, document))
    graph.add((derivation, AP.firstLine, Literal(min(lines))))
    graph.add((derivation, AP.lastLine, Literal(max(lines))))


@dataclass(frozen=True)
class AddedBy:
    """The progress update that adds an action, and the workbook it was read from: the
    action's lines are rows of the workbook's sheet of new actions."""

    update: URIRef
    workbook: URIRef


def add_action(
    graph: Graph, resolved: ResolvedAction, iris: Iris, added_by: AddedBy | None = None
) -> None:
    """One action with its roles, timing and budget. Derived from the plan's source lines, or
    (`added_by`) from a progress update and the rows of its workbook."""
    action = resolved.action
    node = iris.action(action.number)
    graph.add((node, RDF.type, AP.Action))
    graph.add((node, PPLAN.isStepOfPlan, iris.plan))
    graph.add((node, AP.objective, iris.objective(action.objective)))
    graph.add((node, AP.number, Literal(action.number)))
    graph.add((node, AP.ordinal, Literal(int(action.number.split(".")[1]))))
    graph.add((node, DCTERMS.title, nl(action.title.text)))
    graph.add((node, RDFS.label, nl(f"Actie {action.number}: {action.title.text}")))
    graph.add((node, RDFS.label, en(f"Action {action.number}")))
    if action.description.text:
        graph.add((node, DCTERMS.description, nl(action.description.text)))
    if action.section:
        graph.add((node, AP.section, nl(action.section)))
    graph.add((node, AP.printedMinisters, Literal(action.ministers.text)))
    graph.add((node, AP.printedOrganisations, Literal(action.organisations.text)))
    # The plan's legend (new / extended / continued) was colour in the PDF: not in the text.
    graph.add((node, AP.status, AP.StatusUnknown))
    if added_by is None:
        _derivation(graph, iris, node, [*action.span])
    else:
        graph.add((node, PROV.wasDerivedFrom, added_by.update))
        _derivation(graph, iris, node, [*action.span], added_by.workbook)

    roles = [
        (
            resolved.coordinating_minister,
            AP.CoordinatingMinisterRole,
            AP.coordinatingMinister,
            "minister",
        )
    ]
    roles += [
        (ref, AP.InvolvedMinisterRole, AP.involvedMinister, "minister")
        for ref in resolved.involved_ministers
    ]
    roles += [(resolved.lead, AP.LeadOrganisationRole, AP.leadOrganisation, "organisation")]
    roles += [
        (ref, AP.PartnerOrganisationRole, AP.partnerOrganisation, "organisation")
        for ref in resolved.partners
    ]
    positions = {"minister": 0, "organisation": 0}
    for ref, role, shortcut, what in roles:
        if ref is None:
            continue
        positions[what] += 1
        agent = (
            iris.minister_post(ref.entity_id)
            if what == "minister"
            else iris.organisation(ref.entity_id)
        )
        graph.add((node, shortcut, agent))
        _participation(graph, iris, node, ref, agent, role, what, positions[what])

    add_timing(graph, iris.below(node, "timing"), resolved.timing, action.timing.lines)
    graph.add((node, AP.timing, iris.below(node, "timing")))
    add_budget(graph, iris, iris.below(node, "budget"), resolved)
    graph.add((node, AP.budget, iris.below(node, "budget")))


def _participation(
    graph: Graph,
    iris: Iris,
    action: URIRef,
    ref: NameRef,
    agent: URIRef,
    role: URIRef,
    what: str,
    position: int,
) -> None:
    node = iris.below(action, "participation", f"{what}-{position}")
    graph.add((action, AP.participation, node))
    graph.add((node, RDF.type, AP.Participation))
    graph.add((node, AP.participant, agent))
    graph.add((node, AP.role, role))
    graph.add((node, AP.position, Literal(position)))
    graph.add((node, AP.printedName, Literal(ref.printed)))
    if ref.line is not None:
        graph.add((node, AP.sourceLine, Literal(ref.line)))


def _instant(graph: Graph, node: URIRef, value: DateValue, bound: str) -> None:
    graph.add((node, RDF.type, TIME.Instant))
    graph.add(
        (
            node,
            DATE_PROPERTIES[value.precision],
            Literal(value.iso, datatype=DATE_TYPES[value.precision]),
        )
    )
    graph.add((node, AP.precision, PRECISION_UNITS[value.precision]))
    day = value.first_day() if bound == "start" else value.last_day()
    graph.add((node, AP.startsOn if bound == "start" else AP.endsOn, Literal(day)))
    if value.qualifier:
        graph.add((node, AP.yearPart, Literal(value.qualifier)))


def _interval(graph: Graph, node: URIRef, period: Timing | Period) -> None:
    if period.start is not None:
        start = URIRef(f"{node}/start")
        graph.add((node, TIME.hasBeginning, start))
        _instant(graph, start, period.start, "start")
        graph.add((node, AP.startsOn, Literal(period.start.first_day())))
    if period.end is not None:
        end = URIRef(f"{node}/end")
        graph.add((node, TIME.hasEnd, end))
        _instant(graph, end, period.end, "end")
        graph.add((node, AP.endsOn, Literal(period.end.last_day())))
    graph.add((node, AP.isOngoing, Literal(period.ongoing)))
    graph.add((node, AP.isOpenEnded, Literal(period.open_ended)))
    if period.note:
        graph.add((node, AP.note, nl(period.note)))


def _printed_cell(graph: Graph, node: URIRef, cls: URIRef, text: str, lines: list[int]) -> None:
    """A node for one cell of the plan's table: its class, the text as printed, its lines."""
    graph.add((node, RDF.type, cls))
    graph.add((node, AP.printedText, Literal(text)))
    for line in lines:
        graph.add((node, AP.sourceLine, Literal(line)))


def add_timing(graph: Graph, node: URIRef, timing: Timing, lines: list[int]) -> None:
    _printed_cell(graph, node, AP.Timing, timing.text, lines)
    _interval(graph, node, timing)
    if timing.label:
        graph.add((node, AP.printedLabel, nl(timing.label)))
    for position, phase in enumerate(timing.phases, start=1):
        phase_node = URIRef(f"{node}/phase/{position}")
        graph.add((node, AP.phase, phase_node))
        graph.add((phase_node, RDF.type, AP.Phase))
        graph.add((phase_node, AP.position, Literal(position)))
        graph.add((phase_node, AP.printedText, Literal(phase.text)))
        if phase.label:
            graph.add((phase_node, RDFS.label, nl(phase.label)))
        _interval(graph, phase_node, phase)


def funding_mode(budget: Budget) -> URIRef:
    if budget.amounts:
        return AP.SpecificBudget
    if budget.regular_means:
        return AP.WithinRegularResources
    if budget.funding_source:
        return AP.ExternalFund
    return AP.UnknownFunding


def add_budget(graph: Graph, iris: Iris, node: URIRef, resolved: ResolvedAction) -> None:
    budget = resolved.budget
    _printed_cell(graph, node, AP.Budget, budget.text, resolved.action.budget.lines)
    graph.add((node, AP.fundingMode, funding_mode(budget)))
    for position, amount in enumerate(budget.amounts, start=1):
        amount_node = URIRef(f"{node}/amount/{position}")
        graph.add((node, AP.amount, amount_node))
        graph.add((amount_node, RDF.type, AP.BudgetAmount))
        graph.add((amount_node, AP.position, Literal(position)))
        graph.add((amount_node, SCHEMA.value, decimal(amount.eur)))
        graph.add((amount_node, SCHEMA.currency, Literal("EUR")))
        graph.add((amount_node, AP.perYear, Literal(amount.per_year)))
        if amount.years is not None:
            graph.add((amount_node, AP.coversYears, Literal(amount.years)))
        if amount.year is not None:
            graph.add(
                (amount_node, AP.budgetYear, Literal(f"{amount.year:04d}", datatype=XSD.gYear))
            )
        if amount.label:
            graph.add((amount_node, RDFS.label, nl(amount.label)))
        if amount.note:
            graph.add((amount_node, AP.note, nl(amount.note)))
    for position, share in enumerate(budget.shares, start=1):
        share_node = URIRef(f"{node}/co-funding/{position}")
        graph.add((node, AP.coFunding, share_node))
        graph.add((share_node, RDF.type, AP.CoFundingShare))
        graph.add((share_node, AP.sharePercent, decimal(share.percent)))
        graph.add((share_node, AP.fundingSource, nl(share.source)))
    if budget.funding_source:
        graph.add((node, AP.fundingSource, nl(budget.funding_source)))
    if resolved.budget_payer is not None:
        graph.add((node, AP.payer, iris.organisation(resolved.budget_payer.entity_id)))
