"""Reasoner-safe data: the ontology, the plan graph and the axioms of the vocabularies they
reuse, closed under OWL 2 RL (owlrl), give every node exactly the types the ontology and those
vocabularies license, nothing is inconsistent, and the SHACL report is the same as without
the closure.

The other vocabularies' axioms come from tests/data/external-vocabularies.ttl (copied from the
published files of PROV-O, P-Plan, ORG, FOAF, SKOS, OWL-Time, DCMI Terms and schema.org).
The closure is computed once for this module: on the vendored plan 6,718 triples become
12,708, in 4 seconds on an idle core and 17 on a busy machine (owlrl is pure Python). The plan
graph already holds the super-classes the ontology states (graph/core/entailment.py); the
closure adds what the reused vocabularies state about their own terms.
"""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, SKOS
from support.paths import TEST_DATA

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.core.vocab import AP, PPLAN, SCHEMA
from actieplan.graph.validation.report import validate_graph

BASE = "https://w3id.org/actieplan/id/"
PLAN = f"{BASE}plan/actieplan-radicalisering-2020-2024"
EXTERNAL_AXIOMS = TEST_DATA / "external-vocabularies.ttl"
# OWL-Time as a plain namespace (rdflib's TIME warns when pytest inspects this module).
TIME = Namespace("http://www.w3.org/2006/time#")
# Where owlrl writes what it finds inconsistent (its own choice of vocabulary).
OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

# Every individual is an owl:Thing (OWL 2 Direct Semantics); owlrl states it for each.
THING = {OWL.Thing}
PERIOD = {AP.Period, TIME.ProperInterval, TIME.Interval, TIME.TemporalEntity} | THING
# The named types each kind of node of the plan graph has after the closure, by the class the
# builder gives it, and why (ontology = ontology/actieplan.ttl; the rest as the specifications
# define their terms):
EXPECTED_TYPES: dict[URIRef, set[URIRef]] = {
    # ontology: ap:ActionPlan ⊑ p-plan:Plan, prov:Plan; P-Plan: p-plan:Plan ⊑ prov:Plan;
    # PROV-O: prov:Plan ⊑ prov:Entity
    AP.ActionPlan: {AP.ActionPlan, PPLAN.Plan, PROV.Plan, PROV.Entity} | THING,
    # ontology: ap:Objective ⊑ prov:Entity
    AP.Objective: {AP.Objective, PROV.Entity} | THING,
    # ontology: ap:Action ⊑ p-plan:Step, prov:Entity (PROV-O: the domain of prov:wasDerivedFrom
    # is prov:Entity). Not a prov:Activity: nothing says the action was carried out.
    AP.Action: {AP.Action, PPLAN.Step, PROV.Entity} | THING,
    # ontology: ap:SourceDocument ⊑ foaf:Document, prov:Entity
    AP.SourceDocument: {AP.SourceDocument, FOAF.Document, PROV.Entity} | THING,
    # PROV-O: prov:Derivation ⊑ prov:EntityInfluence ⊑ prov:Influence
    PROV.Derivation: {PROV.Derivation, PROV.EntityInfluence, PROV.Influence} | THING,
    # ontology: a class of its own, no PROV association (so its participant is no prov:Agent)
    AP.Participation: {AP.Participation} | THING,
    # ontology: ap:MinisterPost ⊑ org:Post; ORG gives org:Post no super-class. A post is not
    # an agent (neither prov:Agent nor foaf:Agent): in ORG the agent is who holds it.
    AP.MinisterPost: {AP.MinisterPost, ORG.Post} | THING,
    # ontology: ap:Organisation ⊑ org:Organization; ORG: org:Organization ⊑ foaf:Agent and
    # ≡ foaf:Organization; FOAF: foaf:Agent ≡ dcterms:Agent
    AP.Organisation: {
        AP.Organisation,
        ORG.Organization,
        FOAF.Organization,
        FOAF.Agent,
        DCTERMS.Agent,
    }
    | THING,
    # ontology: ap:Timing, ap:Phase ⊑ ap:Period ⊑ time:ProperInterval; OWL-Time:
    # time:ProperInterval ⊑ time:Interval ⊑ time:TemporalEntity. A phase is not a timing.
    AP.Timing: {AP.Timing} | PERIOD,
    AP.Phase: {AP.Phase} | PERIOD,
    # OWL-Time: time:Instant ⊑ time:TemporalEntity
    TIME.Instant: {TIME.Instant, TIME.TemporalEntity} | THING,
    AP.Budget: {AP.Budget} | THING,
    # ontology: ap:BudgetAmount ⊑ schema:MonetaryAmount; schema.org: MonetaryAmount ⊑
    # StructuredValue ⊑ Intangible ⊑ Thing
    AP.BudgetAmount: {
        AP.BudgetAmount,
        SCHEMA.MonetaryAmount,
        SCHEMA.StructuredValue,
        SCHEMA.Intangible,
        SCHEMA.Thing,
    }
    | THING,
    AP.CoFundingShare: {AP.CoFundingShare} | THING,
    # ontology: each ⊑ skos:Concept (the builder also states skos:Concept)
    AP.PolicyDomain: {AP.PolicyDomain, SKOS.Concept} | THING,
    AP.GovernmentLevel: {AP.GovernmentLevel, SKOS.Concept} | THING,
    AP.OrganisationKind: {AP.OrganisationKind, SKOS.Concept} | THING,
    SKOS.Concept: {SKOS.Concept} | THING,
    # the schemes of the reference vocabularies (SKOS: a scheme is no concept)
    SKOS.ConceptScheme: {SKOS.ConceptScheme} | THING,
}


