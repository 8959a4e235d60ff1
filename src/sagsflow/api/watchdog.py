"""One thread that interrupts the requests' DuckDB queries running past their time limit.

A timer thread per request would cost a thread start for every request; this keeps the deadlines in a heap and
sleeps until the earliest one.

Examples
--------
>>> import time
>>> fired = []
>>> dog = Watchdog()
>>> token = dog.arm(0.05, lambda: fired.append("late"))
>>> dog.disarm(dog.arm(0.05, lambda: fired.append("finished in time")))
>>> time.sleep(0.2); fired
['late']
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable


class Watchdog:
    """Calls ``action()`` of an armed deadline when it passes, unless it was disarmed before."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int]] = []
        self._actions: dict[int, Callable[[], object]] = {}
        self._ids = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, action: Callable[[], object]) -> int:
        """Call ``action`` in ``seconds`` unless :meth:`disarm` is called with the returned token first."""
        token = next(self._ids)
        with self._cond:
            self._actions[token] = action
            heapq.heappush(self._heap, (time.monotonic() + seconds, token))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sagsflow-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
        return token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._actions.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] not in self._actions:
                    heapq.heappop(self._heap)  # disarmed
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _, token = heapq.heappop(self._heap)
                action = self._actions.pop(token, None)
            if action is not None:
                with contextlib.suppress(Exception):  # an interrupt of a cursor already closed
                    action()
