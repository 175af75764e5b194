"""Caching headers (api/plumbing/conditional.py) over HTTP: entity documents in every format,
/def, /dataset, the downloads and tables carry a strong ETag and `Last-Modified` from the date
the content states, and answer a conditional request with 304.

The data's date is what the graph states on its plan (`dcterms:modified`, graph/rdf/dates.py):
this module serves a copy of the vendored plan's graph stating 2026-12-01 (written here), so
`Last-Modified` must be that day's midnight. The session's server (`site`) serves the graph as
the build makes it: its `Last-Modified` is whatever date that graph states, or none.
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from support.server import running_server

from actieplan.graph.core.resources import ontology_file
from actieplan.graph.rdf.dates import data_modified

PLAN_IRI = URIRef("https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024")
STATED = dt.date(2026, 12, 1)
STATED_HTTP = "Tue, 01 Dec 2026 00:00:00 GMT"  # RFC 9110 IMF-fixdate of that midnight
ACTION = "/id/plan/actieplan-radicalisering-2020-2024/action/3.12"
DOCUMENTS = [ACTION + suffix for suffix in ("", ".html", ".ttl", ".jsonld", ".nt", ".rdf", ".json")]
DATED = [
    *DOCUMENTS,
    "/id/organisation/abb",
    "/dataset",
    "/dataset.ttl",
    "/.well-known/void",
    "/download/graph.nt",
    "/download/graph.ttl.gz",
    "/download/actions.csv",
    "/download/actions.xlsx",
    "/download/organisation/abb.csv",
]


@pytest.fixture(scope="module")
def dated_site(plan_graph, tmp_path_factory):
    graph = Graph()
    graph += plan_graph
    graph.remove((PLAN_IRI, DCTERMS.modified, None))
    graph.add((PLAN_IRI, DCTERMS.modified, Literal(STATED)))
    path = tmp_path_factory.mktemp("dated") / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    with running_server("--graph", str(path), "--query-workers", "1") as server:
        yield server


@pytest.mark.parametrize("path", DATED)
def test_last_modified_is_the_date_the_data_states(dated_site, path):
    answer = httpx.get(dated_site.url(path), timeout=60)
    assert answer.status_code == 200
    assert answer.headers["last-modified"] == STATED_HTTP
    assert answer.headers["etag"].startswith('"')  # strong
    assert answer.headers["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize("path", DOCUMENTS)
def test_a_conditional_request_gets_304(dated_site, path):
    first = httpx.get(dated_site.url(path), headers={"Accept": "text/turtle"})
    etag = first.headers["etag"]
    by_etag = httpx.get(
        dated_site.url(path), headers={"Accept": "text/turtle", "If-None-Match": etag}
    )
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag.headers["etag"] == etag
    for name in ("last-modified", "content-location", "link"):
        assert by_etag.headers[name] == first.headers[name], name
    if path == ACTION:  # negotiated
        assert by_etag.headers["vary"] == "Accept"
    by_date = httpx.get(dated_site.url(path), headers={"If-Modified-Since": STATED_HTTP})
    assert by_date.status_code == 304
    later = httpx.get(
        dated_site.url(path), headers={"If-Modified-Since": "Wed, 02 Dec 2026 10:00:00 GMT"}
    )
    assert later.status_code == 304
    earlier = httpx.get(
        dated_site.url(path), headers={"If-Modified-Since": "Mon, 30 Nov 2026 23:59:59 GMT"}
    )
    assert earlier.status_code == 200 and earlier.content


def test_if_none_match_decides_over_if_modified_since(dated_site):
    """RFC 9110 §13.1.3: with If-None-Match, If-Modified-Since is ignored."""
    answer = httpx.get(
        dated_site.url(ACTION + ".ttl"),
        headers={"If-None-Match": '"another"', "If-Modified-Since": STATED_HTTP},
    )
    assert answer.status_code == 200


def test_each_format_has_its_own_etag(dated_site):
    etags = {httpx.get(dated_site.url(path)).headers["etag"] for path in DOCUMENTS[1:]}
    assert len(etags) == len(DOCUMENTS) - 1
    again = httpx.get(dated_site.url(ACTION + ".nt")).headers["etag"]
    assert again == httpx.get(dated_site.url(ACTION + ".nt")).headers["etag"]


def test_a_download_answers_if_modified_since(dated_site):
    answer = httpx.get(
        dated_site.url("/download/graph.nt"), headers={"If-Modified-Since": STATED_HTTP}
    )
    assert answer.status_code == 304
    assert answer.headers["last-modified"] == STATED_HTTP


def test_the_ontology_is_dated_by_its_header(site):
    """/def and /download/ontology.ttl: the dcterms:modified of the ontology file's header."""
    header = URIRef("https://w3id.org/actieplan/def")
    stated = Graph().parse(ontology_file(), format="turtle").value(header, DCTERMS.modified)
    day = stated.toPython()
    expected = day.strftime("%a, %d %b %Y 00:00:00 GMT")
    for path in ("/def", "/def.ttl", "/def.html", "/download/ontology.ttl"):
        answer = httpx.get(site.url(path))
        assert answer.headers["last-modified"] == expected, path
        again = httpx.get(site.url(path), headers={"If-Modified-Since": expected})
        assert again.status_code == 304, path


def test_the_session_server_states_the_builds_date_or_none(site, plan_graph):
    day = data_modified(plan_graph)
    answer = httpx.get(site.url(ACTION + ".ttl"))
    if day is None:  # a build that states no date: no Last-Modified rather than a made-up one
        assert "last-modified" not in answer.headers
    else:
        assert answer.headers["last-modified"] == day.strftime("%a, %d %b %Y 00:00:00 GMT")
