"""The query layer's side: ``sagsflow.query.portable`` on DuckDB (the workspace) or Spark (the Parquet store)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from sagsflow.query import portable
from sagsflow.query.engine import DuckDBEngine, SparkEngine
from sagsflow.store.workspace import Workspace


def main(workspace: str, store: str, which: str) -> None:
    ws = Workspace.open(workspace, read_only=True)
    eng: Any = DuckDBEngine(ws.con) if which == "duckdb" else SparkEngine.local(store)
    out: dict[str, Any] = {}
    for name, fn in (("dfg", portable.directly_follows), ("variants", portable.variants)):
        res = fn(eng, "bench")
        times = []
        for _ in range(3):
            t = time.perf_counter()
            res = fn(eng, "bench")
            times.append(time.perf_counter() - t)
        out[name] = min(times)
        rows = res.to_pylist()
        if name == "dfg":
            out["dfg_rows"] = sorted((r["source"], r["target"], r["frequency"], r["cases"],
                                      round(r["duration_mean"] or 0, 6), r["duration_median"]) for r in rows)
        else:
            out["variants_rows"] = sorted((r["activities"], r["n_cases"]) for r in rows)
    with open(f"{store}/ours-{which}.json", "w", encoding="utf-8") as f:
        json.dump(out, f)
    print(which, {k: v for k, v in out.items() if not k.endswith("rows")})


if __name__ == "__main__":
    main(*sys.argv[1:4])
