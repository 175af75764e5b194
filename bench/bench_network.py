"""Latency of each network measure on the plan graph (goal: each under 200 ms).

    .venv/bin/python bench/bench_network.py [--graph FILE | --source PLAN] [--runs 30]
        [--layer roles|mentions|all] [--actors organisations|ministers]

Builds (or reads) the graph once, then times every step of graph/analysis/network.py and every
export of graph/analysis/exports.py over the runs, after one warm-up run, and prints median and
min ms.
"From RDF" steps include reading the links out of the rdflib graph; the measures start from
the actor network, as the CLI does after building it once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actieplan.cli.options import add_graph_arguments, graph_from_args  # noqa: E402
from actieplan.graph.analysis import network  # noqa: E402
from actieplan.graph.analysis.exports import EXPORTERS  # noqa: E402

GOAL_MS = 200.0


def timed(work: Callable[[], object], runs: int) -> list[float]:
    work()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_graph_arguments(parser)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--layer", choices=tuple(network.LAYERS), default="roles")
    parser.add_argument("--actors", choices=network.ACTORS, default=network.ORGANISATIONS)
    args = parser.parse_args()

    started = time.perf_counter()
    rdf = graph_from_args(args)
    load_ms = (time.perf_counter() - started) * 1000
    actors = network.actor_network(rdf, args.actors, args.layer)
    measured = network.with_measures(actors)
    first = next(iter(actors))
    steps: dict[str, Callable[[], object]] = {
        "two-mode network (from RDF)": lambda: network.two_mode_network(
            rdf, args.actors, args.layer
        ),
        "actor network (from RDF)": lambda: network.actor_network(rdf, args.actors, args.layer),
        "shared actions": lambda: network.shared_actions(actors),
        "weighted degree": lambda: network.weighted_degree(actors),
        "betweenness": lambda: network.betweenness(actors),
        "eigenvector": lambda: network.eigenvector(actors),
        "constraint": lambda: network.constraint(actors),
        "centrality (all four)": lambda: network.centrality(actors),
        "communities (Louvain)": lambda: network.communities(actors),
        "brokerage (policy domain)": lambda: network.brokerage(actors, "policy-domain"),
        "brokerage (level)": lambda: network.brokerage(actors, "level"),
        "ego network": lambda: network.ego(actors, first),
        "structure": lambda: network.structure(actors),
        "with measures (for export)": lambda: network.with_measures(actors),
        **{f"export {fmt}": (lambda f=export: f(measured)) for fmt, export in EXPORTERS.items()},
    }

    print(
        f"graph: {len(rdf)} triples, loaded in {load_ms:.0f} ms; {args.actors}, layer "
        f"{args.layer}: {actors.number_of_nodes()} actors, {actors.number_of_edges()} ties; "
        f"runs: {args.runs}"
    )
    print(f"{'step':<30} {'median ms':>10} {'min ms':>8}")
    slow = []
    for name, work in steps.items():
        samples = timed(work, args.runs)
        median = statistics.median(samples)
        print(f"{name:<30} {median:>10.2f} {min(samples):>8.2f}")
        if median > GOAL_MS:
            slow.append(name)
    print(
        f"goal: every step under {GOAL_MS:.0f} ms: "
        + ("met" if not slow else f"missed by {', '.join(slow)}")
    )


if __name__ == "__main__":
    main()
