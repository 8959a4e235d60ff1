"""Ibis's side: the same two operations as Ibis expressions, on DuckDB (the workspace file) or Spark (pyspark
backend, the Parquet store). Runs in a virtual environment with ``ibis-framework[duckdb,pyspark]`` (README.md)."""

from __future__ import annotations

import sys
from typing import Any

import ibis
from _common import measure, save
from ibis import _

START, END = -1, -2


def main(workspace: str, store: str, which: str) -> None:
    if which == "duckdb":
        con = ibis.duckdb.connect(f"{workspace}/events.duckdb", read_only=True)
        ev, acts = con.table("events", database="log_bench"), con.table("activities", database="log_bench")
    else:
        from pyspark.sql import SparkSession

        s = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").config("spark.driver.memory", "2g")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        s.sparkContext.setLogLevel("FATAL")
        con = ibis.pyspark.connect(s)
        ev = con.read_parquet(f"{store}/bench/events.parquet")
        acts = con.read_parquet(f"{store}/bench/activities.parquet")

    def dfg() -> Any:
        w = ibis.window(group_by=ev.case_idx, order_by=ev.event_idx)
        arrive = ibis.coalesce(ev.start_timestamp.lead().over(w), ev.timestamp.lead().over(w))
        steps = ev.mutate(a=ev.activity_code.cast("int32"), b=ev.activity_code.lead().over(w).cast("int32"),
                          d=arrive.epoch_seconds() - ev.timestamp.epoch_seconds(),
                          is_first=ibis.row_number().over(w) == 0)
        none = ibis.null("float64")
        first = steps.filter(_.is_first).select(case_idx=_.case_idx, s=ibis.literal(START).cast("int32"), t=_.a,
                                                d=none)
        inner = steps.filter(_.b.notnull()).select(case_idx=_.case_idx, s=_.a, t=_.b, d=_.d.cast("float64"))
        last = steps.filter(_.b.isnull()).select(case_idx=_.case_idx, s=_.a, t=ibis.literal(END).cast("int32"),
                                                 d=none)
        e = first.union(inner).union(last)
        per_case = e.group_by(["s", "t", "case_idx"]).aggregate(n=_.count())
        counts = per_case.group_by(["s", "t"]).aggregate(frequency=_.n.sum(), cases=_.count(),
                                                         max_repetitions=_.n.max())
        times = e.group_by(["s", "t"]).aggregate(duration_mean=_.d.mean(), duration_median=_.d.quantile(0.5))
        return counts.join(times, ["s", "t"]).order_by(["s", "t"]).to_pyarrow()

    def variants() -> Any:
        per_case = ev.group_by("case_idx").aggregate(
            seq=ev.activity_code.collect(order_by=ev.event_idx),
            duration_s=ev.timestamp.max().epoch_seconds() - ev.timestamp.min().epoch_seconds())
        v = per_case.group_by("seq").aggregate(n_cases=_.count(), representative=_.case_idx.min(),
                                               mean_duration_s=_.duration_s.mean(),
                                               median_duration_s=_.duration_s.quantile(0.5))
        reps = ev.filter(ev.case_idx.isin(v.representative)).join(acts, "activity_code")
        labels = reps.group_by("case_idx").aggregate(activities=reps.activity.collect(order_by=reps.event_idx))
        return v.join(labels, v.representative == labels.case_idx).order_by([ibis.desc("n_cases"), "seq"]).to_pyarrow()

    out = measure({"dfg": dfg, "variants": variants}, ("s", "t"), catch=True)  # a refusal is the finding
    save(f"{store}/ibis-{which}.json", which, out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
