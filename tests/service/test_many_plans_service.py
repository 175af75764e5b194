"""`actieplan serve --graph DIR/dataset.nq`: one service for every plan of a dataset, the vendored
plan and the three small plans of tests/data/cross-plan (hand counts in its README), asked per
plan with ?plan= or across plans.

A real `actieplan serve` on a loopback port; the dataset is built by `actieplan build`."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from fastapi import FastAPI
from rdflib import Graph, URIRef
from support.cli_runner import run_cli
from support.paths import REPO
from support.server import running_server

from actieplan.api.readmodel.kept_answers import decode_table
from actieplan.graph.sparql.library import load_library

CROSS_PLAN = REPO / "tests" / "data" / "cross-plan"
VENDORED = "actieplan-radicalisering-2020-2024"
TITLES = {
    "integratie-2022-2025": "Actieplan Integratie 2022-2025",
    "lokaal-2023-2026": "Actieplan Lokaal Samenleven 2023-2026",
    "veiligheid-2021-2024": "Actieplan Veiligheid 2021-2024",
}
HTML = {"accept": "text/html"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("many-plans")
    plans = [REPO / "data" / "source" / f"{VENDORED}.txt", *sorted(CROSS_PLAN.glob("*.txt"))]
    code, _, stderr = run_cli("build", *map(str, plans), "--out", str(out))
    assert code == 0, stderr
    return out / "dataset.nq"


@pytest.fixture(scope="module")
def served(dataset):
    with running_server("--graph", str(dataset), "--query-workers", "1") as server:
        yield server


def get(server, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url(path), headers=headers, timeout=30, follow_redirects=False)


def test_the_home_page_lists_every_plan_with_its_title(served):
    page = get(served, "/", **HTML)
    assert page.status_code == 200
    for plan_id, title in TITLES.items():
        assert f'href="/?plan={plan_id}"' in page.text
        assert title in page.text
    assert f'href="/?plan={VENDORED}"' in page.text
    assert len(re.findall(r'<tr><td><a href="/\?plan=', page.text)) == 4


def test_a_plans_home_page_is_that_plans_and_its_links_keep_the_plan(served):
    page = get(served, "/?plan=lokaal-2023-2026", **HTML)
    assert page.status_code == 200
    assert "Actieplan Lokaal Samenleven 2023-2026" in page.text
    assert 'href="/timeline?plan=lokaal-2023-2026"' in page.text
    assert '<a href="/">Alle plannen</a>' in page.text  # back to the list of plans
    english = get(served, "/?plan=lokaal-2023-2026&lang=en", **HTML)
    assert 'href="/timeline?plan=lokaal-2023-2026&amp;lang=en"' in english.text


def test_the_api_answers_per_plan_from_the_plans_own_text(served):
    # lokaal-2023-2026: 1.1 AgII leads; 1.2 VVSG; 1.3 Lokale besturen alone; 1.4 ABB with OCAD
    actions = get(served, "/api/actions?plan=lokaal-2023-2026").json()
    assert [a["number"] for a in actions] == ["1.1", "1.2", "1.3", "1.4"]
    assert all(a["iri"].endswith(f"/plan/lokaal-2023-2026/action/{a['number']}") for a in actions)
    veiligheid = get(served, "/api/actions?plan=veiligheid-2021-2024").json()
    assert [a["number"] for a in veiligheid] == ["1.1", "1.2", "2.1"]


def test_an_answer_about_one_plan_asked_without_a_plan_names_the_plans(served):
    answer = get(served, "/api/actions")
    assert answer.status_code == 400
    assert sorted(answer.json()["plans"]) == sorted([VENDORED, *TITLES])
    page = get(served, "/timeline", **HTML)
    assert page.status_code == 400
    assert 'href="/timeline?plan=veiligheid-2021-2024"' in page.text


def test_a_plan_the_dataset_lacks_is_not_found(served):
    answer = get(served, "/api/actions?plan=nope")
    assert answer.status_code == 404
    assert "'nope'" in answer.json()["detail"]
    assert get(served, "/?plan=nope", **HTML).status_code == 404


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "../graph/catalogue",
        "veiligheid-2021-2024/../lokaal",
        "x" * 2000,
    ],
)
def test_a_hostile_plan_value_is_an_unknown_plan_shown_escaped(served, hostile):
    answer = httpx.get(served.url("/api/actions"), params={"plan": hostile}, timeout=30)
    assert answer.status_code == 404
    page = httpx.get(served.url("/timeline"), params={"plan": hostile}, headers=HTML, timeout=30)
    assert page.status_code == 404
    assert "<script>alert" not in page.text
    # a plan's IRI path with an unknown plan in it is unknown too
    assert get(served, "/id/plan/nope/action/1.1", **HTML).status_code == 404


def test_organisations_that_work_together_in_every_plan(served):
    # ABB and OCAD share actions in the three small plans (README) and in the vendored plan
    # (3.1, 3.7, 3.8, 3.15); no other pair shares actions in all four.
    answer = get(served, "/api/questions/organisations-across-plans?min_plans=4").json()
    rows = answer["rows"]
    assert [(r["organisation_a"], r["organisation_b"], r["shared_plans"]) for r in rows] == [
        (
            "https://w3id.org/actieplan/id/organisation/abb",
            "https://w3id.org/actieplan/id/organisation/ocad",
            4,
        )
    ]


def test_a_question_asked_of_one_plan_reads_that_plan_only(served):
    # in veiligheid-2021-2024 ABB and OCAD share 1.1 and 1.2; across all four plans 8 actions
    answer = get(
        served, "/api/questions/shared-actions-organisations?plan=veiligheid-2021-2024"
    ).json()
    rows = answer["rows"]
    abb_ocad = [
        r
        for r in rows
        if {r["organisation_a"], r["organisation_b"]}
        == {
            "https://w3id.org/actieplan/id/organisation/abb",
            "https://w3id.org/actieplan/id/organisation/ocad",
        }
    ]
    assert [r["shared_actions"] for r in abb_ocad] == [2]


def test_an_organisations_page_shows_its_part_in_each_plan(served):
    moved = get(served, "/id/organisation/ocad", **HTML)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/questions/organisation-plans?organisation=ocad"
    page = get(served, moved.headers["location"], **HTML)
    assert page.status_code == 200
    for title in TITLES.values():  # OCAD takes part in each small plan (README)
        assert title in page.text
    # its page in one plan is the plan's organisation page
    one = get(served, "/id/organisation/ocad?plan=veiligheid-2021-2024", **HTML)
    assert one.status_code == 200
    assert 'href="/id/plan/veiligheid-2021-2024/action/1.2?plan=veiligheid-2021-2024"' in one.text


def test_an_actions_linked_data_is_its_plans(served):
    answer = get(served, "/id/plan/integratie-2022-2025/action/1.2.ttl")
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    action = URIRef("https://w3id.org/actieplan/id/plan/integratie-2022-2025/action/1.2")
    lead = URIRef("https://w3id.org/actieplan/def#leadOrganisation")
    assert graph.value(action, lead) == URIRef("https://w3id.org/actieplan/id/organisation/vdab")


def test_sparql_reads_every_plan(served):
    query = (
        "PREFIX ap: <https://w3id.org/actieplan/def#> "
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ap:Action }"
    )
    answer = httpx.get(
        served.sparql,
        params={"query": query},
        timeout=30,
        headers={"accept": "application/sparql-results+json"},
    ).json()
    total = int(answer["results"]["bindings"][0]["n"]["value"])
    per_plan = sum(
        len(get(served, f"/api/actions?plan={plan_id}").json()) for plan_id in [VENDORED, *TITLES]
    )
    assert total == per_plan == 4 + 3 + 3 + len(get(served, f"/api/actions?plan={VENDORED}").json())


def test_a_plans_downloads_name_the_plan_in_a_first_column(served):
    text = get(served, "/download/actions.csv?plan=lokaal-2023-2026").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("plan,action,")
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["lokaal-2023-2026", number] for number in ("1.1", "1.2", "1.3", "1.4")
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(get(served, "/download/actions.xlsx?plan=veiligheid-2021-2024&lang=nl").content)
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("Plan", "Actie")
    assert [row[:2] for row in rows[1:]] == [
        ("veiligheid-2021-2024", number) for number in ("1.1", "1.2", "2.1")
    ]


def test_health_says_how_many_plans(served):
    health = get(served, "/health").json()
    assert health["store"] == "embedded (4 plans)"


def test_the_dataset_describes_every_plan_as_a_dataset_of_its_own(served):
    """/dataset without a plan: the whole and one dcat:Dataset per plan (plan_datasets.py),
    which the DCAT-AP Vlaanderen shapes accept; VoID counts what /sparql reads."""
    from support.dcat_shapes import results, vl_shapes

    turtle = get(served, "/dataset", accept="text/turtle")
    assert turtle.status_code == 200
    description = Graph().parse(data=turtle.text, format="turtle")
    site = "https://w3id.org/actieplan/dataset"
    dcat = URIRef("http://www.w3.org/ns/dcat#Dataset")
    datasets = set(description.subjects(URIRef(RDF_TYPE), dcat))
    expected = {URIRef(f"{site}#plan-{plan_id}") for plan_id in [VENDORED, *TITLES]}
    assert datasets == expected | {URIRef(site)}
    titles = {str(t) for t in description.objects(URIRef(site), URIRef(DCTERMS + "title"))}
    assert titles == {"Kennisgraaf van 4 actieplannen", "Knowledge graph of 4 action plans"}
    lokaal = URIRef(f"{site}#plan-lokaal-2023-2026")
    assert f"Kennisgraaf van het {TITLES['lokaal-2023-2026']}" in {
        str(t) for t in description.objects(lokaal, URIRef(DCTERMS + "title"))
    }
    assert results(description, vl_shapes()) == set()
    counted = httpx.get(
        served.sparql,
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        timeout=30,
        headers={"accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"][0]["n"]["value"]
    triples = description.value(URIRef(site), URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == int(counted)
    # a person asking for the page is asked which plan, as on every page of one plan
    assert get(served, "/dataset", **HTML).status_code == 400
    assert get(served, "/dataset?plan=lokaal-2023-2026", **HTML).status_code == 200


def test_a_plans_forms_keep_the_plan(served):
    """A form on a plan's page (the question's parameters, the search) asks that plan again,
    in the page's language; across plans it names no plan."""
    page = get(served, "/questions/organisation-profile?plan=lokaal-2023-2026&lang=en", **HTML)
    forms = re.findall(r"<form .*?</form>", page.text, re.S)
    assert len(forms) == 2  # the search and the question's parameters
    for form in forms:
        assert '<input type="hidden" name="plan" value="lokaal-2023-2026">' in form
        assert '<input type="hidden" name="lang" value="en">' in form
    across = get(served, "/questions/organisation-plans", **HTML)
    assert 'name="plan"' not in across.text
    # what the form sends is answered for that plan: OCAD partners in lokaal 1.4 only
    asked = get(
        served, "/api/questions/organisation-profile?plan=lokaal-2023-2026&organisation=OCAD"
    )
    assert [row["number"] for row in asked.json()["rows"]] == ["1.4"]


