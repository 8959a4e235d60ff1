"""The legal gate in the library and the CLI: training, scoring and export refuse without a valid registration,
work with one, refuse again after expiry; a citizen outcome is refused under a capacity registration; every step is
in the workspace's hash-chained legal log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sagsflow.legal import (
    LegalBasis,
    Registration,
    RegistrationRequiredError,
    approve,
    legal_log,
    propose,
    revoke,
    verify_log,
)
from sagsflow.legal import registration as registration_module
from sagsflow.store.workspace import Workspace
from tests.legal.conftest import registration

AS_OF = datetime(2024, 4, 1, tzinfo=datetime.now().astimezone().tzinfo)


def actions(ws: Workspace) -> list[str]:
    return [e.action for e in legal_log(ws)]


def test_training_scoring_and_export_refused_then_allowed_then_refused_after_expiry(
        lws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sagsflow.predict as sp

    log = lws.log("synth")
    with pytest.raises(RegistrationRequiredError, match="prediction is off until it is enabled") as exc:
        sp.train_model(log, "remaining_time", name="restid", n_estimators=20)
    assert exc.value.kind == "registration-required" and "sagsflow legal propose" in (exc.value.hint or "")
    assert lws.con.execute("SELECT count(*) FROM sf_models").fetchall()[0][0] == 0 if _has(lws, "sf_models") else True

    reg = propose(lws, registration(review_in=2), by="Anna (administrator)")
    with pytest.raises(RegistrationRequiredError, match="is proposed, not active"):
        sp.train_model(log, "remaining_time", name="restid", n_estimators=20)
    with pytest.raises(ValueError, match="two-person rule"):
        approve(lws, reg.id, by="Anna (administrator)")
    approve(lws, reg.id, by="Bo (DPO)")

    model = sp.train_model(log, "remaining_time", name="restid", n_estimators=20)
    assert model.registration_["id"] == reg.id
    table = sp.score(log, ["restid"], as_of=AS_OF)
    assert len(table.table) > 0 and table.registrations == [reg.id]
    out = table.write(tmp_path / "open.csv")
    assert out.exists()

    # two days later the review date has come: everything refuses, and the expiry is recorded once
    later = date.today() + timedelta(days=2)
    monkeypatch.setattr(registration_module, "today", lambda at=None: later)
    for attempt in (lambda: sp.train_model(log, "remaining_time", name="restid", n_estimators=20),
                    lambda: sp.score(log, ["restid"], as_of=AS_OF),
                    lambda: table.write(tmp_path / "again.csv")):
        with pytest.raises(RegistrationRequiredError, match="expired on its review date"):
            attempt()
    assert not (tmp_path / "again.csv").exists()
    acts = actions(lws)
    assert acts[:2] == ["prediction.train.refused", "registration.propose"]
    assert "registration.enable" in acts and acts.count("registration.expire") == 1
    used = ("prediction.train", "prediction.score", "prediction.export")
    assert [a for a in acts if a in used] == list(used)
    assert acts[-3:] == ["prediction.train.refused", "prediction.score.refused", "prediction.export.refused"]
    enable = next(e for e in legal_log(lws) if e.action == "registration.enable")
    assert enable.actor == "Bo (DPO)" and enable.details["proposed_by"] == "Anna (administrator)"
    assert verify_log(lws) is None


def _has(ws: Workspace, table: str) -> bool:
    return bool(ws.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchall()[0][0])


def test_a_citizen_outcome_is_refused_under_a_capacity_registration(lws: Workspace) -> None:
    import sagsflow.predict as sp

    reg = approve(lws, propose(lws, registration("capacity"), by="Anna").id, by="Bo")
    log = lws.log("synth")
    with pytest.raises(RegistrationRequiredError, match="cover other classes") as exc:
        sp.train_model(log, "outcome:activity=Klage", name="klage", n_estimators=20)
    assert "citizen outcome (profiling)" in exc.value.message
    # a citizen outcome needs a registration naming it: one for another outcome does not do
    with pytest.raises(ValueError, match="must name the outcome targets"):
        propose(lws, registration("citizen_outcome"), by="Anna")
    other = approve(lws, propose(lws, registration("citizen_outcome", targets=("outcome:activity=Sanktion",)),
                                 by="Anna").id, by="Bo")
    with pytest.raises(RegistrationRequiredError, match="name other targets"):
        sp.train_model(log, "outcome:activity=Klage", name="klage", n_estimators=20)
    own = approve(lws, propose(lws, registration("citizen_outcome", targets=("outcome:activity=Klage",)),
                               by="Anna").id, by="Bo")
    model = sp.train_model(log, "outcome:activity=Klage", name="klage", n_estimators=20)
    assert model.registration_["id"] == own.id and {reg.id, other.id}.isdisjoint({model.registration_["id"]})
    card = model.card_.to_markdown()
    assert "Profiling of citizens: GDPR art. 22" in card and "Annex III, point 5(a)" in card


def test_revocation_switches_off_at_once_and_a_change_needs_approval(lws: Workspace) -> None:
    import sagsflow.predict as sp

    log = lws.log("synth")
    reg = approve(lws, propose(lws, registration(), by="Anna").id, by="Bo")
    sp.train_model(log, "next_activity", name="naeste", n_estimators=20)
    changed = propose(lws, registration(review_in=700), by="Anna", supersedes=reg.id)
    assert changed.version == 2
    sp.train_model(log, "next_activity", name="naeste", n_estimators=20)  # the old one is in force until approval
    approve(lws, changed.id, by="Bo")
    regs = {s.registration.id: s.registration.status for s in __import__("sagsflow").legal.stored_registrations(lws)}
    assert regs == {reg.id: "superseded", changed.id: "active"}
    revoke(lws, changed.id, by="Bo", reason="DPIA withdrawn")
    with pytest.raises(RegistrationRequiredError, match="is revoked"):
        sp.train_model(log, "next_activity", name="naeste", n_estimators=20)
    assert [a for a in actions(lws) if a.startswith("registration.")] == [
        "registration.propose", "registration.enable", "registration.change", "registration.enable",
        "registration.revoke"]


def test_a_registration_edited_in_the_database_enables_nothing(lws: Workspace) -> None:
    import sagsflow.predict as sp

    reg = approve(lws, propose(lws, registration(review_in=2), by="Anna").id, by="Bo")
    data = reg.to_dict() | {"review_date": (date.today() + timedelta(days=3000)).isoformat()}
    import json

    lws.con.execute("UPDATE sf_registrations SET data = ? WHERE id = ?", [json.dumps(data, sort_keys=True), reg.id])
    with pytest.raises(RegistrationRequiredError, match="prediction is off"):
        sp.train_model(lws.log("synth"), "remaining_time", n_estimators=20)
    lws.con.execute("UPDATE sf_legal_log SET actor = 'Mallory' WHERE action = 'registration.enable'")
    assert verify_log(lws) == 2


@pytest.mark.parametrize(("field", "value", "message"), [
    ("section", "whatever", "section of the law"),
    ("gdpr_articles", ("9(2)(b)",), "article 6 basis"),
    ("gdpr_articles", ("6(1)(z)",), "not in the list"),
    ("law", "", "needs the law"),
])
def test_the_legal_basis_is_structured(field: str, value: object, message: str) -> None:
    basis = {"law": "LBA", "section": "§ 31, stk. 5", "gdpr_articles": ("6(1)(e)",)} | {field: value}
    with pytest.raises(ValueError, match=message):
        LegalBasis(**basis).check()  # type: ignore[arg-type]
    LegalBasis(law="LBA", section="§ 13 f, stk. 2, nr. 1", gdpr_articles=("6(1)(c)", "9(2)(b)")).check()


def test_registration_round_trips_through_yaml() -> None:
    reg = registration("citizen_outcome", targets=("outcome:activity=Sanktion",))
    assert Registration.from_yaml(reg.to_yaml()) == reg
    with pytest.raises(ValueError, match="unknown field 'purpse'"):
        Registration.from_dict(reg.to_dict() | {"purpse": "x"})


def test_cli_propose_approve_train_score_and_log(lws: Workspace, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from sagsflow.cli.app import app

    path = lws.path
    assert path is not None
    lws.close()
    runner = CliRunner()
    r = runner.invoke(app, ["predict", "train", "synth", "--target", "remaining_time", "--workspace", str(path)])
    assert r.exit_code == 1 and "needs a valid registration" in r.output
    file = tmp_path / "reg.yaml"
    file.write_text(registration().to_yaml(), encoding="utf-8")
    r = runner.invoke(app, ["legal", "propose", str(file), "--by", "Anna", "--workspace", str(path)])
    assert r.exit_code == 0, r.output
    reg_id = r.output.split()[1].rstrip(":")
    r = runner.invoke(app, ["legal", "approve", reg_id, "--by", "Anna", "--workspace", str(path)])
    assert r.exit_code == 1 and "two-person rule" in r.output
    r = runner.invoke(app, ["legal", "approve", reg_id, "--by", "Bo", "--workspace", str(path)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["predict", "train", "synth", "--target", "remaining_time", "--name", "restid",
                            "--workspace", str(path)])
    assert r.exit_code == 0, r.output
    out = tmp_path / "open.csv"
    r = runner.invoke(app, ["predict", "score", "synth", "--model", "restid", "--as-of", "2024-04-01",
                            "--out", str(out), "--workspace", str(path)])
    assert r.exit_code == 0, r.output
    assert "case ids pseudonymised" in r.output
    ids = pd.read_csv(out)["case_id"]
    assert len(ids) > 0 and ids.str.startswith("P-").all()
    r = runner.invoke(app, ["legal", "log", "--workspace", str(path)])
    assert r.exit_code == 0 and "prediction.export" in r.output and "registration.enable" in r.output
    r = runner.invoke(app, ["predict", "train", "synth", "--target", "outcome:activity=Klage",
                            "--workspace", str(path)])
    assert r.exit_code == 1 and "citizen outcome (profiling)" in r.output

    # the review date comes: training, scoring and export refuse again, each refusal in the legal log
    later = date.today() + timedelta(days=365)
    monkeypatch.setattr(registration_module, "today", lambda at=None: later)
    again = tmp_path / "again.csv"
    for args in (["train", "synth", "--target", "remaining_time", "--name", "restid"],
                 ["score", "synth", "--model", "restid", "--as-of", "2024-04-01"],
                 ["score", "synth", "--model", "restid", "--as-of", "2024-04-01", "--out", str(again)]):
        r = runner.invoke(app, ["predict", *args, "--workspace", str(path)])
        assert r.exit_code == 1 and "expired on its review date" in " ".join(r.output.split()), r.output
    assert not again.exists()
    r = runner.invoke(app, ["legal", "log", "--workspace", str(path)])
    assert "prediction.train.refused" in r.output and "prediction.score.refused" in r.output
