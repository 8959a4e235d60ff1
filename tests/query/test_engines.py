"""The engine contract: every portable operation gives the same answer on DuckDB and on Spark (``local[2]``), for
the whole log and for every filter type, and on DuckDB it equals the product's fast paths.

Spark reads each log's Parquet store (``sagsflow.store.parquet.export_log``); the queries are the DuckDB ones,
written in Spark's dialect by ``sagsflow.query.dialects.transpile``. The Spark session and the demo workspace are
``tests/query/conftest.py``'s.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import sagsflow
import sagsflow.filters as F
from sagsflow.log import EventLog
from sagsflow.query import portable
from sagsflow.query.dialects import NotPortableError, transpile
from sagsflow.query.engine import DuckDBEngine, SparkEngine
from sagsflow.store.parquet import export_log
from sagsflow.store.workspace import Workspace
from sagsflow.testing.strategies import store_events
from tests.conftest import shared_data_dir
from tests.filters.test_examples import EVENTS

OPERATIONS = (portable.directly_follows, portable.variants, portable.case_statistics)


def _value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(UTC)
    return v


def assert_same(a: pa.Table, b: pa.Table, what: str) -> None:
    """Equal tables: the same columns and rows in the same order; floats equal to 1e-9 relative (sums in another
    order), instants equal in any time zone."""
    assert a.column_names == b.column_names, what
    assert a.num_rows == b.num_rows, f"{what}: {a.num_rows} rows on DuckDB, {b.num_rows} on Spark"
    for name in a.column_names:
        xs, ys = a.column(name).to_pylist(), b.column(name).to_pylist()
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            if isinstance(x, float) and isinstance(y, float):
                assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), f"{what}: row {i} {name}: {x} != {y}"
            else:
                assert _value(x) == _value(y), f"{what}: row {i} {name}: {x!r} != {y!r}"


def check_engines(log: EventLog, spark: SparkEngine, *, events: str | None = None) -> dict[str, pa.Table]:
    """Every operation on both engines (the log's Parquet store written first); returns DuckDB's answers."""
    export_log(log.workspace, log.name, spark.root)
    spark.forget(log.name)
    duck = DuckDBEngine(log.workspace.con)
    out = {}
    for op in OPERATIONS:
        a = op(duck, log.name, events=events)
        assert a.num_rows > 0, f"{op.__name__} of {log.name} is empty"
        assert_same(a, op(spark, log.name, events=events), f"{op.__name__} of {log.name}")
        out[op.__name__] = a
    return out


def assert_fast_paths(log: EventLog, answers: dict[str, pa.Table]) -> None:
    """The portable answers on DuckDB equal the product's own analyses of the same (filtered) log."""
    dfg = sagsflow.discover_dfg(log)
    edges = answers["directly_follows"]
    assert edges.column("source").to_pylist() == dfg.source.tolist()
    assert edges.column("target").to_pylist() == dfg.target.tolist()
    assert edges.column("frequency").to_pylist() == dfg.edge_frequency.tolist()
    assert edges.column("cases").to_pylist() == dfg.edge_cases.tolist()
    assert edges.column("max_repetitions").to_pylist() == dfg.edge_max_repetitions.tolist()
    assert dfg.edge_duration is not None
    for stat in ("mean", "median", "min", "max"):
        ours = np.array(edges.column(f"duration_{stat}").to_pylist(), dtype=float)
        np.testing.assert_allclose(ours, dfg.edge_duration.get(stat), rtol=1e-9, equal_nan=True, err_msg=stat)
    fast = sagsflow.variants(log).to_arrow()
    var = answers["variants"]
    assert var.column("activities").to_pylist() == fast.column("activities").to_pylist()
    assert var.column("n_cases").to_pylist() == fast.column("n_cases").to_pylist()
    np.testing.assert_allclose(var.column("mean_duration_s").to_numpy(), fast.column("mean_duration_s").to_numpy(),
                               rtol=1e-9)
    np.testing.assert_allclose(var.column("median_duration_s").to_numpy(),
                               fast.column("median_duration_s").to_numpy(), rtol=1e-9)
    cases = answers["case_statistics"]
    table = sagsflow.case_table(log).to_arrow()
    assert sorted(cases.column("case_id").to_pylist()) == sorted(table.column("case_id").to_pylist())
    assert cases.num_rows == log.n_cases


# ----------------------------------------------------------------------------- every filter type
@pytest.fixture(scope="module")
def small() -> EventLog:
    return store_events(Workspace.memory(), "sager", EVENTS)


_T1, _T2 = datetime(2024, 1, 3, tzinfo=UTC), datetime(2024, 1, 9, tzinfo=UTC)
FILTERS = {
    "case attribute": F.case_attribute("region", "Nord"),
    "case id": F.case_id("k1", "k4", "nope"),
    "variants (fingerprints)": F.variants(["Register", "Decide"], ["Check", "Register", "Refund"]),
    "top variants": F.top_variants(1),
    "variant coverage": F.variant_coverage(50),
    "has activity": F.has_activity("Refund"),
    "event attribute": F.event_attribute("resource", "R3", mode="events"),
    "timeframe contained": F.timeframe(_T1, _T2, mode="contained"),
    "timeframe trim": F.timeframe(_T1, _T2, mode="trim"),
    "case duration": F.case_duration(min="2d"),
    "case length": F.case_length(min=3, max=3),
    "processing time": F.processing_time(min="1h"),
    "waiting time": F.waiting_time(max="30min"),
    "node duration": F.node_duration("Request docs", min="3d"),
    "arc duration": F.arc_duration("Register", "Check", max="22h"),
    "directly follows": F.directly_follows("Register", "Check"),
    "eventually follows": F.eventually_follows("Register", "Decide"),
    "rework": F.rework("Request docs", more_than=1),
    "case section": F.case_section("Register", "Decide"),
    "starts with": F.starts_with("Register"),
    "ends with": F.ends_with("Refund", "Nope"),
    "endpoints": F.endpoints(start=["Register"], end=["Decide"]),
    "attribute combination": F.attribute_combination(("channel", "web"), ("resource", "R1"), scope="event"),
    "any of": F.any_of(F.case_attribute("region", "Nord"), F.has_activity("Refund")),
    "stack": F.stack(F.has_activity("Check"), F.case_duration(min="1d")),
}


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_type_gives_the_same_events_on_both_engines(small: EventLog, spark: SparkEngine,
                                                                 name: str) -> None:
    filtered = small.filter(FILTERS[name])
    answers = check_engines(filtered, spark, events=filtered.events_sql())
    assert_fast_paths(filtered, answers)


def test_equal_times_keep_the_source_order_on_both_engines(spark: SparkEngine) -> None:
    """PM4Py's tie-breaking: two events of a case at the same time follow the order of the file."""
    at = datetime(2024, 3, 1, 9, tzinfo=UTC)
    ws = Workspace.memory()
    from tests.filters.filter_helpers import ev

    log = store_events(ws, "ties", [ev("c1", "Zeta", at), ev("c1", "Alpha", at), ev("c2", "Alpha", at),
                                    ev("c2", "Zeta", at)])
    answers = check_engines(log, spark)
    assert sorted(map(tuple, answers["variants"].column("activities").to_pylist())) == [
        ("Alpha", "Zeta"), ("Zeta", "Alpha")]


def test_hostile_labels_travel_unchanged(spark: SparkEngine) -> None:
    """Activity labels with quotes, backslashes and non-Latin letters are data, never SQL, on both engines."""
    from tests.filters.filter_helpers import ev

    labels = ["O'Brien \"x\"", "back\\slash", "Afgørelse ✓", "'); DROP TABLE x; --"]
    log = store_events(Workspace.memory(), "hostile",
                       [ev("c1", a, datetime(2024, 1, 1 + i, tzinfo=UTC)) for i, a in enumerate(labels)])
    answers = check_engines(log, spark, events=log.filter(F.has_activity(labels[3])).events_sql())
    assert answers["variants"].column("activities").to_pylist() == [labels]


# ----------------------------------------------------------------------------- the demo, with its dirty dates
@pytest.mark.parametrize(("name", "dirty"), [("kontanthjaelp_alle", True), ("dagpenge_alle", False)])
def test_demo_logs_on_both_engines(demo: Workspace, spark: SparkEngine, name: str, dirty: bool) -> None:
    log = demo.log(name)
    # the demo's 1900/2099 dates (in this draw, in one of the two logs): left out on both engines alike
    assert (log.plausible_window.n_quarantined > 0) == dirty
    answers = check_engines(log, spark, events=log.events_sql())
    assert_fast_paths(log, answers)
    # and a filtered selection of it
    f = log.filter(F.stack(F.case_duration(min="30d"), F.top_variants(20)))
    assert_fast_paths(f, check_engines(f, spark, events=f.events_sql()))


# ----------------------------------------------------------------------------- public logs
@pytest.mark.realdata
@pytest.mark.parametrize("file", ["Sepsis_Cases-Event_Log.xes.gz", "BPI_Challenge_2012.xes.gz", "BPIC15_1.xes.gz"])
def test_public_logs_on_both_engines(spark: SparkEngine, file: str) -> None:
    """Lifecycle transitions and case attributes (BPIC12, Sepsis), 398 activities (BPIC15_1)."""
    path = shared_data_dir() / file
    log = sagsflow.read_xes(path)
    answers = check_engines(log, spark, events=log.events_sql())
    assert_fast_paths(log, answers)
    first = answers["variants"].column("activities")[0].as_py()
    f = log.filter(F.stack(F.starts_with(first[0]), F.case_length(min=3)))
    assert_fast_paths(f, check_engines(f, spark, events=f.events_sql()))


# ----------------------------------------------------------------------------- the transpiler's refusals
def test_an_ordered_list_keeps_its_order_on_spark() -> None:
    sql = transpile("SELECT list(a ORDER BY i) FROM t GROUP BY c", "spark")
    assert "ARRAY_SORT" in sql and "COLLECT_LIST" in sql


def test_groups_in_a_regexp_replacement_are_written_for_java() -> None:
    """DuckDB's ``\\1`` is Java's ``$1`` (Spark reads ``\\1`` as the digit); a literal ``$`` is escaped."""
    assert transpile(r"SELECT regexp_replace(x, '(a)(b)', '\2-\1 $', 'g')", "spark") == (
        r"SELECT REGEXP_REPLACE(x, '(a)(b)', '$2-$1 \\$')")


def test_whole_value_matches_and_byte_lengths_have_spark_forms() -> None:
    sql = transpile("SELECT regexp_full_match(x, ' *[0-9]+'), strlen(x) FROM t", "spark")
    assert sql == r"SELECT (x RLIKE '^(?: *[0-9]+)\\z'), OCTET_LENGTH(x) FROM t"


@pytest.mark.parametrize("sql", [
    "SELECT regexp_full_match(x, 'a', 'i')",
    "SELECT regexp_replace(x, 'a', 'b')",  # DuckDB: the first match only
    "SELECT regexp_replace(x, 'a', 'b', 'gi')",
    "SELECT list(a ORDER BY i DESC) FROM t GROUP BY c",
    "SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) = 1",
])
def test_constructs_without_a_faithful_form_are_refused(sql: str) -> None:
    with pytest.raises(NotPortableError):
        transpile(sql, "spark")


def test_a_missing_parquet_store_is_named(spark: SparkEngine) -> None:
    with pytest.raises(sagsflow.errors.NotFoundError, match="no Parquet store of log 'absent'"):
        portable.case_statistics(spark, "absent")


def test_only_a_logs_tables_are_read(spark: SparkEngine) -> None:
    with pytest.raises(sagsflow.errors.InvalidParameterError, match="only a log's tables"):
        spark.arrow("SELECT * FROM main.secrets")


def test_the_parquet_store_is_replaced_whole(small: EventLog, tmp_path: Path) -> None:
    first = export_log(small.workspace, small.name, tmp_path)
    (first / "stale.parquet").write_text("left over")
    again = export_log(small.workspace, small.name, tmp_path)
    assert sorted(p.name for p in again.iterdir()) == [
        "activities.parquet", "cases.parquet", "events.parquet", "successors.parquet"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]



def test_a_failed_move_keeps_the_earlier_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new store cannot be moved into place (a full disk, a crash): the earlier one is still there, whole."""
    from sagsflow.store.parquet import replace_store

    target, new = tmp_path / "log", tmp_path / ".log.new.tmp"
    target.mkdir()
    (target / "events.parquet").write_text("earlier")
    new.mkdir()
    (new / "events.parquet").write_text("newer")
    real_rename = Path.rename

    def rename(self: Path, to: Any) -> Path:
        if self == new:
            raise OSError("no space left on device")
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="no space"):
        replace_store(new, target)
    assert (target / "events.parquet").read_text() == "earlier"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".old")]
    monkeypatch.setattr(Path, "rename", real_rename)
    replace_store(new, target)
    assert (target / "events.parquet").read_text() == "newer" and not new.exists()

def test_days_of_the_week_keep_their_numbers_on_spark(small: EventLog, spark: SparkEngine) -> None:
    """sqlglot writes DuckDB's ``isodow`` (Monday 1) as a Spark expression giving Monday 3, and ``dayofweek``
    (Sunday 0) as Spark's ``dayofweek`` (Sunday 1): both rewritten, checked on every event of a log."""
    export_log(small.workspace, small.name, spark.root)
    spark.forget(small.name)
    duck = DuckDBEngine(small.workspace.con)
    sql = (f"SELECT event_idx, isodow(timestamp) AS iso, dayofweek(timestamp) AS dow, weekday(timestamp) AS wd, "
           f"extract(isodow FROM timestamp) AS iso2, isodow(timezone('Europe/Copenhagen', timestamp)) AS local "
           f"FROM {duck.relation(small.name, 'events')} ORDER BY event_idx")
    a, b = duck.arrow(sql), spark.arrow(sql)
    assert len(set(a.column("iso").to_pylist())) >= 5
    for name in ("iso", "dow", "wd", "iso2", "local"):
        assert [int(x) for x in a.column(name).to_pylist()] == [int(x) for x in b.column(name).to_pylist()], name
