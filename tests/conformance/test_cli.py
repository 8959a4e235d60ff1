"""``sagsflow conformance``: thin over check_conformance; prints fitness and deviations, writes tables."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

import sagsflow.cli.conformance  # noqa: F401  (registers the command)
from sagsflow.cli.app import app
from sagsflow.store.workspace import Workspace
from tests.conformance.conftest import FIXTURES, write_cases

runner = CliRunner()
TRACES = [["Ansøgning modtaget", "Indhent oplysninger", "Første samtale", "Bevilling", "Sag afsluttet"]] * 3 + \
    [["Ansøgning modtaget", "Første samtale", "Afslag", "Sag afsluttet"]]


def _workspace(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "ws"
    ws = Workspace.open(path)
    name = write_cases(ws, TRACES, ["Nord", "Nord", "Syd", "Syd"]).name
    ws.close()
    return str(path), name


def test_conformance_against_a_bpmn_file_writes_the_deviations(tmp_path):
    ws, log = _workspace(tmp_path)
    out = tmp_path / "deviations.xlsx"
    r = runner.invoke(app, ["conformance", log, "--model", str(FIXTURES / "camunda.bpmn"), "--workspace", ws,
                            "--out", str(out), "--processes", "1"])
    assert r.exit_code == 0, r.output
    assert "4 cases in 2 variants checked against" in r.output
    assert "75.0 % of the cases fit the model" in r.output
    assert "skipped    'Indhent oplysninger': 1 times in 1 cases" in r.output
    assert "intermediateCatchEvent 'wait'" in r.output  # the model warning
    sheet = openpyxl.load_workbook(out)["activities"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["Indhent oplysninger"][4] == 1  # n_skipped


def test_conformance_against_the_discovered_model_and_bad_options(tmp_path):
    ws, log = _workspace(tmp_path)
    r = runner.invoke(app, ["conformance", log, "--discover", "--noise", "0", "--workspace", ws,
                            "--out", str(tmp_path / "cases.csv"), "--table", "cases"])
    assert r.exit_code == 0, r.output
    assert "100.0 % of the cases fit the model" in r.output
    assert (tmp_path / "cases.csv").read_text(encoding="utf-8-sig").count("\n") == 5
    r = runner.invoke(app, ["conformance", log, "--workspace", ws])
    assert r.exit_code != 0 and "give either --model FILE" in r.output
    r = runner.invoke(app, ["conformance", log, "--discover", "--workspace", ws, "--out", "x.json"])
    assert r.exit_code != 0 and "use .csv or .xlsx" in r.output


def test_split_miner_discovers_bpmn_and_is_a_reference_for_conformance(tmp_path):
    import sagsflow.cli.analysis  # noqa: F401  (registers `discover`)

    ws, log = _workspace(tmp_path)
    target = tmp_path / "model.bpmn"
    r = runner.invoke(app, ["discover", log, str(target), "--miner", "split", "--eta", "0", "--workspace", ws])
    assert r.exit_code == 0, r.output
    xml = target.read_text(encoding="utf-8")
    assert "Første samtale" in xml and "BPMNShape" in xml
    r = runner.invoke(app, ["conformance", log, "--discover", "--miner", "split", "--eta", "0", "--workspace", ws,
                            "--processes", "1"])
    assert r.exit_code == 0, r.output
    assert "4 cases in 2 variants checked against" in r.output
    r = runner.invoke(app, ["discover", log, str(target), "--miner", "split", "--eta", "2", "--workspace", ws])
    assert r.exit_code != 0 and "eta" in r.output


def test_the_split_miner_seed_reaches_the_miner(tmp_path, monkeypatch):
    import sagsflow.cli.analysis  # noqa: F401  (registers `discover`)
    from sagsflow.discovery import SplitMiner

    seeds = []
    fit = SplitMiner._fit  # fit and fit_variants both run Split Miner here
    monkeypatch.setattr(SplitMiner, "_fit", lambda self, *a: (seeds.append(self.seed), fit(self, *a))[1])
    ws, log = _workspace(tmp_path)
    target = tmp_path / "model.bpmn"
    for args in (["discover", log, str(target)], ["conformance", log, "--discover", "--processes", "1"]):
        r = runner.invoke(app, [*args, "--miner", "split", "--eta", "0", "--seed", "7", "--workspace", ws])
        assert r.exit_code == 0, r.output
    assert seeds == [7, 7]
    r = runner.invoke(app, ["discover", log, str(target), "--miner", "split", "--seed", "x", "--workspace", ws])
    assert r.exit_code != 0 and "seed" in r.output


def test_keep_ors_reaches_split_miner(tmp_path, monkeypatch):
    """--keep-ors: the model keeps Split Miner's inclusive gateways (it may fit more, docs/discovery.md)."""
    import sagsflow.cli.analysis  # noqa: F401  (registers `discover`)
    from sagsflow.discovery import SplitMiner

    drawn = []
    fit = SplitMiner._fit
    monkeypatch.setattr(SplitMiner, "_fit", lambda self, *a: (drawn.append(fit(self, *a)), drawn[-1])[1])
    ws, log = _workspace(tmp_path)
    target = tmp_path / "model.bpmn"
    for flag in ("--keep-ors", "--replace-ors"):
        for args in (["discover", log, str(target)], ["conformance", log, "--discover", "--processes", "1"]):
            r = runner.invoke(app, [*args, "--miner", "split", "--eta", "0", flag, "--workspace", ws])
            assert r.exit_code == 0, r.output
    assert [m.replace_ors for m in drawn] == [False, False, True, True]
    assert not drawn[0].replaced_ors_ and not drawn[1].replaced_ors_
