"""Upload and import as a background job; mapping preview; upload size limit; cancellation."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.api.conftest import World, build_world, write_log_csv

HOLD = 600.0  # seconds a blocking job waits for its gate at most: a bound, not a speed check

MAPPING_YAML = """case_id: case
activity: activity
timestamp: time
resource:
  column: resource
  data_class: process
"""


def _upload(world: World, path: Path, **form: Any) -> Any:
    with path.open("rb") as f:
        return world.client.post(f"/api/workspaces/{world.workspace['a']}/imports",
                                 headers=world.headers("a", "analyst"),
                                 files={"file": (path.name, f, "text/csv")}, data=form)


def _wait(world: World, job_id: str) -> dict[str, Any]:
    for _ in range(200):
        job = world.client.get(f"/api/jobs/{job_id}", headers=world.headers("a", "analyst")).json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_import_job_adds_a_log(world: World, tmp_path: Path) -> None:
    r = _upload(world, write_log_csv(tmp_path / "new.csv", n_cases=6, prefix="n"), log="fresh", mapping=MAPPING_YAML)
    assert r.status_code == 202, r.text
    job = _wait(world, r.json()["id"])
    assert job["state"] == "succeeded", job
    assert job["result"]["events_added"] == 20 and job["progress"] == 1.0
    logs = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert {x["name"] for x in logs.json()} == {"cases", "fresh"}
    assert "import.start" in world.audit_actions()
    assert not list((tmp_path / "server" / "uploads").glob("*"))  # the upload is removed


def test_failed_import_reports_why_and_changes_nothing(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case,activity,time\n1,A,not a date\n", encoding="utf-8")
    r = _upload(world, bad, log="cases", mapping="case_id: case\nactivity: activity\ntimestamp: time\n")
    job = _wait(world, r.json()["id"])
    assert job["state"] == "failed" and "not a date" in job["error"]
    logs = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert [(x["name"], x["n_events"]) for x in logs.json()] == [("cases", 39)]


def test_bad_mapping_is_refused_before_the_job(world: World, tmp_path: Path) -> None:
    r = _upload(world, write_log_csv(tmp_path / "m.csv"), log="x", mapping="case_id: [unclosed")
    assert r.status_code == 422 and r.json()["type"] == "mapping-error"


def test_mapping_text_is_never_read_as_a_server_file(world: World, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("case_id: case\nactivity: activity\ntimestamp: time\n", encoding="utf-8")
    r = _upload(world, write_log_csv(tmp_path / "m.csv"), log="x", mapping=str(secret))
    assert r.status_code == 422


def test_upload_size_limit_is_413(tmp_path: Path) -> None:
    gen = build_world(tmp_path, max_upload_bytes=100)
    w = next(gen)
    try:
        r = _upload(w, write_log_csv(tmp_path / "big.csv"), log="big")
        assert r.status_code == 413 and r.json()["type"] == "too-large"
    finally:
        gen.close()


def test_unknown_file_type_is_422(world: World, tmp_path: Path) -> None:
    p = tmp_path / "x.doc"
    p.write_text("hello", encoding="utf-8")
    assert _upload(world, p, log="x").status_code == 422


def test_preview_suggests_a_mapping_and_timestamp_format(world: World, tmp_path: Path) -> None:
    p = tmp_path / "da.csv"
    p.write_text("sagsnr;hændelse;dato\n1;Ansøgning;01-02-2024\n1;Bevilling;03-02-2024\n2;Ansøgning;05-02-2024\n",
                 encoding="utf-8")
    with p.open("rb") as f:
        r = world.client.post(f"/api/workspaces/{world.workspace['a']}/imports/preview",
                              headers=world.headers("a", "analyst"), files={"file": ("da.csv", f, "text/csv")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["sagsnr", "hændelse", "dato"] and body["n_rows"] == 3
    assert body["rows"][0]["hændelse"] == "Ansøgning"
    assert "sagsnr" in body["suggested_mapping"] and "dato" in body["timestamp_formats"]
    assert world.audit_actions()[-1] == "import.preview"


def test_viewer_cannot_import(world: World, tmp_path: Path) -> None:
    with write_log_csv(tmp_path / "v.csv").open("rb") as f:
        r = world.client.post(f"/api/workspaces/{world.workspace['a']}/imports", headers=world.headers("a", "viewer"),
                              files={"file": ("v.csv", f, "text/csv")}, data={"log": "v"})
    assert r.status_code == 403


def test_cancel_a_queued_job(world: World) -> None:
    import threading

    runner = world.client.app.state.server.runner  # type: ignore[attr-defined]
    gate = threading.Event()
    # the blockers hold both workers until the gate opens (not for a fixed time: on a loaded machine the cancel
    # request can take longer than any short timeout, and the queued job would then run before it is cancelled)
    blockers = [runner.submit("block", lambda p: gate.wait(HOLD) and None) for _ in range(2)]
    try:
        queued = runner.submit("import", lambda p: {"ran": True}, owner_id=world.user_id[("a", "analyst")])
        r = world.client.post(f"/api/jobs/{queued}/cancel", headers=world.headers("a", "analyst"))
        assert r.status_code == 200 and r.json()["state"] == "cancelled"
    finally:
        gate.set()
    for b in blockers:
        runner.wait(b)
    assert runner.wait(queued).state == "cancelled" and runner.get(queued).result is None


def test_check_before_import_reports_quality_and_stores_nothing(world: World, tmp_path: Path) -> None:
    # a duplicated row and an event dated 01-01-1900: the report names both, and the workspace is unchanged
    csv = write_log_csv(tmp_path / "new.csv", n_cases=8, prefix="n")
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([*lines, lines[1], "n0,Check,1900-01-01 00:00,r1"]) + "\n", encoding="utf-8")
    url = f"/api/workspaces/{world.workspace['a']}/imports/check"
    with csv.open("rb") as f:
        r = world.client.post(url, headers=world.headers("a", "analyst"), files={"file": ("new.csv", f, "text/csv")},
                              data={"log": "fresh", "mapping": MAPPING_YAML})
    assert r.status_code == 202, r.text
    job = _wait(world, r.json()["id"])
    assert job["state"] == "succeeded", job
    report = job["result"]["quality"]
    assert report["overview"]["n_cases"] == 8 and job["result"]["rows_read"] == len(lines) + 1
    codes = {f["code"] for f in report["findings"]}
    assert {"duplicate_events", "implausible_dates"} <= codes
    logs = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert {x["name"] for x in logs.json()} == {"cases"}  # nothing imported
    assert not list((tmp_path / "server" / "uploads").glob("*"))
    actions = world.audit_actions()
    assert "import.check" in actions and "case.quality_examples" in actions
    with csv.open("rb") as f:  # viewers cannot: the report has case-level examples
        assert world.client.post(url, headers=world.headers("a", "viewer"), files={"file": ("new.csv", f)},
                                 data={"log": "fresh"}).status_code == 403
        f.seek(0)  # nor another municipality's analyst
        assert world.client.post(url, headers=world.headers("b", "analyst"), files={"file": ("new.csv", f)},
                                 data={"log": "fresh"}).status_code == 404


def _big_csv(path: Path, n: int) -> Path:
    import duckdb

    duckdb.connect().execute(
        f"""COPY (SELECT 'C' || (i // 10) AS case, 'A' || (i % 13) AS activity,
                  strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 7), '%Y-%m-%d %H:%M:%S') AS time,
                  'r' || (i % 7) AS resource FROM range({n}) r(i)) TO '{path}' (HEADER)""")
    return path


def test_cancel_a_running_import_stops_it_and_changes_nothing(world: World, tmp_path: Path) -> None:
    r = _upload(world, _big_csv(tmp_path / "big.csv", 1_000_000), log="big", mapping=MAPPING_YAML)
    job_id = r.json()["id"]
    for _ in range(600):  # until it is busy reading or mapping the file
        job = world.client.get(f"/api/jobs/{job_id}", headers=world.headers("a", "analyst")).json()
        if job["state"] == "running" and job["progress"] > 0.05:
            break
        time.sleep(0.05)
    assert job["state"] == "running", job
    cancelled = world.client.post(f"/api/jobs/{job_id}/cancel", headers=world.headers("a", "analyst"))
    assert cancelled.status_code == 200
    job = _wait(world, job_id)
    assert job["state"] == "cancelled" and job["progress"] < 0.75, job
    logs = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert [x["name"] for x in logs.json()] == ["cases"]


def test_two_imports_into_one_workspace_run_at_the_same_time(world: World, tmp_path: Path) -> None:
    # the job runner has two workers: both imports run together, each on a cursor of its own
    ids = [_upload(world, _big_csv(tmp_path / f"b{k}.csv", 100_000), log=f"log{k}",
                   mapping=MAPPING_YAML).json()["id"] for k in range(2)]
    small = _upload(world, write_log_csv(tmp_path / "s.csv", n_cases=6, prefix="s"), log="small",
                    mapping=MAPPING_YAML).json()["id"]
    jobs = [_wait(world, j) for j in [*ids, small]]
    assert [j["state"] for j in jobs] == ["succeeded"] * 3, jobs
    logs = world.client.get(f"/api/workspaces/{world.workspace['a']}/logs", headers=world.headers("a", "viewer"))
    assert {x["name"]: x["n_events"] for x in logs.json()} == {"cases": 39, "log0": 100_000, "log1": 100_000,
                                                              "small": 20}


def test_preview_of_a_file_wider_than_the_limit_is_refused_at_once(world: World, tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    header = ["case", "activity", "time", *(f"c{k}" for k in range(10_000))]
    wide.write_text(",".join(header) + "\n" + ",".join(["1", "A", "2024-01-01"] + ["0"] * 10_000) + "\n")
    with wide.open("rb") as f:
        r = world.client.post(f"/api/workspaces/{world.workspace['a']}/imports/preview",
                              headers=world.headers("a", "analyst"), files={"file": ("wide.csv", f, "text/csv")})
    assert r.status_code in (413, 422) and r.json()["type"] == "unsafe-input", r.text
    assert "wide.csv: the file has 10,003 columns, more than the limit of 1,000" in r.json()["message"]
