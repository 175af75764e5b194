"""The service's memory on top of a triple store, as the store grows (issue: real triple stores).

Oxigraph server (the `oxigraph` program of the `oxigraph` test extra) holds the vendored plan,
published with `actieplan publish`, plus N - 1 copies of it under other graph names (SPARQL
`ADD`, done by the store itself). For each N, `actieplan serve --store URL/query` starts on top
of it and is asked every kind of page, twin and download twice (tests/support/site_sample.py,
the sample tests/service/test_remote_store.py compares); then the service process's resident
memory (VmRSS) and its peak (VmHWM) are read from /proc. The embedded service on the same
plan is measured the same way, with its two query worker processes, for comparison.

    .venv/bin/python bench/bench_remote_memory.py --copies 1 100

Prints one markdown table. Nothing is installed; the store and the services run on free
loopback ports and are stopped at the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.browser import BROWSER_ACCEPT  # noqa: E402
from support.cli_runner import run_cli  # noqa: E402
from support.oxigraph_server import RunningOxigraph, running_oxigraph  # noqa: E402
from support.server import RunningServer, running_server  # noqa: E402
from support.site_sample import site_sample  # noqa: E402

DATA_GRAPH = "https://w3id.org/actieplan/id/graph"


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.split()[0] if value.split() else "0"
    return int(fields["VmRSS"]), int(fields["VmHWM"])


def walk(server: RunningServer) -> float:
    """Ask every page of the sample (tests/support/site_sample.py) once; seconds taken."""
    started = time.monotonic()
    with httpx.Client(base_url=server.base, headers=BROWSER_ACCEPT, timeout=120) as client:
        for path in site_sample(client):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
    return time.monotonic() - started


def store_triples(store: RunningOxigraph) -> int:
    return store.count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")


def add_copies(store: RunningOxigraph, copies: int) -> None:
    """Copies 1 .. copies-1 of the data graph under other names (the store copies them)."""
    have = store.count(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'urn:actieplan:copy:')) }"
    )
    for number in range(have + 1, copies):
        response = httpx.post(
            f"{store.url}/update",
            data={"update": f"ADD <{DATA_GRAPH}> TO <urn:actieplan:copy:{number}>"},
            timeout=120,
        )
        response.raise_for_status()


def measure(label: str, server: RunningServer, triples: int | None) -> str:
    pids = [server.process.pid, *sorted(server.child_pids())]
    first = walk(server)
    again = walk(server)
    rss, peak = zip(*(memory_kib(pid) for pid in pids), strict=True)
    mib = 1024
    held = "—" if triples is None else f"{triples:,}"
    return (
        f"| {label} | {held} | {len(pids)} | {rss[0] / mib:.0f} | {peak[0] / mib:.0f} | "
        f"{sum(rss) / mib:.0f} | {first:.1f} | {again:.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 100])
    args = parser.parse_args()
    rows = [
        "| service | triples in the store | processes | service RSS MiB | service peak MiB "
        "| all processes RSS MiB | first walk s | second walk s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as work:
        graph = Path(work) / "build"
        code, _, err = run_cli("build", "--out", str(graph))
        if code != 0:
            raise RuntimeError(err)
        graph_file = str(graph / "graph.nt")
        with running_server("--graph", graph_file) as embedded:
            rows.append(measure("embedded (--graph)", embedded, None))
        with running_oxigraph(Path(work) / "store") as store:
            code, _, err = run_cli("publish", "--graph", graph_file, "--endpoint", store.url)
            if code != 0:
                raise RuntimeError(err)
            for copies in sorted(args.copies):
                add_copies(store, copies)
                triples = store_triples(store)
                with running_server("--store", f"{store.url}/query") as service:
                    label = f"--store, {copies} {'copy' if copies == 1 else 'copies'} of the plan"
                    rows.append(measure(label, service, triples))
                print(rows[-1], file=sys.stderr, flush=True)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
