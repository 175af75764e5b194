"""Every check, broken on purpose: a copy of the real graph with exactly one fact changed gives
exactly the expected change in results (check, focus node, severity, how many). Every note,
changed on purpose: exactly the expected change in the actions it is true of, and no finding.

The conforming case of every check (the unmutated plan) is in tests/unit/test_validate.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDFS, SKOS

from actieplan.graph.core.vocab import AP, PPLAN, SCHEMA, Iris
from actieplan.graph.rdf.progress import Report, update_graph
from actieplan.graph.validation.report import checks, validate_graph

BASE = "https://w3id.org/actieplan/id/"
PLAN = URIRef(f"{BASE}plan/actieplan-radicalisering-2020-2024")
V, W = "Violation", "Warning"


def action(number: str, *below: str) -> URIRef:
    return URIRef("/".join([f"{PLAN}/action/{number}", *below]))


def objective(number: int, *below: str) -> URIRef:
    return URIRef("/".join([f"{PLAN}/objective/{number}", *below]))


def org(org_id: str) -> URIRef:
    return URIRef(f"{BASE}organisation/{org_id}")


def post(post_id: str) -> URIRef:
    return URIRef(f"{BASE}minister-post/{post_id}")


SOURCE = URIRef(f"{PLAN}/source")


def replace(graph: Graph, subject, predicate, value) -> None:
    graph.set((subject, predicate, value))


def remove(graph: Graph, subject, predicate) -> None:
    graph.remove((subject, predicate, None))


def swap(graph: Graph, subject, first, second) -> None:
    a, b = graph.value(subject, first), graph.value(subject, second)
    graph.set((subject, first, b))
    graph.set((subject, second, a))


COPY = BNode("blank-copy")


def blank_copy(graph: Graph, node: URIRef) -> None:
    """The node's own facts again, on a blank node (nothing links to it)."""
    for predicate, value in list(graph.predicate_objects(node)):
        graph.add((COPY, predicate, value))


Mutation = Callable[[Graph], None]
Key = tuple[str, object, str]

