"""Answers computed from the read-only data, each computed once at a time and kept within a
byte budget (least recently used first out). Knows nothing of the plan: a key and a function."""

from __future__ import annotations

import copy
import json
import sys
import threading
from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx

from actieplan.api.plumbing.bounded_cache import BoundedCache

# Bytes one node or tie of a networkx graph takes, attributes included (measured with
# tracemalloc on the plan's networks: 1.0-1.4 KiB; rounded up).
NETWORK_ELEMENT_BYTES = 2048
# Python rows and dicts take 1.6-2.9 times the length of their JSON (tracemalloc, named
# questions and network measures of the plan); rounded up.
JSON_TO_MEMORY = 3


def approximate_size(value: Any) -> int:
    """Bytes a cached value holds in memory, estimated on the high side: exact for text and
    bytes, per node and tie for a network, from the JSON length for rows and records."""
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    if isinstance(value, nx.Graph):
        return NETWORK_ELEMENT_BYTES * int(value.number_of_nodes() + value.number_of_edges() + 1)
    return JSON_TO_MEMORY * len(json.dumps(value, default=str))


class ComputedCache:
    """Answers computed from the read-only data, kept in a `BoundedCache` (least recently used
    first out, at most `max_bytes` as `approximate_size` counts them). An answer over an
    eighth of that is kept in a budget of its own for large answers, `large_bytes`, where one
    answer may take half: a named question asked of 1000 plans (the timeline, 50 000 rows,
    some 30 MiB) takes seconds to compute, and would otherwise be computed at every ask.

    `get(key, compute)` computes a missing answer once however many requests ask for it at the
    same time: the others wait for that answer. A computation that fails keeps nothing, so the
    next request computes afresh. Thread-safe.
    """

    def __init__(self, max_bytes: int, large_bytes: int = 0) -> None:
        self.answers: BoundedCache[Any] = BoundedCache(max_bytes, approximate_size)
        large_bytes = large_bytes if max_bytes > 0 else 0  # --no-cache keeps nothing
        self.large: BoundedCache[Any] = BoundedCache(
            large_bytes, approximate_size, largest=large_bytes // 2
        )
        self._lock = threading.Lock()
        self._scope: tuple[Hashable, ...] | None = None  # `scoped`
        # answers kept whatever their size, never dropped (`get(..., keep=True)`)
        self._kept: dict[Hashable, Any] = {}
        self._flights: dict[
            Hashable, list[Any]
        ] = {}  # key -> [lock, requests waiting or computing]

    def scoped(self, scope: Hashable) -> ComputedCache:
        """A view of this cache (its memory, its budget) whose keys are `(scope, key)`: the
        answers of one plan among many kept apart from the others'."""
        view = copy.copy(self)
        view._scope = (scope,) if self._scope is None else (*self._scope, scope)
        return view

    def _found(self, key: Hashable) -> Any:
        found = self.answers.get(key)
        return found if found is not None else self.large.get(key)

    def get(self, key: Hashable, compute: Callable[[], Any], *, keep: bool = False) -> Any:
        """The answer of `key`, computed by `compute` when missing. `keep`: kept whatever its
        size and never dropped, for an answer that takes seconds to compute and that one of a
        few keys names (an actor network of every plan: 15 s at 1000 plans, some 10 MB)."""
        if self._scope is not None:
            key = (self._scope, key)
        keep = keep and self.answers.max_bytes > 0  # --no-cache keeps nothing
        value = self._kept.get(key) if keep else self._found(key)
        if value is not None:
            return value
        with self._lock:
            flight = self._flights.setdefault(key, [threading.Lock(), 0])
            flight[1] += 1
        try:
            with flight[0]:
                value = self._kept.get(key) if keep else self._found(key)
                if value is None:
                    value = compute()
                    if keep:
                        self._kept[key] = value
                    else:
                        size = approximate_size(value)  # counted once for both budgets
                        if not self.answers.put(key, value, size):
                            self.large.put(key, value, size)  # too large for either: not kept
                return value
        finally:
            with self._lock:
                flight[1] -= 1
                if flight[1] == 0:
                    del self._flights[key]
