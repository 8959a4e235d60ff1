"""Request limits: a query running past SAGSFLOW_QUERY_TIMEOUT_SECONDS is stopped with a 503 problem, results
larger than SAGSFLOW_MAX_RESULT_ROWS are refused or capped with a clear problem (upload size: test_api_imports)."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import World, build_world


def test_a_long_query_is_interrupted_with_a_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sagsflow.analysis.statistics as statistics

    def endless(log: Any, **_: Any) -> Any:
        log.workspace.con.execute("SELECT count(*) FROM range(1000000000000) a").fetchall()
        raise AssertionError("the query should have been interrupted")

    monkeypatch.setattr(statistics, "activity_table", endless)
    gen: Generator[World, None, None] = build_world(tmp_path, query_timeout_seconds=0.5)  # type: ignore[assignment]
    w = next(gen)
    try:
        url = f"/api/workspaces/{w.workspace['a']}/logs/cases"
        # a query of 10^12 rows that was not interrupted would run for hours: the 503 is the proof
        r = w.client.post(f"{url}/statistics/activities", json={}, headers=w.headers("a", "analyst"))
        assert r.status_code == 503, r.text
        body = r.json()
        assert body["type"] == "query-timeout" and "limit of 0.5 s" in body["message"]
        assert "SAGSFLOW_QUERY_TIMEOUT_SECONDS" in body["hint"]
        assert r.headers["content-type"].startswith("application/problem+json")
        # the next request of the same workspace is not affected
        assert w.client.post(f"{url}/map", json={}, headers=w.headers("a", "analyst")).status_code == 200
    finally:
        gen.close()


def test_results_over_the_row_limit_are_refused_or_capped(tmp_path: Path) -> None:
    gen: Generator[World, None, None] = build_world(tmp_path, max_result_rows=3)  # type: ignore[assignment]
    w = next(gen)
    try:
        h = w.headers("a", "analyst")
        url = f"/api/workspaces/{w.workspace['a']}/logs/cases"
        r = w.client.post(f"{url}/map", json={"paths": 1}, headers=h)
        assert r.status_code == 422 and r.json()["type"] == "result-too-large"
        assert "more than the limit of 3 rows" in r.json()["message"]
        assert "SAGSFLOW_MAX_RESULT_ROWS" in r.json()["hint"] and "slider" in r.json()["hint"]
        # the case a-0 takes the Rare detour: 4 events
        r = w.client.get(f"{url}/cases/a-0", headers=h)
        assert r.status_code == 422 and "4 events in this case" in r.json()["message"]
        assert len(w.client.post(f"{url}/cases", json={"limit": 50}, headers=h).json()["rows"]) == 3
    finally:
        gen.close()