# check -> (how to break it, results that appear, results that go away)
CASES: dict[str, tuple[Mutation, list[Key], list[Key]]] = {
    # required facts of an action
    "ActionNumber": (
        lambda g: remove(g, action("1.1"), AP.number),
        [("ActionNumber", action("1.1"), V)],
        [],
    ),
    "ActionTitle": (
        lambda g: remove(g, action("1.1"), DCTERMS.title),
        [("ActionTitle", action("1.1"), V)],
        [],
    ),
    "ActionObjective": (
        lambda g: remove(g, action("1.1"), AP.objective),
        [("ActionObjective", action("1.1"), V)],
        [],
    ),
    "ActionCoordinatingMinister": (
        lambda g: remove(g, action("1.1"), AP.coordinatingMinister),
        [("ActionCoordinatingMinister", action("1.1"), V)],
        [],
    ),
    "ActionLeadOrganisation": (
        lambda g: remove(g, action("1.1"), AP.leadOrganisation),
        [("ActionLeadOrganisation", action("1.1"), V)],
        [],
    ),
    "ActionTimingText": (
        lambda g: remove(g, action("1.1", "timing"), AP.printedText),
        [("ActionTimingText", action("1.1"), V)],
        [],
    ),
    "ActionBudgetText": (
        lambda g: remove(g, action("1.1", "budget"), AP.printedText),
        [("ActionBudgetText", action("1.1"), V)],
        [],
    ),
    "ActionSourceSpan": (
        lambda g: remove(g, action("1.1"), PROV.qualifiedDerivation),
        [("ActionSourceSpan", action("1.1"), V)],
        [],
    ),
    # desirable facts
    # 1.3: "2021 - 2024", 200.000 euro in all (1.1 has a yearly amount: see YearlyAmountPeriod)
    "ActionStart": (
        lambda g: remove(g, action("1.3", "timing"), AP.startsOn),
        [("ActionStart", action("1.3"), W)],
        [],
    ),
    "ActionEnd": (
        lambda g: remove(g, action("1.3", "timing"), AP.endsOn),
        [("ActionEnd", action("1.3"), W)],
        [],
    ),
    "ActionFunding": (
        lambda g: replace(g, action("1.2", "budget"), AP.fundingMode, AP.UnknownFunding),
        [("ActionFunding", action("1.2"), W)],
        [],
    ),
    # consistency
    "ActionLeadNotPartner": (
        lambda g: g.add((action("1.1"), AP.partnerOrganisation, org("abb"))),
        [("ActionLeadNotPartner", action("1.1"), V)],
        [],
    ),
    "ActionCoordinatorNotInvolved": (
        lambda g: g.add((action("1.1"), AP.involvedMinister, post("binnenlands-bestuur"))),
        [("ActionCoordinatorNotInvolved", action("1.1"), V)],
        [],
    ),
    "ActionNumberInObjective": (
        lambda g: replace(g, action("1.1"), AP.number, Literal("2.8")),
        [("ActionNumberInObjective", action("1.1"), V)],
        [],
    ),
    # 4.2: 1.500.000 / jaar over "2021 - 2024"; without the end there is nothing to multiply by
    "YearlyAmountPeriod": (
        lambda g: remove(g, action("4.2", "timing"), AP.endsOn),
        [
            ("YearlyAmountPeriod", action("4.2", "budget", "amount", "1"), V),
            ("ActionEnd", action("4.2"), W),
        ],
        [],
    ),
    "IntervalOrder": (
        lambda g: swap(g, action("1.5", "timing"), AP.startsOn, AP.endsOn),
        [("IntervalOrder", action("1.5", "timing"), V)],
        [],
    ),
    "DerivationLineOrder": (
        lambda g: swap(g, action("3.4", "derivation"), AP.firstLine, AP.lastLine),
        [("DerivationLineOrder", action("3.4", "derivation"), V)],
        [],
    ),
    # reference data: VCLP is the 5th organisation of 3.8 (OV, ABB, Justitiehuizen, Opgroeien,
    # VCLP); Mobiliteit is the 8th minister of 3.12 and of 3.13, and in no other action
    "AgentResolved": (
        lambda g: g.add((org("vclp"), AP.unresolved, Literal(True))),
        [("AgentResolved", action("3.8", "participation", "organisation-5"), V)],
        [],
    ),
    "AgentNamed": (
        lambda g: remove(g, post("mobiliteit"), RDFS.label),
        [
            ("AgentNamed", action("3.12", "participation", "minister-8"), V),
            ("AgentNamed", action("3.13", "participation", "minister-8"), V),
        ],
        [],
    ),
    # form of an action
    "ActionNumberForm": (
        lambda g: replace(g, action("1.1"), AP.number, Literal("1.1a")),
        [("ActionNumberForm", action("1.1"), V)],
        [],
    ),
    "ActionTitleForm": (
        lambda g: g.add((action("1.1"), DCTERMS.title, Literal("Tweede titel"))),
        [("ActionTitleForm", action("1.1"), V)] * 2,
        [],
    ),  # 2 titles, 1 untagged
    "ActionObjectiveForm": (
        lambda g: replace(g, action("1.1"), AP.objective, PLAN),
        [("ActionObjectiveForm", action("1.1"), V)],
        [],
    ),
    "ActionCoordinatingMinisterForm": (
        lambda g: replace(g, action("1.1"), AP.coordinatingMinister, org("abb")),
        [("ActionCoordinatingMinisterForm", action("1.1"), V)],
        [],
    ),
    "ActionInvolvedMinisterForm": (
        lambda g: g.add((action("1.1"), AP.involvedMinister, org("abb"))),
        [("ActionInvolvedMinisterForm", action("1.1"), V)],
        [],
    ),
    "ActionLeadOrganisationForm": (
        lambda g: g.add((action("1.1"), AP.leadOrganisation, org("lokale-besturen"))),
        [("ActionLeadOrganisationForm", action("1.1"), V)],
        [],
    ),
    "ActionPartnerOrganisationForm": (
        lambda g: g.add((action("1.1"), AP.partnerOrganisation, post("justitie"))),
        [("ActionPartnerOrganisationForm", action("1.1"), V)],
        [],
    ),
    "ActionParticipationForm": (
        lambda g: g.add((action("1.1"), AP.participation, action("1.1", "timing"))),
        [("ActionParticipationForm", action("1.1"), V)],
        [],
    ),
    "ActionTimingForm": (
        lambda g: g.add((action("1.1"), AP.timing, action("1.2", "timing"))),
        [("ActionTimingForm", action("1.1"), V)],
        [],
    ),
    "ActionBudgetForm": (
        lambda g: g.add((action("1.1"), AP.budget, action("1.3", "budget"))),
        [("ActionBudgetForm", action("1.1"), V)],
        [],
    ),
    "ActionStatusForm": (
        lambda g: replace(g, action("1.1"), AP.status, AP.WithinRegularResources),
        [("ActionStatusForm", action("1.1"), V)],
        [],
    ),
    "ActionPlanForm": (
        lambda g: remove(g, action("1.1"), PPLAN.isStepOfPlan),
        [("ActionPlanForm", action("1.1"), V)],
        [],
    ),
    # plan, objective, source document, derivation
    "PlanTitle": (lambda g: remove(g, PLAN, DCTERMS.title), [("PlanTitle", PLAN, V)], []),
    "PlanSource": (lambda g: remove(g, PLAN, PROV.wasDerivedFrom), [("PlanSource", PLAN, V)], []),
    "ObjectiveNumber": (
        lambda g: remove(g, objective(8), AP.number),
        [("ObjectiveNumber", objective(8), V)],
        [],
    ),
    "ObjectiveTitle": (
        lambda g: remove(g, objective(1), DCTERMS.title),
        [("ObjectiveTitle", objective(1), V)],
        [],
    ),
    "ObjectivePlan": (
        lambda g: remove(g, objective(1), DCTERMS.isPartOf),
        [("ObjectivePlan", objective(1), V)],
        [],
    ),
    "ObjectiveSourceSpan": (
        lambda g: remove(g, objective(1), PROV.qualifiedDerivation),
        [("ObjectiveSourceSpan", objective(1), V)],
        [],
    ),
    "SourceFileName": (
        lambda g: remove(g, SOURCE, AP.fileName),
        [("SourceFileName", SOURCE, V)],
        [],
    ),
    "SourceLineCount": (
        lambda g: replace(g, SOURCE, AP.lineCount, Literal(0)),
        [("SourceLineCount", SOURCE, V)],
        [],
    ),
    "SourceChecksum": (
        lambda g: replace(g, SOURCE, AP.sha256, Literal("not-a-checksum")),
        [("SourceChecksum", SOURCE, V)],
        [],
    ),
    "DerivationEntity": (
        lambda g: remove(g, action("1.1", "derivation"), PROV.entity),
        [("DerivationEntity", action("1.1", "derivation"), V)],
        [],
    ),
    "DerivationFirstLine": (
        lambda g: remove(g, objective(1, "derivation"), AP.firstLine),
        [("DerivationFirstLine", objective(1, "derivation"), V)],
        [],
    ),
    "DerivationLastLine": (
        lambda g: remove(g, action("1.1", "derivation"), AP.lastLine),
        [("DerivationLastLine", action("1.1", "derivation"), V)],
        [],
    ),
    # participation
    "ParticipationAgent": (
        lambda g: g.add(
            (action("1.1", "participation", "organisation-1"), AP.participant, org("agii"))
        ),
        [("ParticipationAgent", action("1.1", "participation", "organisation-1"), V)],
        [],
    ),
    "ParticipationRole": (
        lambda g: replace(
            g, action("1.1", "participation", "organisation-1"), AP.role, AP.StatusUnknown
        ),
        [("ParticipationRole", action("1.1", "participation", "organisation-1"), V)],
        [],
    ),
    "ParticipationPosition": (
        lambda g: replace(
            g, action("1.1", "participation", "organisation-1"), AP.position, Literal(0)
        ),
        [("ParticipationPosition", action("1.1", "participation", "organisation-1"), V)],
        [],
    ),
    "ParticipationPrintedName": (
        lambda g: remove(g, action("1.1", "participation", "organisation-1"), AP.printedName),
        [("ParticipationPrintedName", action("1.1", "participation", "organisation-1"), V)],
        [],
    ),
    # minister post, organisation, vocabularies
    "PreferredName": (
        lambda g: g.add(
            (post("justitie"), SKOS.prefLabel, Literal("Minister van Justitie", lang="nl"))
        ),
        [("PreferredName", post("justitie"), V)],
        [],
    ),
    "MinisterPostPortfolio": (
        lambda g: remove(g, post("justitie"), AP.portfolio),
        [("MinisterPostPortfolio", post("justitie"), V)],
        [],
    ),
    "MinisterPostThemis": (
        lambda g: replace(
            g, post("justitie"), AP.themisMandataris, Literal("5fed907ee6670526694a0715")
        ),
        [("MinisterPostThemis", post("justitie"), V)],
        [],
    ),
    "OrganisationKindOf": (
        lambda g: replace(g, org("abb"), ORG.classification, URIRef(f"{BASE}policy-domain/kbbj")),
        [("OrganisationKindOf", org("abb"), V)],
        [],
    ),
    "OrganisationLevel": (
        lambda g: g.add(
            (org("abb"), AP.governmentLevel, URIRef(f"{BASE}government-level/federal"))
        ),
        [("OrganisationLevel", org("abb"), V)],
        [],
    ),
    "OrganisationPolicyDomain": (
        lambda g: replace(
            g, org("abb"), AP.policyDomain, URIRef(f"{BASE}government-level/flemish")
        ),
        [("OrganisationPolicyDomain", org("abb"), V)],
        [],
    ),
    "OrganisationParent": (
        lambda g: g.add((org("abb"), ORG.subOrganizationOf, post("justitie"))),
        [("OrganisationParent", org("abb"), V)],
        [],
    ),
    "OrganisationHomepage": (
        lambda g: g.add((org("abb"), FOAF.homepage, Literal("www.vlaanderen.be"))),
        [("OrganisationHomepage", org("abb"), V)],
        [],
    ),
    "PolicyDomainCode": (
        lambda g: remove(g, URIRef(f"{BASE}policy-domain/kbbj"), SKOS.notation),
        [("PolicyDomainCode", URIRef(f"{BASE}policy-domain/kbbj"), V)],
        [],
    ),
    # timing, phase, instant
    "IntervalText": (
        lambda g: g.add((action("1.1", "timing"), AP.printedText, Literal("2021 - 2023"))),
        [("IntervalText", action("1.1", "timing"), V)],
        [],
    ),
    "IntervalStartsOn": (
        lambda g: g.add((action("1.1", "timing"), AP.startsOn, Literal(date(2021, 2, 1)))),
        [("IntervalStartsOn", action("1.1", "timing"), V)],
        [],
    ),
    "IntervalEndsOn": (
        lambda g: g.add((action("1.1", "timing"), AP.endsOn, Literal(date(2023, 6, 30)))),
        [("IntervalEndsOn", action("1.1", "timing"), V)],
        [],
    ),
    "IntervalOngoingFlag": (
        lambda g: remove(g, action("1.1", "timing"), AP.isOngoing),
        [("IntervalOngoingFlag", action("1.1", "timing"), V)],
        [],
    ),
    "IntervalOpenEndedFlag": (
        lambda g: remove(g, action("1.1", "timing"), AP.isOpenEnded),
        [("IntervalOpenEndedFlag", action("1.1", "timing"), V)],
        [],
    ),
    "TimingPhases": (
        lambda g: g.add((action("1.1", "timing"), AP.phase, action("1.1", "budget"))),
        [("TimingPhases", action("1.1", "timing"), V)],
        [],
    ),
    "PhaseText": (
        lambda g: remove(g, action("4.3", "timing", "phase", "1"), AP.printedText),
        [("PhaseText", action("4.3", "timing", "phase", "1"), V)],
        [],
    ),
    "Position": (
        lambda g: replace(g, action("4.3", "timing", "phase", "1"), AP.position, Literal(0)),
        [("Position", action("4.3", "timing", "phase", "1"), V)],
        [],
    ),
    "InstantPrecision": (
        lambda g: remove(g, action("1.1", "timing", "start"), AP.precision),
        [("InstantPrecision", action("1.1", "timing", "start"), V)],
        [],
    ),
    # budget, amount, co-funding
    "BudgetTextForm": (
        lambda g: g.add((action("1.1", "budget"), AP.printedText, Literal("104.320 euro"))),
        [("BudgetTextForm", action("1.1", "budget"), V)],
        [],
    ),
    "BudgetFundingMode": (
        lambda g: replace(g, action("1.1", "budget"), AP.fundingMode, AP.StatusUnknown),
        [("BudgetFundingMode", action("1.1", "budget"), V)],
        [],
    ),
    "BudgetAmounts": (
        lambda g: g.add((action("1.1", "budget"), AP.amount, action("1.1", "timing"))),
        [("BudgetAmounts", action("1.1", "budget"), V)],
        [],
    ),
    "BudgetCoFunding": (
        lambda g: g.add((action("1.1", "budget"), AP.coFunding, action("1.1", "timing"))),
        [("BudgetCoFunding", action("1.1", "budget"), V)],
        [],
    ),
    "BudgetPayer": (
        lambda g: g.add((action("1.3", "budget"), AP.payer, org("agii"))),
        [("BudgetPayer", action("1.3", "budget"), V)],
        [],
    ),
    "AmountValue": (
        lambda g: replace(
            g, action("1.3", "budget", "amount", "1"), SCHEMA.value, Literal(Decimal("0"))
        ),
        [("AmountValue", action("1.3", "budget", "amount", "1"), V)],
        [],
    ),
    "AmountCurrency": (
        lambda g: replace(
            g, action("1.3", "budget", "amount", "1"), SCHEMA.currency, Literal("USD")
        ),
        [("AmountCurrency", action("1.3", "budget", "amount", "1"), V)],
        [],
    ),
    "AmountPerYear": (
        lambda g: remove(g, action("1.3", "budget", "amount", "1"), AP.perYear),
        [("AmountPerYear", action("1.3", "budget", "amount", "1"), V)],
        [],
    ),
    "AmountYears": (
        lambda g: replace(g, action("2.3", "budget", "amount", "1"), AP.coversYears, Literal(0)),
        [("AmountYears", action("2.3", "budget", "amount", "1"), V)],
        [],
    ),
    "SharePercent": (
        lambda g: replace(
            g, action("1.7", "budget", "co-funding", "1"), AP.sharePercent, Literal(Decimal("150"))
        ),
        [("SharePercent", action("1.7", "budget", "co-funding", "1"), V)],
        [],
    ),
    "ShareSource": (
        lambda g: remove(g, action("1.7", "budget", "co-funding", "1"), AP.fundingSource),
        [("ShareSource", action("1.7", "budget", "co-funding", "1"), V)],
        [],
    ),
    # a text without its language tag
    "ActionSectionForm": (
        lambda g: g.add((action("1.1"), AP.section, Literal("Zonder taalcode"))),
        [("ActionSectionForm", action("1.1"), V)],
        [],
    ),
    "TimingPrintedLabelForm": (
        lambda g: g.add((action("1.1", "timing"), AP.printedLabel, Literal("Conceptnota"))),
        [("TimingPrintedLabelForm", action("1.1", "timing"), V)],
        [],
    ),
    "NoteForm": (
        lambda g: g.add((action("1.1", "timing"), AP.note, Literal("tot einde legislatuur"))),
        [("NoteForm", action("1.1", "timing"), V)],
        [],
    ),
    "FundingSourceForm": (
        lambda g: replace(
            g, action("1.7", "budget", "co-funding", "1"), AP.fundingSource, Literal("de EU")
        ),
        [("FundingSourceForm", action("1.7", "budget", "co-funding", "1"), V)],
        [],
    ),
    # a year printed after an amount, written as a number instead of an xsd:gYear
    "BudgetYearForm": (
        lambda g: g.add((action("2.3", "budget", "amount", "1"), AP.budgetYear, Literal(2023))),
        [("BudgetYearForm", action("2.3", "budget", "amount", "1"), V)],
        [],
    ),
}

