"""SPARQL endpoints side by side: throughput and latency of one query at 10 and 50 clients.

    .venv/bin/python bench/bench_sparql.py [--peers-bin /tmp/peers/bin] [--clients 10 50]
        [--duration 10] [--load auto|wrk|httpx] [--method get|post] [--only NAME ...]

On the same data (the vendored plan, built once with `actieplan build`) and the same query
(queries/shared-actions-organisations.rq with role "any" and min_shared 1), it measures:

* ours, cache      `actieplan serve --graph graph.nt` (answer cache on: repeated queries)
* ours, no cache   the same with `--no-cache` (every request runs the query in a worker)
* rdflib-endpoint  `rdflib-endpoint serve graph.ttl`            (PyPI: rdflib-endpoint[cli])
* oxigraph         `oxigraph load` + `oxigraph serve-read-only`  (PyPI: oxigraph)
* virtuoso         `virtuoso-t` + `isql-vt` to load the graph    (Debian: virtuoso-opensource)

Each server is started on a free loopback port, its answer is checked against ours (the same
organisation pairs and counts), warmed up, loaded with `wrk` when it is on PATH (GET with the
query in the URL, or POST through a Lua script) or else with an asyncio httpx load generator
in this script, and stopped. Peers not found are skipped with a note. Nothing is installed
here: bench/README.md says how to install the peers into a separate venv.

Prints one row per server and client count: requests per second, p50 and p99 latency in ms,
failed requests, and the ratio of our requests per second to that server's. With `--cpu`, also
the CPU time per request of the server's processes (`cpu_ms` below): on a machine shared with
other work, requests per second follow the load of the others; CPU time per request hardly does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the tests' helpers: tests/support/

from support.server import free_port, serve_command, stop_process_group  # noqa: E402
from support.virtuoso_server import virtuoso_ini  # noqa: E402

from actieplan.graph.sparql.library import (  # noqa: E402
    get_query,
    parameter_terms,
    standalone_sparql,
)

QUERY_NAME = "shared-actions-organisations"
QUERY_VALUES = {"role": "any", "min_shared": "1"}
ACCEPT = "application/sparql-results+json"
VIRTUOSO_GRAPH = "urn:actieplan:bench"


@dataclass
class Endpoint:
    """A SPARQL server to measure: how to start it and where its endpoint is."""

    name: str
    start: Callable[[Path, int], list[str]]  # (work dir, port) -> command line
    path: str = "/sparql"
    params: dict[str, str] = field(default_factory=dict)  # sent with every query
    prepare: Callable[[Path], None] | None = None  # load data before start (work dir)
    after_start: Callable[[Path], None] | None = None  # load data once it runs
    stop_command: Callable[[Path], list[str]] | None = None
    note: str = ""


@dataclass
class Measurement:
    name: str
    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int
    # CPU ms per request, by process of the server ("main": the process started, "others": its
    # descendants, such as our query workers); empty without --cpu.
    cpu_ms: dict[str, float] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


# --- the servers -------------------------------------------------------------------------


def ours(build: Path, cache: bool, extra: list[str]) -> Endpoint:
    """`actieplan serve` of this venv (the command line the tests start: tests/support/server.py),
    started and measured like the peers."""
    # Every load client connects from 127.0.0.1, which the fair scheduler counts as one client:
    # give that one address every worker and room to queue, as a trusted proxy would get.
    command = serve_command(
        "--graph",
        str(build / "graph.nt"),
        "--client-share",
        "64",
        "--max-waiting",
        "256",
        *extra,
    )
    if not cache:
        command.append("--no-cache")
    return Endpoint(
        "ours, cache" if cache else "ours, no cache",
        lambda work, port: [*command, "--port", str(port)],
    )


def rdflib_endpoint(build: Path, executable: str) -> Endpoint:
    return Endpoint(
        "rdflib-endpoint",
        lambda work, port: [
            executable,
            "serve",
            str(build / "graph.ttl"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        path="/",
    )


def oxigraph(build: Path, executable: str) -> Endpoint:
    def load(work: Path) -> None:
        subprocess.run(
            [
                executable,
                "load",
                "--location",
                str(work / "store"),
                "--file",
                str(build / "graph.nt"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return Endpoint(
        "oxigraph",
        lambda work, port: [
            executable,
            "serve-read-only",
            "--location",
            str(work / "store"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        path="/query",
        prepare=load,
    )


def virtuoso(build: Path, server: str, isql: str, threads: int) -> Endpoint:
    sql_port = free_port()

    def configure(work: Path) -> None:
        (work / "db").mkdir()

    def start(work: Path, port: int) -> list[str]:
        ini = work / "virtuoso.ini"
        ini.write_text(
            virtuoso_ini(work / "db", sql_port, port, buffers=20_000, threads=threads,
                         dirs_allowed=[build])
        )  # fmt: skip
        return [server, "+foreground", "+configfile", str(ini)]

    def load(work: Path) -> None:
        deadline = time.monotonic() + 60
        while (
            subprocess.run(
                [isql, str(sql_port), "dba", "dba", "exec=status();"], capture_output=True
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso did not accept SQL connections")
            time.sleep(0.5)
        subprocess.run(
            [
                isql,
                str(sql_port),
                "dba",
                "dba",
                f"exec=DB.DBA.TTLP_MT(file_to_string_output('{build / 'graph.nt'}'), "
                f"'', '{VIRTUOSO_GRAPH}', 0); checkpoint;",
            ],
            check=True,
            capture_output=True,
        )

    return Endpoint(
        "virtuoso",
        start,
        params={"default-graph-uri": VIRTUOSO_GRAPH},
        prepare=configure,
        after_start=load,
        stop_command=lambda work: [isql, str(sql_port), "dba", "dba", "exec=shutdown;"],
    )


# --- running a server --------------------------------------------------------------------


class Running:
    def __init__(self, endpoint: Endpoint, work: Path) -> None:
        self.endpoint, self.work = endpoint, work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{endpoint.path}"
        if endpoint.prepare:
            endpoint.prepare(work)
        self.log = open(work / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            endpoint.start(work, self.port),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=work,
            start_new_session=True,
        )

    def wait(self, query: str, seconds: float = 180.0) -> dict:
        """Wait until the endpoint answers the query; the parsed answer."""
        if self.endpoint.after_start:
            self.endpoint.after_start(self.work)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                response = httpx.get(
                    self.url,
                    params={"query": query, **self.endpoint.params},
                    headers={"accept": ACCEPT},
                    timeout=30.0,
                )
                if response.status_code == 200:
                    return response.json()
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        log = (self.work / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{self.endpoint.name} did not answer the query:\n{log}")

    def settle(self, query: str) -> None:
        """Wait until the requests a load run left behind are done: one more request queues
        behind them (a slow server would otherwise still be busy in the next measurement)."""
        httpx.get(
            self.url,
            params={"query": query, **self.endpoint.params},
            headers={"accept": ACCEPT},
            timeout=600.0,
        )

    def stop(self) -> None:
        if self.endpoint.stop_command and self.process.poll() is None:
            subprocess.run(self.endpoint.stop_command(self.work), capture_output=True, timeout=60)
        stop_process_group(self.process, 15, reap=10)
        self.log.close()


def pairs_of(answer: dict) -> set[tuple[str, str, int]]:
    """(organisation a, organisation b, shared actions) of each row: what every server must
    agree on (GROUP_CONCAT order is engine-specific, so the action lists are left out)."""
    return {
        (
            row["organisation_a"]["value"],
            row["organisation_b"]["value"],
            int(row["shared_actions"]["value"]),
        )
        for row in answer["results"]["bindings"]
    }


# --- CPU time of a server --------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (field 3, `state`, is [0]); None if
    the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def server_cpu_seconds(root: int) -> dict[str, float]:
    """CPU seconds (utime + stime, every thread) so far of a server started in a session of its
    own (`Running`): {"main": the process started, "others": every other live process of its
    session (our query workers)}. A process that ended in between is not counted: every
    server measured here keeps its processes."""
    cpu = {"main": 0.0, "others": 0.0}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(entry.name)
        # [3] session id, [11] utime, [12] stime (proc(5): fields 6, 14 and 15)
        if fields is None or int(fields[3]) != root:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        cpu["main" if int(entry.name) == root else "others"] += seconds
    return cpu


# --- load generators ---------------------------------------------------------------------


def run_wrk(
    url: str,
    query: str,
    params: dict[str, str],
    method: str,
    clients: int,
    seconds: float,
    work: Path,
) -> tuple[int, float, float, float, int]:
    """(requests, seconds, p50 ms, p99 ms, failed) measured by wrk."""
    threads = max(1, min(clients, os.cpu_count() or 1))
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(clients),
        "-d",
        f"{seconds:g}s",
        "--latency",
        "--timeout",
        "60s",
        "-H",
        f"Accept: {ACCEPT}",
    ]
    if method == "get":
        target = str(httpx.URL(url, params={"query": query, **params}))
    else:
        target = str(httpx.URL(url, params=params)) if params else url
        script = work / "post.lua"
        body = query.replace("\\", "\\\\").replace("]]", "] ]")
        script.write_text(
            f'wrk.method = "POST"\n'
            f'wrk.headers["Content-Type"] = "application/sparql-query"\n'
            f"wrk.body = [[{body}]]\n"
        )
        command += ["-s", str(script)]
    output = subprocess.run([*command, target], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(ms|s|m)", output)
    duration = float(elapsed.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[elapsed.group(2)]
    failed = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        failed += sum(int(n) for n in errors.groups())
    return requests, duration, _wrk_ms(output, "50%"), _wrk_ms(output, "99%"), failed


def _wrk_ms(output: str, percentile: str) -> float:
    value, unit = re.search(
        rf"^\s*{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE
    ).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _httpx_load(
    url: str, query: str, params: dict[str, str], method: str, clients: int, seconds: float
) -> tuple[list[float], int]:
    latencies: list[float] = []
    failed = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60.0, headers={"accept": ACCEPT}) as client:
        deadline = time.monotonic() + seconds

        async def one_client() -> None:
            nonlocal failed
            while time.monotonic() < deadline:
                started = time.perf_counter()
                if method == "get":
                    response = await client.get(url, params={"query": query, **params})
                else:
                    response = await client.post(
                        url,
                        params=params,
                        content=query,
                        headers={"content-type": "application/sparql-query"},
                    )
                await response.aread()
                latencies.append((time.perf_counter() - started) * 1000)
                failed += response.status_code != 200

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, failed


def run_httpx(
    url: str,
    query: str,
    params: dict[str, str],
    method: str,
    clients: int,
    seconds: float,
    work: Path,
) -> tuple[int, float, float, float, int]:
    started = time.monotonic()
    latencies, failed = asyncio.run(_httpx_load(url, query, params, method, clients, seconds))
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return len(latencies), elapsed, cuts[49], cuts[98], failed


# --- main --------------------------------------------------------------------------------


def find(executable: str, directory: Path | None) -> str | None:
    if directory and (directory / executable).exists():
        return str(directory / executable)
    return shutil.which(executable)


def build_graph(out: Path) -> None:
    script = Path(sys.executable).with_name("actieplan")
    subprocess.run([str(script), "build", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peers-bin",
        type=Path,
        help="folder of rdflib-endpoint and oxigraph (a separate venv's bin); else PATH",
    )
    parser.add_argument("--rdflib-endpoint", help="rdflib-endpoint executable")
    parser.add_argument("--oxigraph", help="oxigraph executable")
    parser.add_argument("--virtuoso", help="virtuoso-t executable")
    parser.add_argument("--isql", help="Virtuoso's isql (isql-vt on Debian)")
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load before each")
    parser.add_argument("--load", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--method", choices=["get", "post"], default="get")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="measure only these: ours, ours-no-cache, rdflib-endpoint, oxigraph, virtuoso",
    )
    parser.add_argument(
        "--ours-args",
        default="",
        help="extra arguments for actieplan serve, e.g. '--query-workers 4'",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="also report the servers' CPU ms per request (utime + stime of their processes, "
        "from /proc; Linux)",
    )
    args = parser.parse_args()

    load_generator = args.load
    if load_generator == "auto":
        load_generator = "wrk" if shutil.which("wrk") else "httpx"
    elif load_generator == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not on PATH (Debian: apt-get install wrk); use --load httpx")
    measure = run_wrk if load_generator == "wrk" else run_httpx
    named = get_query(QUERY_NAME)  # with its values written in: the peers take no bindings
    query = standalone_sparql(named, parameter_terms(named, QUERY_VALUES))

    work_root = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    try:
        results, notes = run_all(args, load_generator, measure, query, work_root)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    print_table(results, notes)
    return 0


def run_all(
    args: argparse.Namespace, load_generator: str, measure: Callable, query: str, work_root: Path
) -> tuple[list[Measurement], list[str]]:
    build = work_root / "build"
    build_graph(build)

    endpoints: list[Endpoint] = [
        ours(build, True, args.ours_args.split()),
        ours(build, False, args.ours_args.split()),
    ]
    keys = ["ours", "ours-no-cache"]
    notes: list[str] = []
    peers = {
        "rdflib-endpoint": lambda: (
            find("rdflib-endpoint", args.peers_bin)
            if not args.rdflib_endpoint
            else args.rdflib_endpoint
        ),
        "oxigraph": lambda: (
            find("oxigraph", args.peers_bin) if not args.oxigraph else args.oxigraph
        ),
    }
    for key, locate in peers.items():
        executable = locate()
        if executable is None:
            notes.append(f"{key}: not found (--peers-bin or --{key}); skipped")
            continue
        endpoints.append(
            rdflib_endpoint(build, executable)
            if key == "rdflib-endpoint"
            else oxigraph(build, executable)
        )
        keys.append(key)
    virtuoso_server = args.virtuoso or find("virtuoso-t", None)
    isql = args.isql or find("isql-vt", None) or find("isql", None)
    if virtuoso_server and isql:
        endpoints.append(virtuoso(build, virtuoso_server, isql, max(args.clients)))
        keys.append("virtuoso")
    else:
        notes.append(
            "virtuoso: virtuoso-t or isql-vt not found (Debian: virtuoso-opensource); skipped"
        )
    if args.only:
        chosen = set(args.only)
        endpoints = [e for e, k in zip(endpoints, keys, strict=True) if k in chosen]
        notes = [n for n in notes if n.split(":")[0] in chosen]

    print(
        f"query: {QUERY_NAME} {QUERY_VALUES}; load: {load_generator} ({args.method.upper()}),"
        f" {args.duration:g} s per measurement after {args.warmup:g} s warm-up; "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    results: list[Measurement] = []
    reference: set | None = None
    for endpoint in endpoints:
        work = work_root / re.sub(r"\W+", "-", endpoint.name)
        work.mkdir()
        running = Running(endpoint, work)
        try:
            answer = running.wait(query)
            pairs = pairs_of(answer)
            if reference is None:
                reference = pairs
            elif pairs != reference:
                notes.append(
                    f"{endpoint.name}: a DIFFERENT answer ({len(pairs)} pairs, ours "
                    f"{len(reference)}): its figures do not compare"
                )
            for clients in args.clients:
                if args.warmup > 0:
                    measure(
                        running.url, query, endpoint.params, args.method, clients, args.warmup, work
                    )
                    running.settle(query)
                load_before = os.getloadavg()[0]  # the machine's other work, for the reader
                cpu_before = server_cpu_seconds(running.process.pid) if args.cpu else {}
                requests, seconds, p50, p99, failed = measure(
                    running.url, query, endpoint.params, args.method, clients, args.duration, work
                )
                # Read before settle(): what is counted is the load's requests and, at most,
                # the work the server still does on the ones the load left unanswered.
                cpu_after = server_cpu_seconds(running.process.pid) if args.cpu else {}
                running.settle(query)
                cpu_ms = {
                    part: 1000 * (cpu_after[part] - cpu_before[part]) / max(requests, 1)
                    for part in cpu_after
                }
                result = Measurement(
                    endpoint.name, clients, requests, seconds, p50, p99, failed, cpu_ms
                )
                results.append(result)
                cpu_note = (
                    f", CPU {sum(cpu_ms.values()):.2f} ms/request (main {cpu_ms['main']:.2f}, "
                    f"others {cpu_ms['others']:.2f})"
                    if cpu_ms
                    else ""
                )
                print(
                    f"  {endpoint.name:<16} {clients:>3} clients: {result.rps:8.1f} req/s, "
                    f"p50 {p50:7.1f} ms, p99 {p99:7.1f} ms, {failed} failed "
                    f"({len(pairs)} rows){cpu_note}; load average {load_before:.1f}",
                    flush=True,
                )
        finally:
            running.stop()
    return results, notes


def print_table(results: list[Measurement], notes: list[str]) -> None:
    ours_by_clients = {(r.name, r.clients): r.rps for r in results if r.name.startswith("ours")}
    cpu = any(r.cpu_ms for r in results)
    print()
    print(
        "| server | clients | req/s | p50 ms | p99 ms | failed "
        "| ours (cache) ÷ it | ours (no cache) ÷ it |"
        + (" CPU ms / request (main + others) |" if cpu else "")
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if cpu else ""))
    for r in results:
        ratios = []
        for name in ("ours, cache", "ours, no cache"):
            mine = ours_by_clients.get((name, r.clients))
            ratios.append(
                f"{mine / r.rps:.2f}" if mine and r.rps and not r.name.startswith("ours") else ""
            )
        cpu_cell = (
            f" {sum(r.cpu_ms.values()):.2f} ({r.cpu_ms['main']:.2f} + {r.cpu_ms['others']:.2f}) |"
            if r.cpu_ms
            else (" |" if cpu else "")
        )
        print(
            f"| {r.name} | {r.clients} | {r.rps:.1f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.failed} | {ratios[0]} | {ratios[1]} |{cpu_cell}"
        )
    if notes:
        print()
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    sys.exit(main())
