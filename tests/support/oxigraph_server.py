"""Run Oxigraph server (the `oxigraph` binary of the PyPI package `oxigraph`, a test extra of
pyproject.toml; nothing is installed at test time) on a free loopback port over a data folder,
for the publish tests. Its interface is tests/support/store_server.py's.

    with running_oxigraph(tmp_path / "store") as store:
        store.count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        store.kill()      # SIGKILL, as a crash would
    with running_oxigraph(tmp_path / "store") as store:   # the same data, restarted
        ...
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from actieplan.graph.sparql.graph_store import Endpoints
from support.server import free_port
from support.store_server import RunningStore, stop, wait_until_answering

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


class RunningOxigraph(RunningStore):
    """Oxigraph server: /query, /update and the Graph Store at /store, with no authentication."""

    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        super().__init__(process, url)
        self.endpoints = Endpoints.of_server(url)
        self.query_url = self.endpoints.query

    def publish_arguments(self) -> list[str]:
        return ["--endpoint", self.url]


@contextmanager
def running_oxigraph(location: Path) -> Iterator[RunningOxigraph]:
    """`oxigraph serve --location LOCATION` on a free loopback port, until it answers a query;
    stopped at the end."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(location), "--bind",
             f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )  # fmt: skip

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        server = RunningOxigraph(process, f"http://127.0.0.1:{port}")
        try:
            wait_until_answering("oxigraph serve", process, server.query_url, START_SECONDS, output)
            yield server
        finally:
            stop(process)
