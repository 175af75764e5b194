"""The security headers of every answer (api/plumbing/security_headers.py), the self-links that
never leave the site (api/pages/web.py: `site_path`, `PageContext.switch_language`), and
`Vary: Accept` on the error answers whose form Accept chose (api/pages/errors.py)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from support.browser import BROWSER_ACCEPT

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
# Every kind of page, as a browser asks for it, with the status it answers.
PAGES = [
    ("/", 200),
    ("/network", 200),
    ("/timeline", 200),
    ("/budget", 200),
    ("/questions", 200),
    ("/questions/budget", 200),
    ("/completeness", 200),
    ("/sparql", 200),
    ("/def", 200),
    ("/dataset", 200),
    ("/search?q=abb", 200),
    ("/id/organisation/abb", 200),
    (f"{PLAN}/action/3.12", 200),
    ("/id/policy-domain/kbbj", 200),  # the generic resource page
    ("/docs", 200),
    ("/redoc", 200),
    ("/docs/oauth2-redirect", 200),
    ("/manual", 200),
    ("/no-such-page", 404),
    ("/network?objective=99", 400),
]
# Answers that are not HTML: JSON, RDF, SPARQL results, CSV, XLSX, CSS, JavaScript.
OTHER_ANSWERS = [
    ("/api/actions", {}, "application/json"),
    ("/id/organisation/abb.ttl", {}, "text/turtle"),
    ("/id/organisation/abb", {"Accept": "application/ld+json"}, "application/ld+json"),
    ("/sparql?query=ASK%20%7B%7D", {}, "application/sparql-results+json"),
    ("/download/actions.csv", {}, "text/csv"),
    ("/download/actions.xlsx", {}, "application/vnd.openxmlformats"),
    ("/network.json", {}, "application/json"),
    ("/openapi.json", {}, "application/json"),
    ("/health", {}, "application/json"),
    ("/static/site.css", {}, "text/css"),
    ("/static/timeline.js", {}, "text/javascript"),
    ("/api/nothing-here", {}, "application/json"),  # a 404 in JSON
]


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as directive -> sources."""
    found: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        found[name.lower()] = sources
    return found


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_every_page_has_a_strict_policy(site, path, status):
    answer = httpx.get(site.url(path), headers=BROWSER_ACCEPT, timeout=60)
    assert answer.status_code == status, path
    assert answer.headers["content-type"].startswith("text/html"), path
    policy = directives(answer.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"], path
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], path
    assert policy["script-src"] == ["'self'"], path  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["default-src"] == ["'self'"] and policy["form-action"] == ["'self'"], path
    assert "'unsafe-inline'" not in policy["style-src"], path
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    # and no inline script: every <script> loads a file or holds JSON data
    for tag in re.findall(r"<script\b[^>]*>", answer.text):
        assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
    assert not re.search(r"<[^>]+\sstyle=", answer.text), path
    assert not re.search(r"\son[a-z]+=", answer.text), path


def test_redoc_allows_only_its_own_styles_and_worker(site):
    """ReDoc's two <style> elements by hash and its search worker from blob: (api_docs.py)."""
    policy = directives(httpx.get(site.url("/redoc")).headers["content-security-policy"])
    assert policy["style-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in policy["style-src"][1:])
    assert policy["worker-src"] == ["'self'", "blob:"]


@pytest.mark.parametrize(("path", "headers", "media_type"), OTHER_ANSWERS)
def test_every_other_answer_is_nosniff_and_runs_nothing(site, path, headers, media_type):
    answer = httpx.get(site.url(path), headers=headers, timeout=60)
    assert answer.headers["content-type"].startswith(media_type), path
    assert answer.headers["x-content-type-options"] == "nosniff", path
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
    assert directives(answer.headers["content-security-policy"]) == {
        "default-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }, path


def test_head_answers_have_the_headers_too(site):
    answer = httpx.head(site.url("/id/organisation/abb"), headers=BROWSER_ACCEPT)
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def raw_get(site, raw_path: bytes) -> httpx.Response:
    """GET with the request target exactly `raw_path` (httpx would normalise a URL string)."""
    url = httpx.URL(site.url("/")).copy_with(raw_path=raw_path)
    return httpx.get(url, headers=BROWSER_ACCEPT, timeout=30)


def language_link(html: str) -> str:
    found = re.search(r'<a class="language" href="([^"]*)"', html)
    assert found, "no language link"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "raw_path",
    [b"//evil.example", b"/%2F%2Fevil.example", b"/\\evil.example", b"//evil.example/%2F.."],
)
def test_the_404_page_links_stay_on_the_site(site, raw_path):
    """The 404 page of a path that looks like another host: the language link starts with one
    "/", and it and every other link, resolved as a browser does ("\\" read as "/"), stay on
    this server."""
    answer = raw_get(site, raw_path)
    assert answer.status_code == 404
    link = language_link(answer.text)
    assert link.startswith("/") and not link.startswith(("//", "/\\")), link
    assert link.endswith("?lang=en")
    for href in re.findall(r'href="([^"]*)"', answer.text):
        href = href.replace("&amp;", "&")
        target = urlsplit(urljoin(site.base + "/", href.replace("\\", "/")))
        assert target.netloc == urlsplit(site.base).netloc, href
    # following the language link answers the same 404 page, in English
    again = raw_get(site, link.encode())
    assert again.status_code == 404 and '<html lang="en">' in again.text


def test_the_language_link_keeps_the_page_and_its_parameters(site):
    answer = raw_get(site, b"/network?domain=WVG&view=table")
    assert language_link(answer.text) == "/network?domain=WVG&view=table&lang=en"


def test_json_404_and_400_vary_with_accept(site):
    """The JSON form of a 404 or 400 is what Accept chose: a cache must keep it apart from the
    page (Vary: Accept)."""
    json_accept = {"Accept": "application/json"}
    cases = [
        ("/no-such-page", 404),
        ("/id/organisation/nobody", 404),
        ("/network?objective=99", 400),
        ("/timeline?organisation=nobody", 400),
    ]
    for path, status in cases:
        answer = httpx.get(site.url(path), headers=json_accept, timeout=30)
        assert answer.status_code == status, path
        assert answer.headers["content-type"].startswith("application/json"), path
        assert "accept" in answer.headers["vary"].lower(), path
        page = httpx.get(site.url(path), headers=BROWSER_ACCEPT, timeout=30)
        assert page.status_code == status and "accept" in page.headers["vary"].lower(), path
    text = httpx.get(site.url("/id/organisation/nobody"), headers={"Accept": "text/plain"})
    assert text.status_code == 404 and "accept" in text.headers["vary"].lower()