# The node shape of each class: a node of the class re-made as a blank node. It keeps its own
# facts, so only the IRI check fails.
BLANK_COPIES: dict[str, tuple[URIRef, list[Key]]] = {
    "ActionShape": (action("1.1"), []),
    "ActionPlanShape": (PLAN, []),
    "ObjectiveShape": (objective(1), []),
    "SourceDocumentShape": (SOURCE, []),
    "DerivationShape": (action("1.1", "derivation"), []),
    "ParticipationShape": (action("1.1", "participation", "organisation-1"), []),
    "MinisterPostShape": (post("justitie"), []),
    "OrganisationShape": (org("abb"), []),
    "PolicyDomainShape": (URIRef(f"{BASE}policy-domain/kbbj"), []),
    "GovernmentLevelShape": (URIRef(f"{BASE}government-level/flemish"), []),
    "OrganisationKindShape": (URIRef(f"{BASE}organisation-kind/agency"), []),
    "ConceptSchemeShape": (URIRef(f"{BASE}concept-scheme/policy-domains"), []),
    "TimingShape": (action("1.1", "timing"), []),
    "PhaseShape": (action("4.3", "timing", "phase", "1"), []),
    "InstantShape": (action("1.1", "timing", "start"), []),
    "BudgetShape": (action("1.1", "budget"), []),
    "BudgetAmountShape": (action("1.3", "budget", "amount", "1"), []),
    "CoFundingShareShape": (action("1.7", "budget", "co-funding", "1"), []),
}
for _shape, (_node, _also) in BLANK_COPIES.items():
    CASES[_shape] = (lambda g, node=_node: blank_copy(g, node), [(_shape, COPY, V), *_also], [])

