"""The service starts on any graph file (issue 10, item 4).

Each case is the plan graph as built (tests/conftest.py) with one fact taken out, written to a
file and served with `--graph`:
- a fact the shapes leave optional: the service starts (the real app, in process, with
  fastapi's TestClient) and the JSON field that carried the fact is null or empty;
- a fact the shapes require: the start-up stops with an InputError that names the fact and the
  node, one problem per node that lacks it; `actieplan serve` prints it like the build's errors
  and exits with 2 (one real subprocess).

Whether a fact is required is the shapes' word, not the service's: each case names the shape
that asks for it, and pyshacl runs shapes/actieplan.ttl over the graph without the fact to
confirm that the shape then reports a Violation (required) or that no new Violation appears
(optional). The values the facts carry in the plan are read from its text (line numbers of
data/source/actieplan-radicalisering-2020-2024.txt) and from data/reference/*.toml.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SH, SKOS
from support.server import free_port, serve_command

from actieplan.api.app import create_app
from actieplan.api.plumbing.settings import Settings
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.vocab import AP, SCHEMA
from actieplan.graph.validation.report import load_shapes, run_shacl

APS = "https://w3id.org/actieplan/shapes#"
# The routes that serve what the catalogue read at start-up: each must answer on every graph.
ENTITY_ROUTES = ["/health", "/api/actions", "/api/objectives", "/api/organisations"]
ENTITY_ROUTES += ["/api/minister-posts", "/api/completeness?format=json"]


# --- finding nodes in the plan graph, and taking facts out --------------------------------


def action(graph: Graph, number: str) -> URIRef:
    found = [
        s for s in graph.subjects(AP.number, Literal(number)) if (s, RDF.type, AP.Action) in graph
    ]
    assert len(found) == 1, number
    return found[0]


def below(predicate: URIRef, *more: URIRef) -> Callable[[Graph, URIRef], URIRef]:
    """The node reached from another one along predicate (and more)."""

    def follow(graph: Graph, node: URIRef) -> URIRef:
        for step in (predicate, *more):
            found = graph.value(node, step)
            assert isinstance(found, URIRef), step
            node = found
        return node

    return follow


def participation(graph: Graph, node: URIRef, role: URIRef) -> URIRef:
    """The action's (first) participation in `role`."""
    found = sorted(p for p in graph.objects(node, AP.participation) if (p, AP.role, role) in graph)
    assert found, role
    return found[0]


def remove_all(predicate: URIRef, of: URIRef, lang: str | None = None) -> Callable[[Graph], int]:
    """Take `predicate` (in language `lang`, if given) off every node of class `of`."""

    def remove(graph: Graph) -> int:
        gone = [
            (s, p, o)
            for s, p, o in graph.triples((None, predicate, None))
            if (s, RDF.type, of) in graph
            and (lang is None or (isinstance(o, Literal) and o.language == lang))
        ]
        for triple in gone:
            graph.remove(triple)
        return len(gone)

    return remove


def remove_role(role: URIRef, shortcut: URIRef) -> Callable[[Graph], int]:
    """Take every participation in `role`, and the shortcut property of that role, away."""

    def remove(graph: Graph) -> int:
        gone = list(graph.triples((None, shortcut, None)))
        for node in list(graph.subjects(AP.role, role)):
            gone += graph.triples((node, None, None))
            gone += graph.triples((None, None, node))
        for triple in gone:
            graph.remove(triple)
        return len(gone)

    return remove


def copy(graph: Graph) -> Graph:
    new = Graph()
    for triple in graph:
        new.add(triple)
    return new


def violation_shapes(graph: Graph, shapes: Graph) -> set[str]:
    """The shapes (local names) that report a Violation on `graph`, as pyshacl finds them
    (run_shacl: pyshacl, with its SPARQL queries parsed once)."""
    _, results = run_shacl(graph, shapes)
    return {
        str(results.value(result, SH.sourceShape)).removeprefix(APS)
        for result in results.subjects(SH.resultSeverity, SH.Violation)
    }


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def plan_violations(plan_graph: Graph, shapes: Graph) -> set[str]:
    """The plan's own Violations: action 3.12 has no lead (its Trekker cell is empty)."""
    found = violation_shapes(plan_graph, shapes)
    assert found == {"ActionLeadOrganisation"}
    return found


