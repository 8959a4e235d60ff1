"""Import benchmark: 1M and 10M synthetic events from CSV and Parquet, 1M from XES, vs PM4Py.

PM4Py's side (``bench.import_pm4py``) reads the file and runs ``pm4py.format_dataframe`` (pandas or Polars
reader, whichever is faster) and ``pm4py.read_xes``. Ours is the whole import: parse, map, pseudonymise the resource
column with a keyed HMAC, mask CPR numbers in text, sort and store in DuckDB.

``python -m bench --quick --only bench_import`` runs the set for iterating (1M CSV, 1M Parquet, 1M XES,
a few minutes); ``make bench`` the full set (also 10M, the public logs in ``../shared/data``, wide
sources and cancel). Every workspace and file the run makes lives in one ``sf-bench-files-*`` folder
under the temporary directory, removed at the end (each workspace as soon as its step is measured).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

# heavy modules are imported when a step's module loads, before the timer starts: both sides are
# measured warm, as in a long-running server or nightly pipeline. PM4Py's side lives in bench.import_pm4py,
# so this module (Sagsflow's steps) does not load PM4Py, pandas or Polars into its peak memory.
import sagsflow
import sagsflow.ingest.apply
import sagsflow.ingest.csv_source
import sagsflow.ingest.parquet_source
import sagsflow.ingest.pseudonymise
import sagsflow.ingest.xes
from bench._harness import Measurement, measure, table
from sagsflow.i18n import _
from sagsflow.ingest.pipeline import _default_memory_limit

# once-per-process costs are paid before the timer too, as PM4Py's imports are: the message catalogues (parsed
# from their .po files on first use) and DuckDB's default memory limit (asked of a fresh database once)
_("done")
_default_memory_limit()

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
def ours(path: str, fmt: str, workspace: str) -> int:
    mapping = MAPPING if fmt != "xes" else None
    res = sagsflow.import_log(path, workspace=workspace, log="bench", mapping=mapping, key=KEY)
    return res.record.events_added or 0


def measure_ours(label: str, path: str, fmt: str, folder: str) -> Measurement:
    """Our import of ``path`` into a new workspace in ``folder``, removed once measured."""
    workspace = tempfile.mkdtemp(prefix="ws-", dir=folder)
    try:
        return measure(label, "bench.bench_import:ours", path=path, fmt=fmt, workspace=workspace)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


# ---------------------------------------------------------------- wide sources and cancel (issue #12)
def make_wide(folder: str, n_columns: int, n_bytes: int = 1_000_000) -> str:
    """A CSV of about ``n_bytes`` with ``n_columns`` attribute columns (small numbers and codes)."""
    per_row = n_columns * 3 + 40
    n_rows = max(n_bytes // per_row, 6)
    path = Path(folder) / f"wide_{n_columns}.csv"
    with open(path, "w") as f:
        f.write(",".join(["case", "activity", "time", *(f"col{k}" for k in range(n_columns))]) + "\n")
        for r in range(n_rows):
            values = [f"c{r // 3}", f"A{r % 3}", f"2024-01-{1 + r % 28:02d}T10:00:00"]
            values += [str((r * 7 + k) % 100) if k % 2 else f"k{k % 9}" for k in range(n_columns)]
            f.write(",".join(values) + "\n")
    return str(path)


def wide(path: str, max_columns: int, workspace: str) -> str:
    from sagsflow.ingest.limits import Limits

    ws_dir = workspace
    try:
        res = sagsflow.import_log(path, workspace=ws_dir, log="wide", key=KEY, limits=Limits(max_columns=max_columns),
                                  mapping={**{k: v for k, v in MAPPING.items() if k != "resource"},
                                           "timestamp": "time"})
    except sagsflow.SagsflowError as exc:
        return f"refused: {exc.message[:80]}"
    return f"{res.log.n_events} events, {len(res.log.schema.attributes)} attributes"


def cancel_latency(path: str, workspace: str) -> float:
    """Seconds from setting the cancel flag (in the mapping step, during a long statement) to the import's end."""
    import threading
    import time

    cancel = threading.Event()
    set_at: list[float] = []

    def progress(fraction: float, message: str) -> None:
        if fraction >= 0.55 and not cancel.is_set():
            set_at.append(time.perf_counter())
            cancel.set()

    try:
        sagsflow.import_log(path, workspace=workspace, log="c", mapping=MAPPING, key=KEY,
                            progress=progress, cancel=cancel)
    except sagsflow.SagsflowError:
        return time.perf_counter() - set_at[0]
    return float("nan")  # finished before the flag was seen


