"""A sample of a running service's pages that holds every kind of page, twin and download,
found by following links as a visitor would (no path of the plan written in): the home page,
/dataset and every link on them, then the first link of each kind (a path's first two
segments) one step further, with its twins. About 100 paths on the vendored plan, where a
full crawl is 6 000."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        href = values.get("href", "")
        if href.startswith("/") and (tag == "a" or values.get("rel") == "alternate"):
            self.links.append(href.split("#")[0])


def links(client: httpx.Client, path: str) -> list[str]:
    """The site's own links on a page (and its alternates), in page order."""
    parser = _Links()
    parser.feed(client.get(path).text)
    return parser.links


def site_sample(client: httpx.Client) -> list[str]:
    """Paths of every kind of page, twin and download of the site `client` points at."""
    first = ["/", "/dataset", *links(client, "/"), *links(client, "/dataset")]
    sample = list(dict.fromkeys(first))
    kinds: dict[str, str] = {}
    for path in sample:
        if not path.startswith(("/static/", "/download/")):
            for link in links(client, path):
                kinds.setdefault("/".join(link.split("?")[0].split("/")[:3]), link)
    for link in kinds.values():
        sample.append(link)
        sample += [t for t in links(client, link) if t.startswith(link.split("?")[0] + ".")]
    return list(dict.fromkeys(sample))