def test_the_api_description_documents_the_plan_parameter(served):
    spec = get(served, "/openapi.json").json()
    for path in ("/api/actions", "/api/questions/{name}"):
        found = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "plan"]
        assert len(found) == 1 and found[0]["in"] == "query", path
        assert "id of the plan" in found[0]["description"]


def _pairs(server, query: str) -> dict[tuple[str, str], list[str]]:
    rows = get(server, f"/api/network/shared-actions{query}").json()["rows"]
    return {(r["source"], r["target"]): r["actions"] for r in rows}


def test_the_network_of_every_plan_adds_up_the_plans_networks(served):
    # ABB and OCAD: lead and partner together in 3.1, 3.7, 3.8, 3.15 of the vendored plan and
    # in 4 actions of the small plans (README); every action keeps its plan in its label
    every = _pairs(served, "")
    assert every["abb", "ocad"] == [
        f"{VENDORED} 3.1",
        f"{VENDORED} 3.7",
        f"{VENDORED} 3.8",
        f"{VENDORED} 3.15",
        "integratie-2022-2025 1.1",
        "lokaal-2023-2026 1.4",
        "veiligheid-2021-2024 1.1",
        "veiligheid-2021-2024 1.2",
    ]
    # no action is in two plans: each tie of all plans is the sum of that tie in each plan
    added: dict[tuple[str, str], int] = {}
    for plan_id in [VENDORED, *TITLES]:
        for pair, actions in _pairs(served, f"?plan={plan_id}").items():
            added[pair] = added.get(pair, 0) + len(actions)
    assert {pair: len(actions) for pair, actions in every.items()} == added
    ego = get(served, "/api/network/ego/ocad").json()
    assert ego["centre"]["id"] == "ocad"


