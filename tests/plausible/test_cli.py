"""The plausible period on the command line: `sagsflow window`, the import warning, the note beside every
result and --include-quarantined, agreeing with the library."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

import sagsflow
from sagsflow.cli.app import app
from tests.plausible_logs import MAPPING, dirty_rows, write_csv

runner = CliRunner()


def flat(text: str) -> str:
    """Output without the terminal's line wrapping."""
    return " ".join(text.split())


def _imported(tmp_path: Path) -> str:
    src = write_csv(tmp_path / "d.csv", dirty_rows())
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump(MAPPING), encoding="utf-8")
    ws = str(tmp_path / "ws")
    r = runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "d"])
    assert r.exit_code == 0, r.output
    assert "6 events in 5 cases lie outside the plausible period" in flat(r.output)
    return ws


def test_window_show_set_reset(tmp_path: Path) -> None:
    ws = _imported(tmp_path)
    r = runner.invoke(app, ["window", "d", "--workspace", ws, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["n_quarantined"] == 6
    r = runner.invoke(app, ["window", "d", "--workspace", ws, "--first-day", "2024-02-01", "--json"])
    got = json.loads(r.output)
    assert got["first_day"] == "2024-02-01" and got["source"] == "partly set"
    with sagsflow.Workspace.open(ws) as w:  # the library sees the same period
        assert w.log("d").plausible_window.n_quarantined == got["n_quarantined"]
    r = runner.invoke(app, ["window", "d", "--workspace", ws, "--reset"])
    assert r.exit_code == 0 and "derived from the data" in r.output
    r = runner.invoke(app, ["window", "d", "--workspace", ws, "--last-day", "9999-12-31"])
    assert r.exit_code == 1 and "between 1800-01-01 and 2199-12-31" in str(r.exception)


def test_results_carry_the_note_and_include_on_request(tmp_path: Path) -> None:
    ws = _imported(tmp_path)
    out = tmp_path / "cases.json"
    r = runner.invoke(app, ["stats", "d", "cases", "--workspace", ws, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "6 events outside the plausible period (2024-01-01 – 2024-05-28) are left out" in flat(r.output)
    assert len(json.loads(out.read_text())["rows"]) == 60
    r = runner.invoke(app, ["stats", "d", "cases", "--workspace", ws, "--out", str(out), "--include-quarantined"])
    assert "are included" in flat(r.output) and len(json.loads(out.read_text())["rows"]) == 61
    spec = tmp_path / "f.yaml"  # the flag in a filter file does the same
    spec.write_text("include_quarantined: true\nsteps: []\n", encoding="utf-8")
    r = runner.invoke(app, ["stats", "d", "cases", "--workspace", ws, "--out", str(out), "--filter", str(spec)])
    assert "are included" in flat(r.output) and len(json.loads(out.read_text())["rows"]) == 61
    exported = tmp_path / "d.csv"
    r = runner.invoke(app, ["export", "d", str(exported), "--workspace", ws])
    assert r.exit_code == 0 and len(exported.read_text().splitlines()) == 1 + 245
