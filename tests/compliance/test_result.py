"""Result tables, exports (formula-safe), storage in the workspace and the CLI commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import sagsflow.cli.compliance  # noqa: F401  (registers the commands)
from sagsflow.cli.app import app
from sagsflow.compliance import ComplianceResult, evaluate, load_rules
from sagsflow.errors import InvalidParameterError, NotFoundError

RULES = """
rules:
  - {id: CV, name: {da: CV på Jobnet, en: CV registered}, type: response, trigger: Tilmeldt, target: CV,
     within: 14 days}
"""


@pytest.fixture
def log(make_log: Callable):  # type: ignore[no-untyped-def]
    return make_log(
        [("=HYPERLINK(\"http://x\")", "Tilmeldt", "2024-01-02"), ("=HYPERLINK(\"http://x\")", "CV", "2024-01-05"),
         ("2", "Tilmeldt", "2024-01-03"), ("2", "CV", "2024-01-30"),
         ("3", "Tilmeldt", "2024-02-10"), ("3", "CV", "2024-02-12"),
         ("4", "Tilmeldt", "2024-02-20")],
        case_attrs={"=HYPERLINK(\"http://x\")": {"kommune": "@SUM(A1)"}, "2": {"kommune": "Søby"},
                    "3": {"kommune": "Søby"}, "4": {"kommune": "Søby"}})


def test_summary_rates_over_time_and_approaching(log) -> None:  # type: ignore[no-untyped-def]
    res = evaluate(log, load_rules(RULES), as_of="2024-02-25")
    s = res.summary()
    assert s.iloc[0][["rule_id", "rule", "n_met", "n_violated", "n_pending"]].tolist() == ["CV", "CV registered",
                                                                                           2, 1, 1]
    assert s.iloc[0]["rate"] == pytest.approx(2 / 3)
    by = res.summary(by="kommune").set_index("kommune")
    assert by.loc["Søby", "rate"] == 0.5 and by.loc["@SUM(A1)", "rate"] == 1.0
    over = res.rates_over_time(freq="month").set_index("period")
    assert over.loc[date(2024, 1, 1), "rate"] == 0.5 and over.loc[date(2024, 2, 1), "rate"] == 1.0
    near = res.approaching(days=14)
    assert near["case_id"].tolist() == ["4"] and near["days_left"].tolist() == [9]
    assert res.approaching(days=5).empty
    with pytest.raises(InvalidParameterError, match="cannot group by 'team'"):
        res.summary(by="team")


def test_exports_are_formula_safe(log, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = evaluate(log, load_rules(RULES), as_of="2024-02-25")
    csv = res.to_csv(tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv and "'@SUM(A1)" in csv
    assert "\n=HYPERLINK" not in csv and ",=HYPERLINK" not in csv
    res.to_excel(tmp_path / "r.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'@SUM(A1)" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "@")) for v in cells)
    res.to_excel(tmp_path / "s.xlsx", table="summary")
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames == ["summary"]


def test_save_and_load_in_the_workspace(log, workspace) -> None:  # type: ignore[no-untyped-def]
    res = evaluate(log, load_rules(RULES), as_of="2024-02-25")
    res.save(workspace, "cv_feb")
    back = ComplianceResult.load(workspace, "cv_feb")
    assert back.as_of == date(2024, 2, 25) and back.rules == res.rules
    assert back.summary().equals(res.summary())
    assert back.cases["evidence"].map(list).tolist() == res.cases["evidence"].map(list).tolist()
    with pytest.raises(NotFoundError, match="no stored compliance result named 'nope'"):
        ComplianceResult.load(workspace, "nope")


def test_cli_compliance_validate_and_show_pack(log, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    path = str(workspace.path)
    workspace.close()
    runner = CliRunner()
    r = runner.invoke(app, ["compliance", log.name, "--rules", str(rules), "-w", path, "--as-of", "2024-02-25",
                            "--out", str(tmp_path / "out.csv"), "--save", "cli_run"])
    assert r.exit_code == 0, r.output
    assert "CV registered" in r.output and "66.7" in r.output
    assert (tmp_path / "out.csv").exists()
    r = runner.invoke(app, ["rules", "validate", str(rules)])
    assert r.exit_code == 0 and "valid (1 rules, 1 after expanding variants)" in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {id: B, type: response, trigger: A, target: B, within: 2 maaneder x}\n")
    r = runner.invoke(app, ["rules", "validate", str(bad)])
    assert r.exit_code != 0 and "rule 'B'" in str(r.exception)
    r = runner.invoke(app, ["rules", "show-pack", "employment-dk"])
    assert r.exit_code == 0 and "R15" in r.output and "HOI-tilbud" in r.output and "[A]" in r.output
