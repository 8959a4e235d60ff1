"""The DPIA kit is written from the live configuration: change the configuration and the documents change."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import sagsflow.cli.legal  # noqa: F401  (registers the commands)
from sagsflow.cli.app import app
from sagsflow.legal import approve, propose, using
from sagsflow.legal.dpia import configuration, write_document
from sagsflow.legal.employees import EmployeePolicy, set_employee_policy
from sagsflow.legal.retention import set_retention
from sagsflow.predict import train_model
from sagsflow.schema import LogSchema
from sagsflow.store.workspace import Workspace
from tests.legal.conftest import registration
from tests.predict.synth import write_events

JUDGEMENT = "To be assessed by a person"


def test_the_dpia_follows_the_configuration(lws: Workspace) -> None:
    doc = write_document(configuration(lws), "dpia", lang="en")
    # the structure of Datatilsynet's guidance, with the human parts marked
    for heading in ("## 1. Systematic description of the processing", "## 2. Necessity and proportionality",
                    "## 3. Risks to the rights and freedoms of the data subjects",
                    "## 4. Measures envisaged to address the risks", "## 5. Advice of the data protection officer"):
        assert heading in doc
    assert doc.count(JUDGEMENT) >= 5
    # data categories from the mapping's data classes
    assert "identification of citizens" in doc and "`borger`" in doc and "`koen`" in doc and "`notat`" in doc
    assert "identification of employees" in doc and "employees who handle the cases" in doc
    assert "synth: no retention period set" in doc and "none: prediction is off" in doc
    assert "no model is stored" in doc and "data kept longer than needed" in doc

    # a log without personal columns, a retention period, a registration and a model: the document follows
    write_events(lws, "flow", [("a", "Start", 0.0), ("a", "Slut", 1.0)], schema=LogSchema())
    set_retention(lws, "synth", 730, reason="retention plan")
    reg = approve(lws, propose(lws, registration("capacity"), by="admin").id, by="dpo")
    with using(reg):
        train_model(lws.log("synth"), "remaining_time", name="restid", n_estimators=20)
    set_employee_policy(lws, EmployeePolicy(use="individual", purpose="workload balancing",
                                            purpose_reference="MED 2025-3"))
    after = write_document(configuration(lws), "dpia", lang="en")
    assert after != doc
    assert "**flow**" in after and "no column classed as personal data in the mapping" in after
    assert "synth: events are deleted 730 days after their time (retention plan)" in after
    assert "synth: no retention period set" not in after and "flow: no retention period set" in after
    assert f"**{reg.id}**" in after and "lov om en aktiv beskæftigelsesindsats § 8" in after
    assert f"`restid` v1: `remaining_time` on synth; registration {reg.id}" in after
    assert "individual resource data in use: workload balancing" in after
    assert "Employee protection: individual, with a registered purpose — workload balancing (MED 2025-3)" in after

    # the record of processing and the notices follow too, in Danish
    record = write_document(configuration(lws, controller={"name": "Søby Kommune", "dpo": "dpo@soeby.dk",
                                                            "recipients": ["Ankestyrelsen"]}), "record", lang="da")
    assert record.startswith("# Fortegnelse over behandlingsaktiviteter")
    assert "- Dataansvarlig: Søby Kommune" in record and "- Ankestyrelsen" in record
    assert "synth: hændelser slettes 730 dage efter" in record
    citizens = write_document(configuration(lws, controller={"name": "Søby Kommune"}), "notice-citizens", lang="da")
    assert "Sådan bruger Søby Kommune oplysninger om din sag" in citizens and "efter 730 dage" in citizens
    assert "plan caseworker capacity" in citizens  # the registered purpose
    employees = write_document(configuration(lws), "notice-employees", lang="en")
    assert "workload balancing (MED 2025-3)" in employees
    set_employee_policy(lws, EmployeePolicy(use="team", min_employees=7))
    assert "teams of at least 7 employees" in write_document(configuration(lws), "notice-employees", lang="en")


def test_cli_dpia_in_danish_with_the_controller(lws: Workspace, tmp_path: Path) -> None:
    path = str(lws.path)
    lws.close()
    ctl = tmp_path / "controller.yaml"
    ctl.write_text("name: Søby Kommune\ndpo: dpo@soeby.dk\nprocessors: [KMD]\n", encoding="utf-8")
    out = tmp_path / "dpia.md"
    r = CliRunner().invoke(app, ["dpia", "--lang", "da", "--controller", str(ctl), "--out", str(out), "-w", path])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Udkast til konsekvensanalyse (DPIA)") and "Vurderes af en person" in text
    assert "databehandler: KMD" in text and "- Databeskyttelsesrådgiver: dpo@soeby.dk" in text
    r = CliRunner().invoke(app, ["dpia", "--document", "nope", "-w", path])
    assert r.exit_code == 1 and "must be one of" in r.output


def test_the_registration_of_a_model_is_a_column_not_text_in_its_card(lws: Workspace) -> None:
    from sagsflow.legal.dpia import model_facts
    from sagsflow.predict import model_versions

    reg = approve(lws, propose(lws, registration("capacity"), by="admin").id, by="dpo")
    with using(reg):
        train_model(lws.log("synth"), "remaining_time", name="restid", n_estimators=20)
    assert [v.registration_id for v in model_versions(lws)] == [reg.id]
    # the DPIA reads the column: a card whose text names another id (or none) does not change it
    lws.con.execute("UPDATE sf_models SET card_md = 'registration ffffffffffff'")
    assert [m.registration for m in model_facts(lws)] == [reg.id]

    # a workspace from before the column: the migration adds it and fills it from the stored models
    lws.con.execute("ALTER TABLE sf_models DROP COLUMN registration_id")
    lws.con.execute("INSERT INTO sf_models (name, version, target, log_name, created_at, window_json, "
                    "metrics_json, model) VALUES ('old', 1, 'remaining_time', 'synth', now(), '{}', '{}', "
                    "'not a pickle'::BLOB)")
    facts = {(m.name, m.version): m.registration for m in model_facts(lws)}
    assert facts == {("restid", 1): reg.id, ("old", 1): None}
    cols = [r[0] for r in lws.con.execute("SELECT column_name FROM information_schema.columns "
                                          "WHERE table_name = 'sf_models'").fetchall()]
    assert cols[-1] == "registration_id"


def test_cli_dpia_on_the_demo_follows_its_configuration(tmp_path: Path) -> None:
    """`sagsflow dpia` on the demo data (Nørreby): the data categories come from the demo mapping, and a retention
    period, a registration and a model set through the CLI appear in the next document."""
    from tests.api.demo_log import DEMO_LOG, add_demo_log

    folder = tmp_path / "ws"
    add_demo_log(folder, tmp_path / "extract")
    runner = CliRunner()

    def dpia() -> str:
        out = tmp_path / "dpia.md"
        r = runner.invoke(app, ["dpia", "--lang", "en", "--out", str(out), "-w", str(folder)])
        assert r.exit_code == 0, r.output
        return out.read_text(encoding="utf-8")

    before = dpia()
    assert f"**{DEMO_LOG}**" in before and "identification of citizens" in before
    assert "identification of employees" in before
    assert f"{DEMO_LOG}: no retention period set" in before and "none: prediction is off" in before
    assert "no model is stored" in before

    r = runner.invoke(app, ["retention", "set", DEMO_LOG, "--days", "1095", "--reason", "arkivplan", "-w", str(folder)])
    assert r.exit_code == 0, r.output
    with Workspace.open(folder) as ws:
        reg = approve(ws, propose(ws, registration("capacity"), by="admin").id, by="dpo")
        with using(reg):
            train_model(ws.log(DEMO_LOG), "remaining_time", name="restid", n_estimators=20)
    after = dpia()
    assert f"{DEMO_LOG}: events are deleted 1,095 days after their time (arkivplan)" in after
    assert f"{DEMO_LOG}: no retention period set" not in after
    assert f"**{reg.id}**" in after and f"`restid` v1: `remaining_time` on {DEMO_LOG}; registration {reg.id}" in after
    assert "no model is stored" not in after and "none: prediction is off" not in after
