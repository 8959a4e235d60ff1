"""The query layer's side: ``sagsflow.query.portable`` on DuckDB (the workspace) or Spark (the Parquet store)."""

from __future__ import annotations

import sys
from typing import Any

from _common import measure, save

from sagsflow.query import portable
from sagsflow.query.engine import DuckDBEngine, SparkEngine
from sagsflow.store.workspace import Workspace


def main(workspace: str, store: str, which: str) -> None:
    ws = Workspace.open(workspace, read_only=True)
    eng: Any = DuckDBEngine(ws.con) if which == "duckdb" else SparkEngine.local(store)
    out = measure({"dfg": lambda: portable.directly_follows(eng, "bench"),
                   "variants": lambda: portable.variants(eng, "bench")}, ("source", "target"))
    save(f"{store}/ours-{which}.json", which, out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
