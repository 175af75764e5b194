"""Latency of every named query of the library, on both SPARQL engines, on the plan graph.

    .venv/bin/python bench/bench_queries.py [--runs 30] [--rdflib-runs 3]

For each query: median and min milliseconds per engine (after one warm-up run) and how many
times faster pyoxigraph is. This measurement chose graph/sparql/store.py DEFAULT_ENGINE. Goal: every
query under 10 ms on the default engine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actieplan.graph.rdf.loading import load_graph  # noqa: E402
from actieplan.graph.sparql.library import load_library, run_query  # noqa: E402
from actieplan.graph.sparql.store import open_store  # noqa: E402


def timings(store, name: str, runs: int) -> list[float]:
    run_query(store, name)  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run_query(store, name)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a built graph file (default: build the plan)")
    parser.add_argument("--runs", type=int, default=30, help="runs per query on pyoxigraph")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib")
    args = parser.parse_args()

    graph = load_graph(args.graph)
    oxigraph, rdflib_store = open_store(graph, "oxigraph"), open_store(graph, "rdflib")
    print(
        f"triples: {len(graph)}  queries: {len(load_library())}  runs: {args.runs} "
        f"(oxigraph) / {args.rdflib_runs} (rdflib)"
    )
    print(
        f"{'query':<30} {'oxigraph median':>15} {'min':>6} {'rdflib median':>14} "
        f"{'min':>8} {'speed-up':>9}"
    )
    worst = 0.0
    for name in load_library():
        fast = timings(oxigraph, name, args.runs)
        slow = timings(rdflib_store, name, args.rdflib_runs)
        worst = max(worst, statistics.median(fast))
        print(
            f"{name:<30} {statistics.median(fast):>12.2f} ms {min(fast):>6.2f} "
            f"{statistics.median(slow):>11.1f} ms {min(slow):>8.1f} "
            f"{statistics.median(slow) / statistics.median(fast):>8.0f}x"
        )
    print(f"slowest query on oxigraph (median): {worst:.2f} ms (goal: under 10 ms)")


if __name__ == "__main__":
    main()
