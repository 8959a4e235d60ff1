"""The store: layout, atomic writes, append with de-duplication, import registry, mappings."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sagsflow.errors import InvalidParameterError, NotFoundError, SchemaError
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace

SCHEMA = LogSchema(attributes=(Column(name="amount", dtype="DOUBLE"), Column(name="unit", level="case")))


def stage(con: duckdb.DuckDBPyConnection, rows: list[tuple], name: str = "st") -> str:
    """rows: (case, activity, 'YYYY-mm-dd HH:MM', resource, amount, unit)."""
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(
        f"""CREATE TEMP TABLE {name} (case_id VARCHAR, activity VARCHAR, timestamp TIMESTAMPTZ,
        start_timestamp TIMESTAMPTZ, resource VARCHAR, lifecycle VARCHAR, registration_timestamp TIMESTAMPTZ,
        sequence BIGINT, src_row BIGINT, amount DOUBLE, unit VARCHAR)"""
    )
    for i, (c, a, t, r, amount, unit) in enumerate(rows, start=1):
        con.execute(
            f"INSERT INTO {name} VALUES (?, ?, ?::TIMESTAMPTZ, NULL, ?, NULL, NULL, NULL, ?, ?, ?)",
            [c, a, t + ":00+00", r, i, amount, unit],  # DuckDB 1.5 wants seconds before a zone
        )
    return name


ROWS = [
    ("B", "register", "2024-01-02 09:00", "r1", 1.0, "east"),
    ("A", "register", "2024-01-01 09:00", "r1", 2.0, "west"),
    ("A", "decide", "2024-01-03 09:00", "r2", 3.0, "west"),
    ("A", "check", "2024-01-03 09:00", "r2", 4.0, "west"),  # same time as 'decide', later in the file
    ("B", "decide", "2024-01-02 08:00", "r2", 5.0, "east"),
]


def test_events_are_sorted_by_case_start_then_time_then_source_order(workspace: Workspace) -> None:
    workspace.write_log("l", stage(workspace.con, ROWS), SCHEMA)
    got = workspace.con.execute(
        "SELECT event_idx, case_idx, case_id, activity, pos FROM log_l.events ORDER BY event_idx"
    ).fetchall()
    # case A starts first; inside A the equal timestamps keep the file order (decide before check)
    assert got == [
        (0, 0, "A", "register", 0),
        (1, 0, "A", "decide", 1),
        (2, 0, "A", "check", 2),
        (3, 1, "B", "decide", 0),
        (4, 1, "B", "register", 1),
    ]


def test_physical_order_is_event_order(workspace: Workspace) -> None:
    workspace.write_log("l", stage(workspace.con, ROWS), SCHEMA)
    ids = [r[0] for r in workspace.con.execute("SELECT event_idx FROM log_l.events").fetchall()]
    assert ids == sorted(ids)


def test_activity_dictionary_and_cases_table(workspace: Workspace) -> None:
    workspace.write_log("l", stage(workspace.con, ROWS), SCHEMA)
    acts = workspace.con.execute("SELECT activity_code, activity, n_events FROM log_l.activities").fetchall()
    assert acts == [(0, "check", 1), (1, "decide", 2), (2, "register", 2)]
    codes = workspace.con.execute(
        "SELECT DISTINCT e.activity, e.activity_code = a.activity_code FROM log_l.events e "
        "JOIN log_l.activities a USING (activity)"
    ).fetchall()
    assert all(ok for _, ok in codes)
    cases = workspace.con.execute("SELECT case_idx, case_id, n_events, unit FROM log_l.cases").fetchall()
    assert cases == [(0, "A", 3, "west"), (1, "B", 2, "east")]
    cols = [r[0] for r in workspace.con.execute("DESCRIBE log_l.events").fetchall()]
    assert "unit" not in cols and "amount" in cols  # case attributes live in the cases table


def test_append_skips_events_already_stored_and_adds_new_ones(workspace: Workspace) -> None:
    con = workspace.con
    workspace.write_log("l", stage(con, ROWS[:3]), SCHEMA)
    rec = workspace.write_log("l", stage(con, ROWS[1:]), SCHEMA, mode="append")
    assert (rec.rows_read, rec.events_added, rec.duplicates_skipped) == (4, 2, 2)
    assert workspace.log("l").n_events == 5
    assert [i.import_id for i in workspace.imports("l")] == [1, 2]


def test_create_refuses_existing_name_and_replace_overwrites(workspace: Workspace) -> None:
    con = workspace.con
    workspace.write_log("l", stage(con, ROWS), SCHEMA)
    with pytest.raises(InvalidParameterError, match="exists already"):
        workspace.write_log("l", stage(con, ROWS[:1]), SCHEMA, mode="create")
    workspace.write_log("l", stage(con, ROWS[:1]), SCHEMA, mode="replace")
    assert workspace.log("l").n_events == 1


def test_failed_write_leaves_the_workspace_as_it_was(workspace: Workspace) -> None:
    con = workspace.con
    workspace.write_log("l", stage(con, ROWS), SCHEMA)
    before = con.execute("SELECT * FROM log_l.events ORDER BY event_idx").fetchall()
    bad = LogSchema(attributes=(Column(name="amount", dtype="VARCHAR", level="case"),))
    with pytest.raises(SchemaError, match="'amount'"):
        workspace.write_log("l", stage(con, ROWS), bad, mode="append")
    with pytest.raises(duckdb.Error):  # a column the staged table lacks: fails mid-write
        workspace.write_log("l", stage(con, ROWS), LogSchema(attributes=(Column(name="nope"),)), mode="replace")
    assert con.execute("SELECT * FROM log_l.events ORDER BY event_idx").fetchall() == before
    assert len(workspace.imports("l")) == 1
    assert [i.name for i in workspace.logs()] == ["l"]


def test_log_names_are_validated(workspace: Workspace) -> None:
    with pytest.raises(InvalidParameterError, match="Try 'soeby_dp'"):
        workspace.write_log("Søby DP", stage(workspace.con, ROWS), SCHEMA)


def test_unknown_log_lists_the_logs_there(workspace: Workspace) -> None:
    workspace.write_log("dagpenge", stage(workspace.con, ROWS), SCHEMA)
    with pytest.raises(NotFoundError, match="Logs here: dagpenge"):
        workspace.log("kontanthjaelp")


def test_workspace_persists_across_open(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "w") as ws:
        ws.write_log("l", stage(ws.con, ROWS), SCHEMA)
    with Workspace.open(tmp_path / "w", read_only=True) as ws:
        assert ws.log("l").n_cases == 2
        assert ws.schema("l") == SCHEMA


def test_workspace_path_must_be_a_folder(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(InvalidParameterError, match="is a file"):
        Workspace.open(f)


def test_mapping_versions(workspace: Workspace) -> None:
    assert workspace.save_mapping("m", "a: 1\n", "h1") == 1
    assert workspace.save_mapping("m", "a: 1\n", "h1") == 1  # unchanged text keeps its version
    assert workspace.save_mapping("m", "a: 2\n", "h2") == 2
    assert workspace.mapping_yaml("m") == "a: 2\n"
    assert workspace.mapping_yaml("m", 1) == "a: 1\n"


def test_a_memory_limit_from_the_call_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``memory_limit`` caps DuckDB's memory; ``SAGSFLOW_MEMORY_LIMIT`` does the same for every workspace the process
    opens (the server's); a value that is not an amount is refused naming where it came from, and leaves the
    workspace free to open again."""

    def limit(ws: Workspace) -> str:
        return str(ws.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])

    with Workspace.open(tmp_path / "ws", memory_limit="1GiB") as ws:
        assert limit(ws) == "1.0 GiB"
    monkeypatch.setenv("SAGSFLOW_MEMORY_LIMIT", "512MiB")
    with Workspace.open(tmp_path / "ws") as ws:
        assert limit(ws) == "512.0 MiB"
    with Workspace.open(tmp_path / "ws", memory_limit="2GiB") as ws:  # the call wins
        assert limit(ws) == "2.0 GiB"
    monkeypatch.setenv("SAGSFLOW_MEMORY_LIMIT", "lots'; SELECT 1; --")
    with pytest.raises(InvalidParameterError, match="SAGSFLOW_MEMORY_LIMIT must be an amount of memory"):
        Workspace.open(tmp_path / "ws")
    monkeypatch.delenv("SAGSFLOW_MEMORY_LIMIT")
    with Workspace.open(tmp_path / "ws") as ws:
        assert limit(ws) != "512.0 MiB"


def test_by_default_duckdb_leaves_room_for_the_python_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a limit a workspace takes 5/8 of DuckDB's own default (which is 80 % of the machine's or container's
    memory): half the memory, the rest for the cached columns and result tables of the same process."""
    import duckdb

    from sagsflow.store.workspace import default_memory_limit, memory_bytes

    monkeypatch.delenv("SAGSFLOW_MEMORY_LIMIT", raising=False)
    with duckdb.connect(":memory:") as fresh:
        duck = memory_bytes(fresh.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    for ws in (Workspace.open(tmp_path / "ws"), Workspace.memory()):
        with ws:
            shown = ws.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
            assert shown == ws.default_limit
            # and freed memory goes back to the system between requests
            assert ws.con.execute("SELECT current_setting('allocator_background_threads')").fetchall()[0][0] is True
            assert abs(memory_bytes(shown) - duck * 5 / 8) < 0.01 * duck
    assert abs(memory_bytes(default_memory_limit()) - memory_bytes(shown)) < 0.01 * duck
    with Workspace.open(tmp_path / "ws", memory_limit="1GiB") as ws:
        assert ws.default_limit is None
    with pytest.raises(ValueError, match="not an amount of memory"):
        memory_bytes("lots")
