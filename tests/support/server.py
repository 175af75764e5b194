"""Run `actieplan serve` as a real subprocess on a free loopback port, for tests over HTTP.

    from support.server import running_server

    with running_server("--timeout", "2") as server:
        httpx.get(server.url("/sparql"), params={"query": "ASK {}"})

`running_server` starts the command with the given extra arguments, waits until /health
answers (or fails with the server's own output when it exits or takes too long), yields a
`RunningServer`, and stops it at the end: SIGTERM first, so uvicorn shuts the query workers
down through the app's lifespan, then SIGKILL to the whole process group if it hangs.
`client_from` is a client of such a server from another loopback address.

The tests' `site` fixture (tests/conftest.py) is one of these for the session;
bench/bench_pages.py and scripts/readme-screenshots.py start theirs with `running_server` too,
and bench/bench_sparql.py starts ours next to other SPARQL servers with `serve_command` and
`free_port`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from support.paths import REPO

START_SECONDS = 120.0  # building the plan and starting the query workers on a slow CI machine


class ServerFailed(RuntimeError):
    """`actieplan serve` exited or never answered /health; the message holds its output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command(*arguments: str, program: Path | None = None) -> list[str]:
    """The `actieplan serve` command line of the installed project (the venv's script), or of
    another installation's `actieplan` script."""
    script = program or Path(sys.executable).with_name("actieplan")
    if script.exists():
        return [str(script), "serve", *arguments]
    return [
        sys.executable,
        "-c",
        "import sys; from actieplan.cli.main import main; sys.exit(main())",
        "serve",
        *arguments,
    ]


def stop_process_group(process: subprocess.Popen, seconds: float = 15.0, reap: float = 5.0) -> None:
    """SIGTERM, `seconds` to finish (uvicorn stops its query workers through the app's
    lifespan), then SIGKILL to the whole process group: the server and any worker it left
    behind. The process must have been started in a session of its own."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(reap)


@dataclass
class RunningServer:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    @property
    def sparql(self) -> str:
        return self.url("/sparql")

    def log(self) -> str:
        """What the server printed so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def child_pids(self) -> set[int]:
        """Process ids of the server's child processes: its SPARQL query workers (and
        multiprocessing's resource tracker). Linux only (/proc)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()}

    def stop(self, seconds: float = 15.0) -> None:
        stop_process_group(self.process, seconds)


def _wait_for_health(server: RunningServer, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerFailed(
                f"actieplan serve exited with {server.process.returncode}:\n" + server.log()
            )
        try:
            if httpx.get(server.url("/health"), timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise ServerFailed(
        f"actieplan serve did not answer /health within {seconds:g} s:\n" + server.log()
    )


def start_server(
    *arguments: str,
    seconds: float = START_SECONDS,
    attempts: int = 3,
    program: Path | None = None,
    cwd: Path = REPO,
) -> RunningServer:
    """Start `actieplan serve --port P *arguments` and wait for /health. Call .stop() after.
    `program`: another installation's `actieplan` script; `cwd`: the folder it runs in.

    A port taken between choosing and binding it (another test run) is retried on a new port.
    """
    for attempt in range(attempts):
        port = free_port()
        log = tempfile.NamedTemporaryFile(prefix="actieplan-serve-", suffix=".log", delete=False)
        process = subprocess.Popen(
            serve_command("--host", "127.0.0.1", "--port", str(port), *arguments, program=program),
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # own process group: stop() can end the workers too
        log.close()
        server = RunningServer(port, process, Path(log.name))
        try:
            _wait_for_health(server, seconds)
            return server
        except ServerFailed:
            server.stop()
            if "address already in use" in server.log().lower() and attempt + 1 < attempts:
                server.log_path.unlink(missing_ok=True)
                continue
            raise
    raise AssertionError("unreachable")


@contextmanager
def running_server(
    *arguments: str, seconds: float = START_SECONDS, program: Path | None = None, cwd: Path = REPO
) -> Iterator[RunningServer]:
    """`actieplan serve` with these extra arguments, running for the `with` block."""
    server = start_server(*arguments, seconds=seconds, program=program, cwd=cwd)
    try:
        yield server
    finally:
        server.stop()
        server.log_path.unlink(missing_ok=True)


def client_from(server: RunningServer, address: str, timeout: float = 30.0) -> httpx.Client:
    """A client of `server` connecting from another loopback address (127.0.0.0/8 is all
    loopback on Linux): another client as far as the server's per-client share goes."""
    return httpx.Client(
        base_url=server.base, timeout=timeout, transport=httpx.HTTPTransport(local_address=address)
    )
