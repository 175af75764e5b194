"""Page tests in a real browser: Debian's chromium, driven headless by Playwright.

    def test_something(browser_page):
        page = browser_page.open("/network")
        ...

The `site` fixture (tests/conftest.py) is one `actieplan serve` on a loopback port for the
session; `browser_page` (tests/browser/conftest.py) is a fresh chromium tab on it that
- fails the test on any console error, uncaught page error, failed request or HTTP error answer
  (4xx/5xx) the page caused, unless the test declares it with `expect_error_answer`;
- refuses every request that leaves the server (the pages must work with no internet), and
  fails the test on it;
- saves a screenshot of the last page under test-artifacts/screenshots/ (docs/contributing.md
  names it), and checks the links of that page (`check_links`);
- `check_accessibility()` runs axe-core (vendored in tests/vendor/) on the page and fails on
  serious or critical violations;
- `check_links()` requests every internal link of the page once and fails on any non-2xx.

Chromium is /usr/bin/chromium (scripts/setup-browser.sh installs it); Playwright never
downloads a browser here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpx

from support.paths import REPO, TEST_VENDOR

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE = TEST_VENDOR / "axe-core-4.14.1" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# What chromium sends when it follows a link: links are checked as a browser follows them.
BROWSER_ACCEPT = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
    "image/webp,*/*;q=0.8"
}

# Links the crawl may see leaving the server: documented external IRIs (docs/contributing.md,
# "Tests in a real browser").
EXTERNAL_LINKS_ALLOWED = (
    "http://themis.vlaanderen.be/",
    "https://themis.vlaanderen.be/",
    "https://creativecommons.org/",
    "https://joinup.ec.europa.eu/",
    "https://eupl.eu/",
    "https://www.w3.org/",
    "http://www.w3.org/",
    "http://purl.org/",
    "https://w3id.org/",
    "http://schema.org/",
    "https://schema.org/",
    "http://xmlns.com/",
    "http://rdfs.org/",
    "http://data.vlaanderen.be/",
    "https://data.vlaanderen.be/",
    "http://publications.europa.eu/",
    "https://publications.europa.eu/",
    "https://www.vlaanderen.be/",
    # the help links the vendored tools draw themselves (YASGUI's table help, ReDoc's credit)
    "https://docs.triply.cc/yasgui/",
    "https://redocly.com/redoc/",
    # the manual (/manual, docs/publishing.md) links to the w3id.org redirect service's repository
    "https://github.com/perma-id/w3id.org",
    # ... and, on publishing into a triple store, to pyoxigraph's documentation of its store
    "https://pyoxigraph.readthedocs.io/",
)

_checked_links: dict[str, int] = {}  # url -> status, shared by the session's tests


# The screens the page tests look at pages on: a laptop and a phone.
SCREENS = {"desktop": (1366, 768), "phone": (390, 844)}


def screenshot_name(test_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", test_id).strip("_")[:150] + ".png"


@dataclass
class BrowserPage:
    """One chromium tab on the test server, recording everything that went wrong."""

    page: Any  # playwright.sync_api.Page
    base: str
    problems: list[str] = field(default_factory=list)
    expected_errors: list[str] = field(default_factory=list)  # URL substrings allowed 4xx/5xx

    def attach(self) -> None:
        page = self.page
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.route("**/*", self._only_this_server)

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        # Chromium logs every error answer as a console error too ("Failed to load resource"):
        # an answer the test declared with expect_error_answer is not a problem there either.
        where = str((message.location or {}).get("url", ""))
        if any(e in where for e in self.expected_errors):
            return
        self.problems.append(f"console error: {message.text} ({message.location})")

    def _on_request_failed(self, request: Any) -> None:
        # A request the browser itself cancelled because the page navigated away (a click on
        # a link while the favicon loads) is not a failure of the server; a refused outside
        # request is recorded by _only_this_server.
        if request.failure in ("net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT"):
            return
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and not any(e in response.url for e in self.expected_errors):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _only_this_server(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.problems.append(f"request leaving the server: {url}")
            route.abort("blockedbyclient")

    def expect_error_answer(self, url_part: str) -> None:
        """A 4xx/5xx answer whose URL contains `url_part` is what the test wants to see."""
        self.expected_errors.append(url_part)

    def open(self, path: str, wait: str = "load") -> Any:
        """Go to `path` on the server; fails on a non-2xx answer. Returns the Playwright page."""
        response = self.page.goto(urljoin(self.base, path), wait_until=wait)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def open_on(self, path: str, screen: str) -> Any:
        """`open` on a screen of SCREENS ("desktop" 1366x768, "phone" 390x844)."""
        width, height = SCREENS[screen]
        self.page.set_viewport_size({"width": width, "height": height})
        return self.open(path)

    def assert_no_sideways_scroll(self) -> None:
        widths = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} > {widths[1]} px"

    def check_accessibility(self) -> list[dict]:
        """axe-core on the page as it is now; fails on serious or critical violations.
        Returns every violation (minor and moderate ones are listed, not failed)."""
        # Evaluated through the DevTools protocol: a <script> tag added to the page would be
        # refused by the page's Content-Security-Policy (no inline script).
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"{self.page.url}: axe-core found:\n" + "\n".join(
            f"- {v['impact']} {v['id']}: {v['help']} "
            f"({len(v['nodes'])}: {v['nodes'][0]['target'] if v['nodes'] else ''})"
            for v in blocking
        )
        return violations

    def check_links(self) -> None:
        """Every internal link of the page answers 2xx (each URL requested once a session)."""
        # An SVG <a> has an SVGAnimatedString as href: resolve its baseVal against the page.
        hrefs = self.page.eval_on_selector_all(
            "a[href]",
            "els => els.map(e => typeof e.href === 'string' ? e.href"
            " : new URL(e.href.baseVal, document.baseURI).href)",
        )
        broken = []
        for href in hrefs:
            url = href.split("#", 1)[0]
            if not url.startswith(self.base):
                assert url.startswith(EXTERNAL_LINKS_ALLOWED) or url.startswith("mailto:"), (
                    f"{self.page.url} links outside the server: {href}"
                )
                continue
            if url not in _checked_links:
                _checked_links[url] = httpx.get(url, headers=BROWSER_ACCEPT, timeout=30).status_code
            if not 200 <= _checked_links[url] < 300:
                broken.append(f"{_checked_links[url]} {url}")
        assert not broken, f"{self.page.url}: broken links:\n" + "\n".join(broken)

    def finish(self, test_id: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            self.page.screenshot(path=str(SCREENSHOTS / screenshot_name(test_id)), full_page=True)
        except Exception as error:  # a crashed tab: the problems say why
            self.problems.append(f"screenshot failed: {error}")
        assert not self.problems, "the page had problems:\n" + "\n".join(self.problems)
        # The page the test ended on: every test fails on a broken link (not when the test
        # ended on an error answer it asked for: its links lead back to that answer).
        status = self.page.evaluate(
            "(performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0"
        )
        if self.page.url.startswith(self.base) and 200 <= status < 300:
            self.check_links()
