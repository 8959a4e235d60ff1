"""The report on a million events: every check runs set-based to the end (its time is measured by
``python -m bench --only bench_quality``)."""

from __future__ import annotations

import pytest

from sagsflow.quality import quality_report
from sagsflow.schema import ROLES, Column, LogSchema
from sagsflow.store.workspace import Workspace


@pytest.mark.slow
def test_one_million_events():
    ws = Workspace.memory()
    # 50,000 cases of 20 events, 300 caseworkers, registration up to 20 days late, one robot run
    ws.con.execute("""CREATE TEMP TABLE st AS
        SELECT 'C' || (i // 20)::VARCHAR AS case_id,
               'Aktivitet ' || chr(65 + ((i % 20 + (i // 20) % 3) % 26)::INT) AS activity,
               TIMESTAMPTZ '2022-01-01 08:00:00+00' + to_seconds(i // 20 * 600 + (i % 20) * 25200 + (i * 7919) % 600)
                   AS timestamp,
               NULL::TIMESTAMPTZ AS start_timestamp,
               CASE WHEN i % 40000 < 30 THEN 'ROBOT' ELSE 'R' || ((i * 31) % 300)::VARCHAR END AS resource,
               NULL::VARCHAR AS lifecycle,
               TIMESTAMPTZ '2022-01-01 08:00:00+00' + to_seconds(i // 20 * 600 + (i % 20) * 25200 + (i * 7919) % 600
                   + ((i * 13) % 20) * 86400) AS registration_timestamp,
               (i % 20)::BIGINT AS sequence, (i + 1)::BIGINT AS src_row,
               CASE WHEN i % 3 = 0 THEN 'x' END AS kanal
        FROM range(1000000) t(i)""")
    schema = LogSchema(roles={r: r for r in ROLES if r not in ("start_timestamp", "lifecycle")},
                       attributes=(Column(name="kanal"),))
    ws.write_log("big", "st", schema)
    log = ws.log("big")
    report = quality_report(log)
    assert report.overview.n_events == 1_000_000
    assert "backdated_registrations" in report.codes
