"""Releasing answers: small rows, bins and map elements hidden, secondary suppression where rows partition the
cases, single cases' values taken out; roles with case access get everything; the Python face refuses what the
REST API refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagsflow.disclosure import DisclosurePolicy, RestrictedLog
from sagsflow.disclosure.release import (
    graph_masks,
    merge_small_values,
    release_compare,
    release_conformance,
    release_counts,
    release_overview,
    release_quality,
    release_table,
)
from sagsflow.errors import DisclosureError
from tests.disclosure.attack import VICTIM, read_attack_log

VIEWER = DisclosurePolicy.for_role("viewer")
ANALYST = DisclosurePolicy.for_role("analyst")


def _table(counts: list[int]) -> dict[str, Any]:
    return {"columns": ["v", "n_cases"], "rows": [{"v": i, "n_cases": n} for i, n in enumerate(counts)]}


@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.integers(0, 30))
def test_hidden_rows_of_a_partition_hold_no_case_or_at_least_k(counts: list[int], unlisted: int) -> None:
    out = release_table(_table(counts), VIEWER, partition=(), total=sum(counts) + unlisted)
    shown = [r["n_cases"] for r in out["rows"]]
    assert all(n == 0 or n >= 5 for n in shown)
    hidden = sum(counts) + unlisted - sum(shown)
    assert hidden == 0 or hidden >= 5 or not any(shown)
    assert out["n_hidden"] == len(counts) - len(shown)


def test_primary_suppression_only_without_a_partition_and_nothing_for_analysts() -> None:
    t = _table([9, 6, 2, 0])
    assert [r["n_cases"] for r in release_table(t, VIEWER)["rows"]] == [9, 6, 0]
    assert [r["n_cases"] for r in release_table(t, VIEWER, partition=())["rows"]] == [9, 0]
    assert release_table(t, ANALYST) == t
    both = {"columns": ["a", "b"], "rows": [{"a": 9, "b": 3}, {"a": 9, "b": 9}]}
    assert release_table(both, VIEWER, columns=("a", "b"))["rows"] == [{"a": 9, "b": 9}]
    blanked = release_table({"columns": ["n_cases", "max_per_case"], "rows": [{"n_cases": 9, "max_per_case": 4}]},
                            VIEWER, blank=("max_per_case",))
    assert blanked["rows"] == [{"n_cases": 9, "max_per_case": None}]


def test_partitions_per_group_of_rows() -> None:
    rows = [{"rule_id": r, "v": v, "n_cases": n} for r, v, n in
            (("R1", "a", 20), ("R1", "b", 3), ("R1", "c", 8), ("R2", "a", 20), ("R2", "b", 20))]
    out = release_table({"columns": ["rule_id", "v", "n_cases"], "rows": rows}, VIEWER, partition=("rule_id",))
    assert [(r["rule_id"], r["v"]) for r in out["rows"]] == [("R1", "a"), ("R2", "a"), ("R2", "b")]


def test_series_of_counts_and_the_overview() -> None:
    assert release_counts([10, 2, 0, 7], VIEWER) == ([10, None, 0, None], 2)
    assert release_counts([10, 2], ANALYST) == ([10, 2], 0)
    when = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    data = {"kpis": {"cases": 30, "first_event": when, "last_event": when},
            "throughput": [{"week": "2024-03-04", "started": 27, "ended": 3}, {"week": "2024-03-11", "started": 3,
                                                                              "ended": 27}],
            "wip": [{"date": "2024-03-05", "wip": 2}], "window": {"start": None, "end": None, "n_events_outside": 0},
            "duration_histogram": [{"from_s": 0, "to_s": 1, "cases": 28}, {"from_s": 1, "to_s": 2, "cases": 2}],
            "bottlenecks": [{"source": "a", "target": "b", "cases": 4}, {"source": "b", "target": "c", "cases": 30}]}
    o = release_overview(data, VIEWER)
    assert o["kpis"]["first_event"] == "2024-03-05" and o["wip"][0]["wip"] is None
    assert [w["started"] for w in o["throughput"]] == [None, None]  # 3 hidden: 27 would give the 3 back
    assert [b["cases"] for b in o["duration_histogram"]] == [None, None]
    assert [b["source"] for b in o["bottlenecks"]] == ["b"] and o["min_group_size"] == 5
    full = release_overview(data, ANALYST)
    assert full["kpis"]["first_event"] == when.isoformat() and full["min_group_size"] is None


def test_map_groups_merge_and_masks() -> None:
    from sagsflow.analysis.dfg import EventArrays, compute_dfg

    case = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], dtype=np.int32)
    code = np.array([0, 1] * 5 + [0, 2], dtype=np.int32)
    merged_code, labels, merged = merge_small_values(case, code, ("a", "b", "rare"), VIEWER)
    assert merged == 1 and labels[-1] == "(other, n<5)" and merged_code[-1] == 3
    assert merge_small_values(case, code, ("a", "b", "rare"), ANALYST)[2] == 0
    g = compute_dfg(EventArrays(case, code), ("a", "b", "rare"))
    node_ok, allowed, note = graph_masks(g, VIEWER)
    assert node_ok.tolist() == [True, True, False] and note is not None and note.hidden_nodes == 1
    assert allowed.sum() == g.n_edges - note.hidden_edges and note.hidden_edges >= 2  # a -> rare and rare -> end
    assert graph_masks(g, ANALYST)[2] is None and graph_masks(g, None)[1].all()


def test_compare_conformance_and_quality() -> None:
    c = {"activities": _table([9, 2]), "transitions": _table([9]), "variants": {"columns": ["n_cases_a", "n_cases_b"],
         "rows": [{"n_cases_a": 9, "n_cases_b": 8}, {"n_cases_a": 1, "n_cases_b": 9}]},
         "durations": {"quantiles": {"columns": ["quantile"], "rows": [{"quantile": q} for q in (0, 0.5, 1)]},
                       "histogram": {"columns": ["n_a", "n_b"], "rows": [{"n_a": 10, "n_b": 17}]}},
         "n_cases_a": 10, "n_cases_b": 17}
    c["activities"]["columns"] = ["v", "n_cases_a"]
    c["activities"]["rows"] = [{"v": 0, "n_cases_a": 9, "n_cases_b": 9}, {"v": 1, "n_cases_a": 2, "n_cases_b": 9}]
    out = release_compare(c, VIEWER)
    assert [r["v"] for r in out["activities"]["rows"]] == [0]
    assert out["variants"]["rows"] == []  # the variant of 1 case is hidden, and 10 - 9 would give it back
    assert [q["quantile"] for q in out["durations"]["quantiles"]["rows"]] == [0.5]
    r = {"n_cases": 12, "activities": {"columns": ["activity", "n_cases", "n_cases_skipped", "n_cases_unexpected"],
                                       "rows": [{"activity": "A", "n_cases": 12, "n_cases_skipped": 0,
                                                 "n_cases_unexpected": 0},
                                                {"activity": "R", "n_cases": 3, "n_cases_skipped": 0,
                                                 "n_cases_unexpected": 3}]},
         "variants": _table([9, 3]), "fallbacks": _table([]), "periods": _table([12]), "deviations": _table([3]),
         "by": {"kommune": _table([12]), "alder": _table([12])},
         "labels": {"model_only": ["x"], "log_only": {"R": 3, "B": 12}, "suggestions": {"x": "R", "y": "B"}}}
    seen = release_conformance(r, VIEWER, published=["kommune"])
    assert [a["activity"] for a in seen["activities"]["rows"]] == ["A"] and seen["variants"]["rows"] == []
    assert set(seen["by"]) == {"kommune"} and seen["labels"]["log_only"] == {"B": 12}
    assert seen["labels"]["suggestions"] == {"y": "B"} and release_conformance(r, ANALYST) == r


def test_quality_report_keeps_findings_without_people() -> None:
    from sagsflow.quality.model import Finding, Overview, QualityReport

    f = Finding(code="batch_registration", pattern="collateral events", severity="warning", title="t", detail="d",
                effect="e", count=30, share=0.5, unit="events", examples=[{"case_id": "q1"}],
                breakdown=[{"resource": "M-abc", "events": 30}], metrics={"n_batches": 1})
    g = f.model_copy(update={"code": "date_only", "breakdown": [{"activity": "Register", "events": 30}]})
    report = QualityReport(overview=Overview(log="q", n_events=60, n_cases=30, n_activities=2, n_resources=3,
                                             first_timestamp=None, last_timestamp=None, span_days=None),
                           columns=[], findings=[f, g], generated_at=datetime.now(UTC))
    seen = release_quality(report, VIEWER)
    assert [x.examples for x in seen.findings] == [[], []]
    assert seen.findings[0].breakdown == [] and seen.findings[1].breakdown == g.breakdown
    assert release_quality(report, ANALYST) == report


@pytest.fixture(scope="module")
def attack_log(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("view")
    return read_attack_log(Path(folder) / "a.csv")


def test_the_python_face_refuses_what_the_server_refuses(attack_log: Any) -> None:
    view = RestrictedLog(attack_log, VIEWER)
    with pytest.raises(DisclosureError, match="case id"):
        view.filter({"steps": [{"type": "any_of", "action": "remove", "steps": [{"type": "case_id",
                                                                                  "ids": [VICTIM]}]}]})
    odense = view.filter({"type": "case_attribute", "attribute": "kommune", "equals": "Odense"})
    assert odense.n_cases == 181
    m = odense.process_map(measure="duration")
    assert "Klage" not in {n.label for n in m.nodes} and m.disclosure is not None
    assert all(e.max_repetitions is None and (e.duration is None or e.duration["max"] is None) for e in m.edges)
    assert all(r["n_cases"] >= 5 for r in odense.variants()["rows"])
    assert "Klage" not in {r["activity"] for r in odense.activity_statistics()["rows"]}
    assert odense.overview()["min_group_size"] == 5
    full = RestrictedLog(attack_log, ANALYST).filter({"type": "case_id", "ids": [VICTIM]})
    assert {n.label for n in full.process_map().nodes} >= {"Klage"}
