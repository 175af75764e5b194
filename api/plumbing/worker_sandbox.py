"""The second wall: a SPARQL worker process cannot reach the network, and its memory is capped.

The first wall (graph/sparql/safety.py) refuses SERVICE and LOAD before a query reaches an
engine. This module makes a worker harmless even if that check is fooled: `confine()` runs
first thing in every worker process, before the graphs are loaded, and

1. moves the process into a network namespace of its own, which has no interface but a
   loopback that is down: `unshare(CLONE_NEWNET)` through libc, or, for a user without
   CAP_SYS_ADMIN, `unshare(CLONE_NEWUSER | CLONE_NEWNET)` (a user namespace of its own in
   which it may create the network namespace). Every connect() then fails, whatever code
   makes it: Python, or Oxigraph's HTTP client, which runs in Rust;
2. installs an audit hook (`sys.addaudithook`) that refuses socket.connect, sendto, sendmsg
   and name look-ups to Python code (rdflib, urllib), also where (1) failed;
3. caps its address space (`RLIMIT_AS`), so that a query that needs more memory fails in
   that worker (MemoryError in Python, an abort in Rust) and not in the machine.

Measured here (Linux 6.18, Python 3.11, pyoxigraph 0.5.13, rdflib 7.6; `python -m
actieplan.api.plumbing.worker_sandbox` prints the same check for the machine it runs on):

- as root, `unshare(CLONE_NEWNET)` succeeds; afterwards `socket.if_nameindex()` lists only
  `lo`, and connect() to 127.0.0.1 or any other address fails with ENETUNREACH, also from
  Oxigraph's SERVICE (tests/service/test_worker_sandbox.py);
- as an unprivileged user (`runuser -u nobody`), `unshare(CLONE_NEWNET)` fails with EPERM and
  `unshare(CLONE_NEWUSER | CLONE_NEWNET)` succeeds, with the same effect;
- where namespaces are not allowed (in the tests: `max_net_namespaces` and
  `max_user_namespaces` set to 0 inside a user namespace; elsewhere, e.g., a container whose
  seccomp profile forbids unshare) both calls fail (ENOSPC, EPERM). Then the worker reports
  why, the server warns on stderr at start-up, /health says `"network_isolation": false`, and
  `actieplan serve --require-isolation` refuses to start. The audit hook still holds for
  Python code (so for the rdflib engine), not for Rust code (Oxigraph).

A namespace applies to the thread that enters it and the threads it starts later, so `confine`
must run while the worker has a single thread (it checks, and reports a failure otherwise).
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import socket
import sys
from dataclasses import dataclass

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
MIB = 1024 * 1024
# Audit events (https://docs.python.org/3/library/audit_events.html) refused in a worker.
REFUSED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)


@dataclass(frozen=True)
class Isolation:
    """Whether a worker is cut off from the network, and how (or why not)."""

    isolated: bool
    how: str


def _threads() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # not Linux: unshare fails below anyway


def _only_loopback_left() -> str | None:
    """None if the namespace holds no interface but a loopback that cannot carry a packet;
    else what is wrong."""
    names = [name for _, name in socket.if_nameindex()]
    if names != ["lo"]:
        return f"interfaces {', '.join(names)} are still there"
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # UDP connect sends nothing
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError as error:
        if error.errno == errno.ENETUNREACH:
            return None
        return f"connect to 127.0.0.1 failed with {error}, not ENETUNREACH"
    finally:
        probe.close()
    return "connect to 127.0.0.1 still works"


def cut_off_network() -> Isolation:
    """Move this process into a network namespace with no usable interface (see above)."""
    threads = _threads()
    if threads > 1:
        return Isolation(
            False,
            f"the worker already runs {threads} threads; a namespace would hold only one of them",
        )
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError) as error:
        return Isolation(False, f"no unshare() in the C library ({error})")
    failures = []
    for flags, name, what in (
        (CLONE_NEWNET, "CLONE_NEWNET", "a network namespace of its own"),
        (
            CLONE_NEWUSER | CLONE_NEWNET,
            "CLONE_NEWUSER | CLONE_NEWNET",
            "a user and network namespace of its own",
        ),
    ):
        if unshare(flags) == 0:
            problem = _only_loopback_left()
            if problem is None:
                return Isolation(
                    True, f"{what} (unshare({name})): no interface but a loopback that is down"
                )
            return Isolation(False, f"unshare({name}) succeeded but {problem}")
        failures.append(f"unshare({name}): {os.strerror(ctypes.get_errno())}")
    return Isolation(False, "; ".join(failures))


def _refuse_network(event: str, args: tuple[object, ...]) -> None:
    if event in REFUSED_EVENTS:
        raise PermissionError(f"{event} refused: a SPARQL worker does not use the network")


def refuse_sockets() -> None:
    """Refuse connect, send-to and name look-ups to Python code in this process, for good
    (an audit hook cannot be removed)."""
    sys.addaudithook(_refuse_network)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at `megabytes` MiB (never raising a lower cap)."""
    wanted = megabytes * MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, wanted))


def confine(memory_mb: int) -> Isolation:
    """All three walls, in this order: namespace, audit hook, address-space cap."""
    isolation = cut_off_network()
    refuse_sockets()
    limit_memory(memory_mb)
    return isolation


if __name__ == "__main__":  # what works on this machine, for this user
    result = cut_off_network()
    print(
        f"uid {os.getuid()}: network isolation {'works' if result.isolated else 'FAILED'}: "
        f"{result.how}"
    )
    sys.exit(0 if result.isolated else 1)
