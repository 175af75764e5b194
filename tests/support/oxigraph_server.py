"""Run Oxigraph server (the `oxigraph` binary of the PyPI package `oxigraph`, a test extra of
pyproject.toml; nothing is installed at test time) on a free loopback port over a data folder,
for the publish tests.

    with running_oxigraph(tmp_path / "store") as store:
        store.count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        store.kill()      # SIGKILL, as a crash would
    with running_oxigraph(tmp_path / "store") as store:   # the same data, restarted
        ...
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from support.server import free_port

START_SECONDS = 30.0


def oxigraph_binary() -> str:
    """The `oxigraph` program of this environment (the venv's, else one on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError(
            "no `oxigraph` program: install the test extras (bash scripts/setup.sh), which "
            "include the PyPI package oxigraph"
        )
    return found


class RunningOxigraph:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url

    def count(self, query: str) -> int:
        """The ?n of a one-row SELECT."""
        response = httpx.post(
            f"{self.url}/query",
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph."""
        response = httpx.post(
            f"{self.url}/query",
            data={"query": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        response.raise_for_status()
        return {
            row["g"]["value"]: int(row["n"]["value"])
            for row in response.json()["results"]["bindings"]
        }

    def kill(self) -> None:
        """SIGKILL: the server stops as in a crash, with no chance to tidy up."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


@contextmanager
def running_oxigraph(location: Path) -> Iterator[RunningOxigraph]:
    """`oxigraph serve --location LOCATION` on a free loopback port, until it answers a query;
    stopped at the end."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = RunningOxigraph(process, f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                output = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"oxigraph serve exited: {output}")
            try:
                httpx.get(f"{server.url}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"oxigraph serve did not answer in {START_SECONDS} s"
                    ) from None
                time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        if process.stderr:
            process.stderr.close()
