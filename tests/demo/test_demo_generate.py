"""The generator's contract: determinism, volumes, speed, parameters, time consistency."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from sagsflow.demo import generate
from sagsflow.errors import InvalidParameterError

COLUMNS = ["sagsnr", "borger_cpr", "proces", "kommune", "kilde", "aktivitet", "tidspunkt", "registreret",
           "sagsbehandler", "team", "maalgruppe", "ydelse", "alder_gruppe", "koen", "undtaget", "afgangsaarsag",
           "notat"]


def test_columns_are_the_extract_columns(demo):
    assert demo.events.column_names == COLUMNS


def test_same_seed_same_table_other_seed_other_table():
    a = generate(seed=3, scale=0.03, municipalities=["Søby", "Egholm"])
    b = generate(seed=3, scale=0.03, municipalities=["Søby", "Egholm"])
    c = generate(seed=4, scale=0.03, municipalities=["Søby", "Egholm"])
    assert a.events.equals(b.events)
    assert a.truth == b.truth
    assert not a.events.equals(c.events)


def test_municipality_subset_has_the_same_cases(demo):
    one = generate(seed=7, scale=demo.truth["scale"], municipalities=["Vestlev"])
    full = demo.events.filter(pa.array(demo.events.column("kommune").to_pandas() == "Vestlev"))
    assert one.events.num_rows == full.num_rows
    for col in ("sagsnr", "aktivitet", "tidspunkt", "registreret", "sagsbehandler"):
        assert one.events.column(col).to_pylist() == full.column(col).to_pylist(), col


def test_scale_0_1_is_about_a_hundred_thousand_events():
    # its time: python -m bench --only bench_demo
    data = generate(seed=1, scale=0.1)
    assert 70_000 < data.events.num_rows < 130_000


def test_event_count_is_linear_in_scale(demo):
    small = generate(seed=7, scale=demo.truth["scale"] / 3)
    assert small.events.num_rows * 3 == pytest.approx(demo.events.num_rows, rel=0.05)


def test_persons_per_year_follow_the_domain_notes(con, demo):
    """DP 1,600-2,400 and KH 500-750 persons a year for 50,000 inhabitants; a third of KH jobparat."""
    rows = con.execute("""
        WITH c AS (SELECT proces, kommune, sagsnr, any_value(maalgruppe) mg, min(ts) s, max(ts) e FROM ok GROUP BY ALL)
        SELECT proces, kommune, count(*) persons, avg((mg = 'Jobparat')::int) jobparat
        FROM c WHERE s <= '2023-12-31' AND e >= '2023-01-01' GROUP BY ALL""").fetchall()
    assert len(rows) == 10
    for proces, kommune, persons, jobparat in rows:
        per_50k = persons / demo.truth["scale"] * 50_000 / demo.truth["municipalities"][kommune]["population"]
        lo, hi = (1600, 2400) if proces == "dagpenge" else (500, 750)
        assert lo <= per_50k <= hi, (proces, kommune, per_50k)
        if proces == "kontanthjaelp":
            assert 0.25 < jobparat < 0.45, (kommune, jobparat)


def test_truth_volumes_add_up(demo):
    vol = demo.truth["volumes"]
    events = sum(v["events"] for p in vol.values() for v in p.values())
    assert events + demo.truth["defects"]["duplicates"]["rows"] == demo.events.num_rows
    assert all(v["open_at_end"] > 0 and v["left_truncated"] > 0 for p in vol.values() for v in p.values())


def test_rows_of_a_case_are_time_consistent(con):
    # the exit is the last event of a case, and nothing happens after it
    bad = con.execute("""
        SELECT count(*) FROM (SELECT sagsnr, max(ts) FILTER (WHERE afgangsaarsag IS NOT NULL) ex, max(ts) mx
                              FROM ok GROUP BY sagsnr) WHERE ex < mx""").fetchone()[0]
    assert bad == 0
    # registration never precedes the event; events lie in the extract window; one case, one person
    assert con.execute("SELECT count(*) FROM ok WHERE rt < ts").fetchone()[0] == 0
    assert con.execute("SELECT min(ts) >= '2022-01-01', max(ts) < '2026-01-01' FROM ok").fetchone() == (True, True)
    mixed = con.execute("""SELECT count(*) FROM (SELECT sagsnr FROM e GROUP BY sagsnr
                           HAVING count(DISTINCT borger_cpr) > 1 OR count(DISTINCT kommune) > 1
                               OR count(DISTINCT maalgruppe) > 1 OR count(DISTINCT alder_gruppe) > 1)""").fetchone()[0]
    assert mixed == 0
    # no local time in the 02:00-03:00 hour that daylight saving skips or repeats
    assert con.execute("""SELECT count(*) FROM ok WHERE (hour(ts) = 2 AND length(tidspunkt) = 16)
                          OR hour(rt) = 2""").fetchone()[0] == 0


def test_open_and_left_truncated_cases_exist(con):
    open_cases, no_start = con.execute("""
        SELECT count(*) FILTER (WHERE NOT has_exit), count(*) FILTER (WHERE NOT has_start) FROM (
          SELECT sagsnr, bool_or(afgangsaarsag IS NOT NULL) has_exit,
                 bool_or(aktivitet IN ('Første ledighedsdag', 'Ansøgning modtaget', 'Ansøgning om hjælp modtaget'))
                   has_start
          FROM e GROUP BY sagsnr)""").fetchone()
    assert open_cases > 100
    assert no_start > 100


def test_dagpenge_spells_follow_the_lognormal(con, demo):
    """Median ~12 weeks, P(>26 w) ~ 25 %, P(>52 w) ~ 9 %; exits job 75 %, education 5 %, sick/maternity 8 %."""
    n, med, p26, p52, job, edu, sick = con.execute("""
        WITH s AS (SELECT sagsnr, min(ts) FILTER (WHERE aktivitet = 'Første ledighedsdag') a,
                          max(ts) FILTER (WHERE afgangsaarsag IS NOT NULL) b,
                          any_value(afgangsaarsag) FILTER (WHERE afgangsaarsag IS NOT NULL) r
                   FROM ok WHERE proces = 'dagpenge' GROUP BY sagsnr)
        SELECT count(*), median(date_diff('day', a, b)) / 7, avg((date_diff('day', a, b) > 182)::int),
               avg((date_diff('day', a, b) > 364)::int), avg((r = 'Job')::int), avg((r = 'Uddannelse')::int),
               avg((r IN ('Sygdom', 'Barsel'))::int)
        FROM s WHERE a < '2023-07-01'""").fetchone()   # spells starting by mid-2023 are all complete
    assert n > 2000
    assert 11 <= med <= 13
    assert 0.21 <= p26 <= 0.29
    assert 0.065 <= p52 <= 0.12
    assert 0.70 <= job <= 0.78 and 0.035 <= edu <= 0.065 and 0.06 <= sick <= 0.10
    assert demo.truth["dagpenge_spells"]["median_weeks"] == 12


def test_aktivitetsparat_cases_are_long(con):
    med = con.execute("""
        SELECT median(date_diff('day', a, b)) FROM (
          SELECT min(ts) FILTER (WHERE aktivitet IN ('Ansøgning modtaget', 'Ansøgning om hjælp modtaget')) a,
                 max(ts) FILTER (WHERE afgangsaarsag IS NOT NULL) b
          FROM ok WHERE maalgruppe = 'Aktivitetsparat' GROUP BY sagsnr) WHERE a IS NOT NULL AND b IS NOT NULL
          AND a < '2022-07-01'""").fetchone()[0]
    assert med > 365  # censored at the end of the window; the generator's median is 900 days


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"scale": 0}, "The 'scale' parameter must be a positive number. Got 0 instead."),
    ({"municipalities": ["Aarhus"]}, "must name demo municipalities among ['Søby', 'Åkjær', 'Nørreby', 'Vestlev', "
                                     "'Egholm']. Got 'Aarhus' instead."),
    ({"processes": ["sygedagpenge"]}, "The 'processes' parameter must hold some of ['dagpenge', 'kontanthjaelp']."),
    ({"start": date(2025, 1, 1), "end": date(2024, 1, 1)}, "The 'end' date 2024-01-01 is before the 'start' date"),
])
def test_bad_parameters_are_refused_clearly(kwargs, message):
    with pytest.raises(InvalidParameterError) as err:
        generate(**kwargs)
    assert message in str(err.value)


def test_one_process_and_a_short_window():
    data = generate(seed=1, scale=0.05, processes=["kontanthjaelp"], start=date(2024, 1, 1), end=date(2024, 6, 30))
    assert set(data.events.column("proces").to_pylist()) == {"kontanthjaelp"}
    years = {t[6:10] for t in data.events.column("tidspunkt").to_pylist()}
    assert years <= {"2024", "1900", "2099"}


@pytest.mark.slow
def test_scale_1_is_about_a_million_events():
    data = generate(seed=42, scale=1.0)
    assert 900_000 <= data.events.num_rows <= 1_100_000
