"""Import benchmark: 1M and 10M synthetic events from CSV and Parquet, 1M from XES, vs PM4Py.

PM4Py's side reads the file and runs ``pm4py.format_dataframe`` (pandas or Polars reader, whichever is
faster) and ``pm4py.read_xes``. Ours is the whole import: parse, map, pseudonymise the resource
column with a keyed HMAC, mask CPR numbers in text, sort and store in DuckDB.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# heavy modules are imported when a step's module loads, before the timer starts: both sides are
# measured warm, as in a long-running server or nightly pipeline
import pandas as pd
import pm4py
import polars as pl

import sagsflow
import sagsflow.ingest.apply
import sagsflow.ingest.csv_source
import sagsflow.ingest.parquet_source
import sagsflow.ingest.pseudonymise
import sagsflow.ingest.xes
from bench._harness import Measurement, measure, table

KEY = "ab" * 32
MAPPING = {
    "name": "bench",
    "case_id": "case",
    "activity": "activity",
    "timestamp": {"column": "time", "format": "iso"},
    "resource": {"column": "resource", "data_class": "employee_id"},
}


def make_files(n_events: int, folder: str) -> dict[str, str]:
    """Synthetic log: ~10 events per case, 25 activities, 200 resources, one numeric and one text attribute."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute(
        f"""CREATE TABLE t AS SELECT
            'C' || lpad(((i // 10))::VARCHAR, 8, '0') AS case,
            'Activity ' || ((hash(i) % 25))::VARCHAR AS activity,
            strftime(TIMESTAMP '2023-01-01' + to_seconds((i // 10) * 60 + (i % 10) * 3600), '%Y-%m-%dT%H:%M:%S')
                AS time,
            'R' || ((hash(i // 10) % 200))::VARCHAR AS resource,
            (hash(i) % 10000) / 100.0 AS amount,
            'unit ' || ((i // 10) % 7)::VARCHAR AS unit
        FROM range({n_events}) r(i)"""
    )
    base = Path(folder) / f"log_{n_events}"
    con.execute(f"COPY t TO '{base}.csv' (HEADER, DELIMITER ',')")
    con.execute(f"COPY t TO '{base}.parquet' (FORMAT parquet)")
    return {"csv": f"{base}.csv", "parquet": f"{base}.parquet"}


def make_xes(parquet: str, target: str) -> str:
    import pyarrow.parquet as pq

    from sagsflow.ingest.xes import write_xes

    t = pq.read_table(parquet)
    import pyarrow as pa
    import pyarrow.compute as pc

    ts = pc.assume_timezone(pc.strptime(t["time"], format="%Y-%m-%dT%H:%M:%S", unit="us"), "UTC")
    canon = pa.table({"case_id": t["case"], "activity": t["activity"], "timestamp": ts,
                      "resource": t["resource"], "amount": t["amount"]})
    write_xes(canon, target)
    return target


# ---------------------------------------------------------------- steps run in subprocesses
def ours(path: str, fmt: str) -> int:
    ws_dir = tempfile.mkdtemp(prefix="sf-bench-")
    mapping = MAPPING if fmt != "xes" else None
    res = sagsflow.import_log(path, workspace=ws_dir, log="bench", mapping=mapping, key=KEY)
    return res.record.events_added or 0


def pm4py_pandas_csv(path: str) -> int:
    df = pd.read_csv(path)
    df = pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="time")
    return len(df)


def pm4py_polars_csv(path: str) -> int:
    df = pl.read_csv(path).to_pandas()
    df = pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="time")
    return len(df)


def pm4py_pandas_parquet(path: str) -> int:
    df = pd.read_parquet(path)
    df = pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="time")
    return len(df)


def pm4py_polars_parquet(path: str) -> int:
    df = pl.read_parquet(path).to_pandas()
    df = pm4py.format_dataframe(df, case_id="case", activity_key="activity", timestamp_key="time")
    return len(df)


def pm4py_xes(path: str) -> int:
    return len(pm4py.read_xes(path))


def _fastest(*ms: Measurement) -> Measurement:
    return min(ms, key=lambda m: m.seconds)


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000)) -> str:
    out = []
    with tempfile.TemporaryDirectory(prefix="sf-bench-files-") as folder:
        rows = []
        for n in sizes:
            files = make_files(n, folder)
            label = f"{n // 1_000_000}M"
            for fmt in ("csv", "parquet"):
                mine = measure(f"sagsflow {fmt} {label}", "bench.bench_import:ours", path=files[fmt], fmt=fmt)
                theirs = _fastest(
                    measure(f"pm4py pandas {fmt}", f"bench.bench_import:pm4py_pandas_{fmt}", path=files[fmt]),
                    measure(f"pm4py polars {fmt}", f"bench.bench_import:pm4py_polars_{fmt}", path=files[fmt]),
                )
                rows.append((f"{fmt.upper()} {label} events ({theirs.label})", mine, theirs))
            if n == 1_000_000:
                xes = make_xes(files["parquet"], os.path.join(folder, "log_1M.xes.gz"))
                mine = measure("sagsflow xes", "bench.bench_import:ours", path=xes, fmt="xes")
                theirs = measure("pm4py.read_xes", "bench.bench_import:pm4py_xes", path=xes)
                rows.append(("XES.gz 1M events (pm4py.read_xes)", mine, theirs))
        out.append(table("Import (read + format + store)", rows))
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
