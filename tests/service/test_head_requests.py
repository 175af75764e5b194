"""HEAD wherever GET is (RFC 9110 §9.3.2; api/plumbing/head_requests.py), over HTTP against the
session's server (`site`): every GET route of the application, as `app.routes` lists them,
answers HEAD with the status and headers of GET and no body; and every download the dataset
description lists answers HEAD 200 with the Content-Length and Content-Type of its GET (what
`curl -I` shows a link checker or a portal).
"""

from __future__ import annotations

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from rdflib import Graph
from starlette.routing import Mount

from actieplan.api.app import create_app
from actieplan.api.readmodel.downloads import DOWNLOADS
from actieplan.graph.core.vocab import DCAT

# A path of each GET route with parameters: ids of the vendored plan (tests/service/
# test_linked_data.py), a named question and a manual page of the repository.
SAMPLES = {
    "/static": "/static/docs.css",
    "/api/actions/{number}": "/api/actions/3.12",
    "/api/objectives/{number}": "/api/objectives/3",
    "/api/organisations/{org_id}": "/api/organisations/abb",
    "/api/minister-posts/{post_id}": "/api/minister-posts/justitie",
    "/api/questions/{name}": "/api/questions/actions-without-end-date",
    "/api/network/ego/{actor}": "/api/network/ego/abb",
    "/api/network/export/{file_format}": "/api/network/export/graphml",
    "/download/{name}": "/download/graph.nt",
    "/download/organisation/{org_id}.xlsx": "/download/organisation/abb.xlsx",
    "/download/organisation/{org_id}.csv": "/download/organisation/abb.csv",
    "/questions/{name}": "/questions/actions-without-end-date",
    "/def/{name}": "/def/1.0",
    "/def.{suffix}": "/def.ttl",
    "/dataset.{suffix}": "/dataset.ttl",
    "/manual/screenshots/{file}": "/manual/screenshots/budget.png",
    "/manual/{name}": "/manual/publishing",
    "/id/{path:path}": "/id/organisation/abb",
}
# Headers that differ between any two answers: when, and how long the application took.
PER_ANSWER = {"date", "server-timing"}


def get_paths() -> list[str]:
    """A path of every route that answers GET (and of the static files' mount)."""
    paths = []
    for context in iter_route_contexts(create_app().routes):
        route = context.original_route
        if isinstance(route, Mount) or "GET" in (getattr(route, "methods", None) or ()):
            template = context.path or ""
            paths.append(SAMPLES.get(template, template))
    return paths


PATHS = get_paths()


def test_every_route_with_parameters_has_a_sample():
    assert len(PATHS) > 50  # 58 GET routes and the static mount when this was written
    assert [path for path in PATHS if "{" in path] == []


def comparable(response: httpx.Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name not in PER_ANSWER}


@pytest.mark.parametrize("path", PATHS)
def test_head_is_get_without_the_body(site, path):
    get = httpx.get(site.url(path), timeout=60)
    head = httpx.head(site.url(path), timeout=60)
    assert get.status_code == 200, (path, get.text[:200])
    assert head.status_code == get.status_code
    assert head.content == b""
    assert comparable(head) == comparable(get)


def test_head_of_a_negotiated_resource_follows_accept(site):
    for accept, media in (("text/turtle", "text/turtle"), ("text/html", "text/html")):
        head = httpx.head(site.url("/id/organisation/abb"), headers={"Accept": accept})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-type"].startswith(media)


def test_a_405_names_head_beside_get(site):
    answer = httpx.put(site.url("/api/actions"))
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"


def listed_downloads(site) -> list[str]:
    """The local paths of the files /dataset lists (dcat:downloadURL) and of the tables its
    page links."""
    description = Graph().parse(data=httpx.get(site.url("/dataset.ttl")).content, format="turtle")
    published = "https://w3id.org/actieplan/"
    urls = [str(url) for url in description.objects(None, DCAT.downloadURL)]
    assert urls and all(url.startswith(published + "download/") for url in urls)
    page = httpx.get(site.url("/dataset"), headers={"Accept": "text/html"}).text
    tables = [f"/download/{name}" for name in ("actions.csv", "actions-long.csv", "actions.xlsx")]
    assert all(f'href="{table}"' in page for table in tables)
    return sorted({"/" + url[len(published) :] for url in urls} | set(tables))


def test_every_listed_download_answers_head_like_curl_i(site):
    """`curl -I` sends no Accept-Encoding: each file as it is, its size and type."""
    plain = {"Accept-Encoding": "identity"}
    listed = listed_downloads(site)
    # 6 graph dumps (Turtle, N-Triples, JSON-LD, each also gzipped) and the 3 tables of the page
    assert len(listed) >= 9, listed  # more if the description lists more distributions
    # and the rest of /download/: the ontology and the shapes (api/readmodel/downloads.py)
    downloads = sorted(set(listed) | {f"/download/{name}" for name in DOWNLOADS})
    assert len(downloads) >= 11, downloads
    for path in downloads:
        head = httpx.head(site.url(path), headers=plain, timeout=60)
        get = httpx.get(site.url(path), headers=plain, timeout=60)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-length"] == str(len(get.content)), path
        assert head.headers["content-type"] == get.headers["content-type"], path
        assert head.headers["etag"] == get.headers["etag"], path
