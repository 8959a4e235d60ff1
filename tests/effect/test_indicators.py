"""Indicator series: each kind measured per period and unit with one query, checked against hand counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.effect import Indicator, indicator_series
from sagsflow.errors import InvalidParameterError

MAPPING = "case_id: case\nactivity: activity\ntimestamp: time\nresource: worker\ncolumns:\n  team: {level: case}\n"


def _log(tmp_path: Path, rows: list[str], name: str = "log.csv"):
    p = tmp_path / name
    p.write_text("case,activity,time,team,worker\n" + "\n".join(f"{r},W{len(r) % 2}" for r in rows), encoding="utf-8")
    return sagsflow.read_csv(p, mapping=MAPPING)


@pytest.fixture
def log(tmp_path: Path):
    rows = []
    # January: 3 cases in team A; case 1 waits 2 days, case 2 waits 4 days, case 3 no-shows first
    rows += ["1,Ansøgning,2024-01-02 09:00,A", "1,Visitation,2024-01-04 09:00,A", "1,Slut,2024-01-10 09:00,A"]
    rows += ["2,Ansøgning,2024-01-09 09:00,A", "2,Visitation,2024-01-13 09:00,A", "2,Visitation,2024-01-20 09:00,A"]
    rows += ["3,Ansøgning,2024-01-16 09:00,B", "3,Udeblevet,2024-01-17 09:00,B", "3,Visitation,2024-01-22 09:00,B"]
    # February: one case in team B, no-show
    rows += ["4,Ansøgning,2024-02-05 09:00,B", "4,Udeblevet,2024-02-06 09:00,B"]
    return _log(tmp_path, rows)


def test_waiting_time_per_month(log) -> None:
    ind = Indicator(kind="waiting", from_activities=["Ansøgning"], to_activities=["Visitation"])
    s = indicator_series(log, ind, period="month").to_pandas()
    assert list(s["period"].astype(str)) == ["2024-01-01"]  # case 4 never reaches a visitation
    assert s["denominator"].tolist() == [3] and s["value"].iloc[0] == pytest.approx((2 + 4 + 6) / 3)


def test_outcome_share_counts_the_first_event_only(log) -> None:
    ind = Indicator(kind="outcome_share", among=["Visitation", "Udeblevet"], outcome=["Udeblevet"])
    s = indicator_series(log, ind, period="month").to_pandas()
    assert s["value"].round(4).tolist() == [round(1 / 3, 4), 1.0]
    assert s["denominator"].tolist() == [3, 1]


def test_rework_throughput_and_volume(log) -> None:
    rw = indicator_series(log, Indicator(kind="rework"), period="month").to_pandas()
    assert rw["value"].round(4).tolist() == [round(1 / 3, 4), 0.0]  # case 2 has two visitations
    tp = indicator_series(log, Indicator(kind="throughput"), period="month").to_pandas()
    assert tp["value"].iloc[0] == pytest.approx((8 + 11 + 6) / 3)
    vol = indicator_series(log, Indicator(kind="volume"), period="month").to_pandas()
    workers = {m: log.workspace.con.execute(
        f"SELECT count(DISTINCT resource) FROM ({log.events_sql()}) WHERE month(timestamp) = {m}").fetchone()[0]
        for m in (1, 2)}
    assert vol["numerator"].tolist() == [3, 1]
    assert vol["value"].tolist() == [3 / workers[1], 1 / workers[2]]


def test_units_come_from_a_case_attribute_and_weeks_start_on_monday(log) -> None:
    ind = Indicator(kind="waiting", from_activities=["Ansøgning"], to_activities=["Visitation"])
    s = indicator_series(log, ind, period="week", by="team").to_pandas()
    assert s[["unit", "period", "value"]].astype(str).values.tolist() == [
        ["A", "2024-01-01", "2.0"], ["A", "2024-01-08", "4.0"], ["B", "2024-01-15", "6.0"]]


def test_bad_indicators_and_units_are_named(log) -> None:
    with pytest.raises(InvalidParameterError, match="from_activities"):
        indicator_series(log, {"kind": "waiting", "to_activities": ["B"]})
    with pytest.raises(InvalidParameterError, match="case attribute"):
        indicator_series(log, Indicator(kind="rework"), by="nope")
    with pytest.raises(InvalidParameterError, match="period"):
        indicator_series(log, Indicator(kind="rework"), period="day")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="outcome"):
        indicator_series(log, {"kind": "outcome_share", "among": ["A"], "outcome": ["B"]})


@settings(max_examples=15)
@given(waits=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=12))
def test_the_mean_wait_is_numerator_over_denominator(tmp_path_factory: pytest.TempPathFactory,
                                                     waits: list[int]) -> None:
    d = tmp_path_factory.mktemp("w")
    rows = [f"{i},A,2024-03-0{1 + i % 5} 08:00\n{i},B,2024-03-{1 + i % 5 + w:02d} 08:00" for i, w in enumerate(waits)]
    p = d / "w.csv"
    p.write_text("case,activity,time\n" + "\n".join(rows), encoding="utf-8")
    s = indicator_series(sagsflow.read_csv(p), {"kind": "waiting", "from_activities": ["A"], "to_activities": ["B"]},
                         period="month").to_pandas()
    assert int(s["denominator"].sum()) == len(waits)
    assert s["numerator"].sum() == pytest.approx(sum(waits))
