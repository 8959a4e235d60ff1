"""Faults injected into alignment worker processes (through ``sagsflow.conformance.align._worker_hook``).

The functions run inside the worker: they must be importable there, so they live in a module, not a test."""

from __future__ import annotations

import os
import signal
from typing import Any


def _activities(task: Any) -> set[str]:
    # a conformance task is (projected trace, [original traces]); a precision task is the prefix itself
    if task and isinstance(task[0], tuple):
        return {a for trace in task[1] for a in trace}
    return set(task)


def kill_once(marker: str, activity: str, task: Any) -> None:
    """Kill this worker (SIGKILL, as the out-of-memory killer does) the first time it gets a task whose
    trace holds ``activity``; ``marker`` is a file that records that it happened. Two workers may get such a task
    at the same moment: creating the marker is the atomic test-and-set (O_EXCL), so exactly one of them dies."""
    if activity not in _activities(task):
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)


def kill_always(marker: str, activity: str, task: Any) -> None:
    """Kill every worker that gets a task whose trace holds ``activity``; append a line to ``marker`` each time."""
    if activity in _activities(task):
        with open(marker, "a") as f:
            f.write(f"{os.getpid()}\n")
        os.kill(os.getpid(), signal.SIGKILL)


def divide(n: int) -> float:
    """A task function that fails on 0 like any bug would."""
    return 1 / n
