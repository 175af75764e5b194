"""Crawl the site from `/` as a visitor would: every internal link of every page answers 2xx,
no link leaves the server except to documented external IRIs (tests/support/browser.py
EXTERNAL_LINKS_ALLOWED), and no page loads a script, style sheet, font or image from outside
(the pages work with no internet)."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from support.browser import BROWSER_ACCEPT, EXTERNAL_LINKS_ALLOWED

# Far above the site's size (6326 URLs on the vendored plan: every permalink, language and
# twin): a crawl that reaches it is a link loop.
MAX_PAGES = 20_000


class Links(HTMLParser):
    """The links (<a href>) and the loaded resources (script, style sheet, image, font...)
    of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag in ("script", "img", "iframe", "source", "audio", "video") and "src" in values:
            self.resources.append(values["src"])
        elif tag == "link" and "href" in values:
            loads = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
            if loads & set(values.get("rel", "").lower().split()):
                self.resources.append(values["href"])
            else:
                self.links.append(values["href"])  # alternates: twins, to be crawled too


def without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def crawl(base: str) -> tuple[dict[str, int], list[str], list[str]]:
    """(status by URL, external links seen, external resources seen)."""
    host = urlsplit(base).netloc
    status: dict[str, int] = {}
    external_links: list[str] = []
    external_resources: list[str] = []
    queue = deque([base + "/"])
    with httpx.Client(timeout=60, headers=BROWSER_ACCEPT) as client:
        while queue:
            url = queue.popleft()
            if url in status:
                continue
            assert len(status) < MAX_PAGES, "the crawl does not end: a link loop?"
            response = client.get(url)
            status[url] = response.status_code
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            page = Links()
            page.feed(response.text)
            for resource in page.resources:
                target = urljoin(url, resource)
                if urlsplit(target).netloc not in ("", host) and not target.startswith("data:"):
                    external_resources.append(f"{url} loads {target}")
                elif target not in status:
                    queue.append(without_fragment(target))
            for link in page.links:
                target = urljoin(url, link)
                if target.startswith(("mailto:", "data:")):
                    continue
                if urlsplit(target).netloc != host:
                    external_links.append(target)
                else:
                    queue.append(without_fragment(target))
    return status, external_links, external_resources


def test_every_internal_link_answers_and_nothing_is_loaded_from_outside(site):
    status, external_links, external_resources = crawl(site.base)
    broken = sorted(f"{code} {url}" for url, code in status.items() if not 200 <= code < 300)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])
    assert not external_resources, "\n".join(external_resources[:20])
    undocumented = sorted({u for u in external_links if not u.startswith(EXTERNAL_LINKS_ALLOWED)})
    assert not undocumented, undocumented
    # The crawl reached every kind of page from the home page alone.
    paths = {urlsplit(u).path for u in status}
    for expected in (
        "/network",
        "/timeline",
        "/questions",
        "/completeness",
        "/sparql",
        "/def",
        "/dataset",
        "/id/organisation/abb",
        "/id/plan/actieplan-radicalisering-2020-2024/action/3.12",
        "/id/plan/actieplan-radicalisering-2020-2024/objective/3",
    ):
        assert expected in paths, f"{expected} not reached from /"
    print(f"crawled {len(status)} URLs; {len(set(external_links))} external links")
