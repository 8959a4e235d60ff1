"""Fake but CPR-shaped numbers (ddmmyy-ssss) that are unique per citizen and are nobody's real number.

The date part is the citizen's birth date; the first serial digit follows the CPR century rule
(0-3 for 1900-1999, 4 or 9 for 2000-2036); the last digit is odd for men and even for women. Every
number deliberately FAILS the modulus-11 check, which every CPR number issued before 2007 passes,
so no generated number (birth years 1955-2007) belongs to a real person. Real numbers issued after
2007 need not pass modulus 11, so CPR detection must never rely on it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sagsflow.demo._text import byte_matrix, civil, to_strings

WEIGHTS = np.array([4, 3, 2, 7, 6, 5, 4, 3, 2, 1])


def mod11_valid(digits: np.ndarray) -> np.ndarray:
    """Whether rows of 10 CPR digits pass the (old) modulus-11 check."""
    return (np.asarray(digits) @ WEIGHTS) % 11 == 0


def fake_cpr(birth_day: np.ndarray, male: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """CPR digits (n, 10) for citizens; distinct for distinct citizens, modulus-11 invalid.

    Returns the digit matrix and, per row, whether it passes modulus 11 (always False; kept so the
    tests can check it). Format the digits with :func:`cpr_strings`.
    """
    n = len(birth_day)
    y, mo, d = civil(birth_day)
    digits = np.zeros((n, 10), dtype=np.int64)
    for j, (v, w) in enumerate(((d, 2), (mo, 2), (y % 100, 2))):
        for k in range(w):
            digits[:, 2 * j + k] = v // 10 ** (w - 1 - k) % 10
    # rank of each citizen among those with the same birth day and gender -> distinct serials
    key = np.asarray(birth_day, dtype=np.int64) * 2 + male.astype(np.int64)
    order = np.lexsort((rng.random(n), key))
    sk = key[order]
    first = np.r_[True, sk[1:] != sk[:-1]]
    grp_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - grp_start
    group = np.empty(n, dtype=np.int64)
    group[order] = np.cumsum(first) - 1
    slot = rank + rng.integers(0, 1600, int(first.sum()))[group]   # distinct within a group while rank < 1600
    prefix_perm = rng.permutation(400)                        # 3-digit serial prefixes, shuffled
    p = prefix_perm[(slot // 4) % 400]
    s1 = p // 100
    s1 = np.where(y >= 2000, np.where(s1 % 2 == 0, 4, 9), s1)  # century digit
    digits[:, 6] = s1
    digits[:, 7] = p // 10 % 10
    digits[:, 8] = p % 10
    base = np.where(male, 1, 0)
    bad = (-(digits[:, :9] @ WEIGHTS[:9])) % 11                # the last digit that would pass modulus 11
    last = base + 2 * (slot % 4)
    last = np.where((bad % 2 == base) & (bad <= last) & (bad <= 9), last + 2, last)
    digits[:, 9] = last
    return digits, mod11_valid(digits)


def cpr_strings(digits: np.ndarray, dash: bool = True) -> pa.Array:
    """Format digit rows as "ddmmyy-ssss" (or "ddmmyyssss")."""
    n = len(digits)
    mat = byte_matrix(n, "000000-0000" if dash else "0000000000")
    for k in range(6):
        mat[:, k] = 48 + digits[:, k]
    off = 7 if dash else 6
    for k in range(4):
        mat[:, off + k] = 48 + digits[:, 6 + k]
    return to_strings(mat)
