"""The command line: thin over the library, clear errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sagsflow.cli.app import app, main

runner = CliRunner()

CSV = "sag,aktivitet,tidspunkt,sagsbehandler\nA,Ansøgning,02-01-2024 09:00,x1\nA,Afgørelse,05-01-2024 10:00,x2\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "sager.csv"
    src.write_text(CSV, encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("case_id: sag\nactivity: aktivitet\ntimestamp: tidspunkt\nresource: sagsbehandler\n")
    return src, mapping


def test_import_then_list_then_reimport(tmp_path: Path, files: tuple[Path, Path]) -> None:
    src, mapping = files
    ws = str(tmp_path / "ws")
    r = runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "kh"])
    assert r.exit_code == 0, r.output
    assert "2 events added to log 'kh'" in r.output
    r = runner.invoke(app, ["logs", "--workspace", ws, "--json"])
    assert json.loads(r.output)[0]["events"] == 2
    r = runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "kh"])
    assert "already imported" in r.output


def test_errors_print_a_message_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch, files: tuple[Path, Path]) -> None:
    src, _ = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: sag\nactivity: aktivitet\ntimestamp: {column: tidspunkt, format: dd-mm}\n")
    monkeypatch.setattr("sys.argv", ["sagsflow", "import", str(src), "--mapping", str(bad),
                                     "--workspace", str(tmp_path / "ws")])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "error:" in err and "timestamp.format" in err and "Traceback" not in err


def test_keygen_and_export(tmp_path: Path, files: tuple[Path, Path]) -> None:
    src, mapping = files
    key = tmp_path / "keys" / "k.key"
    key.parent.mkdir()
    assert runner.invoke(app, ["keygen", str(key)]).exit_code == 0
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    ws = str(tmp_path / "ws")
    runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "kh"])
    out = tmp_path / "kh.xes.gz"
    r = runner.invoke(app, ["export", "kh", str(out), "--workspace", ws])
    assert r.exit_code == 0 and out.stat().st_size > 0
    r = runner.invoke(app, ["export", "kh", str(tmp_path / "kh.doc"), "--workspace", ws])
    assert r.exit_code != 0


def test_event_store_moves_the_logs_to_parquet_and_export_store_writes_one(tmp_path: Path,
                                                                          files: tuple[Path, Path]) -> None:
    src, mapping = files
    ws = str(tmp_path / "ws")
    runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "kh"])
    r = runner.invoke(app, ["event-store", "--workspace", ws, "--json"])
    assert json.loads(r.output) == {"root": None, "spark": None, "logs": {}}
    r = runner.invoke(app, ["event-store", "--workspace", ws, "--spark", "local[2]"])
    assert r.exit_code != 0 and "only with an event store" in str(r.exception)
    r = runner.invoke(app, ["event-store", str(tmp_path / "store"), "--workspace", ws, "--json"])
    assert r.exit_code == 0, r.output
    store = (tmp_path / "store").resolve()
    info = json.loads(r.output)
    assert info["root"] == str(store) and list(info["logs"]) == ["kh"]
    assert Path(info["logs"]["kh"]).parent == store / "kh"
    assert (Path(info["logs"]["kh"]) / "events.parquet").is_file()
    r = runner.invoke(app, ["import", str(src), "--mapping", str(mapping), "--workspace", ws, "--log", "kh2"])
    assert r.exit_code == 0 and (store / "kh2" / "CURRENT").is_file()
    r = runner.invoke(app, ["event-store", "--workspace", ws, "--spark", "spark://cluster:7077", "--json"])
    assert json.loads(r.output)["spark"] == "spark://cluster:7077"  # kept; the session starts at the first use
    r = runner.invoke(app, ["event-store", "--workspace", ws, "--spark", "off", "--json"])
    assert json.loads(r.output)["spark"] is None
    r = runner.invoke(app, ["event-store", "--workspace", ws, "--spark", "http://x"])
    assert r.exit_code != 0 and "Spark master" in str(r.exception)
    r = runner.invoke(app, ["event-store", str(tmp_path / "other"), "--workspace", ws])
    assert r.exit_code != 0 and "already" in str(r.exception)
    r = runner.invoke(app, ["export-store", "kh", str(tmp_path / "exported"), "--workspace", ws])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "exported" / "kh").iterdir()) == [
        "activities.parquet", "cases.parquet", "events.parquet", "successors.parquet"]


def test_demo_data_creates_logs_per_process_and_municipality(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    r = runner.invoke(app, ["demo-data", "--workspace", ws, "--scale", "0.01"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["logs", "--workspace", ws, "--json"])
    names = {d["name"] for d in json.loads(r.output)}
    assert {"dagpenge_alle", "kontanthjaelp_alle"} <= names
    assert len(names) == 12