def wide_and_cancel(folder: str, csv_10m: str | None, csv_1m: str) -> str:
    lines = ["### Wide sources and cancel", "",
             "| task | seconds | peak MB | result |", "|---|---:|---:|---|"]
    # the first row is refused at the default limit; the others are imported with the limit raised to their width,
    # to show that the time grows linearly with the columns (the rows shrink as the columns grow: 1 MB each)
    for n, limit in ((10_000, 1000), (500, 503), (1_000, 1003), (2_000, 2003), (4_000, 4003)):
        path = make_wide(folder, n)
        workspace = tempfile.mkdtemp(prefix="ws-", dir=folder)
        m = measure(f"wide {n}", "bench.bench_import:wide", path=path, max_columns=limit, workspace=workspace)
        shutil.rmtree(workspace, ignore_errors=True)
        lines.append(f"| CSV, 1 MB, {n + 3:,} columns (limit {limit:,}) | {m.seconds:.2f} | {m.peak_mb:.0f} "
                     f"| {m.result} |")
    for label, csv in (("1M", csv_1m), ("10M", csv_10m)):
        if csv is None:
            continue
        workspace = tempfile.mkdtemp(prefix="ws-", dir=folder)
        m = measure(f"cancel {label}", "bench.bench_import:cancel_latency", path=csv, workspace=workspace)
        shutil.rmtree(workspace, ignore_errors=True)
        lines.append(f"| cancel a CSV {label} import in its mapping step: seconds from the flag to the end "
                     f"| {float(str(m.result)):.2f} | {m.peak_mb:.0f} | nothing stored |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the public logs in ../shared/data
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def public_xes_logs(folder: Path = SHARED_DATA) -> list[Path]:
    """The public XES logs beside the project (``../shared/data``), smallest first; none when it is absent."""
    return sorted(folder.glob("*.xes.gz"), key=lambda p: p.stat().st_size) if folder.is_dir() else []


def real_logs(folder: str) -> list[tuple[str, Measurement, Measurement]]:
    """Each public XES log imported with the inferred mapping, beside ``pm4py.read_xes`` of the same file."""
    rows = []
    for path in public_xes_logs():
        mine = measure_ours(f"sagsflow {path.name}", str(path), "xes", folder)
        theirs = measure(f"pm4py.read_xes {path.name}", "bench.import_pm4py:pm4py_xes", path=str(path))
        rows.append((f"{path.name.removesuffix('.xes.gz')}, {int(str(theirs.result)):,} events (pm4py.read_xes)",
                     mine, theirs))
    return rows


def _fastest(*ms: Measurement) -> Measurement:
    return min(ms, key=lambda m: m.seconds)


def main(sizes: tuple[int, ...] = (1_000_000, 10_000_000), wide_only: bool = False, quick: bool = False) -> str:
    """The import tables; ``quick``: 1M CSV, Parquet and XES only (no public logs, wide sources or cancel)."""
    out = []
    if quick:
        sizes = (1_000_000,)
    with tempfile.TemporaryDirectory(prefix="sf-bench-files-") as folder:
        if wide_only:
            return wide_and_cancel(folder, None, make_files(1_000_000, folder)["csv"])
        rows = []
        csvs: dict[int, str] = {}
        for n in sizes:
            print(f"making {n:,} synthetic events (CSV, Parquet{', XES' if n == 1_000_000 else ''}) ...",
                  file=sys.stderr, flush=True)
            files = make_files(n, folder)
            csvs[n] = files["csv"]
            label = f"{n // 1_000_000}M"
            for fmt in ("csv", "parquet"):
                mine = measure_ours(f"sagsflow {fmt} {label}", files[fmt], fmt, folder)
                theirs = _fastest(
                    measure(f"pm4py pandas {fmt} {label}", f"bench.import_pm4py:pm4py_pandas_{fmt}", path=files[fmt]),
                    measure(f"pm4py polars {fmt} {label}", f"bench.import_pm4py:pm4py_polars_{fmt}", path=files[fmt]),
                )
                rows.append((f"{fmt.upper()} {label} events ({theirs.label.rsplit(' ', 1)[0]})", mine, theirs))
            if n == 1_000_000:
                xes = make_xes(files["parquet"], os.path.join(folder, "log_1M.xes.gz"))
                mine = measure_ours("sagsflow xes 1M", xes, "xes", folder)
                theirs = measure("pm4py.read_xes 1M", "bench.import_pm4py:pm4py_xes", path=xes)
                rows.append(("XES.gz 1M events (pm4py.read_xes)", mine, theirs))
        out.append(table("Import (read + format + store)", rows))
        if quick:
            return "\n".join(out)
        real = real_logs(folder)
        if real:
            out.append(table(f"Import of the public XES logs in {SHARED_DATA} (inferred mapping)", real))
        out.append(wide_and_cancel(folder, csvs.get(10_000_000), csvs.get(1_000_000) or next(iter(csvs.values()))))
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
