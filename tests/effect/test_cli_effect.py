"""``sagsflow effect``: register, list, measure and estimate from the command line (thin over the library)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sagsflow.cli.app import app
from tests.effect.conftest import WAIT

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_add_list_estimate_remove(demo_path: Path, tmp_path: Path) -> None:
    ws = ["--workspace", str(demo_path)]
    r = runner.invoke(app, ["effect", "add", "--name", "Visitation team halved", "--start", "2023-10-01",
                            "--log", "kontanthjaelp", "--indicator", json.dumps(WAIT), "--by", "kommune",
                            "--unit", "Egholm", "--direction", "up", "--follow-up", "2024-04-01", *ws])
    assert r.exit_code == 0, r.output
    iv = r.stdout.strip()
    try:
        listed = runner.invoke(app, ["effect", "list", *ws])
        assert iv in listed.stdout and "2023-10-01" in listed.stdout and "Egholm" in listed.stdout
        target = tmp_path / "est.json"
        r = runner.invoke(app, ["effect", "estimate", iv, "--method", "did", "--out", str(target), *ws])
        assert r.exit_code == 0, r.output
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["method"] == "did" and data["ci_low"] <= 3.0 <= data["ci_high"]
        assert "95 % CI" in r.stdout and "parallel trends" in r.stdout
        series = tmp_path / "s.csv"
        r = runner.invoke(app, ["effect", "series", "kontanthjaelp", "-i", json.dumps(WAIT), "--by", "kommune",
                                "--out", str(series), *ws])
        assert r.exit_code == 0, r.output
        assert series.read_text(encoding="utf-8").count("Egholm") == 48  # 4 years of months
    finally:
        assert runner.invoke(app, ["effect", "remove", iv, *ws]).exit_code == 0
    r = runner.invoke(app, ["effect", "add", "--name", "x", "--start", "2023-10-01", "--log", "kontanthjaelp",
                            "--indicator", "[1, 2]", *ws])
    assert r.exit_code != 0 and "kind" in r.output
