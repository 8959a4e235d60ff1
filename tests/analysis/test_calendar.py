"""Business calendar: Danish holidays, working days and vectorised working time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.analysis.calendar import BusinessCalendar, load_calendar, save_calendar
from sagsflow.errors import InvalidParameterError

CPH = ZoneInfo("Europe/Copenhagen")
CAL = BusinessCalendar()
ALL_DAYS = BusinessCalendar(workdays=("mon", "tue", "wed", "thu", "fri", "sat", "sun"), hours=None, country=None,
                            extra_closed=())


def test_store_bededag_is_a_holiday_in_2023_but_a_working_day_from_2024() -> None:
    assert CAL.is_working_day(date(2023, 5, 5)) is False  # Store Bededag 2023 (a Friday)
    assert CAL.is_working_day(date(2024, 4, 26)) is True  # the Friday it would have been in 2024
    assert "Great Prayer Day" in CAL.holidays([2023]).values()
    assert "Great Prayer Day" not in CAL.holidays([2024]).values()


def test_grundlovsdag_and_christmas_eve_are_configurable_closed_days() -> None:
    assert CAL.is_working_day(date(2024, 6, 5)) is False  # Grundlovsdag, a Wednesday
    assert CAL.is_working_day(date(2024, 12, 24)) is False  # Juleaftensdag, a Tuesday
    open_cal = BusinessCalendar(extra_closed=())
    assert open_cal.is_working_day(date(2024, 6, 5)) is True
    assert open_cal.is_working_day(date(2024, 12, 24)) is True
    assert BusinessCalendar(extra_closed=("arbejdernes_kampdag",)).is_working_day(date(2024, 5, 1)) is False


def test_closed_and_open_dates_override_the_rules() -> None:
    cal = BusinessCalendar(closed_dates=(date(2024, 5, 10),), open_dates=(date(2024, 12, 31),))
    assert cal.is_working_day(date(2024, 5, 10)) is False  # a bridge day after Ascension
    assert cal.is_working_day(date(2024, 12, 31)) is True


def test_add_working_days_over_easter_christmas_and_new_year() -> None:
    assert CAL.add_working_days(date(2024, 3, 27), 1) == date(2024, 4, 2)  # Maundy Thu .. Easter Monday closed
    assert CAL.add_working_days(date(2024, 12, 20), 3) == date(2024, 12, 30)
    assert CAL.add_working_days(date(2024, 12, 20), 4) == date(2025, 1, 2)  # 31 Dec and 1 Jan closed
    assert CAL.add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 27)
    assert CAL.add_working_days(date(2024, 3, 30), 0) == date(2024, 4, 2)  # Saturday rolls forward
    assert CAL.add_working_days(date(2024, 4, 3), 0) == date(2024, 4, 3)
    # "within 10 working days" of a Friday application
    assert CAL.add_working_days("2024-05-03", 10) == date(2024, 5, 21)  # Ascension 9 May, Whit Monday 20 May


def test_add_working_days_is_vectorised_and_consistent_with_counting() -> None:
    days = np.arange(np.datetime64("2023-01-01"), np.datetime64("2025-12-31"))
    n = np.resize(np.array([1, 5, 10, 23]), len(days))
    out = CAL.add_working_days(days, n)
    assert out.dtype == np.dtype("datetime64[D]") and len(out) == len(days)
    assert np.all(CAL.working_days_between(days, out) == n)
    assert np.all(CAL.is_working_day(out))


def test_working_time_skips_weekends_holidays_and_nights() -> None:
    assert CAL.working_time_between("2024-06-07 15:00+02:00", "2024-06-10 09:00+02:00") == 2 * 3600
    assert CAL.working_time_between("2024-03-27 15:00+01:00", "2024-04-02 09:00+02:00") == 2 * 3600  # Easter
    assert CAL.working_time_between("2024-12-23 12:00+01:00", "2024-12-27 10:00+01:00") == 6 * 3600  # Christmas
    assert CAL.working_time_between("2024-06-10 09:00+02:00", "2024-06-07 15:00+02:00") == -2 * 3600
    assert CAL.working_time_between("2024-06-08 10:00+02:00", "2024-06-09 10:00+02:00") == 0  # weekend only


def test_working_time_across_daylight_saving_changes() -> None:
    # the weekend of the October change: Friday 15:00 CEST to Monday 09:00 CET is still 2 working hours
    assert CAL.working_time_between("2024-10-25 15:00+02:00", "2024-10-28 09:00+01:00") == 2 * 3600
    # with whole days as working time, the spring-forward day has 23 hours and the fall-back day 25
    assert ALL_DAYS.working_time_between("2024-03-31 00:00+01:00", "2024-04-01 00:00+02:00") == 23 * 3600
    assert ALL_DAYS.working_time_between("2024-10-27 00:00+02:00", "2024-10-28 00:00+01:00") == 25 * 3600


def test_working_time_accepts_arrays_series_and_missing_values() -> None:
    start = pd.Series(pd.to_datetime(["2024-06-07 13:00", "2024-06-10 04:00", None], utc=True))
    end = pd.Series(pd.to_datetime(["2024-06-10 07:00", "2024-06-10 06:00", "2024-06-10 08:00"], utc=True))
    out = CAL.working_time_between(start, end)
    # 13:00 UTC is 15:00 in Copenhagen: one hour on Friday, one on Monday (07:00 UTC = 09:00);
    # 04:00-06:00 UTC is 06:00-08:00 local, before opening
    assert out[0] == 2 * 3600 and out[1] == 0 and np.isnan(out[2])
    same = CAL.working_time_between(start.to_numpy(dtype="datetime64[ns]"), end.to_numpy(dtype="datetime64[ns]"))
    assert np.array_equal(out, same, equal_nan=True)


def _reference_seconds(cal: BusinessCalendar, a: datetime, b: datetime) -> float:
    """Working seconds between two instants, day by day in local time (the slow, obvious way)."""
    sign = 1.0
    if b < a:
        a, b, sign = b, a, -1.0
    o_h, o_m = map(int, cal.hours[0].split(":"))  # type: ignore[index]
    c_h, c_m = map(int, cal.hours[1].split(":"))  # type: ignore[index]
    total = 0.0
    day = a.astimezone(CPH).date() - timedelta(days=1)
    while day <= b.astimezone(CPH).date():
        if cal.is_working_day(day):
            lo = datetime(day.year, day.month, day.day, o_h, o_m, tzinfo=CPH)
            nxt = day + timedelta(days=c_h // 24)
            hi = datetime(nxt.year, nxt.month, nxt.day, c_h % 24, c_m, tzinfo=CPH)
            total += max(0.0, (min(hi, b) - max(lo, a)).total_seconds())
        day += timedelta(days=1)
    return sign * total


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3 * 365 * 24 * 60), st.integers(-20 * 24 * 60, 40 * 24 * 60)),
             min_size=1, max_size=20),
    st.sampled_from([("08:00", "16:00"), ("07:30", "15:15"), ("00:00", "24:00")]),
)
def test_vectorised_working_time_equals_the_day_by_day_reference(pairs: list[tuple[int, int]],
                                                                 hours: tuple[str, str]) -> None:
    cal = BusinessCalendar(hours=hours)
    origin = datetime(2022, 12, 1, tzinfo=UTC)
    starts = [origin + timedelta(minutes=m) for m, _ in pairs]
    ends = [s + timedelta(minutes=d) for s, (_, d) in zip(starts, pairs, strict=True)]
    got = cal.working_time_between(pd.Series(starts), pd.Series(ends))
    want = [_reference_seconds(cal, s, e) for s, e in zip(starts, ends, strict=True)]
    assert np.allclose(got, want, atol=1e-6)


def test_round_trips_through_dict_and_yaml() -> None:
    cal = BusinessCalendar(hours=("08:30", "15:00"), extra_closed=("juleaftensdag",),
                           closed_dates=(date(2024, 5, 10),))
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    text = cal.to_yaml()
    assert "08:30" in text and "2024-05-10" in text
    assert BusinessCalendar.from_yaml(text) == cal


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"hours": ("16:00", "08:00")}, "the closing time must be after the opening time"),
    ({"hours": ("8", "16:00")}, "must be a time 'HH:MM'"),
    ({"workdays": ("mon", "funday")}, "Got 'fun' instead"),
    ({"extra_closed": ("christmas",)}, "unknown extra closed day 'christmas'"),
    ({"timezone": "Europe/Aarhus"}, "unknown time zone 'Europe/Aarhus'"),
    ({"country": "XX"}, "no public holidays for country 'XX'"),
])
def test_invalid_settings_are_refused_with_a_clear_message(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_unknown_keys_in_a_stored_calendar_are_named() -> None:
    with pytest.raises(InvalidParameterError, match="unknown calendar setting 'opening'"):
        BusinessCalendar.from_dict({"opening": "08:00"})


def test_workspace_keeps_its_calendar(workspace) -> None:  # type: ignore[no-untyped-def]
    assert load_calendar(workspace) == BusinessCalendar()
    save_calendar(workspace, BusinessCalendar(hours=("09:00", "15:00")))
    assert load_calendar(workspace).hours == ("09:00", "15:00")
