"""What every page has (api/pages/web.py, api/pages/templates/base.html): its language in Dutch by
default and in English with ?lang=en, a title, the search box, the language switch that keeps the
view, and at least one machine-readable twin that answers in its own media type."""

from __future__ import annotations

import re

import httpx
import pytest
from support.browser import BROWSER_ACCEPT

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
PAGES = [
    "/",
    PLAN,
    f"{PLAN}/objective/3",
    f"{PLAN}/action/3.12",
    "/id/organisation/abb",
    "/id/minister-post/justitie",
    "/id/policy-domain/kbbj",
    "/search?q=ABB",
    "/network?domain=WVG",
    "/timeline?objective=3",
    "/budget",
    "/follow-up",
    "/follow-up/mid-term",
    "/questions",
    "/questions/ending-in-year?year=2022",
    "/completeness",
    "/sparql",
    "/def",
    "/dataset",
]


def twins(html: str) -> list[tuple[str, str]]:
    """(media type, href) of every <link rel="alternate"> of a page."""
    found = []
    for tag in re.findall(r"<link [^>]*rel=\"alternate\"[^>]*>", html):
        media = re.search(r'type="([^"]+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        assert media and href, tag
        found.append((media.group(1), href.group(1).replace("&amp;", "&")))
    return found


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_both_languages_with_a_twin(site, path):
    with httpx.Client(base_url=site.base, headers=BROWSER_ACCEPT, timeout=30) as client:
        dutch = client.get(path)
        assert dutch.status_code == 200 and dutch.headers["content-language"] == "nl"
        assert '<html lang="nl">' in dutch.text
        assert re.search(r"<title>[^<]+ · Actieplan-kennisgraaf</title>", dutch.text)
        assert 'role="search"' in dutch.text and 'for="site-search"' in dutch.text
        # The switch keeps every other parameter of the view.
        switch = re.search(r'<a class="language" href="([^"]+)"', dutch.text)
        assert switch, "no language switch"
        english_url = switch.group(1).replace("&amp;", "&")
        assert "lang=en" in english_url
        for parameter in httpx.URL(path).params:
            assert parameter + "=" in english_url
        english = client.get(english_url)
        assert english.status_code == 200 and '<html lang="en">' in english.text
        assert "· Action plan knowledge graph</title>" in english.text

        found = twins(dutch.text)
        assert found, f"{path} names no machine-readable twin"
        for media_type, href in found:
            answer = client.get(href, headers={"Accept": media_type})
            assert answer.status_code == 200, href
            served = answer.headers["content-type"].split(";")[0]
            assert served == media_type, (href, served)


@pytest.mark.parametrize(
    ("path", "named"),
    [
        # said in the page's language, naming the parameter (api/pages/errors.py)
        ("/network?objective=99", "objective: het plan heeft geen doelstelling 99"),
        ("/network?size=nothing", "size: &#39;nothing&#39; is geen van de keuzes"),
        ("/timeline?objective=three", "objective: &#39;three&#39; is geen geheel getal"),
        ("/follow-up?as_of=gisteren", "as_of: &#39;gisteren&#39; is geen datum"),
    ],
)
def test_a_bad_parameter_is_a_page_for_people_and_json_for_programs(site, path, named):
    page = httpx.get(site.url(path), headers=BROWSER_ACCEPT)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert named in page.text and "Ongeldige vraag" in page.text
    program = httpx.get(site.url(path), headers={"Accept": "application/json"})
    assert program.status_code in (400, 422)
    assert program.headers["content-type"] == "application/json"
    # The JSON API keeps its JSON errors even for a browser.
    api = httpx.get(site.url("/api/actions?objective=three"), headers=BROWSER_ACCEPT)
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "objective"]


def test_the_warm_up_asks_for_pages_that_exist():
    """api/warm_up.py's pages all answer (a misspelt path would warm nothing, silently)."""
    import asyncio

    from fastapi.testclient import TestClient

    from actieplan.api.app import create_app
    from actieplan.api.pages.web import LANGUAGES
    from actieplan.api.warm_up import PAGES, warm_pages

    app = create_app()
    with TestClient(app):
        assert asyncio.run(warm_pages(app)) == len(PAGES) * len(LANGUAGES)


SCRIPT = '"><script>alert(1)</script>'


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/search", {"q": SCRIPT}, 200),
        ("/search", {"q": SCRIPT * 100}, 200),  # cut at 100 characters
        ("/sparql", {"edit": "</script><script>alert(1)</script>"}, 200),
        ("/network", {"selected": SCRIPT}, 200),  # selects no actor
        ("/network", {"domain": SCRIPT}, 400),
        ("/network", {"level": "nowhere"}, 400),
        ("/timeline", {"organisation": SCRIPT}, 400),
        ("/completeness", {"objective": SCRIPT}, 400),
        ("/completeness", {"severity": "fatal"}, 400),
        ("/questions/organisation-profile", {"organisation": SCRIPT}, 400),
        ("/def", {"lang": SCRIPT}, 200),  # an unknown language is Dutch
        ("/id/" + SCRIPT, {}, 404),
    ],
)
def test_hostile_values_are_refused_or_shown_as_text(site, path, params, status):
    answer = httpx.get(site.url(path), params=params, headers=BROWSER_ACCEPT)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert "<script>alert(1)" not in answer.text  # escaped wherever it is echoed