def test_the_network_page_of_every_plan_says_so_and_the_home_page_links_it(served):
    page = get(served, "/network", **HTML)
    assert page.status_code == 200
    assert "Het netwerk van alle plannen: 4 actieplannen samen." in page.text
    english = get(served, "/network?lang=en", **HTML)
    assert "The network of every plan: 4 action plans together." in english.text
    assert 'id="f-objective"' not in page.text  # objectives are a plan's
    refused = get(served, "/network?objective=1", accept="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "objective=1: objectives are a plan's; add ?plan=ID"
    one = get(served, "/network?plan=lokaal-2023-2026", **HTML)
    assert one.status_code == 200 and "alle plannen" not in one.text
    assert 'id="f-objective"' in one.text
    home = get(served, "/", **HTML).text
    assert '<a href="/network">Het netwerk van de actoren van alle plannen</a>' in home
    graphml = get(served, "/network.graphml").text
    assert '<node id="ocad"' in graphml and '<node id="abb"' in graphml


@contextlib.contextmanager
def _warmed_app(dataset: Path, **settings: Any) -> Iterator[tuple[FastAPI, Any]]:
    """The service of `dataset` in-process (`settings` besides the file and one worker), and
    its test client, once /ready answers 200 (its warm-up done)."""
    from fastapi.testclient import TestClient

    from actieplan.api.app import create_app
    from actieplan.api.plumbing.settings import Settings

    app = create_app(Settings(graph_file=str(dataset), query_workers=1, **settings))
    with TestClient(app) as client:
        deadline = time.monotonic() + 120
        while client.get("/ready").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/ready").status_code == 200
        yield app, client


def test_the_warm_up_answers_every_question_of_all_plans_and_keeps_the_answers(dataset, capsys):
    """With many plans, /ready waits for every named question asked of all plans (its page's
    first ask, and each choice of `budget`'s `by` and of `shared-actions-organisations`'s
    `role`): the answers are in memory, and the timeline of every plan lists each plan's
    actions (the vendored plan's 3.1 among them). They are kept on disk beside the store, one
    file each (and the facts the networks of every plan read), and a second start reads them
    back rather than asking the workers."""
    answers = dataset.with_name(dataset.name + ".answers")
    shutil.rmtree(answers, ignore_errors=True)  # the answers of the module's other service
    with _warmed_app(dataset) as (app, _):

        def computed_again():
            raise AssertionError("the warm-up did not keep this answer")

        every_plan = app.state.api_cache.scoped(None)  # the scope of no ?plan=
        for name, query in load_library().items():
            if not query.parameters:
                every_plan.get(("question", name, ()), computed_again)
        columns, rows = every_plan.get(("question", "timeline", ()), computed_again)
    action, number = columns.index("action"), columns.index("number")
    numbers = [(re.search(r"/plan/([^/]+)/", r[action])[1], r[number]) for r in rows]
    assert (VENDORED, "3.1") in numbers
    assert {plan for plan, _ in numbers} == {VENDORED, *TITLES}

    [folder] = answers.iterdir()  # one dataset: one folder, named by its sha256
    files = {p.name.split(".")[0]: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    # each question at its defaults, and at each other choice of a parameter of named choices
    other_choices = {
        "budget--by-coordinating-minister",
        "budget--by-lead-organisation",
        "shared-actions-organisations--role-lead-partner",
        "shared-actions-organisations--role-partner",
    }
    assert set(files) == {*load_library(), *other_choices, "action-facts"}  # and the facts
    # budget by lead organisation across the plans: every action of every plan once, the
    # vendored plan's 3.12 among those without a lead
    [by_lead] = folder.glob("budget--by-lead-organisation.*.json")
    columns, groups = decode_table(by_lead.read_bytes())
    group, actions = columns.index("group"), columns.index("actions")
    assert sum(g[actions] for g in groups) == len(rows)
    assert [g[actions] for g in groups if g[group] is None][0] >= 1
    with _warmed_app(dataset):
        pass
    assert {p.name.split(".")[0]: p.stat().st_mtime_ns for p in folder.glob("*.json")} == files
    # A start with a smaller --max-rows holds a kept answer to it too: 413, which says so,
    # and the warm-up tells the operator.
    capsys.readouterr()
    with _warmed_app(dataset, max_rows=len(rows) - 1) as (_, client):
        response = client.get("/api/questions/timeline")
        assert response.status_code == 413
        assert f"more than {len(rows) - 1} rows" in response.json()["detail"]
        assert client.get("/api/questions/budget").status_code == 200
    said = [line for line in capsys.readouterr().err.splitlines() if "over --max-rows" in line]
    assert any("warm-up of /questions/timeline?lang=" in line for line in said)
    asked = [re.sub(r"lang=\w+", "", line) for line in said]
    assert len(asked) == len(set(asked))  # once a question's parameters, not once a language
