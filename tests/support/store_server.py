"""What the tests use of a triple store server they started (tests/support/oxigraph_server.py,
tests/support/virtuoso_server.py): the same small interface for each, so one test runs over
both.

    store.url                  the server's root
    store.query_url            its SPARQL query endpoint
    store.endpoints            the Endpoints `publish` writes to (graph/sparql/graph_store.py)
    store.credentials          the user and password those need, or None
    store.publish_arguments()  the `actieplan publish` options that point at them
    store.count(query)         the ?n of a one-row SELECT
    store.graph_counts()       triples per named graph, the store's own graphs left out
    store.graph(iri)           the named graph as the store serves it
    store.kill()               SIGKILL, as a crash would
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable

import httpx
from rdflib import Graph

from actieplan.graph.sparql.graph_store import Credentials, Endpoints

RESULTS_JSON = "application/sparql-results+json"


class StoreDidNotStart(RuntimeError):
    """The server exited, or did not answer in time; the message says which, with its log."""


class RunningStore:
    """A store server process and its URLs. Subclasses set `query_url`, `endpoints`,
    `credentials` and `publish_arguments` for their server."""

    # Graphs the store keeps for itself in an empty database (left out of graph_counts).
    own_graphs: frozenset[str] = frozenset()

    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url
        self.query_url = url
        self.endpoints = Endpoints(url, url, url)
        self.credentials: Credentials | None = None

    def publish_arguments(self) -> list[str]:
        raise NotImplementedError

    def _select(self, query: str) -> list[dict[str, dict[str, str]]]:
        response = httpx.post(
            self.query_url, data={"query": query}, headers={"Accept": RESULTS_JSON}, timeout=30
        )
        response.raise_for_status()
        bindings: list[dict[str, dict[str, str]]] = response.json()["results"]["bindings"]
        return bindings

    def count(self, query: str) -> int:
        """The ?n of a one-row SELECT."""
        return int(self._select(query)[0]["n"]["value"])

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, but for the store's own."""
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        counts = {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
        return {g: n for g, n in counts.items() if g not in self.own_graphs}

    def graph(self, iri: str) -> Graph:
        """The named graph as the store serves it (a CONSTRUCT of the query endpoint: one
        answer, so its blank nodes keep who they are). In N-Triples: Virtuoso 7.2.5's Turtle
        writes an xsd:decimal of whole value as a bare integer, "200000.0" as 200000."""
        response = httpx.post(
            self.query_url,
            data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": "application/n-triples"},
            timeout=30,
        )
        response.raise_for_status()
        return Graph().parse(data=response.text, format="nt")

    def kill(self) -> None:
        """SIGKILL: the server stops as in a crash, with no chance to tidy up."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


def wait_until_answering(
    name: str,
    process: subprocess.Popen[bytes],
    query_url: str,
    seconds: float,
    log: Callable[[], str],
) -> None:
    """Wait until `ASK {}` at `query_url` answers 200; StoreDidNotStart naming the server, with
    the tail of `log()`, when the process exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise StoreDidNotStart(f"{name} exited with code {process.returncode}: {log()[-1500:]}")
        try:
            answer = httpx.get(query_url, params={"query": "ASK {}"}, timeout=2)
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise StoreDidNotStart(
                f"{name}: no answer at {query_url} in {seconds:g} s: {log()[-1500:]}"
            )
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
