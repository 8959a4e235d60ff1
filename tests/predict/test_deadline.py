"""Deadline risk: labels from sagsflow.compliance, prefixes cut between trigger and deadline, pending cases scored."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from sagsflow.log import EventLog
from sagsflow.predict import ProcessPredictor, score

compliance = pytest.importorskip("sagsflow.compliance")

RULES = "rules:\n- {id: SVAR, type: response, trigger: Samtale, target: Bevilling, within: 15 days}"
AS_OF = datetime(2024, 9, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def deadline_model(synth_log: EventLog) -> ProcessPredictor:
    return ProcessPredictor(target="deadline:SVAR", rules=compliance.load_rules(RULES), n_estimators=40).fit(synth_log)


def test_deadline_prefixes_lie_between_trigger_and_deadline(deadline_model: ProcessPredictor,
                                                             synth_log: EventLog) -> None:
    from sagsflow.predict.encode import encode_prefixes
    from sagsflow.predict.targets import attach_labels

    frame = attach_labels(encode_prefixes(synth_log, deadline_model.spec_), deadline_model.target_, synth_log,
                          rules=deadline_model.rules)
    res = compliance.evaluate(synth_log, deadline_model.rules).cases.set_index("case_id")
    ids = synth_log.cases().df().set_index("case_idx")["case_id"]
    ts = pd.to_datetime(frame["ts"], utc=True)
    trig = pd.to_datetime(frame["case_idx"].map(ids).map(res["trigger_time"]), utc=True)
    assert (ts >= trig).all() and (frame["days_to_deadline"] > 0).all()
    status = frame["case_idx"].map(ids).map(res["status"])
    assert ((status == "violated") == (frame["y"] == 1)).all()
    assert deadline_model.evaluation_.pooled["AUC"][0] > 0.6  # a slow repeated application misses the deadline


def test_pending_cases_are_scored_with_their_deadline(deadline_model: ProcessPredictor, synth_log: EventLog) -> None:
    t = score(synth_log, [deadline_model], as_of=AS_OF, record=False).table
    pending = compliance.evaluate(synth_log, deadline_model.rules, as_of=AS_OF).cases
    pending = set(pending.loc[pending["status"] == "pending", "case_id"])
    scored = t[t["deadline_risk"].notna()]
    assert set(scored["case_id"]) == pending and len(pending) > 0
    assert scored["deadline_risk"].between(0, 1).all() and scored["deadline"].notna().all()
    if deadline_model.served_ == "model":
        assert scored["reasons_en"].str.contains("risk").all()
    else:  # the baseline is served (its validation gain did not hold on both windows): its reasons say so
        assert scored["reasons_en"].str.contains("had the outcome").all()
