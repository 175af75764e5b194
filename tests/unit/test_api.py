"""The JSON API (in-process client; the SPARQL endpoint has its own tests against a real server,
and so has the memory test: tests/service/test_api_memory.py).

Values are the plan's, read by hand (tests/support/plan_values.py).
"""

from __future__ import annotations

import pytest
from support.paths import REPO

from actieplan.api.app import create_app


def test_the_openapi_schema_names_the_entities_as_before():
    """The entity models are ActionJson, AmountJson, ... in Python (graph/core has dataclasses
    called Action, Amount, ...); users see the names /openapi.json had before the rename."""
    openapi = create_app().openapi()
    schemas = openapi["components"]["schemas"]
    for name in ("Action", "Amount", "Objective", "Organisation", "MinisterPost", "Problem"):
        assert schemas[name]["title"] == name
    assert not any(name.endswith("Json") for name in schemas)
    one_action = openapi["paths"]["/api/actions/{number}"]["get"]["responses"]
    assert one_action["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Action"
    }
    assert one_action["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["engine"] == "oxigraph" and body["triples"] > 4000


def test_one_action_with_its_roles_and_source(client):
    action = client.get("/api/actions/2.3").json()
    assert action["coordinating_minister"]["id"] == "binnenlands-bestuur"
    assert [m["id"] for m in action["involved_ministers"]] == ["justitie"]
    assert action["lead"]["id"] == "abb" and [p["id"] for p in action["partners"]] == [
        "justitiehuizen"
    ]
    assert (action["starts_on"], action["ends_on"]) == ("2021-05-01", "2024-05-01")
    assert action["amounts"] == [{"eur": 232540.0, "per_year": False, "years": 3, "label": None}]
    assert action["status"] == "StatusUnknown"
    assert action["source"]["first_line"] <= action["source"]["last_line"]


def test_the_action_with_an_empty_trekker_cell(client):
    action = client.get("/api/actions/3.12").json()
    assert action["lead"] is None and action["partners"] == []
    assert len(action["involved_ministers"]) == 8


def test_action_filters(client):
    agii = client.get("/api/actions", params={"organisation": "agii"}).json()
    assert len(agii) == 13
    assert (
        len(client.get("/api/actions", params={"organisation": "agii", "role": "lead"}).json()) == 0
    )
    justice = client.get(
        "/api/actions", params={"minister": "justitie", "role": "coordinating"}
    ).json()
    assert [a["number"] for a in justice] == [
        "3.6",
        "3.9",
        "3.12",
        "3.13",
        "5.1",
        "6.1",
        "6.2",
        "6.5",
        "7.2",
        "7.3",
        "8.6",
    ]
    assert len(client.get("/api/actions", params={"active_on": "2022-01-01"}).json()) == 41
    assert len(client.get("/api/actions", params={"objective": 3}).json()) == 16
    fund = client.get("/api/actions", params={"funding_mode": "ExternalFund"}).json()
    assert [a["number"] for a in fund] == ["5.2"]


def test_objectives_organisations_minister_posts(client):
    objectives = client.get("/api/objectives").json()
    assert [len(o["actions"]) for o in objectives] == [7, 3, 16, 7, 3, 5, 3, 6]
    abb = client.get("/api/organisations/abb").json()
    assert (len(abb["lead_actions"]), len(abb["partner_actions"])) == (16, 4)
    assert abb["government_level"] == "flemish" and abb["policy_domain"] == "kbbj"
    federal = client.get(
        "/api/organisations", params={"government_level": "federal", "in_roles": True}
    ).json()
    assert {o["id"] for o in federal} == {"ocad", "fod-justitie"}
    post = client.get("/api/minister-posts/justitie").json()
    assert len(post["coordinating_actions"]) == 11
    assert post["themis_mandataris"].startswith("http://themis.vlaanderen.be/id/mandataris/")


def test_unknown_ids_get_a_404_that_lists_known_ones(client):
    response = client.get("/api/actions/9.9")
    assert response.status_code == 404 and "1.1" in response.json()["detail"]
    assert client.get("/api/organisations/nowhere").status_code == 404
    assert client.get("/api/actions", params={"organisation": "nowhere"}).status_code == 400
    assert client.get("/api/actions", params={"role": "boss"}).status_code == 422


def test_named_questions_as_json_and_csv(client):
    names = [q["name"] for q in client.get("/api/questions").json()]
    assert sorted(names) == sorted(path.stem for path in (REPO / "queries").glob("*.rq"))
    answer = client.get(
        "/api/questions/shared-actions-organisations", params={"role": "partner", "min_shared": 2}
    ).json()
    assert answer["parameters"] == {"role": "partner", "min_shared": "2"}
    assert all(row["shared_actions"] >= 2 for row in answer["rows"])
    csv_response = client.get("/api/questions/minister-roles", params={"format": "csv"})
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert csv_response.text.splitlines()[0] == (
        "minister,name,coordinating,involved,coordinating_actions,involved_actions"
    )
    bad = client.get("/api/questions/active-on-date", params={"date": "soon"})
    assert bad.status_code == 400 and "parameter date" in bad.json()["detail"]
    assert client.get("/api/questions/nothing").status_code == 404


def test_network_analytics(client):
    top = client.get("/api/network/shared-actions", params={"top": 2}).json()
    assert top["network"] == {
        "actors": "organisations",
        "layer": "roles",
        "roles": ["lead", "partner"],
        "weight": "shared_actions",
    }
    assert [(r["source"], r["target"], r["shared_actions"]) for r in top["rows"]] == [
        ("abb", "agii", 13),
        ("abb", "justitiehuizen", 12),
    ]
    structure = client.get("/api/network/structure").json()
    assert (structure["actors"], structure["ties"]) == (20, 89)
    # OCAD partners in 3.1, 3.7, 3.8 and 3.15 with these 13 organisations.
    ego = client.get("/api/network/ego/OCAD").json()
    assert sorted(n["id"] for n in ego["neighbours"]) == sorted(
        [
            "abb",
            "departement-ov",
            "sport-vlaanderen",
            "departement-wvg",
            "justitiehuizen",
            "departement-cjm",
            "departement-wse",
            "agii",
            "vgc",
            "fod-justitie",
            "opgroeien",
            "vclp",
            "lokale-besturen",
        ]
    )
    ministers = client.get("/api/network/centrality", params={"actors": "ministers"}).json()
    assert ministers["network"]["roles"] == ["coordinating", "involved"]
    assert {r["id"]: r["action_count"] for r in ministers["rows"]}["justitie"] == 22  # 11 + 11
    refused = client.get(
        "/api/network/shared-actions", params={"actors": "ministers", "layer": "mentions"}
    )
    assert refused.status_code == 400 and "organisations only" in refused.json()["detail"]
    assert client.get("/api/network/ego/nobody").status_code == 404


def test_network_exports_parse_back(client):
    import io

    import networkx as nx

    graphml = client.get("/api/network/export/graphml")
    assert graphml.headers["content-type"] == "application/graphml+xml"
    network = nx.read_graphml(io.BytesIO(graphml.content))
    assert (network.number_of_nodes(), network.number_of_edges()) == (20, 89)
    edges = client.get("/api/network/export/csv-edges").text.splitlines()
    assert len(edges) == 1 + 89 and edges[0].startswith("source,target")
    cytoscape = client.get("/api/network/export/cytoscape").json()
    assert len(cytoscape["elements"]["nodes"]) == 20


def test_completeness_report(client):
    report = client.get("/api/completeness").json()
    assert report["conforms"] is False and report["counts"]["violation"] == 1
    violation = [r for r in report["results"] if r["severity"] == "Violation"]
    assert [(r["action"], r["printed_text"]) for r in violation] == [("3.12", "")]
    everything = next(r for r in report["fill_rates"] if r["grouping"] == "all")
    assert everything["actions"] == 50 and everything["required_complete"] == 49
    matrix = client.get("/api/completeness", params={"format": "csv", "table": "matrix"})
    assert matrix.headers["content-type"].startswith("text/csv")
    assert len(matrix.text.splitlines()) == 1 + 50
    turtle = client.get("/api/completeness", params={"format": "turtle"})
    assert "sh:ValidationReport" in turtle.text


@pytest.mark.parametrize("actor", ["-", "%20", "%00", "%2E", "..."])
def test_an_ego_network_of_no_actor_is_404(client, actor):
    # Text without a letter or digit used to match the first actor without an abbreviation.
    response = client.get(f"/api/network/ego/{actor}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no single organisation")


def test_an_ego_network_of_a_near_miss_says_what_was_meant(client):
    response = client.get("/api/network/ego/Ocda")
    assert response.status_code == 404 and "did you mean ocad?" in response.json()["detail"]
    assert client.get("/api/network/ego/o.c.a.d.").json()["centre"]["id"] == "ocad"


def test_question_parameters_are_read_as_their_type(client):
    path = "/api/questions/shared-actions-organisations"
    cached = client.app.state.api_cache.answers
    entries = len(cached)
    answers = [
        client.get(path, params={"min_shared": text}).json() for text in ("3", "03", "+3", "0003")
    ]
    assert len(cached) == entries + 1  # one cache entry: keyed by the value, not the text
    assert all(a["parameters"] == {"min_shared": "3"} for a in answers)
    assert all(a["rows"] == answers[0]["rows"] for a in answers)
    profile = client.get(
        "/api/questions/organisation-profile", params={"organisation": "A.B.B."}
    ).json()
    assert profile["parameters"] == {"organisation": "abb"}
