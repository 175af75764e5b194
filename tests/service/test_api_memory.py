"""The JSON API's memory against a real `actieplan serve` process: 10 000 requests with distinct
parameter texts leave the server's memory bounded (the in-process tests of the JSON API are in
tests/unit/test_api.py)."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from pathlib import Path

import httpx
import pytest
from support.server import running_server

# 10 000 requests and the server's RSS: a load of its own, memory measured.
pytestmark = pytest.mark.exclusive


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def _distinct_parameter_values():
    """10 000 requests: 5 000 texts of two values (2 500 spellings of min_shared=1, 2 500 of
    the organisation abb) and 5 000 distinct values (2 500 years, 2 500 dates)."""
    for n in range(2500):
        yield "/api/questions/shared-actions-organisations", {"min_shared": "0" * n + "1"}
    for n in range(2500):
        yield (
            "/api/questions/organisation-profile",
            {"organisation": "A.b" + " " * (n % 50) + "." * (n // 50) + "b"},
        )
    for n in range(2500):
        yield "/api/questions/ending-in-year", {"year": str(n)}
    first = dt.date(2019, 1, 1)
    for n in range(2500):
        yield "/api/questions/active-on-date", {"date": (first + dt.timedelta(days=n)).isoformat()}


def test_10000_distinct_parameter_values_leave_memory_bounded():
    """The server's RSS after 10 000 requests with distinct parameter texts stays within
    40 MiB of its RSS after one call to each question. Why 40: the JSON API's answers share
    one cache of a quarter of --cache-bytes (64 MiB by default: 16 MiB), counted on the high
    side (3 x the JSON length; tracemalloc measured 1.6-2.9 x); the other 24 MiB are for
    memory the allocator keeps after evictions. Measured (`pytest -k 10000`): +18 to +20 MiB;
    before issue 9 the same requests grew the server by 242 MiB (112 -> 354 MiB)."""
    with (
        running_server() as server,
        httpx.Client(
            base_url=server.base, timeout=60, limits=httpx.Limits(keepalive_expiry=1.0)
        ) as http,
    ):
        for path, _ in {path: None for path, _ in _distinct_parameter_values()}.items():
            assert http.get(path).status_code == 200
        before = _rss_mib(server.process.pid)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(
                    lambda call: http.get(call[0], params=call[1]).status_code,
                    _distinct_parameter_values(),
                )
            )
        after = _rss_mib(server.process.pid)
    assert statuses == [200] * 10_000
    assert after - before < 40, f"RSS {before:.1f} MiB -> {after:.1f} MiB"