# The follow-up: a valid update with one report is added, then one of its facts is broken (the
# valid update alone changes no result: tests/unit/test_progress_ledger.py).
UPDATE_SHA256 = "5" * 64
UPDATE = URIRef(f"{PLAN}/update/{UPDATE_SHA256[:16]}")
REPORT = URIRef(f"{UPDATE}/action/1.1")


def with_update(breaking: Mutation) -> Mutation:
    def mutation(graph: Graph) -> None:
        graph += update_graph(
            Iris(BASE, "actieplan-radicalisering-2020-2024"),
            UPDATE_SHA256,
            "voortgang.xlsx",
            datetime(2022, 7, 1, 9, 0, tzinfo=UTC),
            [Report("1.1", AP.Done, date(2022, 6, 30), "klaar", org("abb"), Decimal("10"))],
        )
        breaking(graph)

    return mutation


FOLLOW_UP_CASES: dict[str, tuple[Mutation, URIRef]] = {
    "UpdatePlan": (lambda g: remove(g, UPDATE, AP.followsUp), UPDATE),
    "UpdateImported": (
        lambda g: replace(g, UPDATE, PROV.generatedAtTime, Literal("2022-07-01")),
        UPDATE,
    ),
    "UpdateWorkbookChecksum": (
        lambda g: replace(g, URIRef(f"{UPDATE}/file"), AP.sha256, Literal("abc")),
        UPDATE,
    ),
    "ReportAction": (lambda g: replace(g, REPORT, AP.reportOn, action("99.1")), REPORT),
    "ReportStatus": (lambda g: replace(g, REPORT, AP.progressStatus, AP.NewAction), REPORT),
    "ReportDate": (lambda g: replace(g, REPORT, AP.statusDate, Literal("30/06/2022")), REPORT),
    "ReportUpdate": (lambda g: remove(g, REPORT, DCTERMS.isPartOf), REPORT),
    "ReportOrganisation": (
        lambda g: replace(g, REPORT, AP.reportingOrganisation, post("justitie")),
        REPORT,
    ),
    "ReportAmountSpent": (
        lambda g: replace(g, REPORT, AP.amountSpent, Literal(Decimal("-10"))),
        REPORT,
    ),
    "ProgressUpdateShape": (lambda g: blank_copy(g, UPDATE), COPY),
    "ProgressReportShape": (lambda g: blank_copy(g, REPORT), COPY),
}
for _check, (_breaking, _focus) in FOLLOW_UP_CASES.items():
    CASES[_check] = (with_update(_breaking), [(_check, _focus, V)], [])
