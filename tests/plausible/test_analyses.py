"""Every analysis of a log with events on implausible dates (1900/2099, or year 1/9999) equals the analysis of the
same log without those events: the quarantine is applied once, in the log's plan, and inherited everywhere.

Results are compared by case id (case numbers differ between the two logs: cases are numbered by their first
event). The third log of each pair, ``included``, shows that the analyses do see the events when asked to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sagsflow
from sagsflow.log import EventLog
from sagsflow.store.workspace import Workspace
from tests.plausible_logs import MAPPING, clean_rows, dirty_rows, n_implausible, write_csv

KINDS = ("1900/2099", "1/9999")
RULES = """rules:
- {id: D30, type: response, trigger: Register, target: Decide, within: 30 days}
- {id: P10, type: response, trigger: Decide, target: Pay, within: 10 working days}
"""


@dataclass
class Logs:
    clean: EventLog
    dirty: EventLog
    kind: str


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    tmp = tmp_path_factory.mktemp("plausible")
    ws = Workspace.open(tmp / "ws")
    key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
    sagsflow.read_csv(write_csv(tmp / "clean.csv", clean_rows()), workspace=ws, log="clean", mapping=MAPPING, key=key)
    for i, kind in enumerate(KINDS):
        sagsflow.read_csv(write_csv(tmp / f"dirty{i}.csv", dirty_rows(kind)), workspace=ws, log=f"dirty{i}",
                          mapping=MAPPING, key=key)
    yield ws
    ws.close()


@pytest.fixture(params=KINDS)
def logs(request: pytest.FixtureRequest, workspace: Workspace) -> Logs:
    return Logs(workspace.log("clean"), workspace.log(f"dirty{KINDS.index(request.param)}"), request.param)


def frame(df: pd.DataFrame, key: str | list[str] = "case_id") -> pd.DataFrame:
    """A result frame without store numbers, sorted by ``key``."""
    drop = [c for c in df.columns if c in ("case_idx", "event_idx", "n_quarantined", "case_index", "src_order")]
    keys = [key] if isinstance(key, str) else key
    return df.drop(columns=drop).sort_values(keys, kind="stable").reset_index(drop=True)


def assert_frames(a: pd.DataFrame, b: pd.DataFrame, key: str | list[str] = "case_id") -> None:
    pd.testing.assert_frame_equal(frame(a, key), frame(b, key), check_dtype=False)


def test_the_policy_quarantines_exactly_the_added_events(logs: Logs) -> None:
    w = logs.dirty.plausible_window
    assert w.n_quarantined == n_implausible(logs.kind) and w.n_cases_left_out == 1 and w.n_cases_affected == 5
    assert (w.first_day, w.last_day) == (logs.clean.plausible_window.first_day, logs.clean.plausible_window.last_day)
    assert not logs.clean.plausible_window.is_active
    assert (logs.dirty.n_events, logs.dirty.n_cases) == (logs.clean.n_events, logs.clean.n_cases)
    every = logs.dirty.include_quarantined()
    wild = logs.kind == "1/9999"  # before 1800 / after 2199: never analysed, not even when included
    assert every.n_events == logs.clean.n_events + (0 if wild else n_implausible(logs.kind))
    assert every.include_quarantined(False).n_events == logs.clean.n_events


def test_events_and_exports(logs: Logs, tmp_path: Path) -> None:
    assert_frames(logs.dirty.to_pandas(), logs.clean.to_pandas(), ["case_id", "timestamp"])
    a, b = logs.dirty.to_parquet(tmp_path / "a.parquet"), logs.clean.to_parquet(tmp_path / "b.parquet")
    assert_frames(pd.read_parquet(a), pd.read_parquet(b), ["case_id", "timestamp"])
    assert_frames(logs.dirty.cases().df(), logs.clean.cases().df())


def test_process_map_and_dfg(logs: Logs) -> None:
    a, b = sagsflow.discover_process_map(logs.dirty), sagsflow.discover_process_map(logs.clean)
    assert a.to_dict() == b.to_dict()
    for measure in ("duration", "cases"):
        assert (sagsflow.discover_process_map(logs.dirty, measure=measure).to_dict()
                == sagsflow.discover_process_map(logs.clean, measure=measure).to_dict())
    from sagsflow.analysis.dfg import discover_dfg_sql

    da, db = discover_dfg_sql(logs.dirty), discover_dfg_sql(logs.clean)
    assert da.labels == db.labels and np.array_equal(da.edge_frequency, db.edge_frequency)


def test_the_kept_mask_follows_the_view(logs: Logs) -> None:
    """The mask that leaves the quarantined events out is kept with the log's cached columns (read once per log
    version), one per view: the log, the log with them included, and the log again each get their own answer, and
    no caller can change the kept mask."""
    from sagsflow.analysis.dfg import log_arrays, selection_mask

    clean = sagsflow.discover_dfg(logs.clean)
    first = sagsflow.discover_dfg(logs.dirty)
    every = sagsflow.discover_dfg(logs.dirty.include_quarantined())
    again = sagsflow.discover_dfg(logs.dirty)
    for g in (first, again):
        assert g.labels == clean.labels and np.array_equal(g.edge_frequency, clean.edge_frequency)
    if logs.kind == "1900/2099":
        assert every.edge_frequency.sum() > clean.edge_frequency.sum()
    mask = selection_mask(logs.dirty, log_arrays(logs.dirty))
    assert mask is not None and mask is selection_mask(logs.dirty, log_arrays(logs.dirty))
    assert not mask.flags.writeable


CASE_FILTERS = ({"type": "case_attribute", "attribute": "unit", "in": ["Nord"]},
                {"type": "case_attribute", "attribute": "unit", "in": ["Nord"], "action": "remove"},
                [{"type": "event_attribute", "attribute": "activity", "equals": "Check again"},
                 {"type": "case_length", "min": 5}])


@pytest.mark.parametrize("spec", CASE_FILTERS, ids=["retain", "remove", "two steps"])
def test_a_case_filter_on_a_log_with_quarantined_events(logs: Logs, spec: dict[str, Any]) -> None:
    """With only case-level steps, the map's events are the unfiltered log's kept events of the selected cases
    (the mask is made from the cases, not by reading every remaining event's number): the same events the filter's
    SQL gives, with or without the quarantined ones, and the same graph as the clean log's."""
    from sagsflow.analysis.dfg import discover_dfg_sql, log_arrays, selection_mask

    for view in (logs.dirty, logs.dirty.include_quarantined()):
        f = view.filter(spec)
        assert not f.filters.is_event_trimmed
        assert f.is_event_trimmed or view is not logs.dirty  # there the quarantine alone cuts events
        arrays = log_arrays(f)
        mask = selection_mask(f, arrays)
        ev = view.workspace.con.execute(f"SELECT event_idx FROM ({f.events_sql()})").fetchnumpy()["event_idx"]
        expected = np.zeros(len(arrays.case), dtype=bool)
        expected[np.asarray(ev, dtype=np.int64)] = True
        assert mask is not None and np.array_equal(mask, expected)
        con, sel = view.workspace.con, f.case_selection_sql()
        assert sel is not None
        assert (sorted(con.execute(f"SELECT case_idx FROM ({sel})").fetchnumpy()["case_idx"].tolist())
                == sorted(con.execute(f"SELECT case_idx FROM ({f.cases_sql()})").fetchnumpy()["case_idx"].tolist()))
        assert sagsflow.discover_dfg(f).to_pm4py() == discover_dfg_sql(f).to_pm4py()
    assert_frames(logs.dirty.filter(spec).cases().df(), logs.clean.filter(spec).cases().df())
    assert logs.dirty.filter(spec).n_events == logs.clean.filter(spec).n_events
    a, b = sagsflow.discover_dfg(logs.dirty.filter(spec)), sagsflow.discover_dfg(logs.clean.filter(spec))
    assert a.to_pm4py() == b.to_pm4py() and np.array_equal(a.edge_cases, b.edge_cases)
    if logs.kind == "1900/2099":  # the included events are seen
        every = sagsflow.discover_dfg(logs.dirty.include_quarantined().filter(spec))
        assert every.n_events > a.n_events


def test_variants(logs: Logs) -> None:
    assert sagsflow.variants(logs.dirty).counts() == sagsflow.variants(logs.clean).counts()
    assert sagsflow.variants(logs.dirty).to_dict() == sagsflow.variants(logs.clean).to_dict()


def test_cases_and_durations(logs: Logs) -> None:
    a = sagsflow.case_table(logs.dirty).to_pandas()
    assert_frames(a, sagsflow.case_table(logs.clean).to_pandas())
    # the case list says which cases lost events to the quarantine
    assert dict(a.loc[a["n_quarantined"] > 0, ["case_id", "n_quarantined"]].values.tolist()) == {
        "c03": 1, "c07": 1, "c12": 1, "c21": 1}
    assert_frames(sagsflow.case_durations(logs.dirty).to_pandas(), sagsflow.case_durations(logs.clean).to_pandas())


@pytest.mark.parametrize("name", ["activity_table", "resource_table", "bottlenecks", "rework"])
def test_statistics(logs: Logs, name: str) -> None:
    fn: Callable[[EventLog], Any] = getattr(sagsflow, name)
    assert fn(logs.dirty).to_dict() == fn(logs.clean).to_dict()


def test_statistics_in_working_time(logs: Logs) -> None:
    cal = sagsflow.BusinessCalendar()
    assert (sagsflow.activity_table(logs.dirty, calendar=cal).to_dict()
            == sagsflow.activity_table(logs.clean, calendar=cal).to_dict())
    assert_frames(sagsflow.case_durations(logs.dirty, calendar=cal).to_pandas(),
                  sagsflow.case_durations(logs.clean, calendar=cal).to_pandas())


@pytest.mark.parametrize("name", ["work_in_progress", "throughput"])
def test_timeline(logs: Logs, name: str) -> None:
    fn: Callable[..., Any] = getattr(sagsflow, name)
    for freq in ("D", "W", "M"):
        assert fn(logs.dirty, freq).to_dict() == fn(logs.clean, freq).to_dict()


def test_dotted_chart(logs: Logs) -> None:
    assert_frames(sagsflow.dotted_chart(logs.dirty).to_pandas(), sagsflow.dotted_chart(logs.clean).to_pandas(),
                  ["case_id", "timestamp"])


def test_compare(logs: Logs) -> None:
    def halves(log: EventLog) -> dict[str, Any]:
        nord = log.filter({"type": "case_attribute", "attribute": "unit", "equals": "Nord"})
        syd = log.filter({"type": "case_attribute", "attribute": "unit", "equals": "Syd"})
        return sagsflow.compare(nord, syd, labels=("Nord", "Syd")).to_dict()

    assert halves(logs.dirty) == halves(logs.clean)


def test_overview(logs: Logs) -> None:
    from sagsflow.api.overview import overview_data

    a, b = overview_data(logs.dirty), overview_data(logs.clean)
    assert a.pop("quarantine")["n_quarantined"] == n_implausible(logs.kind)
    assert a.pop("window")["n_events_outside"] == n_implausible(logs.kind)
    b.pop("quarantine"), b.pop("window")
    assert a == b


def test_the_listed_cut_cases_give_the_plan_of_the_scan(logs: Logs) -> None:
    """The window lists the cases the quarantine touches (so that a filter reads the cases table, not every
    event's dates); the plan made from the lists gives the same events, cases and selection as the plan that finds
    them by scanning, for case filters, an event-cutting filter and none."""
    from dataclasses import replace

    from sagsflow.log import EventLog
    from sagsflow.plausible import compute_window

    con, w = logs.dirty.workspace.con, logs.dirty.plausible_window
    keep = w.condition()
    cut = con.execute(f"SELECT DISTINCT case_idx FROM {logs.dirty.table} WHERE NOT coalesce({keep}, FALSE) "
                      "ORDER BY 1").fetchnumpy()["case_idx"].tolist()
    gone = con.execute(f"SELECT case_idx FROM {logs.dirty.table} GROUP BY 1 HAVING NOT bool_or(coalesce({keep}, "
                       "FALSE)) ORDER BY 1").fetchnumpy()["case_idx"].tolist()
    assert w.cut_cases == tuple(cut) and len(cut) == w.n_cases_affected
    assert w.left_out_cases == tuple(gone) and len(gone) == w.n_cases_left_out == 1
    scanning = EventLog(logs.dirty.workspace, logs.dirty.name, logs.dirty.schema,
                        _window=replace(w, cut_cases=None, left_out_cases=None))
    specs: list[Any] = [[], *CASE_FILTERS,
                        {"type": "timeframe", "start": "2024-02-01", "end": "2024-03-01", "mode": "trim"}]
    for spec in specs:
        listed, scanned = logs.dirty.filter(spec), scanning.filter(spec)
        assert "NOT coalesce" not in listed.events_sql() and "NOT coalesce" in scanned.events_sql()
        for sql in ("events_sql", "cases_sql", "case_selection_sql"):
            a, b = getattr(listed, sql)(), getattr(scanned, sql)()
            if a is None or b is None:
                assert a is None and b is None, (spec, sql)
                continue
            key = "event_idx" if sql == "events_sql" else "case_idx"
            fa, fb = (con.execute(f"SELECT * FROM ({q}) ORDER BY {key}").df() for q in (a, b))
            assert len(fa) > 0, (spec, sql)
            pd.testing.assert_frame_equal(fa, fb)
    with pytest.MonkeyPatch.context() as mp:  # more cases touched than the window lists: it lists none
        mp.setattr("sagsflow.plausible.MAX_LISTED_CASES", len(cut) - 1)
        assert compute_window(con, logs.dirty.name).cut_cases is None
    assert compute_window(con, logs.clean.name).cut_cases == ()


def test_filters(logs: Logs) -> None:
    specs = [{"type": "timeframe", "start": "2024-02-01", "end": "2024-04-01", "mode": "intersecting"},
             {"type": "case_duration", "min": "5d"}, {"type": "case_length", "min": 5},
             {"type": "endpoints", "start": ["Register"], "end": ["Pay"]},
             {"type": "timeframe", "start": "2024-02-01", "end": "2024-03-01", "mode": "trim"}]
    for spec in specs:
        a, b = logs.dirty.filter(spec), logs.clean.filter(spec)
        assert sorted(a.cases().df()["case_id"]) == sorted(b.cases().df()["case_id"]), spec
        assert a.n_events == b.n_events, spec


def test_compliance(logs: Logs) -> None:
    from sagsflow.compliance import evaluate

    a, b = evaluate(logs.dirty, RULES), evaluate(logs.clean, RULES)
    assert a.as_of == b.as_of
    # (evidence: the event numbers of the store, which differ between the two logs)
    assert_frames(a.cases.drop(columns=["evidence"]), b.cases.drop(columns=["evidence"]), ["case_id", "rule_id"])
    pd.testing.assert_frame_equal(a.summary(), b.summary())


def test_discovery_and_conformance(logs: Logs) -> None:
    from sagsflow.conformance import check_conformance

    ta, tb = sagsflow.discover_process_tree(logs.dirty), sagsflow.discover_process_tree(logs.clean)
    assert str(ta) == str(tb)
    miner = sagsflow.InductiveMiner().fit(logs.clean)
    ca, cb = check_conformance(logs.dirty, miner, processes=1), check_conformance(logs.clean, miner, processes=1)
    assert ca.fitness_dict() == cb.fitness_dict()
    assert_frames(ca.cases.drop(columns=["variant_id"]), cb.cases.drop(columns=["variant_id"]))
    pd.testing.assert_frame_equal(ca.activities, cb.activities)


def test_prediction_features_and_targets(logs: Logs) -> None:
    from sagsflow.predict import FeaturePolicy
    from sagsflow.predict.encode import EncodingSpec, encode_prefixes
    from sagsflow.predict.targets import Target, attach_labels

    spec = EncodingSpec.from_log(logs.clean, FeaturePolicy())
    assert EncodingSpec.from_log(logs.dirty, FeaturePolicy()) == spec
    a, b = encode_prefixes(logs.dirty, spec), encode_prefixes(logs.clean, spec)
    ids_a = dict(logs.dirty.cases().df()[["case_idx", "case_id"]].values.tolist())
    ids_b = dict(logs.clean.cases().df()[["case_idx", "case_id"]].values.tolist())
    a["case_id"], b["case_id"] = a["case_idx"].map(ids_a), b["case_idx"].map(ids_b)
    # file_pos: where each row lies in its own stored log (bookkeeping, differs between two logs)
    a, b = a.drop(columns=["file_pos"], errors="ignore"), b.drop(columns=["file_pos"], errors="ignore")
    assert_frames(a, b, ["case_id", "prefix_length"])
    for target in ("remaining_time", "next_activity"):
        la = attach_labels(a, Target.parse(target), logs.dirty)
        lb = attach_labels(b, Target.parse(target), logs.clean)
        assert_frames(la, lb, ["case_id", "prefix_length"])


def test_quality_report_agrees(logs: Logs) -> None:
    a, b = sagsflow.quality_report(logs.dirty), sagsflow.quality_report(logs.clean)
    odd = a.finding("implausible_dates")
    assert odd is not None and odd.count == logs.dirty.plausible_window.n_quarantined
    assert {e["case_id"] for e in odd.examples} <= {"c03", "c07", "c12", "c21", "ghost"}

    def findings(r: Any) -> list[tuple[str, int]]:
        return sorted((f.code, f.count) for f in r.findings if f.code != "implausible_dates")

    assert findings(a) == findings(b)
    assert a.overview.n_events == b.overview.n_events and a.overview.first_timestamp == b.overview.first_timestamp


def test_included_on_request_the_analyses_see_the_events(logs: Logs) -> None:
    if logs.kind == "1/9999":
        pytest.skip("dates before 1800 or after 2199 are never analysed")
    every = logs.dirty.include_quarantined()
    assert sagsflow.variants(every).counts() != sagsflow.variants(logs.clean).counts()
    durations = sagsflow.case_durations(every).to_pandas().set_index("case_id")["duration_s"]
    assert durations["c03"] > 100 * 365 * 86400  # from 1900 to 2024
    assert "ghost" in set(every.cases().df()["case_id"])
