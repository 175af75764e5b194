"""Validation time of the plan graph against shapes/*.ttl (pyshacl, no inference).

    .venv/bin/python bench/bench_validate.py [--graph FILE | --source PLAN] [--runs 20]

Builds the plan in memory (or reads --graph), validates once to warm up (imports, shapes
parsing, SPARQL preparation), then prints median / min / max seconds over the runs of the
pyshacl run alone and of the whole report (findings, matrix, fill rates). Goal: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actieplan.graph.rdf.loading import load_graph  # noqa: E402
from actieplan.graph.validation.report import run_shacl, validate_graph  # noqa: E402


def timed(work, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a built graph file (default: build the plan)")
    parser.add_argument("--source", type=Path, help="plan text to build (default: vendored plan)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    graph = load_graph(args.graph, args.source)
    report = validate_graph(graph)  # warm-up
    samples = {
        "pyshacl": timed(lambda: run_shacl(graph), args.runs),
        "report": timed(lambda: validate_graph(graph), args.runs),
    }

    counts = {severity.split("#")[-1]: n for severity, n in report.counts().items()}
    print(
        f"triples: {len(graph)}  checks: {len(report.checks)}  results: {counts}  runs: {args.runs}"
    )
    print(f"{'stage':<10} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for stage, values in samples.items():
        print(
            f"{stage:<10} {statistics.median(values) * 1000:>10.1f} "
            f"{min(values) * 1000:>8.1f} {max(values) * 1000:>8.1f}"
        )


if __name__ == "__main__":
    main()
