"""A bounded, thread-safe cache of computed aggregates with single-flight computation.

Keys are tuples whose first two items are the workspace folder and the log name, so everything of one log can
be dropped at once (:meth:`AggregateCache.invalidate`, on import and delete); the log's version stamp is part of
the key as well, so an entry of an older version is never served even before it is dropped. Entries are evicted
least recently used first when their estimated size passes ``max_bytes``. When several threads ask for the same
missing key at once, one computes it and the others wait for its result (or its exception, which is not
cached).

At most ``compute_slots`` computations run at once (nested ones, an overview asking for the variants, share
their caller's slot, and a thread waiting for another's result gives its slot up meanwhile). The server's
threads then spend the interpreter on cached answers instead of dozens of cold computations taking turns with
each other: a cache hit does not wait for a slot.

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


#: containers longer than this are sized from an even sample of their items
_SAMPLE = 32


def estimate_size(value: Any, _depth: int = 0) -> int:
    """A rough size in bytes of a computed value: numpy and Arrow data (anything with an integer ``nbytes``) by
    ``nbytes``, containers and dataclasses summed over their items (four levels deep; long containers from an
    even sample of :data:`_SAMPLE` items), anything else by ``sys.getsizeof``.

    >>> estimate_size(np.zeros(1000))
    8000
    >>> 100_000 < estimate_size([{"a": float(i)} for i in range(1000)]) < 1_000_000
    True
    """
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):  # Arrow tables and arrays, objects that know their size
        return nbytes
    if _depth > 4:
        return 64
    if isinstance(value, dict):
        return 64 + _sum_sampled([*value.keys(), *value.values()], _depth)
    if isinstance(value, (list, tuple, set, frozenset)):
        return 56 + _sum_sampled(value if isinstance(value, (list, tuple)) else list(value), _depth)
    if hasattr(value, "__dataclass_fields__"):
        return 64 + sum(estimate_size(getattr(value, f, None), _depth + 1) for f in value.__dataclass_fields__)
    return sys.getsizeof(value)


def _sum_sampled(items: Any, depth: int) -> int:
    n = len(items)
    if n <= _SAMPLE:
        return sum(estimate_size(v, depth + 1) for v in items)
    step = n / _SAMPLE
    return int(sum(estimate_size(items[int(i * step)], depth + 1) for i in range(_SAMPLE)) * n / _SAMPLE)


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
    compute_slots : int
        How many computations may run at once (0: no limit).
    """

    def __init__(self, max_bytes: int, compute_slots: int = 0) -> None:
        self.max_bytes = int(max_bytes)
        self._slots = threading.Semaphore(compute_slots) if compute_slots > 0 else None
        self._local = threading.local()
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
            self._wait(flight)
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = self._compute(compute)
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

    def _compute(self, compute: Callable[[], T]) -> T:
        """Run ``compute`` in a slot (the caller's own when it already holds one)."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0 and self._slots is not None:
            self._slots.acquire()
        self._local.depth = depth + 1
        try:
            return compute()
        finally:
            self._local.depth = depth
            if depth == 0 and self._slots is not None:
                self._slots.release()

    def _wait(self, flight: _Flight) -> None:
        """Wait for another thread's computation, lending this thread's slot (if any) meanwhile."""
        held = getattr(self._local, "depth", 0) > 0 and self._slots is not None
        if held:
            assert self._slots is not None
            self._slots.release()
        try:
            flight.done.wait()
        finally:
            if held:
                assert self._slots is not None
                self._slots.acquire()

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
