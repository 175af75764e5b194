"""A named question whose answer is over the service's --max-rows, against a real
`actieplan serve` of the vendored plan: a 413 that says which limit and what to do (the JSON
API's `{"detail": ...}`, a page in the reader's language), never a 500; questions under the
limit are answered as before, on the same connection.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from support.server import running_server

MAX_ROWS = 20  # the vendored plan's timeline has 50 rows, its budget by objective 8


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with (
        running_server("--max-rows", str(MAX_ROWS), "--query-workers", "1") as server,
        httpx.Client(base_url=server.base, timeout=60.0) as http,
    ):
        yield http


def test_an_answer_over_max_rows_is_a_413_that_says_so(client):
    response = client.get("/api/questions/timeline")
    assert response.status_code == 413, response.text
    detail = response.json()["detail"]
    assert f"more than {MAX_ROWS} rows" in detail
    assert "--max-rows" in detail and "Narrow the question" in detail


def test_the_page_says_it_in_the_readers_language(client):
    response = client.get(
        "/questions/timeline", params={"lang": "nl"}, headers={"accept": "text/html"}
    )
    assert response.status_code == 413
    assert "<h1>Antwoord te groot</h1>" in response.text
    assert f"meer dan {MAX_ROWS} rijen" in response.text
    assert "Alle vragen</a>" in response.text  # the way on, to the other questions
    assert "Traceback" not in response.text


def test_a_question_under_the_limit_is_answered_on_the_same_connection(client):
    assert client.get("/api/questions/timeline").status_code == 413
    response = client.get("/api/questions/budget")  # by objective: the plan's 8
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert len(rows) == 8
    assert sum(row["actions"] for row in rows) == 50
