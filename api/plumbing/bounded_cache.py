"""A least-recently-used cache bounded in bytes, for answers computed from data that never
changes while the server runs (SPARQL answers, named questions, network measures)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class BoundedCache(Generic[Value]):
    """Keeps entries while their sizes add up to at most `max_bytes`, dropping the least
    recently used first. An entry larger than `largest` (an eighth of the cache unless given)
    is not kept: it would push out many small ones. Keys count towards the size too: a key
    may hold a query. Safe to use from the event loop and from worker threads at once."""

    def __init__(
        self, max_bytes: int, size_of: Callable[[Value], int], largest: int | None = None
    ) -> None:
        self.max_bytes = max_bytes
        self.largest = max_bytes // 8 if largest is None else largest
        self._size_of = size_of
        self._entries: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Value, size: int | None = None) -> bool:
        """Keep `value` under `key`; False when it is too large to keep. `size`: the value's,
        when the caller has counted it already (as `size_of` counts)."""
        size = (self._size_of(value) if size is None else size) + len(repr(key))
        if size > self.largest:
            return False
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
        return True
