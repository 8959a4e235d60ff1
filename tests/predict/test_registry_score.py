"""Model versions in the workspace, scoring open cases, and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sagsflow.errors import NotFoundError
from sagsflow.log import EventLog
from sagsflow.predict import load_model, model_card_text, model_versions, score, score_cases, train_model
from sagsflow.store.workspace import Workspace

AS_OF = datetime(2024, 9, 15, tzinfo=UTC)


def test_versions_and_scoring_records_the_model_version(synth_ws: Workspace, synth_log: EventLog) -> None:
    m1 = train_model(synth_log, "remaining_time", name="restid", n_estimators=20)
    m2 = train_model(synth_log, "remaining_time", name="restid", n_estimators=30)
    assert (m1.version_, m2.version_) == (1, 2)
    vs = model_versions(synth_ws, "restid")
    assert [v.version for v in vs] == [2, 1] and vs[0].window["cut"] == m2.window_["cut"]
    assert load_model(synth_ws, "restid:1").n_estimators == 20
    assert load_model(synth_ws, "restid").n_estimators == 30
    train_model(synth_log, "next_activity", name="naeste", n_estimators=20)
    result = score(synth_log, ["restid:1", "naeste"], as_of=AS_OF)
    t = result.table
    assert len(t) > 0 and t["remaining_low"].le(t["remaining_days"]).all()
    wanted = {"case_id", "remaining_days", "remaining_high", "next_activity", "reasons_da", "reasons_en"}
    assert wanted <= set(t.columns)
    assert result.models == ["restid:1", "naeste:1"]
    rec = synth_ws.con.execute(
        "SELECT model_name, model_version, count(*) FROM sf_predictions WHERE run_id = ? GROUP BY ALL ORDER BY 1",
        [result.run_id]).fetchall()
    assert rec == [("naeste", 1, len(t)), ("restid", 1, len(t))]
    # the open cases at AS_OF: started by then, with events after it
    cases = synth_log.cases().df()
    expected = cases[(cases["start_time"] <= AS_OF) & (cases["end_time"] > AS_OF)]
    assert set(t["case_id"]) == set(expected["case_id"])


def test_unknown_model_is_a_clear_error(synth_ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no model 'missing'"):
        load_model(synth_ws, "missing")


def test_scoring_without_recording_stores_nothing(synth_ws: Workspace, synth_log: EventLog) -> None:
    # the time per case is measured by python -m bench --only bench_predict (10,000 open cases)
    m = train_model(synth_log, "remaining_time", save=False, n_estimators=30)
    before = _recorded(synth_ws)
    result = score(synth_log, [m], as_of=AS_OF, record=False)
    assert len(result.table) and _recorded(synth_ws) == before


def _recorded(ws: Workspace) -> int:
    tables = {r[0] for r in ws.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return ws.con.execute("SELECT count(*) FROM sf_predictions").fetchall()[0][0] if "sf_predictions" in tables else 0


def test_cli_train_score_card(tmp_path: Path) -> None:
    from sagsflow.cli import predict as _  # noqa: F401  (registers the commands)
    from sagsflow.cli.app import app
    from tests.predict.synth import process_log

    ws_path = tmp_path / "ws"
    with Workspace.open(ws_path) as ws:
        process_log(ws, n_cases=300)
    runner = CliRunner()
    policy = tmp_path / "policy.yaml"
    policy.write_text("features:\n  - koen\n", encoding="utf-8")
    r = runner.invoke(app, ["predict", "train", "synth", "--target", "remaining_time", "--workspace", str(ws_path),
                            "--policy", str(policy)])
    assert r.exit_code != 0 and "'koen' is classed 'personal_attribute'" in r.output
    r = runner.invoke(app, ["predict", "train", "synth", "--target", "outcome:activity=Klage", "--name", "klage",
                            "--workspace", str(ws_path)])
    assert r.exit_code == 0, r.output
    assert "klage v1" in r.output and "AUC" in r.output
    out = tmp_path / "open.xlsx"
    r = runner.invoke(app, ["predict", "score", "synth", "--model", "klage:1", "--as-of", "2024-04-01",
                            "--out", str(out), "--workspace", str(ws_path)])
    assert r.exit_code == 0, r.output
    assert out.exists() and out.stat().st_size > 0
    r = runner.invoke(app, ["predict", "card", "klage", "--workspace", str(ws_path)])
    assert r.exit_code == 0 and "# Model card: klage v1" in r.output
    with Workspace.open(ws_path) as ws:
        assert "never decide" in model_card_text(ws, "klage:1", format="html")


def test_scoring_no_open_cases_gives_an_empty_table_with_the_columns(synth_log: EventLog) -> None:
    rem = train_model(synth_log, "remaining_time", save=False, n_estimators=20)
    nxt = train_model(synth_log, "next_activity", save=False, n_estimators=20)
    full = score_cases(synth_log, [rem, nxt], as_of=AS_OF, record=False).table
    assert len(full) > 0
    before_any_case = datetime(2000, 1, 1, tzinfo=UTC)
    for kwargs in ({"as_of": before_any_case}, {"as_of": AS_OF, "cases": []}):
        empty = score_cases(synth_log, [rem, nxt], record=False, **kwargs).table
        assert len(empty) == 0
        assert list(empty.columns) == list(full.columns)


def test_two_models_of_one_kind_are_refused_not_merged_into_empty_columns(synth_log: EventLog) -> None:
    """Two remaining-time models would collide on ``remaining_days``; the table showed "–" for every case."""
    from sagsflow.errors import InvalidParameterError

    a = train_model(synth_log, "remaining_time", save=False, n_estimators=10)
    b = train_model(synth_log, "remaining_time", save=False, n_estimators=10)
    with pytest.raises(InvalidParameterError, match="one model per kind") as err:
        score_cases(synth_log, [a, b], as_of=AS_OF, record=False)
    assert err.value.field == "models"


def test_as_of_the_log_s_last_event_scores_the_cases_the_log_ends_open(synth_log: EventLog) -> None:
    # a historical log replayed at (or after) its last event: no case has events after it, so the open cases are
    # those whose last activity is not an end activity, as without as_of (the predictions page's default)
    from datetime import timedelta

    from sagsflow.predict.score import open_cases

    ends = ["Afslut"]  # an end activity no case of this log reaches: every case is open at the log's end
    last = synth_log.cases().df()["end_time"].max().to_pydatetime()
    at_end = open_cases(synth_log, end_activities=ends).tolist()
    assert len(at_end) == synth_log.n_cases  # (before: none, as none has events after its last event)
    for moment in (last, last + timedelta(days=400)):
        assert open_cases(synth_log, as_of=moment, end_activities=ends).tolist() == at_end
    assert open_cases(synth_log, end_activities=[]).tolist() == at_end  # no end activity known: none ended
    # a moment before the end still replays the past: started by then, with events after it
    assert len(open_cases(synth_log, as_of=last - timedelta(days=30), end_activities=ends)) > 0


def test_end_activities_are_learnt_from_the_complete_prefixes(synth_log: EventLog) -> None:
    # the remaining-time labels may leave the complete prefixes out; the open-case test must still know how cases
    # end (on the demo log none was learnt, so no case was open and the predictions page scored nothing)
    rem = train_model(synth_log, "remaining_time", save=False, n_estimators=20)
    lasts = {a for (a,) in synth_log.workspace.con.execute(
        f"SELECT arg_max(activity, event_idx) FROM ({synth_log.events_sql()}) GROUP BY case_idx").fetchall()}
    assert rem.end_activities_ and set(rem.end_activities_) <= lasts
