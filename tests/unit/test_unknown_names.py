"""Names the reference data does not know are split like known ones (issue 12 item 8).

tests/data/unknown-names-plan.txt is a made-up plan in the vendored plan's layout whose Trekker
cells print unknown names in every form the plan uses for known ones: with a policy-domain
code ("KBBJ (Agentschap Digitaal Vlaanderen)") and without, alone, after a known name, two in a
row, after separators, and with a code split after its first letter ("K BBJ", as the vendored
plan prints "K BBJ"). The expected values below are read off that file's Trekker column: the
first name in a cell is the lead, the others partners.
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Literal
from support.paths import TEST_DATA

from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.export import actions_csv
from actieplan.graph.rdf.pipeline import BuildResult, build

PLAN = TEST_DATA / "unknown-names-plan.txt"


@pytest.fixture(scope="module")
def result() -> BuildResult:
    return build(PLAN, allow_unknown=True, serialise=False)


def names(result: BuildResult, number: str) -> list[tuple[str, str, bool]]:
    """(name, policy domain, provisional) of each organisation of an action, lead first."""
    action = next(a for a in result.resolved.actions if a.action.number == number)
    orgs = [result.resolved.organisation(ref.entity_id) for ref in action.organisations]
    return [(org.name_nl, org.policy_domain, org.provisional) for org in orgs]


def test_code_and_bracket_then_a_name_are_lead_and_partner(result):
    # "KBBJ (Agentschap Digitaal Vlaanderen) Vlaamse Toezichtcommissie": two names, not one
    assert names(result, "1.1") == [
        ("Agentschap Digitaal Vlaanderen", "KBBJ", True),
        ("Vlaamse Toezichtcommissie", "", True),
    ]


def test_unknown_names_after_a_known_one(result):
    # a bare domain code before a bracket ("WVG (") is that domain, not Departement WVG
    assert names(result, "1.2") == [
        ("Agentschap Binnenlands Bestuur", "KBBJ", False),
        ("Agentschap Digitale Zorg", "WVG", True),
        ("Stadsnetwerk Kortrijk", "", True),
    ]


def test_unknown_lead_before_a_known_partner(result):
    assert names(result, "1.3") == [
        ("Buurtwerk Vlaanderen", "", True),
        ("Coördinatieorgaan voor de dreigingsanalyse", "", False),
    ]


def test_separators_and_a_split_domain_code(result):
    # "OV (Onderwijs), K BBJ (Dienst Nieuwe Media); Stadsnetwerk Kortrijk"
    assert names(result, "2.1") == [
        ("Departement Onderwijs en Vorming", "OV", False),
        ("Dienst Nieuwe Media", "KBBJ", True),
        ("Stadsnetwerk Kortrijk", "", True),
    ]


def test_one_provisional_organisation_per_name(result):
    # "Vlaamse Toezichtcommissie" (1.1 partner, 2.2 lead) and "Stadsnetwerk Kortrijk" (1.2, 2.1)
    # are printed twice each: 6 different unknown names in the plan
    provisional = result.resolved.provisional_organisations
    assert sorted(org.name_nl for org in provisional.values()) == [
        "Agentschap Digitaal Vlaanderen",
        "Agentschap Digitale Zorg",
        "Buurtwerk Vlaanderen",
        "Dienst Nieuwe Media",
        "Stadsnetwerk Kortrijk",
        "Vlaamse Toezichtcommissie",
    ]
    assert names(result, "2.2") == [("Vlaamse Toezichtcommissie", "", True)]
    # the printed forms are kept as aliases
    assert provisional["unresolved-dienst-nieuwe-media"].aliases == ("K BBJ (Dienst Nieuwe Media)",)


def test_graph_and_csv_carry_the_split_names(result):
    iris = result.iris
    node = iris.organisation("unresolved-agentschap-digitaal-vlaanderen")
    kbbj = result.resolved.reference.policy_domains["KBBJ"]
    assert (node, AP.unresolved, Literal(True)) in result.graph
    assert (node, AP.policyDomain, iris.policy_domain(kbbj.id)) in result.graph
    no_domain = iris.organisation("unresolved-vlaamse-toezichtcommissie")
    assert not list(result.graph.objects(no_domain, AP.policyDomain))
    rows = {row["action"]: row for row in csv.DictReader(io.StringIO(actions_csv(result.graph)))}
    assert rows["1.1"]["lead"] == "Agentschap Digitaal Vlaanderen [unresolved]"
    assert rows["1.1"]["partners"] == "Vlaamse Toezichtcommissie [unresolved]"