# --- optional facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class Optional:
    name: str
    remove: Callable[[Graph], int]
    url: str
    field: str  # dotted path in the JSON answer
    in_plan: Any  # what the field says on the plan graph (source given with each case)
    missing: Any = None  # what it says without the fact
    violation: str | None = None  # a Violation the shapes report that the service serves anyway


OPTIONAL = [
    # Action 2.3, plan line 134: "1 mei 2021 – 1 mei 2024", "232.540 euro (3 jaar)";
    # line 135: its description, which names Kazerne Dossin.
    Optional(
        "action description",
        remove_all(DCTERMS.description, AP.Action),
        "/api/actions/2.3",
        "description",
        "In een alternatieve aanpak van haatmisdrijven",
    ),
    Optional(
        "organisations a description names",
        remove_all(AP.mentionsOrganisation, AP.Action),
        "/api/actions/2.3",
        "mentioned_organisations",
        ["kazerne-dossin"],
        [],
    ),
    # Without start (or end) dates, the actions with a yearly amount lose the period it is
    # paid over: aps:YearlyAmountPeriod, a consistency rule the service does not read.
    Optional(
        "start date",
        remove_all(AP.startsOn, AP.Timing),
        "/api/actions/2.3",
        "starts_on",
        "2021-05-01",
        violation="YearlyAmountPeriod",
    ),
    Optional(
        "end date",
        remove_all(AP.endsOn, AP.Timing),
        "/api/actions/2.3",
        "ends_on",
        "2024-05-01",
        violation="YearlyAmountPeriod",
    ),
    Optional(
        "euro amounts",
        remove_all(AP.amount, AP.Budget),
        "/api/actions/2.3",
        "amounts",
        [232540.0],
        [],
    ),
    Optional(
        "years an amount covers",
        remove_all(AP.coversYears, AP.BudgetAmount),
        "/api/actions/2.3",
        "amounts.0.years",
        3,
    ),
    # Action 4.3, line 301: "Eerste fase (terreinonderzoek) 50.000 ..."
    Optional(
        "label of an amount",
        remove_all(RDFS.label, AP.BudgetAmount),
        "/api/actions/4.3",
        "amounts.0.label",
        "Eerste fase",
    ),
    # Action 5.2, line 344: "ISF-P fonds van de Europese Commissie" (a fund, no amount).
    Optional(
        "fund without an amount",
        remove_all(AP.fundingSource, AP.Budget),
        "/api/actions/5.2",
        "funding_source",
        "ISF-P fonds van de Europese Commissie",
    ),
    # The plan's legend was colour in the PDF (GUIDE §1): the status is unknown either way.
    Optional(
        "status",
        remove_all(AP.status, AP.Action),
        "/api/actions/2.3",
        "status",
        "StatusUnknown",
        "StatusUnknown",
    ),
    # Action 2.3's minister cell: Binnenlands Bestuur, ... (coordinating), Justitie en
    # Handhaving, ... (involved); its Trekker cell: KBBJ (Agentschap Binnenlands Bestuur) (lead),
    # WVG (WVG, afdeling Justitiehuisen) (partner).
    Optional(
        "involved ministers",
        remove_role(AP.InvolvedMinisterRole, AP.involvedMinister),
        "/api/actions/2.3",
        "involved_ministers",
        ["justitie"],
        [],
    ),
    Optional(
        "partners",
        remove_role(AP.PartnerOrganisationRole, AP.partnerOrganisation),
        "/api/actions/2.3",
        "partners",
        ["justitiehuizen"],
        [],
    ),
    # Required by the shapes, but a plan's cell may be empty (action 3.12 has no Trekker):
    # served as null, reported by the completeness report.
    Optional(
        "coordinating minister",
        remove_role(AP.CoordinatingMinisterRole, AP.coordinatingMinister),
        "/api/actions/2.3",
        "coordinating_minister",
        "binnenlands-bestuur",
        violation="ActionCoordinatingMinister",
    ),
    Optional(
        "lead",
        remove_role(AP.LeadOrganisationRole, AP.leadOrganisation),
        "/api/actions/2.3",
        "lead",
        "abb",
        violation="ActionLeadOrganisation",
    ),
    # data/reference/organisations.toml, ABB: name_en "Agency for Home Affairs", abbreviation
    # "ABB", kind "agency", policy domain KBBJ, level "flemish"; the informatie- en
    # screeningsdienst has parent "abb".
    Optional(
        "English name of an organisation",
        remove_all(SKOS.prefLabel, AP.Organisation, "en"),
        "/api/organisations/abb",
        "name_en",
        "Agency for Home Affairs",
    ),
    Optional(
        "abbreviation",
        remove_all(AP.abbreviation, AP.Organisation),
        "/api/organisations/abb",
        "abbreviation",
        "ABB",
    ),
    Optional(
        "kind of organisation",
        remove_all(ORG.classification, AP.Organisation),
        "/api/organisations/abb",
        "kind",
        "agency",
    ),
    Optional(
        "policy domain",
        remove_all(AP.policyDomain, AP.Organisation),
        "/api/organisations/abb",
        "policy_domain",
        "kbbj",
    ),
    Optional(
        "government level",
        remove_all(AP.governmentLevel, AP.Organisation),
        "/api/organisations/abb",
        "government_level",
        "flemish",
    ),
    Optional(
        "parent organisation",
        remove_all(ORG.subOrganizationOf, AP.Organisation),
        "/api/organisations/abb-informatie-en-screeningsdienst",
        "parent",
        "abb",
    ),
    # data/reference/minister-posts.toml, justitie: name_en "Justice and Enforcement, ...",
    # themis ".../mandataris/5fed907ee6670526694a0715".
    Optional(
        "English name of a minister post",
        remove_all(SKOS.prefLabel, AP.MinisterPost, "en"),
        "/api/minister-posts/justitie",
        "label_en",
        "Minister of Justice and Enforcement, Environment, Energy and Tourism",
    ),
    Optional(
        "Themis mandataris",
        remove_all(AP.themisMandataris, AP.MinisterPost),
        "/api/minister-posts/justitie",
        "themis_mandataris",
        "http://themis.vlaanderen.be/id/mandataris/5fed907ee6670526694a0715",
    ),
    # Objective 2, plan lines 119-121: the heading, then "Het krachtige medium dat het internet
    # is, ..."
    Optional(
        "objective description",
        remove_all(DCTERMS.description, AP.Objective),
        "/api/objectives/2",
        "description",
        "Het krachtige medium dat het internet is",
    ),
]


