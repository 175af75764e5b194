"""Parameters that pick work are bounded to the data's range, unreadable ones get a 4xx naming
them, and no answer names the request's Host (in-process client; the same over real sockets,
with the connection limits: tests/service/test_http_limits.py).

The plan's figures (read by hand): 50 actions, 8 objectives, 5 policy domains, 8 government
levels, timings from 2019 to 2025; two actors of the organisations' roles network share at
most 13 actions.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

LONG = "9" * 5000  # Python's int() refuses more than 4 300 digits
PUBLISHED_ENDPOINT = "https://w3id.org/actieplan/sparql"
SD_ENDPOINT = URIRef("http://www.w3.org/ns/sparql-service-description#endpoint")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/network", "min_shared"),
        ("/network.json", "min_shared"),
        ("/network.gexf", "min_shared"),
        ("/network", "objective"),
        ("/timeline", "objective"),
        ("/timeline.json", "objective"),
        ("/questions/shared-actions-organisations", "min_shared"),
        ("/api/questions/shared-actions-organisations", "min_shared"),
        ("/api/questions/ending-in-year", "year"),
        ("/api/questions/cross-domain-actions", "min_domains"),
    ],
)
def test_a_5000_digit_integer_is_a_400_naming_the_parameter(client, path, parameter):
    response = client.get(path, params={parameter: LONG}, headers={"Accept": "application/json"})
    assert response.status_code == 400, response.text[:300]
    # the question page says it in its language (Dutch by default)
    most = "hoogstens 18" if path.startswith("/questions/") else "at most 18"
    assert parameter in response.text and most in response.text
    assert "Traceback" not in response.text
    if not path.startswith("/questions/"):  # the question page's form gives the value back
        assert LONG[:100] not in response.text


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/api/network/shared-actions", "top"), ("/api/actions", "objective")],
)
def test_a_5000_digit_integer_on_a_typed_api_parameter_is_a_422_naming_it(client, path, parameter):
    """The JSON API's typed parameters keep FastAPI's 422 for a value of the wrong type."""
    response = client.get(path, params={parameter: LONG})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", parameter]


def test_an_unreadable_date_is_a_400_naming_the_parameter(client):
    response = client.get("/api/questions/active-on-date", params={"date": "2020-13-45"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "parameter date (date): '2020-13-45' does not fit: expected a date as YYYY-MM-DD"
    )


def test_min_shared_beyond_the_network_is_one_answer_and_one_cache_entry(client):
    cached = client.app.state.api_cache.answers
    first = client.get("/network.json", params={"min_shared": "1000"})
    entries = len(cached)
    second = client.get("/network.json", params={"min_shared": "999999"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(cached) == entries  # the second found the first's entries
    # 14 = one more than the most actions two actors of the network share: no tie is left.
    assert first.json()["filters"] == {"min_shared": 14}
    assert first.content == client.get("/network.json", params={"min_shared": "14"}).content
    assert first.content != client.get("/network.json", params={"min_shared": "13"}).content


def test_question_integers_are_moved_into_the_plans_range(client):
    path = "/api/questions/shared-actions-organisations"
    cached = client.app.state.api_cache.answers
    first = client.get(path, params={"min_shared": "1000"}).json()
    entries = len(cached)
    second = client.get(path, params={"min_shared": "999999"}).json()
    assert len(cached) == entries
    assert first == second
    assert first["parameters"] == {"min_shared": "51"} and first["rows"] == []  # 50 actions
    low = client.get(path, params={"min_shared": "-7"}).json()
    assert low["parameters"] == {"min_shared": "1"}
    assert low["rows"] == client.get(path).json()["rows"]
    years = client.get("/api/questions/ending-in-year", params={"year": "1900"}).json()
    assert years["parameters"] == {"year": "2018"} and years["rows"] == []
    domains = client.get("/api/questions/cross-domain-actions", params={"min_domains": "40"})
    assert domains.json()["parameters"] == {"min_domains": "6"}


def test_top_beyond_the_pairs_is_every_pair(client):
    path = "/api/network/shared-actions"
    every = client.get(path).json()["rows"]
    assert client.get(path, params={"top": str(10**17)}).json()["rows"] == every


def test_an_objective_the_plan_lacks_is_a_400_naming_the_range(client):
    for path in ("/api/actions", "/timeline.json"):
        response = client.get(path, params={"objective": "9"})
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "objective=9: the plan's objectives are 1, 2, 3, 4, 5, 6, 7, 8"
        )


def test_the_service_description_names_the_published_endpoint_not_the_host(client):
    response = client.get(
        "/sparql", headers={"Host": "evil.example", "Accept": "application/n-triples"}
    )
    assert response.status_code == 200 and "evil.example" not in response.text
    assert response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format="nt")
    assert (URIRef(PUBLISHED_ENDPOINT), SD_ENDPOINT, URIRef(PUBLISHED_ENDPOINT)) in graph


def test_relative_iris_of_a_query_resolve_against_the_published_endpoint(client):
    response = client.post(
        "/sparql",
        content="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={
            "Host": "evil.example",
            "Content-Type": "application/sparql-query",
            "Accept": "application/n-triples",
        },
    )
    assert response.status_code == 200 and "evil.example" not in response.text
    graph = Graph().parse(data=response.text, format="nt")
    site = "https://w3id.org/actieplan/"
    assert set(graph) == {(URIRef(site + "s"), URIRef(site + "p"), Literal(1))}


def test_a_trailing_slash_is_not_redirected_to_the_host(client):
    response = client.get("/network/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404 and "location" not in response.headers
