"""Retention: after ``retention apply`` no event older than the period is left in the store, the derived tables,
the caches, the saved results (predictions, compliance results), the models are flagged for retraining, and the
counts in the legal log match what was deleted."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sagsflow.cli.legal  # noqa: F401  (registers the commands)
from sagsflow.cli.app import app
from sagsflow.compliance import ComplianceResult, evaluate, load_rules
from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.legal import legal_log, using, verify_log
from sagsflow.legal.retention import apply_retention, models_to_retrain, retention, set_retention
from sagsflow.predict import score_cases, train_model
from sagsflow.store.workspace import Workspace
from sagsflow.testing import test_registrations

#: the synthetic log runs from 2024-01-01 for about half a year; 60 days before AT is 2024-03-01
AT = datetime(2024, 4, 30, 12, tzinfo=UTC)
CUT = datetime(2024, 3, 1, tzinfo=UTC)
RULES = """
rules:
  - {id: S, name: {da: Samtale, en: Interview}, type: response, trigger: Ansøgning, target: Samtale, within: 14 days}
"""


def _counts(ws: Workspace) -> tuple[int, int, int]:
    row = ws.con.execute("SELECT count(*), count(*) FILTER (WHERE timestamp < ?), count(DISTINCT case_id) "
                         "FROM log_synth.events", [CUT]).fetchall()[0]
    return int(row[0]), int(row[1]), int(row[2])


def test_retention_deletes_old_events_everywhere_and_the_counts_match(lws: Workspace, tmp_path: Path) -> None:
    log = lws.log("synth")
    with using(*test_registrations("remaining_time")):
        model = train_model(log, "remaining_time", name="restid", n_estimators=20)
        score_cases(log, [model], as_of=datetime(2024, 3, 20, tzinfo=UTC), record=True)
    evaluate(log, load_rules(RULES), as_of="2024-04-30").save(lws, "samtale")
    n_before, n_old, n_cases_before = _counts(lws)
    assert n_old > 0 and n_before > n_old
    old_cases = {r[0] for r in lws.con.execute(
        "SELECT case_id FROM log_synth.cases WHERE end_time < ?", [CUT]).fetchall()}
    assert old_cases and lws.con.execute("SELECT count(*) FROM sf_predictions WHERE case_id IN "
                                         "(SELECT case_id FROM log_synth.cases WHERE end_time < ?)",
                                         [CUT]).fetchall()[0][0] == 0  # scored cases were open in March
    # a prediction of a case that will be deleted, recorded as the registry does
    gone = sorted(old_cases)[0]
    lws.con.execute("INSERT INTO sf_predictions VALUES ('r0', 'restid', 1, now(), now(), 'synth', ?, '3', NULL, "
                    "NULL, NULL, NULL)", [gone])
    sp_map_before = log.n_events

    with pytest.raises(InvalidParameterError, match="no retention period"):
        apply_retention(lws, "synth", at=AT)
    with pytest.raises(InvalidParameterError, match="whole number of days"):
        set_retention(lws, "synth", 0)
    with pytest.raises(NotFoundError):
        set_retention(lws, "nope", 30)
    set_retention(lws, "synth", 60, reason="retention plan: 60 days", by="dpo")
    assert retention(lws, "synth").days == 60  # type: ignore[union-attr]

    dry = apply_retention(lws, at=AT, dry_run=True)[0]
    assert dry.events_deleted == n_old and _counts(lws)[0] == n_before  # nothing deleted

    [rep] = apply_retention(lws, at=AT, by="dpo")
    assert rep.cutoff == CUT
    n_after, n_old_after, n_cases_after = _counts(lws)
    # no event older than the period is left, and the counts are what went
    assert n_old_after == 0 and rep.events_deleted == n_old == n_before - n_after and rep.events_kept == n_after
    assert rep.cases_deleted == len(old_cases) == n_cases_before - n_cases_after and rep.cases_truncated > 0
    # the derived tables follow the events
    cases = lws.con.execute("SELECT count(*), min(start_time), sum(n_events) FROM log_synth.cases").fetchall()[0]
    assert cases[0] == n_cases_after and cases[1] >= CUT and cases[2] == n_after
    assert lws.con.execute("SELECT count(*) FROM log_synth.successors").fetchall()[0][0] == n_after
    assert lws.con.execute("SELECT count(*) FROM log_synth.cases WHERE case_id = ?", [gone]).fetchall()[0][0] == 0
    # the caches: a fresh handle and the process map see only the kept events
    fresh = lws.log("synth")
    assert fresh.n_events == n_after < sp_map_before
    from sagsflow.analysis.process_map import discover_process_map

    assert sum(n.frequency for n in discover_process_map(fresh).nodes if n.kind == "node") == n_after
    # an export made afterwards (quarantined events included) holds only the kept events
    import pyarrow.parquet as pq

    exported = pq.read_table(fresh.include_quarantined(True).to_parquet(tmp_path / "after.parquet"))
    assert exported.num_rows == n_after and min(exported.column("timestamp").to_pylist()) >= CUT
    # saved results: the prediction of the deleted case and the compliance result made from old events are gone
    assert rep.predictions_deleted == 1
    assert lws.con.execute("SELECT count(*) FROM sf_predictions WHERE case_id = ?", [gone]).fetchall()[0][0] == 0
    assert rep.compliance_results_deleted == 1
    with pytest.raises(NotFoundError):
        ComplianceResult.load(lws, "samtale")
    # the model trained on deleted events is flagged for retraining
    assert rep.models_flagged == 1 and ("restid", 1) in models_to_retrain(lws)
    # the legal log holds the counts, and its chain is intact
    entry = legal_log(lws, action="retention.apply")[-1]
    assert entry.actor == "dpo" and entry.object_id == "synth"
    assert (entry.details["events_deleted"], entry.details["cases_deleted"]) == (n_old, len(old_cases))
    assert verify_log(lws) is None

    # a second run finds nothing more to delete
    again = apply_retention(lws, at=AT)[0]
    assert again.events_deleted == 0 and again.models_flagged == 0 and _counts(lws)[0] == n_after


def test_retention_can_empty_a_log(lws: Workspace) -> None:
    set_retention(lws, "synth", 1)
    [rep] = apply_retention(lws, at=date(2030, 1, 1))
    assert rep.events_kept == 0 and lws.log("synth").n_events == 0


def test_cli_retention_set_apply_and_the_log(lws: Workspace, tmp_path: Path) -> None:
    path = str(lws.path)
    lws.close()
    runner = CliRunner()
    r = runner.invoke(app, ["retention", "set", "synth", "--days", "30", "--reason", "plan", "-w", path])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["retention", "apply", "--dry-run", "--json", "-w", path])
    assert r.exit_code == 0, r.output
    planned = json.loads(r.stdout)[0]
    assert planned["dry_run"] and planned["events_deleted"] > 0
    r = runner.invoke(app, ["retention", "apply", "--json", "-w", path])
    assert r.exit_code == 0, r.output
    done = json.loads(r.stdout)[0]
    assert done["events_deleted"] == planned["events_deleted"]
    r = runner.invoke(app, ["legal", "log", "--action", "retention", "-w", path])
    assert r.exit_code == 0 and "retention.apply" in r.stdout and "retention.set" in r.stdout