# without its workbook, the update has no workbook checksum either
CASES["UpdateWorkbook"] = (
    with_update(lambda g: remove(g, UPDATE, PROV.wasDerivedFrom)),
    [("UpdateWorkbook", UPDATE, V), ("UpdateWorkbookChecksum", UPDATE, V)],
    [],
)


# note -> (mutation, actions the note becomes true of, actions it stops being true of,
# findings that appear): a note changes, and no finding unless a check also sees the change.
NOTE_CASES: dict[str, tuple[Mutation, set[str], set[str], list[Key]]] = {
    "ActionOngoing": (
        lambda g: replace(g, action("1.1", "timing"), AP.isOngoing, Literal(True)),
        {"1.1"},
        set(),
        [],
    ),
    "ActionOpenEnded": (
        lambda g: replace(g, action("1.1", "timing"), AP.isOpenEnded, Literal(True)),
        {"1.1"},
        set(),
        [],
    ),
    "ActionNoEuroFigure": (
        lambda g: g.add(
            (action("1.2", "budget"), AP.amount, action("1.3", "budget", "amount", "1"))
        ),
        set(),
        {"1.2"},
        [],
    ),
    "ActionExternalFund": (
        # 1.2 "Binnen de reguliere middelen" re-read as a fund: it is then also a Warning
        lambda g: replace(g, action("1.2", "budget"), AP.fundingMode, AP.ExternalFund),
        {"1.2"},
        set(),
        [("ActionFunding", action("1.2"), W)],
    ),
    "ActionNoPartners": (
        lambda g: g.remove((action("1.1"), AP.partnerOrganisation, org("agii"))),
        {"1.1"},
        set(),
        [],
    ),
}


