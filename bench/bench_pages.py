"""The pages' speed: server time of every kind of page, and the network explorer's first draw
in headless chromium.

    .venv/bin/python bench/bench_pages.py [--repeat 20] [--draws 10] [--only pages|explorer]
                                          [--settle 5]

Starts `actieplan serve` (the vendored plan, oxigraph) on a free loopback port, then
- pages: requests each page `--repeat` times after one warm-up request (the first request of
  a page computes what the cache then keeps) and reads the application's own time from the
  answer's `Server-Timing: app;dur=MS` header (api/plumbing/server_timing.py); prints the
  median, p95 and max per page, in Dutch and in English, and the round trip seen by the client;
- explorer: opens /network in a fresh chromium tab `--draws` times (Debian's /usr/bin/chromium
  through Playwright) and reads `performance.mark('network-drawn')`, which the explorer sets
  after its first layout is drawn: milliseconds from navigation start to the first draw.

The goal (issue 11): every page under 100 ms server time, the explorer's first draw under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.browser import CHROMIUM  # noqa: E402
from support.server import running_server  # noqa: E402

PLAN = "/id/plan/actieplan-radicalisering-2020-2024"
PAGES = [
    "/",
    PLAN,
    f"{PLAN}/objective/3",
    f"{PLAN}/action/3.12",
    f"{PLAN}/action/4.3",
    "/id/organisation/abb",
    "/id/minister-post/welzijn",
    "/id/policy-domain/kbbj",
    "/search?q=ABB",
    "/network",
    "/network?actors=ministers",
    "/timeline",
    "/questions",
    "/questions/shared-actions-organisations",
    "/completeness",
    "/sparql",
    "/def",
    "/dataset",
    "/docs",
    "/redoc",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_pages(base: str, repeat: int) -> None:
    print(f"{'page':55} {'lang':4} {'median':>7} {'p95':>7} {'max':>7} {'client':>7}  (ms)")
    slowest = 0.0
    with httpx.Client(base_url=base, headers={"Accept": "text/html"}, timeout=60) as client:
        for path in PAGES:
            for lang in ("nl", "en"):
                url = path if lang == "nl" else path + ("&" if "?" in path else "?") + "lang=en"
                warm = client.get(url)
                if warm.status_code != 200:
                    print(f"{url:55} {lang:4} HTTP {warm.status_code}")
                    continue
                server, client_ms = [], []
                for _ in range(repeat):
                    started = time.perf_counter()
                    answer = client.get(url)
                    client_ms.append((time.perf_counter() - started) * 1000)
                    timing = answer.headers.get("server-timing", "app;dur=nan")
                    server.append(float(timing.split("dur=")[1]))
                slowest = max(slowest, max(server))
                print(
                    f"{path:55} {lang:4} {statistics.median(server):7.1f} "
                    f"{percentile(server, 0.95):7.1f} {max(server):7.1f} "
                    f"{statistics.median(client_ms):7.1f}"
                )
    print(f"slowest page answer: {slowest:.1f} ms server time (goal: under 100 ms)")


def bench_explorer(base: str, draws: int) -> None:
    from playwright.sync_api import sync_playwright

    firsts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for _ in range(draws + 1):  # the first tab warms the server's caches: not counted
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(base + "/network")
            page.wait_for_selector("body[data-network-ready='1']", timeout=30_000)
            firsts.append(
                page.evaluate("performance.getEntriesByName('network-drawn')[0].startTime")
            )
            context.close()
        browser.close()
    counted = firsts[1:]
    print(
        f"network explorer, first draw after navigation start, {len(counted)} fresh tabs: "
        f"median {statistics.median(counted):.0f} ms, max {max(counted):.0f} ms "
        "(goal: under 1000 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--only", choices=["pages", "explorer"])
    parser.add_argument(
        "--settle",
        type=float,
        default=5.0,
        help="seconds to wait after start-up: the server warms its pages in the background "
        "(api/warm_up.py), which would compete with the first measurements",
    )
    options = parser.parse_args()
    with running_server() as server:
        time.sleep(options.settle)
        if options.only in (None, "pages"):
            bench_pages(server.base, options.repeat)
        if options.only in (None, "explorer"):
            bench_explorer(server.base, options.draws)


if __name__ == "__main__":
    main()