def field_value(answer: Any, path: str) -> Any:
    """The value at a dotted path; entities as their ids, amounts as their euro, texts cut to
    the length of what the case compares them with (the start of a description)."""
    for step in path.split("."):
        answer = answer[int(step)] if step.isdigit() else answer[step]
    if isinstance(answer, dict) and "id" in answer:
        return answer["id"]
    if isinstance(answer, list):
        return [a["id"] if "id" in a else a["eur"] for a in answer]
    return answer


def serve(path: Path) -> TestClient:
    return TestClient(create_app(Settings(graph_file=str(path), query_workers=1)))


@pytest.fixture(scope="module")
def plan_client(plan_graph: Graph, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("plan") / "graph.nt"
    plan_graph.serialize(path, format="nt", encoding="utf-8")
    with serve(path) as client:
        yield client


@pytest.mark.parametrize("case", OPTIONAL, ids=[c.name for c in OPTIONAL])
def test_without_an_optional_fact_the_service_starts_and_says_null(
    case: Optional, plan_graph, shapes, plan_violations, plan_client, tmp_path
):
    value = field_value(plan_client.get(case.url).json(), case.field)
    if isinstance(case.in_plan, str) and isinstance(value, str):
        value = value[: len(case.in_plan)]
    assert value == case.in_plan

    graph = copy(plan_graph)
    assert case.remove(graph) > 0
    expected_violations = plan_violations | ({case.violation} if case.violation else set())
    assert violation_shapes(graph, shapes) == expected_violations
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")

    with serve(path) as client:
        for route in ENTITY_ROUTES:
            assert client.get(route).status_code == 200, route
        answer = client.get(case.url)
        assert answer.status_code == 200
        assert field_value(answer.json(), case.field) == case.missing


# --- required facts -----------------------------------------------------------------------


def of_action(*steps: URIRef) -> Callable[[Graph], URIRef]:
    """Action 2.3, or the node reached from it along steps."""

    def find(graph: Graph) -> URIRef:
        node = action(graph, "2.3")
        return below(*steps)(graph, node) if steps else node

    return find


def of_participation(role: URIRef) -> Callable[[Graph], URIRef]:
    return lambda graph: participation(graph, action(graph, "2.3"), role)


def entity(path: str) -> Callable[[Graph], URIRef]:
    """A node by the end of its IRI ("organisation/abb")."""

    def find(graph: Graph) -> URIRef:
        found = {s for s in graph.subjects() if isinstance(s, URIRef) and s.endswith("/" + path)}
        assert len(found) == 1, path
        return found.pop()

    return find


@dataclass(frozen=True)
class Required:
    shape: str  # the shape in shapes/actieplan.ttl that asks for the fact
    node: Callable[[Graph], URIRef]
    predicate: URIRef
    field: str
    message: str  # {node}: the node's IRI

    @property
    def name(self) -> str:
        return f"{self.shape}-{self.field}"


REQUIRED = [
    Required(
        "ActionNumber", of_action(), AP.number, "ap:number", "action ({node}) has no ap:number"
    ),
    Required(
        "ActionTitle",
        of_action(),
        DCTERMS.title,
        "dcterms:title",
        "action 2.3 ({node}) has no dcterms:title",
    ),
    Required(
        "ActionObjective",
        of_action(),
        AP.objective,
        "ap:objective",
        "action 2.3 ({node}) has no ap:objective",
    ),
    Required(
        "ActionTimingText",
        of_action(),
        AP.timing,
        "ap:timing",
        "action 2.3 ({node}) has no ap:timing",
    ),
    Required(
        "ActionTimingText",
        of_action(AP.timing),
        AP.printedText,
        "ap:printedText",
        "timing ({node}) of action 2.3 has no ap:printedText",
    ),
    Required(
        "IntervalOngoingFlag",
        of_action(AP.timing),
        AP.isOngoing,
        "ap:isOngoing",
        "timing ({node}) of action 2.3 has no ap:isOngoing",
    ),
    Required(
        "IntervalOpenEndedFlag",
        of_action(AP.timing),
        AP.isOpenEnded,
        "ap:isOpenEnded",
        "timing ({node}) of action 2.3 has no ap:isOpenEnded",
    ),
    Required(
        "ActionBudgetText",
        of_action(),
        AP.budget,
        "ap:budget",
        "action 2.3 ({node}) has no ap:budget",
    ),
    Required(
        "ActionBudgetText",
        of_action(AP.budget),
        AP.printedText,
        "ap:printedText",
        "budget ({node}) of action 2.3 has no ap:printedText",
    ),
    Required(
        "BudgetFundingMode",
        of_action(AP.budget),
        AP.fundingMode,
        "ap:fundingMode",
        "budget ({node}) of action 2.3 has no ap:fundingMode",
    ),
    Required(
        "AmountValue",
        of_action(AP.budget, AP.amount),
        SCHEMA.value,
        "schema:value",
        "amount ({node}) of action 2.3 has no schema:value",
    ),
    Required(
        "AmountPerYear",
        of_action(AP.budget, AP.amount),
        AP.perYear,
        "ap:perYear",
        "amount ({node}) of action 2.3 has no ap:perYear",
    ),
    Required(
        "Position",
        of_action(AP.budget, AP.amount),
        AP.position,
        "ap:position",
        "amount ({node}) of action 2.3 has no ap:position",
    ),
    Required(
        "ActionSourceSpan",
        of_action(),
        PROV.qualifiedDerivation,
        "prov:qualifiedDerivation",
        "action 2.3 ({node}) has no prov:qualifiedDerivation",
    ),
    Required(
        "DerivationFirstLine",
        of_action(PROV.qualifiedDerivation),
        AP.firstLine,
        "ap:firstLine",
        "source span ({node}) of action 2.3 has no ap:firstLine",
    ),
    Required(
        "DerivationLastLine",
        of_action(PROV.qualifiedDerivation),
        AP.lastLine,
        "ap:lastLine",
        "source span ({node}) of action 2.3 has no ap:lastLine",
    ),
    Required(
        "ParticipationAgent",
        of_participation(AP.LeadOrganisationRole),
        AP.participant,
        "ap:participant",
        "participation ({node}) of action 2.3 has no ap:participant",
    ),
    Required(
        "ParticipationRole",
        of_participation(AP.PartnerOrganisationRole),
        AP.role,
        "ap:role",
        "participation ({node}) of action 2.3 has no ap:role",
    ),
    Required(
        "ParticipationPosition",
        of_participation(AP.CoordinatingMinisterRole),
        AP.position,
        "ap:position",
        "participation ({node}) of action 2.3 has no ap:position",
    ),
    Required(
        "ParticipationPrintedName",
        of_participation(AP.InvolvedMinisterRole),
        AP.printedName,
        "ap:printedName",
        "participation ({node}) of action 2.3 has no ap:printedName",
    ),
    Required(
        "ObjectiveNumber",
        entity("objective/2"),
        AP.number,
        "ap:number",
        "objective 2 ({node}) has no ap:number",
    ),
    Required(
        "ObjectiveTitle",
        entity("objective/2"),
        DCTERMS.title,
        "dcterms:title",
        "objective 2 ({node}) has no dcterms:title",
    ),
    Required(
        "PreferredName",
        entity("organisation/abb"),
        SKOS.prefLabel,
        "skos:prefLabel",
        "organisation abb ({node}) has no skos:prefLabel",
    ),
    Required(
        "PreferredName",
        entity("minister-post/justitie"),
        SKOS.prefLabel,
        "skos:prefLabel",
        "minister post justitie ({node}) has no skos:prefLabel",
    ),
]


def without_fact(plan_graph: Graph, case: Required, path: Path) -> tuple[Graph, URIRef]:
    """The plan graph without the case's fact on the case's node, written to `path` too; and
    the node."""
    graph = copy(plan_graph)
    node = case.node(graph)
    assert (node, case.predicate, None) in graph
    graph.remove((node, case.predicate, None))
    graph.serialize(path, format=path.suffix.lstrip("."), encoding="utf-8")
    return graph, node


@pytest.mark.parametrize("case", REQUIRED, ids=[c.name for c in REQUIRED])
def test_without_a_required_fact_the_start_up_names_fact_and_node(
    case: Required, plan_graph, shapes, plan_violations, tmp_path
):
    path = tmp_path / "graph.nt"
    graph, node = without_fact(plan_graph, case, path)
    assert case.shape in violation_shapes(graph, shapes) - plan_violations

    with pytest.raises(InputError) as refused, serve(path):
        pass
    message = case.message.format(node=node)
    assert refused.value.problems == [Problem(str(path), None, case.field, message)]


def test_a_value_of_the_wrong_kind_is_refused_too(plan_graph, tmp_path):
    """aps:ParticipationPosition: one xsd:integer. A position that is text is named."""
    graph = copy(plan_graph)
    node = participation(graph, action(graph, "2.3"), AP.LeadOrganisationRole)
    graph.set((node, AP.position, Literal("first")))
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    with pytest.raises(InputError) as refused, serve(path):
        pass
    assert [str(p) for p in refused.value.problems] == [
        f'{path} [ap:position]: participation ({node}) of action 2.3 has ap:position "first", '
        "not a whole number"
    ]


def test_actieplan_serve_prints_the_problem_and_exits_with_2(plan_graph, tmp_path):
    """The real command: no traceback, the problem as the build prints its own, exit code 2,
    and no server left running."""
    case = next(c for c in REQUIRED if c.shape == "ActionTitle")
    path = tmp_path / "graph.ttl"
    _, node = without_fact(plan_graph, case, path)
    done = subprocess.run(
        serve_command("--graph", str(path), "--port", str(free_port())),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[:2] == [
        "actieplan serve: error",
        f"{path.resolve()} [dcterms:title]: action 2.3 ({node}) has no dcterms:title",
    ]
    assert "actieplan build" in lines[2]  # what to do about it
    assert "Traceback" not in done.stderr and "serving" not in done.stdout
