"""The query library on the real plan: answers worked out by hand from the printed text.

Hand counts come from the row-by-row reading in tests/support/plan_values.py (EXPECTED).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable
from support.paths import REPO
from support.query_cases import PARAMETER_CASES, PARAMETER_IDS

from actieplan.api.plumbing.query_pool import QueryRequest, _answer
from actieplan.cli.main import main
from actieplan.graph.sparql.library import (
    ParameterError,
    QueryLibraryError,
    answer,
    load_library,
    normalise_lists,
    parse_query_file,
    plain_answer,
    python_value,
    run_query,
    standalone_sparql,
    store_terms,
    without_parameters,
)
from actieplan.graph.sparql.store import Answer, open_store

ORG = "https://w3id.org/actieplan/id/organisation/"


@pytest.fixture(scope="module")
def store(plan_graph):
    return open_store(plan_graph, "oxigraph")


def records(store, name, **params):
    query, answer = run_query(store, name, {k: str(v) for k, v in params.items()})
    types = {c.name: c.type for c in query.columns}
    return [
        {v: python_value(t, types[v]) for v, t in zip(answer.variables, row, strict=True)}
        for row in answer.rows
    ]


def test_the_library_has_one_documented_query_per_file():
    library = load_library()
    # the 22 queries/*.rq files of the repository, listed on disk, not by the library
    folder = REPO / "queries"
    assert sorted(library) == sorted(path.stem for path in folder.glob("*.rq"))
    assert len(library) == 22
    for query in library.values():
        assert query.title_nl and query.title_en and len(query.description) > 40
        assert all(c.description for c in query.columns)


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_query_returns_the_columns_its_header_declares(store, name):
    query, result = run_query(store, name)
    assert result.variables == [c.name for c in query.columns]


# --- parameters: bound by the engine -------------------------------------------------------


def _selects(algebra: CompValue) -> Iterator[CompValue]:
    """Every projection (the query's SELECT and each sub-query's) in rdflib's algebra."""
    stack: list[object] = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue) and node.name == "Project":
            yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)


def _variables(node: object) -> set[Variable]:
    if isinstance(node, Variable):
        return {node}
    if isinstance(node, dict):
        return set().union(*map(_variables, node.values()))
    if isinstance(node, list | tuple | set):
        return set().union(*map(_variables, node))
    return set()


@pytest.mark.parametrize("name", sorted(n for n, q in load_library().items() if q.parameters))
def test_every_select_that_uses_a_parameter_lists_it(name):
    """SPARQL substitution binds only a variable the SELECT lists, and a sub-query sees it only
    if its own SELECT lists it (Oxigraph; rdflib would bind it everywhere): read from rdflib's
    algebra of the query."""
    query = load_library()[name]
    parameters = {Variable(p.name) for p in query.parameters}
    algebra = prepareQuery(query.sparql).algebra
    assert parameters <= set(algebra.PV), f"{name}: its SELECT does not list every parameter"
    for select in _selects(algebra):
        unlisted = (parameters & _variables(select.p)) - set(select.PV)
        assert not unlisted, f"{name}: a SELECT uses {unlisted} without listing it"


@pytest.fixture(scope="module")
def stores(plan_graph):
    return {engine: open_store(plan_graph, engine) for engine in ("oxigraph", "rdflib")}


def _plain(result: Answer) -> tuple[list[str], list[list]]:
    return result.variables, [[python_value(t) for t in row] for row in result.rows]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name, values", PARAMETER_CASES, ids=PARAMETER_IDS)
def test_bound_values_answer_as_the_values_written_in(stores, engine, name, values):
    """The engine's binding gives the answer of the query text with the values written in
    (standalone_sparql: what `query --show` prints), run with no binding at all."""
    store = stores[engine]
    query = load_library()[name]
    terms = store_terms(store, query, values)
    written_in = store.query(standalone_sparql(query, terms))
    expected = normalise_lists(query, without_parameters(query, written_in))
    assert _plain(answer(store, query, terms)) == _plain(expected)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name, values", PARAMETER_CASES, ids=PARAMETER_IDS)