def noted(report) -> dict[str, set[str]]:
    return {item.note.key: {number for number, _ in item.actions} for item in report.notes}


@pytest.mark.parametrize("note", sorted(NOTE_CASES))
def test_changing_one_fact_changes_exactly_one_note(plan_graph, plan_report, baseline, note):
    mutation, appear, disappear, findings = NOTE_CASES[note]
    graph = mutated(plan_graph, mutation)
    report = validate_graph(graph)
    before, after = noted(plan_report), noted(report)
    assert after[note] - before[note] == appear
    assert before[note] - after[note] == disappear
    assert {key for key in after if after[key] != before[key]} == {note}
    assert result_keys(graph) - baseline == Counter(findings)


def test_the_status_note_counts_the_actions_whose_status_is_unknown(plan_graph, plan_report):
    def plan_note(report):
        return [item for item in report.notes if item.note.key == "PlanStatusUnknown"]

    assert [(item.count, item.of) for item in plan_note(plan_report)] == [(50, 50)]
    one_known = mutated(plan_graph, lambda g: replace(g, action("1.1"), AP.status, AP.NewAction))
    report = validate_graph(one_known)
    assert [(item.count, item.of) for item in plan_note(report)] == [(49, 50)]
    assert "1.1" not in {number for number, _ in plan_note(report)[0].actions}
    assert report.counts() == plan_report.counts()  # a known status is no gap either way

    def all_known(graph: Graph) -> None:
        for step in list(graph.subjects(PPLAN.isStepOfPlan, PLAN)):
            replace(graph, step, AP.status, AP.ContinuedAction)

    assert plan_note(validate_graph(mutated(plan_graph, all_known))) == []


