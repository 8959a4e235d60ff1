"""What both sides of the comparison share: timing each operation and keeping its rows (standard library only, so
the Ibis side's own virtualenv can import it too)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any


def measure(jobs: dict[str, Callable[[], Any]], edge: tuple[str, str], *, catch: bool = False) -> dict[str, Any]:
    """Best of 3 after one run for each job (``dfg``, ``variants``), with the rows to compare; ``edge`` names the
    source and target columns of the ``dfg`` result. With ``catch`` a refusal is kept as the finding."""
    out: dict[str, Any] = {}
    for name, fn in jobs.items():
        try:
            res = fn()
            times = []
            for _ in range(3):
                t = time.perf_counter()
                res = fn()
                times.append(time.perf_counter() - t)
        except Exception as exc:
            if not catch:
                raise
            out[name] = f"error: {type(exc).__name__}: {str(exc)[:300]}"
            continue
        out[name] = min(times)
        rows = res.to_pylist()
        if name == "dfg":
            out["dfg_rows"] = sorted((r[edge[0]], r[edge[1]], r["frequency"], r["cases"],
                                      round(r["duration_mean"] or 0, 6), r["duration_median"]) for r in rows)
        else:
            out["variants_rows"] = sorted((r["activities"], r["n_cases"]) for r in rows)
    return out


def save(path: str, which: str, out: dict[str, Any]) -> None:
    """Write the result to ``path`` and print its times."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f)
    print(which, {k: v for k, v in out.items() if not k.endswith("rows")})
