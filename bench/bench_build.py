"""Build time per stage (parse, resolve, graph, serialise) and memory, on a plan.

    .venv/bin/python bench/bench_build.py [SOURCE] [--runs 20]

Prints median / min / max seconds per stage over the runs (after one warm-up run), the whole
build, and the peak Python memory of one build (tracemalloc). Goal: whole build well under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actieplan.graph.core.resources import default_source  # noqa: E402
from actieplan.graph.rdf.pipeline import build  # noqa: E402

STAGES = ("parse", "resolve", "graph", "serialise")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=default_source())
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    build(args.source)  # warm-up: imports, regex compilation
    samples: dict[str, list[float]] = {stage: [] for stage in (*STAGES, "total")}
    for _ in range(args.runs):
        started = time.perf_counter()
        result = build(args.source)
        samples["total"].append(time.perf_counter() - started)
        for stage in STAGES:
            samples[stage].append(result.seconds[stage])

    tracemalloc.start()
    result = build(args.source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"plan: {args.source.name}  actions: {len(result.resolved.actions)}  "
        f"triples: {len(result.graph)}  runs: {args.runs}"
    )
    print(f"{'stage':<10} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for stage, values in samples.items():
        print(
            f"{stage:<10} {statistics.median(values) * 1000:>10.1f} "
            f"{min(values) * 1000:>8.1f} {max(values) * 1000:>8.1f}"
        )
    print(f"peak Python memory of one build: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
