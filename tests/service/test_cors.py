"""CORS on the data's URLs (api/plumbing/cors.py), over HTTP against the session's server: the
preflight a browser sends before a cross-origin POST of a SPARQL query or a GET with a
conditional header, its answer (204, read-only methods, no credentials), and the headers of
the answers themselves. The same in a real browser from another origin:
tests/browser/test_cross_origin.py.
"""

from __future__ import annotations

import httpx
import pytest

ORIGIN = "https://app.example.org"
DATA_PATHS = [
    "/id/organisation/abb",
    "/id/organisation/abb.jsonld",
    "/def",
    "/def.ttl",
    "/def/1.0",
    "/def/external-labels.nt",
    "/api/actions",
    "/api/actions/3.12",
    "/download/graph.nt",
    "/download/actions.csv",
    "/dataset",
    "/dataset.jsonld",
    "/.well-known/void",
    "/sparql",
    "/openapi.json",
]
PAGES = ["/", "/network", "/search", "/manual", "/health"]  # pages for people, and liveness


def preflight(site, path: str, method: str, headers: str = "") -> httpx.Response:
    request = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
    if headers:
        request["Access-Control-Request-Headers"] = headers
    return httpx.options(site.url(path), headers=request)


def listed(value: str) -> set[str]:
    return {item.strip().lower() for item in value.split(",")}


def test_a_sparql_post_preflight_is_allowed_without_credentials(site):
    answer = preflight(site, "/sparql", "POST", "content-type, accept")
    assert answer.status_code == 204 and answer.content == b""
    assert answer.headers["access-control-allow-origin"] == "*"
    assert listed(answer.headers["access-control-allow-methods"]) == {"get", "head", "post"}
    assert {"content-type", "accept", "if-none-match"} <= listed(
        answer.headers["access-control-allow-headers"]
    )
    assert "access-control-allow-credentials" not in answer.headers
    assert int(answer.headers["access-control-max-age"]) > 0
    assert listed(answer.headers["allow"]) == {"get", "head", "post", "options"}


@pytest.mark.parametrize("path", [p for p in DATA_PATHS if p != "/sparql"])
def test_the_data_is_read_only_across_origins(site, path):
    """Preflight: GET and HEAD only (no POST, PUT or DELETE) on everything but /sparql."""
    answer = preflight(site, path, "GET", "if-none-match")
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert listed(answer.headers["access-control-allow-methods"]) == {"get", "head"}
    assert "access-control-allow-credentials" not in answer.headers


@pytest.mark.parametrize("path", DATA_PATHS)
def test_every_data_answer_may_be_read_from_another_origin(site, path):
    answer = httpx.get(site.url(path), headers={"Origin": ORIGIN, "Accept": "*/*"}, timeout=60)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    exposed = listed(answer.headers["access-control-expose-headers"])
    assert {"etag", "last-modified", "link", "content-location", "vary"} <= exposed
    assert "content-disposition" in exposed  # the downloads' file names
    assert answer.headers["x-content-type-options"] == "nosniff"  # the security headers stay


def test_errors_of_the_data_are_readable_too(site):
    """A client on another site can read why its request failed."""
    unknown = httpx.get(site.url("/id/organisation/nobody"), headers={"Origin": ORIGIN})
    assert unknown.status_code == 404
    assert unknown.headers["access-control-allow-origin"] == "*"
    update = httpx.post(
        site.url("/sparql"),
        content=b"DELETE WHERE { ?s ?p ?o }",
        headers={"Origin": ORIGIN, "Content-Type": "application/sparql-update"},
    )
    assert update.status_code == 403  # read-only whatever the origin
    assert update.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", PAGES)
def test_pages_for_people_have_no_cors(site, path):
    answer = httpx.get(site.url(path), headers={"Origin": ORIGIN, "Accept": "text/html"})
    assert "access-control-allow-origin" not in answer.headers
    assert httpx.options(site.url(path), headers={"Origin": ORIGIN}).status_code == 405
