"""How the cost grows with the number of plans: build, validate, load, every named question,
every network measure, the service's start-up and its slowest pages, at 1, 10, 100, 1000 plans.

    .venv/bin/python bench/bench_scale.py [--plans 1 10 100 1000] [--actions 50] [--seed 1]
        [--steps build validate load queries summary network serve] [--up-to validate=100]
        [--timeout 900] [--png FILE]

The plans are written by tools/plan_generator.py, deterministic from the seed (plan i from
seed + i), in every printed form the parser reads except invented names (so they build on the
shipped reference data, with no reference layer per plan). For each number of plans:

* build     `actieplan build FOLDER --out DIR`: the dataset of all plans (graph/rdf/dataset.py)
* validate  `actieplan validate --graph DIR/dataset.nq`: the SHACL report of each plan on its
            own (its graph with the reference graph), in one process per core
* load      the dataset file read into a SPARQL store, as `actieplan query --graph` reads it
* queries   that, then every named question of queries/ with its defaults, across all plans
* summary   the on-disk store of the dataset (made first if missing) opened as a query worker
            opens it, the summary of the plans loaded into memory: then every named question
            the summary answers (graph/sparql/reads.py), across all plans, as the service
            answers them without ?plan=
* network   that, then the organisations' network of all plans and every network measure
* serve     `actieplan serve --graph DIR/dataset.nq` (every plan): started once to make the
            on-disk store, then again: seconds until /ready answers; then the list of plans,
            the questions across plans and the slowest pages of plan-0001, each asked once

Each step runs in a process of its own, and its peak resident memory (wait4; for `serve`, the
server's and its workers' together) is shown. The seconds are the command's wall time for
`build` and `validate` (what a user waits), the work itself for `load` (reading the file
into the store), `queries`, `summary` and `network` (the questions or measures together,
after the load; with the slowest one), and for `serve` the time until /ready, with the slowest page.
A step over `--timeout` seconds is stopped and shown as such, and the larger sizes skip it.
The growth column is the exponent k of time ~ plans^k between the two largest sizes measured
(1: linear). The log-log plot is written as a PNG when matplotlib is installed
(the `bench` extra: `.venv/bin/pip install -e ".[test,bench]"`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.server import free_port, serve_command, stop_process_group  # noqa: E402

from actieplan.api.readmodel.kept_answers import SUFFIX as KEPT_ANSWERS_SUFFIX  # noqa: E402
from actieplan.graph.core.reference import load_reference  # noqa: E402
from actieplan.graph.sparql.dataset_index import store_folder, summary_reads  # noqa: E402
from actieplan.graph.sparql.library import load_library  # noqa: E402
from actieplan.tools.plan_generator import SHIPPED_NAME_FORMS, generate_plan  # noqa: E402

STEPS = ("build", "validate", "load", "queries", "summary", "network", "serve")
# The pages that take the service longest on one plan (bench_pages.py), asked once each of
# one plan (`?plan=`; the first makes that plan's read model), after the pages across plans.
SLOW_PAGES = ("/", "/completeness", "/network", "/timeline", "/dataset", "/def", "/budget")
# Across every plan: the list of plans, an organisation's part in each (its page redirects to
# the question organisation-plans), the network of every plan (the explorer and the API's
# pairs), and every named question asked of all plans at once:
# first those the summary of the plans answers (graph/sparql/dataset_index.py), then the
# others, on the store on disk (a question that runs past the service's timeout has its worker
# replaced, which the next question may wait for).
_ON_SUMMARY = {name for name, q in load_library().items() if q.reads and q.reads <= summary_reads()}
ACROSS_PAGES = (
    "/",
    "/id/organisation/ocad",
    "/network",
    "/api/network/shared-actions?top=10",
    *(
        f"/questions/{name}"
        for name in sorted(load_library(), key=lambda n: (n not in _ON_SUMMARY, n))
    ),
)
GOALS = {  # issue 22, at 1000 plans: seconds
    "build": 120.0,
    "serve": 30.0,
    "queries": 1.0,  # each named question
    "network": 10.0,  # the measures
    "pages": 1.0,  # each page
}
PEAK_GOAL_MIB = 4096
PNG = REPO / "bench" / "scale.png"  # the growth plot of a run at several numbers of plans
PAGE_HEADERS = {"accept": "text/html"}  # pages, as a browser asks for them
# What the commands need besides --graph to parse (a question's name, a measure).
CHILD_ARGS = {"query": ["budget"], "network": ["centrality"]}


@dataclass
class Result:
    step: str
    plans: int
    seconds: float | None  # None: failed or stopped (see the module's docstring)
    peak_mib: float | None
    slowest: str = ""  # the slowest item of the step, with its time
    error: str = ""
    items: dict[str, float] = field(default_factory=dict)


# --- the plans --------------------------------------------------------------------------


FIRST_PLAN = "plan-0001"


def write_plans(folder: Path, plans: int, actions: int, seed: int) -> None:
    """plan-0001.txt ... in `folder`, plan i from seed + i (as tools/plan_generator.py does)."""
    folder.mkdir(parents=True, exist_ok=True)
    reference = load_reference()
    for i in range(1, plans + 1):
        plan = generate_plan(seed + i, actions, SHIPPED_NAME_FORMS, reference, f"plan-{i:04d}")
        (folder / f"{plan.name}.txt").write_text(plan.text, encoding="utf-8")


# --- running a step in a process of its own ------------------------------------------------


def actieplan(*arguments: str) -> list[str]:
    return [str(Path(sys.executable).with_name("actieplan")), *arguments]


def measured(command: list[str], timeout: float) -> tuple[float | None, float, int, str, str]:
    """(seconds, or None when stopped at the timeout; peak MiB of the process (its own maximum
    resident set, from wait4); exit code; stdout; stderr's last line)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return None, usage.ru_maxrss / 1024, -9, "", f"stopped after {timeout:.0f} s"
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return seconds, usage.ru_maxrss / 1024, code, stdout, f"exit code {code}: {last}"


def child(step: str, dataset: Path) -> list[str]:
    return [sys.executable, __file__, "--child", step, "--dataset", str(dataset)]


# --- the in-process steps (run as `--child STEP`) ------------------------------------------


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def child_step(step: str, dataset_file: Path) -> dict[str, float]:
    """Seconds of each item of a step: "load" first, then each question or measure. The data
    is read as the commands read it (cli/options.py: `query` / `network --graph FILE`)."""
    from actieplan.cli.main import make_parser
    from actieplan.cli.options import graph_from_args, store_from_args
    from actieplan.graph.analysis import network
    from actieplan.graph.sparql.library import load_library, run_query

    if step == "summary":
        return summary_step(dataset_file)
    items: dict[str, float] = {}
    command = "network" if step == "network" else "query"
    args = make_parser().parse_args([command, *CHILD_ARGS[command], "--graph", str(dataset_file)])
    started = time.perf_counter()
    if step in ("load", "queries"):
        store = store_from_args(args)
        items["load"] = time.perf_counter() - started
        if step == "queries":
            for name in sorted(load_library()):
                items[name] = timed(lambda name=name: run_query(store, name))
    elif step == "network":
        rdf = graph_from_args(args, network.NETWORK_TRIPLES)  # as `actieplan network` reads it
        items["load"] = time.perf_counter() - started
        actors = network.actor_network(rdf, network.ORGANISATIONS, "roles")
        measures: dict[str, Callable[[], object]] = {
            "actor network (from RDF)": lambda: network.actor_network(
                rdf, network.ORGANISATIONS, "roles"
            ),
            "centrality (all four)": lambda: network.centrality(actors),
            "communities (Louvain)": lambda: network.communities(actors),
            "brokerage (policy domain)": lambda: network.brokerage(actors, "policy-domain"),
            "brokerage (level)": lambda: network.brokerage(actors, "level"),
            "structure": lambda: network.structure(actors),
            "with measures (for export)": lambda: network.with_measures(actors),
        }
        for name, work in measures.items():
            items[name] = timed(work)
    return items


def summary_step(dataset_file: Path) -> dict[str, float]:
    """ "load": opening the store with its summary in memory (a query worker's start); then
    each question the summary answers, as a worker answers it (api/plumbing/query_pool.py):
    pyoxigraph's answer written as SPARQL JSON (graph/sparql/dataset_index.py)."""
    from actieplan.api.readmodel.questions import QUESTION_ANSWER_BYTES
    from actieplan.graph.sparql.dataset_index import SUMMARY, open_index
    from actieplan.graph.sparql.library import load_library, store_terms
    from actieplan.graph.sparql.store import CappedOutput, QueryOptions

    index = open_index(dataset_file)  # made here if missing: not timed, the service's first start
    started = time.perf_counter()
    store = index.store(with_summary=True)
    items = {"load": time.perf_counter() - started}
    names = index.every_graph_store()  # what the service reads parameters against
    for name, query in sorted(load_library().items()):
        if query.reads is None or not query.reads <= summary_reads():
            continue
        options = QueryOptions(SUMMARY, bindings=store_terms(names, query, {}))
        items[name] = timed(
            lambda q=query, o=options: store.write(
                q.sparql, "json", CappedOutput(QUESTION_ANSWER_BYTES), o
            )
        )
    return items


# --- the service ------------------------------------------------------------------------


def _start_until_ready(command: list[str], base: str, timeout: float, log) -> tuple:
    """(the server process, seconds until /ready answered 200 or None)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
    while time.perf_counter() - started < timeout and process.poll() is None:
        try:
            if httpx.get(f"{base}/ready", timeout=5).status_code == 200:
                return process, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return process, None


def serve_step(dataset: Path, timeout: float) -> Result:
    """The service of every plan of the dataset, started twice: the first start makes the
    on-disk store (graph/sparql/dataset_index.py) and keeps the named questions' answers of
    every plan beside it (api/readmodel/kept_answers.py), an item of its own; the second
    opens both (the step's seconds: until /ready answers 200). Then each slow page once: the
    list of plans and the questions across plans, and a plan's pages (its first page makes
    the plan's read model), with the peak memory of the server and its workers."""
    store = store_folder(dataset)
    for made in (store, store.with_suffix(KEPT_ANSWERS_SUFFIX)):  # an earlier run's: a first start
        shutil.rmtree(made, ignore_errors=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = serve_command("--graph", str(dataset), "--port", str(port))
    items: dict[str, float] = {}
    with tempfile.TemporaryFile() as log:
        for start in ("first start (makes the store, keeps the answers)", "ready"):
            process, ready = _start_until_ready(command, base, timeout, log)
            if ready is None or start == "ready":
                break
            items[start] = ready
            stop_process_group(process)
        try:
            peak = group_peak_mib(process.pid)
            if ready is None:
                log.seek(0)
                lines = log.read().decode(errors="replace").strip().splitlines()
                why = lines[-1] if lines else f"not ready after {timeout:.0f} s"
                return Result("serve", 0, None, peak, error=why)
            pages = {}
            with httpx.Client(
                base_url=base, timeout=timeout, follow_redirects=True, headers=PAGE_HEADERS
            ) as client:
                for path in (*ACROSS_PAGES, *(f"{p}?plan={FIRST_PLAN}" for p in SLOW_PAGES)):
                    status: list[int] = []
                    seconds = timed(
                        lambda path=path, status=status: status.append(client.get(path).status_code)
                    )
                    # a page that failed (a 503: its question ran past the service's timeout)
                    # is shown with its status, and its time counts against the goal
                    pages[path if status == [200] else f"{path} ({status[0]})"] = seconds
            slowest = max(pages, key=pages.__getitem__)
            return Result(
                "serve",
                0,
                ready,
                max(peak, group_peak_mib(process.pid)),
                slowest=f"{slowest} {pages[slowest]:.2f} s",
                items=items | pages,
            )
        finally:
            stop_process_group(process)


def group_peak_mib(leader: int) -> float:
    """The sum of VmHWM (peak resident memory) of a process and its children, in MiB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        pid = int(status.parent.name)
        if pid == leader or int(fields.get("PPid", "0").strip()) == leader:
            total += int(fields.get("VmHWM", "0 kB").split()[0])
    return total / 1024


# --- one size ---------------------------------------------------------------------------


def measure(plans: int, steps: Sequence[str], args: argparse.Namespace, work: Path) -> list[Result]:
    folder, out = work / f"plans-{plans}", work / f"build-{plans}"
    write_plans(folder, plans, args.actions, args.seed)
    dataset = out / "dataset.nq"
    results = []
    for step in steps:
        if step == "serve":
            result = serve_step(dataset, args.timeout)
            result.plans = plans
        else:
            command = {
                "build": actieplan("build", str(folder), "--out", str(out)),
                "validate": actieplan("validate", "--graph", str(dataset), "--format", "json"),
            }.get(step) or child(step, dataset)
            seconds, peak, code, stdout, error = measured(command, args.timeout)
            # validate's exit code 1 is a report that finds violations: an answer
            if code not in (0, 1) or (code == 1 and step != "validate"):
                seconds = None
            result = Result(step, plans, seconds, peak, error=error if seconds is None else "")
            if seconds is not None and step in ("load", "queries", "summary", "network"):
                # The child's own figures: its work, without Python's start-up and imports
                result.items = json.loads(stdout)
                rest = {k: v for k, v in result.items.items() if k != "load"}
                result.seconds = result.items["load"] if step == "load" else sum(rest.values())
                if rest:
                    slowest = max(rest, key=rest.__getitem__)
                    result.slowest = f"{slowest} {rest[slowest]:.2f} s"
        results.append(result)
        shown = f"{result.seconds:.2f} s" if result.seconds is not None else result.error
        print(f"  {plans:>5} plans  {step:<9} {shown}", file=sys.stderr, flush=True)
    return results


# --- the report -------------------------------------------------------------------------


def growth(results: list[Result], step: str) -> str:
    """The exponent k of seconds ~ plans^k between the two largest sizes the step finished."""
    done = sorted((r.plans, r.seconds) for r in results if r.step == step and r.seconds)
    if len(done) < 2:
        return ""
    (n1, t1), (n2, t2) = done[-2], done[-1]
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def table(results: list[Result]) -> str:
    lines = [
        "| step | plans | seconds | peak MiB | slowest item | growth k |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for step in STEPS:
        rows = [r for r in results if r.step == step]
        for index, r in enumerate(rows):
            seconds = f"{r.seconds:.2f}" if r.seconds is not None else f"— ({r.error})"
            peak = f"{r.peak_mib:.0f}" if r.peak_mib else ""
            k = growth(results, step) if index == len(rows) - 1 else ""
            lines.append(f"| {step} | {r.plans} | {seconds} | {peak} | {r.slowest} | {k} |")
    return "\n".join(lines)


def details(results: list[Result]) -> str:
    """Each question, measure and page at the largest size measured, slowest first, with
    those over their goal (GOALS: each question, each page) marked."""
    lines = []
    item_goals = {"queries": GOALS["queries"], "summary": GOALS["queries"], "serve": GOALS["pages"]}
    for step in ("queries", "summary", "network", "serve"):
        done = [r for r in results if r.step == step and r.items]
        if not done:
            continue
        largest = max(done, key=lambda r: r.plans)
        items = {k: v for k, v in largest.items.items() if k != "load"}
        goal = item_goals.get(step)
        # every item counts against the goal but the service's first start (not a page)
        counted = [k for k in items if step != "serve" or k[0] == "/"]
        over = [k for k in counted if goal is not None and items[k] >= goal]
        heading = f"{step} at {largest.plans} plans"
        if goal is not None:
            heading += f": {len(over)} of {len(counted)} at {goal:g} s or more"
        lines.append(heading)
        for name, seconds in sorted(items.items(), key=lambda item: -item[1]):
            mark = "  over the goal" if name in over else ""
            lines.append(f"  {name:<40} {seconds:8.3f} s{mark}")
    return "\n".join(lines)


def plot(results: list[Result], path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "no plot: matplotlib is not installed (.venv/bin/pip install -e '.[bench]')"
    figure, (seconds_axes, memory_axes) = plt.subplots(1, 2, figsize=(11, 5))
    for step in STEPS:
        done = sorted((r.plans, r.seconds, r.peak_mib) for r in results if r.step == step)
        finished = [(n, t) for n, t, _ in done if t]
        if finished:
            seconds_axes.plot(*zip(*finished, strict=True), marker="o", label=step)
        peaks = [(n, m) for n, _, m in done if m]
        if peaks:
            memory_axes.plot(*zip(*peaks, strict=True), marker="o", label=step)
    memory_axes.axhline(PEAK_GOAL_MIB, color="grey", linestyle="--", label="goal at 1000 plans")
    for axes, unit, title in (
        (seconds_axes, "seconds", "time per step"),
        (memory_axes, "peak MiB", "peak memory per step"),
    ):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("plans (50 actions each)")
        axes.set_ylabel(unit)
        axes.set_title(f"actieplan: {title} as the plans grow")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return f"plot: {path}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--actions", type=int, default=50, help="actions per plan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per step")
    parser.add_argument(
        "--up-to",
        nargs="+",
        default=[],
        metavar="STEP=PLANS",
        help="measure STEP only up to PLANS plans (e.g. validate=100, to leave out the "
        "longest step at 1000)",
    )
    parser.add_argument(
        "--png",
        type=Path,
        help=f"where to draw the log-log plot (default {PNG.relative_to(REPO)}, drawn only when "
        "the run measures more than one number of plans: a run at one size would overwrite the "
        "growth plot with one point)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="folder for plans and builds, kept (default: a temporary one); --steps without "
        "build then measures on the builds an earlier run left in it",
    )
    parser.add_argument(
        "--child", choices=("load", "queries", "summary", "network"), help=argparse.SUPPRESS
    )
    parser.add_argument("--dataset", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_step(args.child, args.dataset)))
        return 0

    up_to: dict[str, int] = {}
    for item in args.up_to:
        step, _, plans = item.partition("=")
        if step not in STEPS or not plans.isdecimal():
            parser.error(f"--up-to {item!r}: expected STEP=PLANS, STEP one of {', '.join(STEPS)}")
        up_to[step] = int(plans)
    results: list[Result] = []
    stopped: set[str] = set()  # steps that failed or timed out: not tried at larger sizes
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        work = args.work or Path(temporary)
        for plans in sorted(args.plans):
            steps = [s for s in args.steps if s not in stopped and plans <= up_to.get(s, plans)]
            if "build" not in steps and not (work / f"build-{plans}" / "dataset.nq").is_file():
                break  # nothing to measure on without a dataset (built now, or in --work)
            measured_now = measure(plans, steps, args, work)
            results += measured_now
            stopped |= {r.step for r in measured_now if r.seconds is None}
    print(table(results))
    print(details(results))
    if args.png is None and len({r.plans for r in results}) < 2:
        print(f"plot: not drawn, one number of plans measured ({PNG.name} left as it is)")
    else:
        print(plot(results, args.png or PNG))
    return 0


if __name__ == "__main__":
    sys.exit(main())
