"""A bounded, thread-safe cache of computed aggregates with single-flight computation.

Keys are tuples whose first two items are the workspace folder and the log name, so everything of one log can
be dropped at once (:meth:`AggregateCache.invalidate`, on import and delete); the log's version stamp is part of
the key as well, so an entry of an older version is never served even before it is dropped. Entries are evicted
least recently used first when their estimated size passes ``max_bytes``. When several threads ask for the same
missing key at once, one computes it and the others wait for its result (or its exception, which is not
cached).

Examples
--------
>>> cache = AggregateCache(max_bytes=1 << 20)
>>> calls = []
>>> cache.get(("ws", "log", 1, "k"), lambda: calls.append(1) or 42)
42
>>> cache.get(("ws", "log", 1, "k"), lambda: calls.append(1) or 43), len(calls)
(42, 1)
>>> cache.invalidate("ws", "log")  # the number of entries dropped
1
>>> len(cache)
0
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def estimate_size(value: Any, _depth: int = 0) -> int:
    """A rough size in bytes of a computed value: numpy arrays by ``nbytes``, containers and dataclasses summed
    over their items (four levels deep), anything else by ``sys.getsizeof``."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if _depth > 4:
        return 64
    if isinstance(value, dict):
        return 64 + sum(estimate_size(k, _depth + 1) + estimate_size(v, _depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return 56 + sum(estimate_size(v, _depth + 1) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return 64 + sum(estimate_size(getattr(value, f, None), _depth + 1) for f in value.__dataclass_fields__)
    if hasattr(value, "nbytes") and isinstance(value.nbytes, int):  # Arrow tables and arrays
        return int(value.nbytes)
    return sys.getsizeof(value)


@dataclass
class _Flight:
    """A computation under way: waiters block on ``done``."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class AggregateCache:
    """Computed aggregates by key, least recently used out first, at most ``max_bytes`` (estimated).

    Parameters
    ----------
    max_bytes : int
        The memory budget; 0 disables caching (every call computes, concurrent identical calls still
        compute once).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def nbytes(self) -> int:
        """Estimated bytes held."""
        return self._bytes

    def get(self, key: Hashable, compute: Callable[[], T], size: Callable[[T], int] = estimate_size) -> T:
        """The value of ``key``, computed by ``compute()`` once if missing (single flight)."""
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return item[0]
            flight = self._flights.get(key)
            owner = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
                self.misses += 1
        if not owner:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = compute()
        except BaseException as exc:
            flight.error = exc
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
            raise
        flight.value = value
        with self._lock:
            self._flights.pop(key, None)
            if self.max_bytes > 0:
                nbytes = int(size(value))
                if nbytes <= self.max_bytes:
                    old = self._items.pop(key, None)
                    self._bytes -= old[1] if old else 0
                    self._items[key] = (value, nbytes)
                    self._bytes += nbytes
                    self._trim()
        flight.done.set()
        return value

    def _trim(self) -> None:
        while self._bytes > self.max_bytes and self._items:
            _, (_, nbytes) = self._items.popitem(last=False)
            self._bytes -= nbytes

    def invalidate(self, workspace: str, log: str | None = None) -> int:
        """Drop the entries of one log (or of every log of ``workspace``); returns how many."""
        with self._lock:
            gone = [k for k in self._items if isinstance(k, tuple) and len(k) >= 2 and k[0] == workspace
                    and (log is None or k[1] == log)]
            for k in gone:
                self._bytes -= self._items.pop(k)[1]
            return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