def result_keys(graph: Graph) -> Counter:
    return Counter(
        (f.check.key, f.focus, f.check.severity_name("en")) for f in validate_graph(graph).results
    )


@pytest.fixture(scope="module")
def plan_report(plan_graph):
    return validate_graph(plan_graph)


@pytest.fixture(scope="module")
def baseline(plan_report) -> Counter:
    return Counter((f.check.key, f.focus, f.check.severity_name("en")) for f in plan_report.results)


def mutated(plan_graph: Graph, mutation: Mutation) -> Graph:
    graph = Graph()
    graph += plan_graph
    mutation(graph)
    return graph


def test_every_check_has_a_mutation_case():
    assert sorted(CASES) == sorted(check.key for check in checks())


@pytest.mark.parametrize("check", sorted(CASES))
def test_breaking_one_fact_gives_exactly_the_expected_results(plan_graph, baseline, check):
    mutation, appear, disappear = CASES[check]
    after = result_keys(mutated(plan_graph, mutation))
    assert after - baseline == Counter(appear)
    assert baseline - after == Counter(disappear)


def test_message_names_the_action_and_printed_text(plan_graph):
    graph = mutated(plan_graph, CASES["ActionNumberInObjective"][0])
    (finding,) = [
        f for f in validate_graph(graph).results if f.check.key == "ActionNumberInObjective"
    ]
    assert finding.message("nl") == (
        "Actie 2.8 staat onder doelstelling 1: haar nummer begint niet met '1.'."
    )
    assert finding.message("en") == (
        "Action 2.8 is under objective 1: its number does not start with '1.'."
    )
    assert (finding.action, finding.printed_text) == ("2.8", "2.8")

    graph = mutated(plan_graph, CASES["YearlyAmountPeriod"][0])
    (finding,) = [f for f in validate_graph(graph).results if f.check.key == "YearlyAmountPeriod"]
    # the budget cell of 4.2 as printed (source line 292), full stop included
    assert finding.message("en") == (
        "Action 4.2: the yearly amount in '1.500.000 / jaar.' has no period to multiply by."
    )
    assert (finding.action, finding.printed_text) == ("4.2", "1.500.000 / jaar.")


def test_a_yearly_amount_with_its_years_needs_no_timing_end(plan_graph):
    def years_but_no_end(graph: Graph) -> None:
        remove(graph, action("4.2", "timing"), AP.endsOn)
        graph.add((action("4.2", "budget", "amount", "1"), AP.coversYears, Literal(4)))

    found = {
        (f.check.key, f.action)
        for f in validate_graph(mutated(plan_graph, years_but_no_end)).results
    }
    assert ("YearlyAmountPeriod", "4.2") not in found
    assert ("ActionEnd", "4.2") in found


