"""Run Virtuoso (`virtuoso-t` of Debian's virtuoso-opensource 7; scripts/setup-stores.sh
installs it) over a database folder, with a private ini in a temporary folder and free loopback
ports for SQL and HTTP, for the publish tests. Its interface is tests/support/store_server.py's.

    with running_virtuoso(tmp_path / "store") as store:
        run_cli("publish", "--graph", "graph.nt", *store.publish_arguments())
        store.kill()      # SIGKILL, as a crash would
    with running_virtuoso(tmp_path / "store") as store:   # the same database, restarted
        ...

When `virtuoso-t` is missing, or a new database does not answer within START_SECONDS, the test
skips with the reason and the tail of the server's log. A restart over an existing database
that fails is a failure: it is what the crash tests look at.

Publishing writes through Virtuoso's authenticated endpoints, `/sparql-graph-crud-auth` (Graph
Store) and `/sparql-auth` (query and update), as the user dba with HTTP Digest, the way a real
Virtuoso is written to. Its anonymous endpoints refuse writes unless the SPARQL user is granted
SPARQL_UPDATE, which on a real server would let anyone who reaches it write; so the tests go
through `--user` and `--password-file` as a publisher does. The dba password of a new database
is dba. The tests read through the anonymous `/sparql`.

bench/bench_sparql.py writes its Virtuoso's ini with `virtuoso_ini` too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from actieplan.graph.sparql.graph_store import Credentials, Endpoints
from support.server import free_port
from support.store_server import RunningStore, StoreDidNotStart, stop, wait_until_answering

START_SECONDS = 60.0
SERVER = "virtuoso-t"
USER, PASSWORD = "dba", "dba"  # a new database's administrator
VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")  # the package's web root


def virtuoso_ini(
    database: Path,
    sql_port: int,
    http_port: int,
    *,
    buffers: int = 10_000,
    threads: int = 4,
    dirs_allowed: Sequence[Path] = (),
) -> str:
    """A virtuoso.ini keeping every file of the database in `database`, listening on loopback
    only (SQL on `sql_port`, HTTP on `http_port`), with `buffers` pages of 8 KiB of cache,
    `threads` HTTP threads, and `dirs_allowed` readable by SQL file functions."""
    allowed = ", ".join([".", *map(str, dirs_allowed)])
    return f"""[Database]
DatabaseFile = {database}/virtuoso.db
ErrorLogFile = {database}/virtuoso.log
LockFile = {database}/virtuoso.lck
TransactionFile = {database}/virtuoso.trx
xa_persistent_file = {database}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {database}/virtuoso-temp.db
TransactionFile = {database}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {allowed}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VSP_ROOT}
ServerThreads = {threads}
MaxClientConnections = {threads}
MaxKeepAlives = {threads}
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class RunningVirtuoso(RunningStore):
    """Virtuoso: publish through its authenticated endpoints, read through /sparql."""

    # What a new database holds: Virtuoso's own schemas, LDP and the service description.
    own_graphs = frozenset(
        {
            "http://www.openlinksw.com/schemas/virtrdf#",
            "http://www.w3.org/ns/ldp#",
            "http://localuriqaserver/sparql",
        }
    )

    def __init__(self, process: subprocess.Popen[bytes], url: str, password_file: Path) -> None:
        super().__init__(process, url)
        self.query_url = f"{url}/sparql"
        self.endpoints = Endpoints(
            f"{url}/sparql-graph-crud-auth", f"{url}/sparql-auth", f"{url}/sparql-auth"
        )
        self.credentials = Credentials(USER, PASSWORD)
        self.password_file = password_file

    def publish_arguments(self) -> list[str]:
        return [
            "--gsp", self.endpoints.store, "--query", self.endpoints.query,
            "--update", self.endpoints.update,
            "--user", USER, "--password-file", str(self.password_file),
        ]  # fmt: skip


@contextmanager
def running_virtuoso(location: Path) -> Iterator[RunningVirtuoso]:
    """`virtuoso-t` over the database in LOCATION (made when missing), until /sparql answers a
    query; stopped at the end."""
    if shutil.which(SERVER) is None:
        pytest.skip(
            f"{SERVER} is not installed (bash scripts/setup-stores.sh installs Debian's "
            "virtuoso-opensource)"
        )
    new = not (location / "virtuoso.db").exists()
    location.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="virtuoso-") as folder:
        work = Path(folder)
        sql_port, http_port = free_port(), free_port()
        (work / "virtuoso.ini").write_text(virtuoso_ini(location, sql_port, http_port))
        password_file = work / "password"
        password_file.write_text(PASSWORD + "\n")
        password_file.chmod(0o600)
        log = work / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [SERVER, "+foreground", "+configfile", str(work / "virtuoso.ini")],
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=work,
            )
        server = RunningVirtuoso(process, f"http://127.0.0.1:{http_port}", password_file)
        try:
            try:
                wait_until_answering(
                    SERVER,
                    process,
                    server.query_url,
                    START_SECONDS,
                    lambda: log.read_text(errors="replace"),
                )
            except StoreDidNotStart as error:
                if new:
                    pytest.skip(f"Virtuoso did not start: {error}")
                raise
            yield server
        finally:
            stop(process)
