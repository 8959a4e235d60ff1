"""Handing freed memory back to the operating system before large work.

glibc's allocator keeps memory that Python, numpy and Arrow free in its heaps for reuse instead of returning it,
and freed blocks scattered among live ones stay with the process. After a large result is dropped (the
employment-dk rule pack on 98M events returns 65M rows, 6.2 GB of Arrow), the process kept 10.6 GB, and a second
pack started on top of it peaked at 17-18 GiB against 13.3 GiB for the first; ``malloc_trim`` handed 5.3 GB back
and the second pack then peaked at 13.3 GiB too (docs/benchmarks.md, "100M events on one machine"). Large
evaluations call :func:`release_freed_memory` first.

>>> release_freed_memory() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    """glibc's ``malloc_trim``, or None where there is none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Return the free pages of the C heap to the operating system (glibc's ``malloc_trim(0)``); True when some
    were returned, False when none were or the platform has no such call. Memory in use is not touched."""
    trim = _libc()
    return bool(trim(0)) if trim is not None else False
