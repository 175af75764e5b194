"""The cross-plan questions (queries/organisation-plans.rq, organisations-across-plans.rq).

Three tiny plans (tests/data/cross-plan/, its README has the answers counted by hand) are
built one by one and their graphs put together in one store, as the dataset of many plans
asks them (the union of the plans' graphs as the default graph); then the vendored plan
alone, whose Trekker cells are read in tests/support/plan_values.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal
from support.cli_runner import run_cli
from support.paths import TEST_DATA
from support.plan_values import EXPECTED

from actieplan.graph.core.vocab import local_id
from actieplan.graph.rdf.loading import read_dataset_union
from actieplan.graph.rdf.pipeline import build
from actieplan.graph.sparql.library import get_query, python_value, run_query, store_terms
from actieplan.graph.sparql.store import open_store

ENGINES = ("oxigraph", "rdflib")
PLANS = sorted((TEST_DATA / "cross-plan").glob("*.txt"))


@pytest.fixture(scope="module")
def three_plans() -> Graph:
    union = Graph()
    for source in PLANS:
        union += build(source, serialise=False).graph
    return union


@pytest.fixture(scope="module", params=ENGINES)
def store(request, three_plans):
    return open_store(three_plans, request.param)


def records(store, name, **values):
    query, answer = run_query(store, name, {k: str(v) for k, v in values.items()})
    types = {c.name: c.type for c in query.columns}
    return [
        {v: python_value(t, types[v]) for v, t in zip(answer.variables, row, strict=True)}
        for row in answer.rows
    ]


def plan_rows(rows):
    """organisation-plans by plan id: (as_lead, as_partner, {organisation id: (shared actions,
    their numbers)})."""
    plans: dict[str, tuple[int, int, dict[str, tuple[int, str]]]] = {}
    for row in rows:
        lead, partner, together = plans.setdefault(
            local_id(row["plan"]), (row["as_lead"], row["as_partner"], {})
        )
        assert (lead, partner) == (row["as_lead"], row["as_partner"])  # the same on every row
        if row["with_organisation"] is not None:
            together[local_id(row["with_organisation"])] = (row["shared_actions"], row["actions"])
    return plans


def test_the_three_plans_are_three_plans_in_one_store(store):
    assert [p.stem for p in PLANS] == [
        "integratie-2022-2025",
        "lokaal-2023-2026",
        "veiligheid-2021-2024",
    ]
    (count,) = store.query(
        "SELECT (COUNT(?plan) AS ?n) WHERE { ?plan a <https://w3id.org/actieplan/def#ActionPlan> }"
    ).rows[0]
    assert int(count) == 3


def test_the_plans_ocad_takes_part_in_and_with_whom(store):
    # tests/data/cross-plan/README.md, counted from the three plans' Trekker cells.
    assert plan_rows(records(store, "organisation-plans", organisation="OCAD")) == {
        "veiligheid-2021-2024": (1, 1, {"abb": (2, "1.1 1.2"), "agii": (1, "1.1")}),
        "integratie-2022-2025": (
            1,
            2,
            {
                "fod-justitie": (2, "1.1 1.3"),
                "abb": (1, "1.1"),
                "agii": (1, "1.2"),
                "vdab": (1, "1.2"),
            },
        ),
        "lokaal-2023-2026": (0, 1, {"abb": (1, "1.4")}),
    }


def test_a_plan_row_comes_first_by_title_then_the_closest_partner(store):
    rows = records(store, "organisation-plans", organisation="ocad")
    assert [r["plan_title"] for r in rows] == sorted(r["plan_title"] for r in rows)
    integratie = [r["with_name"] for r in rows if local_id(r["plan"]) == "integratie-2022-2025"]
    assert integratie[0] == "Federale Overheidsdienst Justitie"  # shares 2, the others 1


def test_a_plan_in_which_the_organisation_works_alone_has_one_row_without_partner(store):
    # Lokale besturen lead action 1.3 of lokaal-2023-2026 alone, and take part nowhere else.
    rows = records(store, "organisation-plans", organisation="Lokale besturen")
    assert len(rows) == 1
    assert plan_rows(rows) == {"lokaal-2023-2026": (1, 0, {})}
    assert rows[0]["plan_title"] == "Actieplan Lokaal Samenleven 2023-2026"


def test_an_organisation_only_named_in_descriptions_takes_part_in_no_plan(store):
    assert records(store, "organisation-plans", organisation="kazerne-dossin") == []


def pairs(rows):
    return [
        (
            local_id(r["organisation_a"]),
            local_id(r["organisation_b"]),
            r["shared_plans"],
            r["plans"],
            r["shared_actions"],
        )
        for r in rows
    ]


def test_pairs_that_work_together_in_more_than_one_plan(store):
    # ABB-OCAD: veiligheid 1.1 and 1.2, integratie 1.1, lokaal 1.4; ABB-AgII: veiligheid 1.1,
    # lokaal 1.1; AgII-OCAD: veiligheid 1.1, integratie 1.2. Every other pair: one plan.
    assert pairs(records(store, "organisations-across-plans")) == [
        ("abb", "ocad", 3, "integratie-2022-2025 lokaal-2023-2026 veiligheid-2021-2024", 4),
        ("abb", "agii", 2, "lokaal-2023-2026 veiligheid-2021-2024", 2),
        ("agii", "ocad", 2, "integratie-2022-2025 veiligheid-2021-2024", 2),
    ]
    assert pairs(records(store, "organisations-across-plans", min_plans=3)) == [
        ("abb", "ocad", 3, "integratie-2022-2025 lokaal-2023-2026 veiligheid-2021-2024", 4)
    ]


def test_at_one_plan_every_pair_that_shares_an_action_counts(store):
    rows = pairs(records(store, "organisations-across-plans", min_plans=1))
    # 4 pairs in veiligheid, 6 in integratie, 3 in lokaal (README), of which ABB-OCAD is in
    # all three plans and ABB-AgII, AgII-OCAD in two: 13 - 2 - 1 - 1 = 9 distinct pairs.
    assert len(rows) == 9
    assert ("fod-justitie", "ocad", 1, "integratie-2022-2025", 2) in rows
    assert ("vdab", "vvsg", 1, "lokaal-2023-2026", 1) in rows


def test_min_plans_beyond_the_number_of_plans_is_answered_as_one_more(store, plan_graph):
    """Bounded by the served plans (integer: 1..plans+1): on three plans 4 and a huge number
    are one term, 4, and the answer is empty (no pair shares actions in more plans than
    there are); on the vendored plan alone the bound is 2, the default."""
    query = get_query("organisations-across-plans")
    for value in ("4", "99", str(10**17)):
        assert store_terms(store, query, {"min_plans": value}) == {"min_plans": Literal(4)}
    assert records(store, "organisations-across-plans", min_plans=10**17) == []
    one_plan = open_store(plan_graph)
    assert store_terms(one_plan, query, {"min_plans": "99"}) == {"min_plans": Literal(2)}
    assert store_terms(store, query, {"min_plans": "0"}) == {"min_plans": Literal(1)}


@pytest.fixture(scope="module")
def dataset_store(tmp_path_factory):
    """The three plans as `actieplan build FOLDER --out DIR` writes them: one dataset (a named
    graph each, a catalogue), read back as the union of its graphs."""
    out = tmp_path_factory.mktemp("cross-plan-dataset")
    code, _, stderr = run_cli("build", str(PLANS[0].parent), "--out", str(out))
    assert code == 0, stderr
    return open_store(read_dataset_union(out / "dataset.trig"))


@pytest.mark.parametrize(
    "name, values",
    [
        ("organisation-plans", {"organisation": "OCAD"}),
        ("organisations-across-plans", {}),
        ("organisations-across-plans", {"min_plans": 1}),
    ],
)
def test_the_dataset_of_the_three_plans_gives_the_same_answers(
    dataset_store, three_plans, name, values
):
    expected = records(open_store(three_plans), name, **values)
    assert expected and records(dataset_store, name, **values) == expected


# --- the vendored plan alone ------------------------------------------------------------------


@pytest.fixture(scope="module", params=ENGINES)
def vendored(request, plan_graph):
    return open_store(plan_graph, request.param)


def test_on_the_vendored_plan_ocad_takes_part_in_one_plan(vendored):
    """OCAD is printed in the Trekker cells of actions 3.1, 3.7, 3.8 and 3.15, never first:
    a partner in four actions, the lead of none (data/source/... lines 154, 212, 216, 259)."""
    rows = records(vendored, "organisation-plans", organisation="OCAD")
    plans = plan_rows(rows)
    assert list(plans) == ["actieplan-radicalisering-2020-2024"]
    as_lead, as_partner, together = plans["actieplan-radicalisering-2020-2024"]
    assert (as_lead, as_partner) == (0, 4)
    # The organisations it shares those actions with, from the hand reading of every row.
    expected: Counter[str] = Counter()
    for _, _, lead, partners, *_ in EXPECTED.values():
        taking_part = {lead, *partners} - {None}
        if "ocad" in taking_part:
            expected.update(taking_part - {"ocad"})
    assert {org: shared for org, (shared, _) in together.items()} == dict(expected)
    assert together["abb"] == (4, "3.1 3.7 3.8 3.15")  # ABB leads 3.1, 3.7, 3.15; partner in 3.8
    assert together["departement-ov"] == (4, "3.1 3.7 3.8 3.15")


def test_on_the_vendored_plan_no_pair_works_together_in_two_plans(vendored):
    assert records(vendored, "organisations-across-plans") == []
    assert len(records(vendored, "organisations-across-plans", min_plans=1)) > 0