@pytest.fixture(scope="module")
def closure(plan_graph: Graph) -> Graph:
    """Ontology + plan graph + the reused vocabularies' axioms, closed under OWL 2 RL."""
    graph = Graph()
    graph += plan_graph
    graph.parse(ontology_file())
    graph.parse(EXTERNAL_AXIOMS)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def named_types(graph: Graph, node: URIRef) -> set[URIRef]:
    """The node's types that are named classes (not the anonymous classes, such as the union
    PROV-O gives as the domain of prov:wasInfluencedBy)."""
    return {t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)}


def test_the_closure_infers(closure):
    """The reasoner ran: a super-property of the ontology and an inverse of ORG hold."""
    action = URIRef(f"{PLAN}/action/1.1")
    # action 1.1 (source line 97): "Minister van Binnenlands Bestuur, Bestuurszaken, ..."
    post = URIRef(f"{BASE}minister-post/binnenlands-bestuur")
    assert (action, AP.coordinatingMinister, post) in closure
    assert (action, AP.involvesMinister, post) in closure  # ap:coordinatingMinister ⊑
    # ORG: org:postIn owl:inverseOf org:hasPost
    assert (None, ORG.hasPost, post) in closure


def test_every_node_of_the_plan_has_exactly_the_types_its_vocabularies_license(closure, plan_graph):
    kinds = 0
    for node in {s for s in plan_graph.subjects() if isinstance(s, URIRef)}:
        # the types the data states: the builder's classes and, written by the build from the
        # ontology (graph/core/entailment.py), their super-classes
        asserted = set(plan_graph.objects(node, RDF.type))
        kinds_of_node = asserted & EXPECTED_TYPES.keys()
        assert kinds_of_node, f"{node}: no expectation for {asserted}"
        expected = set().union(*(EXPECTED_TYPES[cls] for cls in kinds_of_node))
        assert asserted <= expected, node
        assert named_types(closure, node) == expected, node
        kinds += 1
    assert kinds > 500  # every node, not a few: 50 actions alone have 5 nodes or more each


def test_what_the_issue_named_does_not_happen(closure, plan_graph):
    """Phases do not become timings, minister posts do not become agents, participations do not
    become PROV associations, actions do not become executed activities."""
    phase = URIRef(f"{PLAN}/action/4.3/timing/phase/1")  # "Eerste fase : 2021" (line 301)
    assert (phase, RDF.type, AP.Phase) in plan_graph
    assert AP.Timing not in named_types(closure, phase)
    for post in plan_graph.subjects(RDF.type, AP.MinisterPost):
        assert named_types(closure, post) & {PROV.Agent, FOAF.Agent} == set()
    for participation in plan_graph.subjects(RDF.type, AP.Participation):
        assert PROV.Association not in named_types(closure, participation)
    for action in plan_graph.subjects(RDF.type, AP.Action):
        assert PROV.Activity not in named_types(closure, action)


def test_nodes_the_plan_points_at(closure):
    """Its concepts, OWL-Time's units, the Flemish Government and its mandatarissen in Themis."""
    for role in (AP.CoordinatingMinisterRole, AP.PartnerOrganisationRole):
        # ontology: ap:Role ⊑ skos:Concept (no longer prov:Role)
        assert named_types(closure, role) == {AP.Role, SKOS.Concept} | THING
    assert named_types(closure, AP.StatusUnknown) == {AP.ActionStatus, SKOS.Concept} | THING
    # OWL-Time: time:TemporalUnit ⊑ time:TemporalDuration
    assert (
        named_types(closure, TIME.unitYear)
        == {
            TIME.TemporalUnit,
            TIME.TemporalDuration,
        }
        | THING
    )
    # ORG: the range of org:postIn is org:Organization (see the organisations above)
    government = URIRef("http://themis.vlaanderen.be/id/bestuursorgaan/5fed907ee6670526694a0706")
    assert named_types(closure, government) == EXPECTED_TYPES[AP.Organisation] - {AP.Organisation}
    # ap:themisMandataris has no range: the mandatarissen get no type from this graph
    for mandataris in closure.objects(None, AP.themisMandataris):
        assert named_types(closure, mandataris) == set()


def test_nothing_is_inconsistent(closure):
    """No member of owl:Nothing, and no clash owlrl reports (disjoint classes such as
    ap:Timing and ap:Phase, or prov:Activity and prov:Entity, sharing a member)."""
    assert set(closure.subjects(RDF.type, OWL.Nothing)) == set()
    assert [str(m) for m in closure.objects(None, OWLRL_ERRORS.error)] == []


def test_the_shacl_report_is_the_same_on_the_closure(closure, plan_graph):
    plain = validate_graph(plan_graph)
    closed = validate_graph(closure)

    def findings(report):
        return [
            (f.check.key, f.focus, f.value, f.action, f.printed_text, f.messages)
            for f in report.results
        ]

    assert findings(closed) == findings(plain)
    assert closed.conforms == plain.conforms
    assert closed.matrix == plain.matrix
    assert closed.fill_rates() == plain.fill_rates()
    assert closed.to_dict("nl") == plain.to_dict("nl")
    # findings and notes to compare: 1 Violation + 4 Warnings; 6 notes (issue 12 item 3)
    assert (len(plain.results), len(plain.notes)) == (5, 6)