def test_plain_values_read_from_a_workers_json_are_those_of_its_terms(stores, engine, name, values):
    """What the service reads of a query worker's SPARQL JSON (plain_answer, no rdflib terms)
    is what the library's answer gives cell by cell (python_value of each term): the same
    columns, numbers as int and Decimal, booleans, lists sorted, dates and IRIs as text."""
    store = stores[engine]
    query = load_library()[name]
    terms = store_terms(store, query, values)
    request = QueryRequest(query.sparql, None, "json", "nt", 100_000, bindings=terms)
    status, reply = _answer(store, request, 64 * 1024 * 1024)
    assert status == "ok"
    expected = answer(store, query, terms)
    types = {c.name: c.type for c in query.columns}
    rows = [
        [python_value(t, types[v]) for v, t in zip(expected.variables, row, strict=True)]
        for row in expected.rows
    ]
    found = plain_answer(query, reply.body)
    assert found == (expected.variables, rows)
    # the same Python types, not only equal values (True == 1, Decimal(1) == 1)
    assert [[type(c) for c in row] for row in found[1]] == [[type(c) for c in row] for row in rows]


def test_show_prints_the_query_with_its_values_written_in(capsys):
    assert main(["query", "shared-actions-organisations", "--show", "-p", "role=partner"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("# title@nl: Organisaties die acties delen\n")
    # Listed in the sub-query's SELECT (where the engine would bind it) and in its FILTER:
    assert '("partner" AS ?role) (COUNT(DISTINCT ?action) AS ?shared_actions)' in shown
    assert 'FILTER("partner" = "any"' in shown
    assert "FILTER(?shared_actions >= " in shown and "$" not in shown


def test_top_pairs_of_organisations_by_shared_actions(store):
    rows = records(store, "shared-actions-organisations")
    top = [
        (
            r["organisation_a"].removeprefix(ORG),
            r["organisation_b"].removeprefix(ORG),
            r["shared_actions"],
        )
        for r in rows[:2]
    ]
    assert top == [("abb", "agii", 13), ("abb", "justitiehuizen", 12)]
    assert rows[0]["actions"] == "1.1 1.2 3.1 3.2 3.7 3.8 3.15 3.16 4.1 4.2 4.3 5.1 8.5"
    assert rows[1]["actions"] == "2.3 3.1 3.2 3.7 3.8 3.9 3.13 3.15 3.16 5.1 8.4 8.5"


def test_shared_actions_by_role(store):
    # AgII is never a lead: with ABB it is lead-partner in the 11 ABB-led actions, and both are
    # partners in 3.8 and 5.1 (led by Departement OV and Justitiehuizen).
    pairs = {
        (r["organisation_a"].removeprefix(ORG), r["organisation_b"].removeprefix(ORG)): r
        for r in records(store, "shared-actions-organisations", role="partner")
    }
    assert pairs[("abb", "agii")]["actions"] == "3.8 5.1"
    lead_partner = {
        (r["organisation_a"].removeprefix(ORG), r["organisation_b"].removeprefix(ORG)): r[
            "shared_actions"
        ]
        for r in records(store, "shared-actions-organisations", role="lead-partner")
    }
    assert lead_partner[("abb", "agii")] == 11
    assert records(store, "shared-actions-organisations", min_shared=12)[-1]["shared_actions"] == 12


def test_organisation_lead_and_partner_counts(store):
    rows = {r["organisation"].removeprefix(ORG): r for r in records(store, "organisation-roles")}
    assert (rows["abb"]["as_lead"], rows["abb"]["as_partner"]) == (16, 4)
    assert rows["abb"]["partner_actions"] == "3.8 3.9 3.13 5.1"
    assert (rows["justitiehuizen"]["as_lead"], rows["justitiehuizen"]["as_partner"]) == (10, 10)
    assert (rows["agii"]["as_lead"], rows["agii"]["as_partner"]) == (0, 13)
    assert len(rows) == 20  # every organisation named in a Trekker cell


def test_minister_coordinating_and_involved_counts(store):
    rows = {r["minister"].rsplit("/", 1)[-1]: r for r in records(store, "minister-roles")}
    assert rows["justitie"]["coordinating"] == 11
    assert (
        rows["justitie"]["coordinating_actions"] == "3.6 3.9 3.12 3.13 5.1 6.1 6.2 6.5 7.2 7.3 8.6"
    )
    assert rows["binnenlands-bestuur"]["coordinating"] == 18
    assert (rows["mobiliteit"]["coordinating"], rows["mobiliteit"]["involved"]) == (0, 2)


def test_actions_running_on_a_date(store):
    # 28 dated actions run on 1 January 2022, plus the 13 the plan calls ongoing.
    dated = [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.3",
        "3.3",
        "3.5",
        "3.9",
        "3.11",
        "3.12",
        "3.13",
        "3.14",
        "4.1",
        "4.2",
        "4.3",
        "4.7",
        "5.2",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
        "7.3",
        "8.1",
        "8.2",
        "8.3",
        "8.4",
        "8.5",
    ]
    rows = records(store, "active-on-date", date="2022-01-01", include_ongoing="false")
    assert [r["number"] for r in rows] == dated
    assert len(records(store, "active-on-date", date="2022-01-01")) == 28 + 13
    # 2.2 runs September-November 2021 (printed by month): in on 30 November, out on 1 December.
    assert "2.2" in [r["number"] for r in records(store, "active-on-date", date="2021-11-30")]
    assert "2.2" not in [r["number"] for r in records(store, "active-on-date", date="2021-12-01")]


def test_budget_totals_by_objective(store):
    rows = {r["group"].rsplit("/", 1)[-1]: r for r in records(store, "budget")}
    # Objective 1: 200,000 (1.3) + 85,000 (1.5) + 991,248 (1.7) one-off, 104,320 a year (1.1,
    # 1 April 2021 - 31 March 2023: printed to the day, 24 months = 2 years; it was 3 calendar
    # years, 1,589,208, before the estimate followed the printed precision) -> total
    # 1,484,888; a year: 104,320 + 200,000/4 + 85,000/2 + 991,248/2 = 692,444.
    # Every objective is worked out in tests/unit/test_budget_estimate.py.
    one = rows["1"]
    assert (one["stated_one_off_eur"], one["stated_per_year_eur"]) == (
        Decimal(1276248),
        Decimal(104320),
    )
    assert one["estimated_total_eur"] == Decimal(1484888)
    assert one["estimated_per_year_eur"] == Decimal(692444)
    # Objective 4: 500,000 (4.1) + 50,000 (4.3) one-off; 1,500,000 + 500,000 + 178,000 +
    # 188,000 a year over 4, 4, 2 and 5 years.
    assert rows["4"]["estimated_total_eur"] == Decimal(9846000)
    # Objective 6: 6.3 is open-ended, so its 248,498.53 is stated but not estimated.
    assert rows["6"]["stated_one_off_eur"] == Decimal("476623.53")
    assert rows["6"]["amounts_without_period"] == 1
    assert rows["3"]["actions_regular_means"] == 16 and rows["3"]["actions_with_figure"] == 0


def test_budget_by_lead_keeps_the_action_without_lead(store):
    rows = records(store, "budget", by="lead-organisation")
    no_lead = [r for r in rows if r["group"] is None]
    assert len(no_lead) == 1 and no_lead[0]["actions"] == 1  # 3.12
    assert sum(r["actions"] for r in rows) == 50


def test_gap_queries(store):
    assert [r["number"] for r in records(store, "actions-without-lead")] == ["3.12"]
    without_end = [r["number"] for r in records(store, "actions-without-end-date")]
    assert without_end == [
        "1.6",
        "3.1",
        "3.2",
        "3.4",
        "3.6",
        "3.7",
        "3.8",
        "3.10",
        "3.14",
        "3.15",
        "3.16",
        "4.4",
        "4.6",
        "6.3",
        "8.5",
        "8.6",
    ]
    no_figure = {r["number"]: r for r in records(store, "actions-without-euro-figure")}
    assert len(no_figure) == 36
    assert no_figure["5.2"]["funding_source"] == "ISF-P fonds van de Europese Commissie"
    assert no_figure["5.2"]["funding_mode"] == "ExternalFund"


def test_ending_in_year_keeps_the_printed_precision(store):
    rows = {r["number"]: r for r in records(store, "ending-in-year", year=2023)}
    assert rows["1.1"]["end_as_printed"] == "2023-03-31"
    assert rows["7.3"]["end_as_printed"] == "2023-06"
    assert rows["4.7"]["end_as_printed"] == "2023"


def test_cross_level_actions(store):
    rows = {r["number"]: r for r in records(store, "cross-level-actions")}
    # 3.1 and 3.7 bring federal bodies (OCAD, FOD Justitie) together with Flemish ones.
    assert rows["3.1"]["levels"] == "Federal; Flemish"
    assert "1.1" not in rows  # ABB and AgII: both Flemish


def test_profiles_take_ids_abbreviations_and_names(store):
    by_abbreviation = records(store, "organisation-profile", organisation="OCAD")
    # one row per action, the roles in one list (lead, partner, mentioned)
    partner = [(r["number"], r["roles"]) for r in by_abbreviation if "partner" in r["roles"]]
    assert partner == [
        ("3.1", "partner mentioned"),
        ("3.7", "partner mentioned"),
        ("3.8", "partner"),
        ("3.15", "partner"),
    ]
    assert len({r["number"] for r in by_abbreviation}) == len(by_abbreviation)
    justice = records(store, "minister-profile", minister="Justitie")
    assert sum(r["role"] == "coordinating" for r in justice) == 11


def test_parameter_errors_say_what_is_wrong(store):
    with pytest.raises(ParameterError, match="parameter date .*'2022-13-01'"):
        run_query(store, "active-on-date", {"date": "2022-13-01"})
    with pytest.raises(ParameterError, match="no parameter 'year'"):
        run_query(store, "active-on-date", {"year": "2022"})
    with pytest.raises(ParameterError, match="expected one of any, lead-partner, partner"):
        run_query(store, "shared-actions-organisations", {"role": "boss"})
    with pytest.raises(ParameterError, match="no single organisation 'Nowhere Agency'"):
        run_query(store, "organisation-profile", {"organisation": "Nowhere Agency"})
    with pytest.raises(ParameterError, match="did you mean budget"):
        run_query(store, "budgets")


def test_a_malformed_header_names_file_line_and_field(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text(
        "# title@nl: x\n# title@en: y\n# description@nl: z\n# description@en: z\n"
        "# column: a (colour) ; nope\nSELECT ?a WHERE {}\n"
    )
    with pytest.raises(QueryLibraryError, match=r"broken.rq:5 \[column\]"):
        parse_query_file(path)


def test_query_command_table_csv_json_and_pivot(capsys):
    assert main(["query", "organisation-roles", "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    lines = csv_text.split("\r\n")
    assert lines[0] == "organisation,name,as_lead,as_partner,lead_actions,partner_actions"
    assert lines[1].startswith(f"{ORG}abb,Agentschap Binnenlands Bestuur,16,4,")
    assert main(["query", "minister-roles", "--format", "json"]) == 0
    assert '"coordinating": 18' in capsys.readouterr().out
    assert main(["query", "objectives-by-organisation", "--pivot"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].startswith("objective  Afdeling Justitiehuizen")
    assert main(["query", "active-on-date", "-p", "date=tomorrow"]) == 2
    assert "does not fit" in capsys.readouterr().err


def test_sparql_command_refuses_federation_and_updates(capsys):
    assert main(["sparql", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"]) == 2
    assert "SERVICE" in capsys.readouterr().err
    assert main(["sparql", "DROP ALL"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert (
        main(
            [
                "sparql",
                "PREFIX ap: <https://w3id.org/actieplan/def#> "
                "SELECT ?n WHERE { ?a ap:number ?n FILTER(?n = '3.12') }",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "n\r\n3.12\r\n"
