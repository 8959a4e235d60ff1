"""Freed memory goes back to the operating system when the library asks (``sagsflow.memory``)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from sagsflow.memory import _libc, release_freed_memory


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux") or _libc() is None, reason="needs glibc's malloc_trim")
def test_freed_heap_memory_is_handed_back() -> None:
    """Blocks freed between live ones stay with the process (what a dropped rule-pack result leaves); after
    release_freed_memory the process holds less, and the live blocks are intact."""
    blocks = [np.full(8_000, i, dtype=np.int64) for i in range(8_000)]  # 64 KB each, from the heap: 512 MB
    live = blocks[::2]
    del blocks  # every other block freed: 256 MB of holes between live blocks
    before = _rss_mb()
    assert release_freed_memory()
    after = _rss_mb()
    assert before - after > 128, (before, after)
    assert all(int(b[0]) == 2 * i and int(b[-1]) == 2 * i for i, b in enumerate(live))
