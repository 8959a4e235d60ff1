"""Import from a database query: named connections from the settings (a SQLite file as the warehouse), preview
with a suggested mapping, a background import job, audit entries, and no URL ever in a request or a response."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import World, build_world

QUERY = "SELECT sag, handling, tidspunkt, medarbejder FROM haendelser WHERE kommune = :k"
MAPPING_YAML = """case_id: sag
activity: handling
timestamp: tidspunkt
resource: {column: medarbejder, data_class: process}
"""


def _warehouse(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE haendelser (sag TEXT, handling TEXT, tidspunkt TEXT, medarbejder TEXT, kommune TEXT)")
    rows = []
    for c in range(30):
        rows += [(f"S{c}", "Modtaget", f"2024-02-{c % 28 + 1:02d} 09:00:00", "m1", "Aarhus"),
                 (f"S{c}", "Afgjort", f"2024-03-{c % 28 + 1:02d} 14:30:00", "m2", "Aarhus")]
    rows.append(("X1", "Modtaget", "2024-02-01 09:00:00", "m9", "Odense"))
    con.executemany("INSERT INTO haendelser VALUES (?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="module")
def sql_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp_path = tmp_path_factory.mktemp("sql")
    url = f"sqlite:///{_warehouse(tmp_path / 'dwh.sqlite')}"
    sources = {"dwh": url, "aarhus_only": {"url": url, "municipalities": ["Aarhus"]}}
    yield from build_world(tmp_path, sql_sources=sources)


def _base(w: World, tenant: str = "a") -> str:
    return f"/api/workspaces/{w.workspace[tenant]}/imports/sql"


def _wait(w: World, job: str, tenant: str = "a") -> dict[str, object]:
    for _ in range(400):
        j = w.client.get(f"/api/jobs/{job}", headers=w.headers(tenant, "analyst")).json()
        if j["state"] in ("succeeded", "failed", "cancelled"):
            return dict(j)
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_connections_are_named_only_and_per_municipality(sql_world: World) -> None:
    w = sql_world
    a = w.client.get(f"{_base(w)}/connections", headers=w.headers("a", "analyst"))
    b = w.client.get(f"{_base(w, 'b')}/connections", headers=w.headers("b", "analyst"))
    assert [c["name"] for c in a.json()] == ["aarhus_only", "dwh"]
    assert [c["name"] for c in b.json()] == ["dwh"]  # Odense does not see Aarhus's connection
    assert "sqlite" not in a.text and "dwh.sqlite" not in a.text
    assert w.client.get(f"{_base(w)}/connections", headers=w.headers("a", "viewer")).status_code == 403


def test_preview_suggests_a_mapping_and_is_audited(sql_world: World) -> None:
    w = sql_world
    body = {"source": {"kind": "sql", "connection": "dwh", "query": QUERY, "params": {"k": "Aarhus"}}}
    r = w.client.post(f"{_base(w)}/preview", json=body, headers=w.headers("a", "analyst"))
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["columns"] == ["sag", "handling", "tidspunkt", "medarbejder"] and p["n_rows"] == 60
    assert "case_id: sag" in p["suggested_mapping"] and "tidspunkt" in p["timestamp_formats"]
    assert w.audit_actions()[-1] == "import.preview"


def test_import_job_loads_the_query_result(sql_world: World) -> None:
    w = sql_world
    h = w.headers("a", "analyst")
    body = {"source": {"kind": "sql", "connection": "aarhus_only", "query": QUERY, "params": {"k": "Aarhus"}},
            "log": "fra_dwh", "mapping": MAPPING_YAML, "mode": "create"}
    r = w.client.post(_base(w), json=body, headers=h)
    assert r.status_code == 202, r.text
    job = _wait(w, r.json()["id"])
    assert job["state"] == "succeeded", job
    assert job["result"]["events_added"] == 60  # type: ignore[index]
    summary = w.client.get(f"/api/workspaces/{w.workspace['a']}/logs/fra_dwh", headers=h).json()
    assert summary["n_cases"] == 30 and summary["n_events"] == 60
    from sqlalchemy import select

    from sagsflow.meta.models import AuditEntry

    with w.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "import.start")).one()
        details = entry.details if isinstance(entry.details, dict) else json.loads(entry.details or "{}")
    assert details["connection"] == "aarhus_only" and details["query"] == QUERY
    assert "sqlite" not in json.dumps(details)


def test_requests_cannot_name_urls_or_others_connections(sql_world: World) -> None:
    w = sql_world
    h = w.headers("b", "analyst")
    with_url = {"source": {"kind": "sql", "connection": "dwh", "query": QUERY, "url": "sqlite:////etc/x"},
                "log": "x"}
    r = w.client.post(_base(w, "b"), json=with_url, headers=h)
    assert r.status_code == 422 and "url" in r.json()["message"]
    other = {"source": {"kind": "sql", "connection": "aarhus_only", "query": QUERY}, "log": "x"}
    missing = {"source": {"kind": "sql", "connection": "nope", "query": QUERY}, "log": "x"}
    r1 = w.client.post(_base(w, "b"), json=other, headers=h)
    r2 = w.client.post(_base(w, "b"), json=missing, headers=h)
    assert r1.status_code == r2.status_code == 404
    assert r1.json()["field"] == "source.connection" and "sqlite" not in r1.text
    viewer = w.client.post(_base(w), json=missing, headers=w.headers("a", "viewer"))
    assert viewer.status_code == 403


def test_only_select_statements_and_query_errors_are_clear(sql_world: World) -> None:
    w = sql_world
    h = w.headers("a", "analyst")
    for q in ("DELETE FROM haendelser", "SELECT 1; DROP TABLE haendelser"):
        r = w.client.post(f"{_base(w)}/preview", json={"source": {"connection": "dwh", "query": q}}, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "source.query", r.text
    r = w.client.post(f"{_base(w)}/preview", json={"source": {"connection": "dwh", "query": "SELECT * FROM nix"}},
                      headers=h)
    assert r.status_code == 422 and "no such table: nix" in r.json()["message"]
    assert "dwh.sqlite" not in r.text
    import sqlite3 as s3

    # the warehouse still holds its rows: nothing was deleted
    url = w.client.app.state.server.settings.sql_connections()["dwh"]["url"]  # type: ignore[attr-defined]
    assert s3.connect(url.removeprefix("sqlite:///")).execute("SELECT count(*) FROM haendelser").fetchone()[0] == 61


def test_connections_from_a_file(tmp_path: Path) -> None:
    from sagsflow.api.settings import Settings

    f = tmp_path / "sources.yaml"
    f.write_text("warehouse: postgresql+psycopg://reader:pw@dwh/sager\n", encoding="utf-8")
    s = Settings(data_dir=tmp_path, sql_sources_file=f, sql_sources={"x": "sqlite://"})
    assert s.sql_connections() == {"x": {"url": "sqlite://", "municipalities": None},
                                   "warehouse": {"url": "postgresql+psycopg://reader:pw@dwh/sager",
                                                 "municipalities": None}}


@pytest.mark.parametrize("query", [
    "WITH x AS (SELECT 1) DELETE FROM haendelser",
    "WITH x AS (SELECT 1) INSERT INTO haendelser (sag) SELECT 'evil' FROM x",
    "WITH d AS (DELETE FROM haendelser RETURNING *) SELECT * FROM d",
    "SELECT * INTO kopi FROM haendelser",
    "SELECT * FROM haendelser FOR UPDATE",
    "PRAGMA query_only = 0",
    "SELECT 1; DELETE FROM haendelser",
])
def test_writes_dressed_as_queries_are_refused_and_nothing_is_committed(sql_world: World, query: str) -> None:
    w = sql_world
    h = w.headers("a", "analyst")
    url = w.client.app.state.server.settings.sql_connections()["dwh"]["url"]  # type: ignore[attr-defined]
    for path, body in ((f"{_base(w)}/preview", {"source": {"connection": "dwh", "query": query}}),
                       (_base(w), {"source": {"connection": "dwh", "query": query}, "log": "boes", "mode": "create"})):
        r = w.client.post(path, json=body, headers=h)
        assert r.status_code == 422, r.text
        assert r.json()["type"] == "query-not-read-only" and r.json()["field"] == "source.query"
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    assert con.execute("SELECT count(*) FROM haendelser").fetchone()[0] == 61
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'kopi'").fetchone()[0] == 0
    con.close()


def test_the_preview_stops_at_the_query_time_limit(tmp_path: Path) -> None:
    url = f"sqlite:///{_warehouse(tmp_path / 'dwh.sqlite')}"
    gen = build_world(tmp_path, sql_sources={"dwh": url}, query_timeout_seconds=1)
    w = next(gen)
    try:
        endless = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) AS n FROM r"
        # the query never ends by itself: the 503 is the proof that the limit stopped it
        r = w.client.post(f"{_base(w)}/preview", json={"source": {"connection": "dwh", "query": endless}},
                          headers=w.headers("a", "analyst"))
        assert r.status_code == 503 and r.json()["type"] == "query-timeout", r.text
        assert "limit of 1 s" in r.json()["message"]
    finally:
        gen.close()