def test_phases_are_checked_for_order_too(plan_graph):
    phase = action("4.3", "timing", "phase", "2")  # "eind 2021 - 2024"
    graph = mutated(plan_graph, lambda g: swap(g, phase, AP.startsOn, AP.endsOn))
    found = [f for f in validate_graph(graph).results if f.check.key == "IntervalOrder"]
    assert [(f.focus, f.action, f.printed_text) for f in found] == [
        (phase, "4.3", "eind 2021 - 2024")
    ]


def test_reference_data_finding_names_the_printed_name(plan_graph):
    graph = mutated(plan_graph, CASES["AgentResolved"][0])
    (finding,) = [f for f in validate_graph(graph).results if f.check.key == "AgentResolved"]
    # "Opgroeien/VCL P" on source line 216 names two organisations; this is the second
    assert (finding.action, finding.printed_text) == ("3.8", "VCL P")


def test_lead_also_partner_names_the_trekker_cell(plan_graph):
    graph = mutated(plan_graph, CASES["ActionLeadNotPartner"][0])
    (finding,) = [f for f in validate_graph(graph).results if f.check.key == "ActionLeadNotPartner"]
    assert finding.value == org("abb")
    assert finding.printed_text == (
        "KBBJ (Agentschap Binnenlands Bestuur) KBBJ (Agentschap Integratie en Inburgering)"
    )


def test_giving_3_12_a_lead_leaves_no_violation(plan_graph):
    graph = mutated(
        plan_graph, lambda g: g.add((action("3.12"), AP.leadOrganisation, org("justitiehuizen")))
    )
    report = validate_graph(graph)
    assert report.conforms
    assert report.fill_rates()[0].present["lead_organisation"] == 50


def test_the_matrix_follows_a_mutation(plan_graph):
    graph = mutated(plan_graph, CASES["ActionEnd"][0])
    report = validate_graph(graph)
    assert report.matrix[action("1.3")]["end_date"] is False
    assert report.fill_rates()[0].present["end_date"] == 33


def test_an_unknown_name_in_a_built_graph_is_reported(tmp_path):
    """With --allow-unknown the builder marks provisional entries; validation names them."""
    from actieplan.graph.core.resources import default_source
    from actieplan.graph.rdf.pipeline import build

    text = default_source().read_text(encoding="utf-8").replace("VCL P", "Onbekende Dienst", 1)
    plan = tmp_path / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    report = validate_graph(build(plan, allow_unknown=True, serialise=False).graph)
    unresolved = [
        (f.action, f.printed_text) for f in report.results if f.check.key == "AgentResolved"
    ]
    assert unresolved == [("3.8", "Onbekende Dienst")]


# fact -> (a mutation case above, the action it changes, the fact's value after it)
FACT_CASES = {
    "number": ("ActionNumber", "1.1", False),
    "title": ("ActionTitle", "1.1", False),
    "objective": ("ActionObjective", "1.1", False),
    "coordinating_minister": ("ActionCoordinatingMinister", "1.1", False),
    "lead_organisation": ("ActionLeadOrganisation", "1.1", False),
    "timing_text": ("ActionTimingText", "1.1", False),
    "budget_text": ("ActionBudgetText", "1.1", False),
    "source_span": ("ActionSourceSpan", "1.1", False),
    "start_date": ("ActionStart", "1.3", False),
    "end_date": ("ActionEnd", "1.3", False),
    "ongoing": ("ActionOngoing", "1.1", True),  # a note case
    "euro_figure": ("ActionNoEuroFigure", "1.2", True),  # a note case
    "regular_resources": ("ActionFunding", "1.2", False),
}


@pytest.mark.parametrize("fact", sorted(FACT_CASES))
def test_each_matrix_column_follows_its_fact(plan_graph, plan_report, fact):
    case, number, value = FACT_CASES[fact]
    before = plan_report.matrix[action(number)]
    mutation = (CASES[case] if case in CASES else NOTE_CASES[case])[0]
    after = validate_graph(mutated(plan_graph, mutation)).matrix[action(number)]
    assert (before[fact], after[fact]) == (not value, value)
    assert {key for key in after if after[key] != before[key]} == {fact}
