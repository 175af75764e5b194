"""Heavy clients against the pages, and what everyone else sees meanwhile (issue 17).

    .venv/bin/python bench/bench_page_load.py [--engine oxigraph rdflib] [--clients 50]
                                              [--duration 20] [--interval 0.1]
                                              [--serve-args '--page-share 4']

For each engine, starts `actieplan serve` on a free loopback port (the vendored plan; the tests'
helpers, tests/support/server.py), waits for /ready (the background warm-up done), then for
`--duration` seconds:

- `--clients` heavy clients, all from 127.0.0.1 (one address, so one client as far as the
  per-client share goes), each asking back to back and ignoring Retry-After, a parameter
  value never asked before: half of them `/network?min_shared=N`, half
  `/questions/shared-actions-organisations?role=R&min_shared=N` (a named question: the query
  workers); each client has one connection;
- a probe, every `--interval` seconds: `/health` (from 127.0.0.1), `/static/site.css` (from
  127.0.0.1) and the home page `/?lang=en` from 127.0.0.2 (another client: its own share).

Prints the probe's latencies (median, p95, max) per URL, and the heavy clients' answers by
status and their rate. The load and the probe run in processes of their own, so that neither
waits for the other's interpreter lock; all three share the machine's CPUs with the server.

The goal: /health and the cheap pages under 100 ms at the median while the heavy clients run.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import shlex
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.server import running_server  # noqa: E402

HEAVY_ADDRESS = "127.0.0.1"
OTHER_ADDRESS = "127.0.0.2"
QUESTION = "/questions/shared-actions-organisations"
ROLES = ("any", "lead-partner", "partner")
PROBES = (("/health", HEAVY_ADDRESS), ("/static/site.css", HEAVY_ADDRESS), ("/", OTHER_ADDRESS))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def heavy_url(client: int, turn: int) -> str:
    """A parameter value nobody asked before: each client counts in its own range."""
    n = 1 + client * 1_000_000 + turn
    if client % 2 == 0:
        return f"/network?min_shared={n}"
    return f"{QUESTION}?role={ROLES[turn % len(ROLES)]}&min_shared={n}"


async def _heavy(base: str, clients: int, seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    statuses: Counter[str] = Counter()

    async def client(number: int) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=HEAVY_ADDRESS)
        async with httpx.AsyncClient(base_url=base, transport=transport, timeout=120) as http:
            turn = 0
            while time.monotonic() < deadline:
                url = heavy_url(number, turn)
                turn += 1
                kind = "network" if url.startswith("/network") else "question"
                try:
                    answer = await http.get(url, headers={"Accept": "text/html"})
                    statuses[f"{kind} {answer.status_code}"] += 1
                except httpx.HTTPError as error:
                    statuses[f"{kind} {type(error).__name__}"] += 1

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return {"statuses": dict(statuses), "seconds": time.monotonic() - started}


def heavy_load(base: str, clients: int, seconds: float, results: multiprocessing.Queue) -> None:
    results.put(("heavy", asyncio.run(_heavy(base, clients, seconds))))


def probe(base: str, seconds: float, interval: float, results: multiprocessing.Queue) -> None:
    """Each probe URL every `interval` seconds, one after the other, from its address."""
    clients = {
        address: httpx.Client(
            base_url=base, timeout=60, transport=httpx.HTTPTransport(local_address=address)
        )
        for address in {address for _, address in PROBES}
    }
    times: dict[str, list[float]] = {path: [] for path, _ in PROBES}
    codes: dict[str, Counter[int]] = {path: Counter() for path, _ in PROBES}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tick = time.monotonic()
        for path, address in PROBES:
            started = time.monotonic()
            answer = clients[address].get(path, params={"lang": "en"} if path == "/" else None)
            times[path].append((time.monotonic() - started) * 1000)
            codes[path][answer.status_code] += 1
        time.sleep(max(0.0, interval - (time.monotonic() - tick)))
    for client in clients.values():
        client.close()
    results.put(("probe", {"times": times, "codes": {p: dict(c) for p, c in codes.items()}}))


def wait_ready(base: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while httpx.get(base + "/ready", timeout=10).status_code != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was not ready within {seconds:g} s")
        time.sleep(0.2)


def run(engine: str, args: argparse.Namespace) -> None:
    serve_args = ["--engine", engine, *shlex.split(args.serve_args)]
    with running_server(*serve_args) as server:
        wait_ready(server.base)
        context = multiprocessing.get_context("spawn")
        results: multiprocessing.Queue = context.Queue()
        load = (server.base, args.clients, args.duration, results)
        probing = (server.base, args.duration, args.interval, results)
        workers = [
            context.Process(target=heavy_load, args=load),
            context.Process(target=probe, args=probing),
        ]
        for worker in workers:
            worker.start()
        found = dict(results.get(timeout=args.duration + 300) for _ in workers)
        for worker in workers:
            worker.join(30)
    print(f"\n== --engine {engine} {args.serve_args}".rstrip())
    print(f"{args.clients} heavy clients from {HEAVY_ADDRESS}, {args.duration:g} s")
    print("probe                     from       median ms    p95 ms    max ms   statuses")
    for path, address in PROBES:
        times = found["probe"]["times"][path]
        print(
            f"{path:<25} {address:<10} {statistics.median(times):9.1f} "
            f"{percentile(times, 0.95):9.1f} {max(times):9.1f}   "
            f"{found['probe']['codes'][path]}"
        )
    heavy = found["heavy"]
    total = sum(heavy["statuses"].values())
    print(f"heavy clients: {total} answers in {heavy['seconds']:.1f} s")
    for status, count in sorted(heavy["statuses"].items()):
        print(f"  {status:<24} {count:6d}  {count / heavy['seconds']:8.1f}/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", nargs="+", default=["oxigraph", "rdflib"])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between probes")
    parser.add_argument("--serve-args", default="", help="more `actieplan serve` options")
    args = parser.parse_args()
    for engine in args.engine:
        run(engine, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
