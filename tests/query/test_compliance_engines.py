"""The compliance rules on Spark give the same result as on DuckDB: the employment-dk pack on the demo, and every
rule type (existence, absence, precedence, separation of duties, response, counting, quota) with clock-stops from
activity pairs and from an attribute, working-day and month deadlines, variants and validity periods."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import sagsflow.filters as F
from sagsflow.compliance import evaluate, load_rules
from sagsflow.log import EventLog
from sagsflow.query.engine import SparkEngine
from sagsflow.store.parquet import export_log
from sagsflow.store.workspace import Workspace
from tests.compliance.conftest import write_log


def same_result(log: EventLog, spark: SparkEngine, rules: object, as_of: str, events: int | None = None) -> pa.Table:
    """Evaluate on both engines; assert equal tables (rows, order, every value); returns DuckDB's."""
    export_log(log.workspace, log.name, spark.root)
    spark.forget(log.name)
    duck = evaluate(log, rules, as_of=as_of)
    other = evaluate(log, rules, as_of=as_of, engine=spark)
    a, b = duck.table, other.table
    assert a.schema == b.schema
    assert a.num_rows == b.num_rows > 0
    for name in a.column_names:
        assert a.column(name).to_pylist() == b.column(name).to_pylist(), name
    assert duck.cases_table.to_pylist() == other.cases_table.to_pylist()
    return a


@pytest.mark.parametrize("name", ["kontanthjaelp_alle", "dagpenge_alle"])
def test_the_employment_pack_on_the_demo(demo: Workspace, spark: SparkEngine, name: str) -> None:
    log = demo.log(name)
    table = same_result(log, spark, "employment-dk", "2025-06-30")
    statuses = set(table.column("status").to_pylist())
    assert {"met", "violated", "not_applicable"} <= statuses  # the rules judged cases, not only skipped them


def test_the_pack_on_a_filtered_selection(demo: Workspace, spark: SparkEngine) -> None:
    log = demo.log("kontanthjaelp_alle").filter(F.case_duration(min="60d"))
    same_result(log, spark, "employment-dk", "2025-06-30")


RULES = """
case_end: Lukket
clock_stops:
  syg: {start: Syg start, end: Syg slut}
  fri: {attribute: status, values: [fritaget]}
rules:
  - {id: EX, type: existence, activity: Plan}
  - {id: EX2, type: existence, activity: Samtale, min: 2, max: 3}
  - {id: AB, type: absence, activity: Sanktion}
  - {id: PR, type: precedence, activity: Bevilling, preceded_by: [Ansøgning, Ansøgning modtaget]}
  - {id: SOD, type: separation, first: Indstilling, second: [Bevilling, Afslag]}
  - {id: RW, type: response, trigger: Ansøgning, target: Bevilling, within: 5 working days, clock_stops: [fri]}
  - {id: RM, type: response, trigger: Ansøgning, target: Afgørelse, within: 1 months, clock_stops: [syg],
     valid_from: 2024-01-01}
  - {id: CO, type: counting, trigger: Ansøgning, target: Samtale, count: 2, within: 30 days}
  - id: RV
    type: response
    trigger: Ansøgning
    target: Samtale
    within: 10 days
    variants:
      - {label: ung, applies_to: {attributes: {gruppe: [ung]}}, within: 7 days}
      - {label: andre, applies_to: {exclude: {gruppe: [ung]}}}
"""


def test_every_rule_type_on_both_engines(tmp_path: Path, spark: SparkEngine) -> None:
    rows = [
        ("a", "Ansøgning", "2024-03-04 09:00", "anna"), ("a", "Indstilling", "2024-03-05", "anna"),
        ("a", "Syg start", "2024-03-06"), ("a", "Syg slut", "2024-03-12"), ("a", "Samtale", "2024-03-07"),
        ("a", "Samtale", "2024-03-20"), ("a", "Bevilling", "2024-03-13", "anna"), ("a", "Plan", "2024-03-14"),
        ("a", "Afgørelse", "2024-04-10"), ("a", "Lukket", "2024-04-20"),
        ("b", "Bevilling", "2024-03-01", "bo"), ("b", "Ansøgning modtaget", "2024-03-02"),
        ("b", "Sanktion", "2024-03-03"), ("b", "Indstilling", "2024-02-28", "cai"),
        ("c", "Ansøgning", "2024-05-02"), ("c", "Samtale", "2024-05-06"), ("c", "Afslag", "2024-05-10", "dan"),
        ("c", "Indstilling", "2024-05-03", "dan"),
        ("d", "Ansøgning", "2023-12-01"), ("d", "Samtale", "2023-12-20"),
        ("e", "Ansøgning", "2024-06-24"),
    ]
    event_attrs = {16: {"status": "fritaget"}, 17: {"status": "fritaget"}}
    case_attrs = {"a": {"gruppe": "ung"}, "c": {"gruppe": "ung"}, "d": {"gruppe": "voksen"}}
    log = write_log(Workspace.memory(), tmp_path, rows, case_attrs=case_attrs, event_attrs=event_attrs, name="alle")
    table = same_result(log, spark, load_rules(RULES), "2024-07-01")
    by_rule = {}
    for r in table.to_pylist():
        by_rule.setdefault(r["rule_id"], set()).add(r["status"])
    assert set(by_rule) == {"EX", "EX2", "AB", "PR", "SOD", "RW", "RM", "CO", "RV"}
    assert "violated" in by_rule["SOD"] and "violated" in by_rule["PR"] and "pending" in by_rule["RV"]


def test_a_workspace_configured_for_spark_runs_its_rule_packs_there(spark: SparkEngine, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace whose event store is the cluster's storage and which is configured to use Spark runs a rule set
    there when no engine is given (so every face does), with DuckDB's result; switched off, on DuckDB again."""
    from sagsflow.query.engine import DuckDBEngine
    from sagsflow.store.event_store import use_spark

    ws = Workspace.open(tmp_path / "ws", event_store=spark.root, spark="local[2]")
    rows = [("a", "Ansøgning", "2024-03-04 09:00", "anna"), ("a", "Samtale", "2024-03-07"),
            ("a", "Plan", "2024-03-14"), ("b", "Ansøgning", "2024-03-01"), ("b", "Sanktion", "2024-03-03")]
    log = write_log(ws, tmp_path, rows, name="spark_konfigureret")
    rules = load_rules("""
rules:
  - {id: EX, type: existence, activity: Plan}
  - {id: AB, type: absence, activity: Sanktion}
  - {id: RE, type: response, trigger: Ansøgning, target: Samtale, within: 5 days}
""")
    queries: list[str] = []
    arrow = SparkEngine.arrow
    monkeypatch.setattr(SparkEngine, "arrow", lambda self, sql: queries.append(sql) or arrow(self, sql))
    on_spark = evaluate(log, rules, as_of="2024-07-01")
    assert queries, "the rules did not run on Spark"
    on_duckdb = evaluate(log, rules, as_of="2024-07-01", engine=DuckDBEngine(ws.con))
    assert on_spark.table.num_rows == on_duckdb.table.num_rows > 0
    for name in on_duckdb.table.column_names:
        assert on_spark.table.column(name).to_pylist() == on_duckdb.table.column(name).to_pylist(), name
    use_spark(ws, None)
    before = len(queries)
    evaluate(ws.log("spark_konfigureret"), rules, as_of="2024-07-01")
    assert len(queries) == before
