"""Response and counting rules on hand-made logs: deadlines, working days, clock-stops, validity, applicability."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from sagsflow.analysis.calendar import BusinessCalendar
from sagsflow.compliance import evaluate, load_rules
from sagsflow.filters import has_activity

RULE = "rules:\n  - {{id: R, type: response, trigger: A, target: B, within: {within}{extra}}}\n"


def status(res, case: str, rule: str = "R") -> dict:  # type: ignore[no-untyped-def]
    df = res.cases
    row = df[(df["case_id"] == case) & (df["rule_id"] == rule)]
    assert len(row) == 1
    return row.iloc[0].to_dict()


def test_met_violated_pending_and_no_trigger(make_log: Callable) -> None:
    log = make_log([("1", "A", "2024-03-01"), ("1", "B", "2024-03-15 15:00"),  # day 14: met
                    ("2", "A", "2024-03-01"), ("2", "B", "2024-03-16"),        # day 15: violated
                    ("3", "A", "2024-03-20"),                                  # open, deadline 04-03
                    ("4", "B", "2024-03-20")])                                 # no trigger
    res = evaluate(log, load_rules(RULE.format(within="14 days", extra="")), as_of="2024-03-25")
    s1, s2, s3, s4 = (status(res, c) for c in "1234")
    assert (s1["status"], s1["deadline"], s1["evidence"].tolist()) == ("met", date(2024, 3, 15), [0, 1])
    assert s1["fulfilled_time"].isoformat().startswith("2024-03-15T14:00")
    assert (s2["status"], s3["status"], s4["status"]) == ("violated", "pending", "not_applicable")
    assert s3["days_left"] == 9 and s4["reason"] == "no trigger event"
    # at a later evaluation date the open case is overdue; events after as_of are not seen
    later = evaluate(log, load_rules(RULE.format(within="14 days", extra="")), as_of="2024-04-04")
    assert status(later, "3")["status"] == "violated"
    early = evaluate(log, load_rules(RULE.format(within="14 days", extra="")), as_of="2024-03-10")
    assert status(early, "1")["status"] == "pending" and status(early, "1")["days_left"] == 5


def test_counting_needs_k_events_within_the_deadline(make_log: Callable) -> None:
    log = make_log([("1", "A", "2024-01-10"), ("1", "B", "2024-02-01"), ("1", "B", "2024-03-01"),
                    ("1", "B", "2024-04-10"),   # 3 months from 10 Jan = 10 Apr: the third is on time
                    ("2", "A", "2024-01-10"), ("2", "B", "2024-02-01"), ("2", "B", "2024-03-01"),
                    ("2", "B", "2024-04-11")])
    rules = load_rules("rules:\n  - {id: R, type: counting, trigger: A, target: B, count: 3, within: 3 months}\n")
    res = evaluate(log, rules, as_of="2024-06-01")
    assert status(res, "1")["status"] == "met" and status(res, "1")["deadline"] == date(2024, 4, 10)
    assert status(res, "2")["status"] == "violated"
    assert status(res, "1")["evidence"].tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize(("trigger", "n", "deadline"), [
    ("2024-03-27", 3, date(2024, 4, 4)),    # Easter: Thu 28, Fri 29 March and Mon 1 April are closed
    ("2024-12-20", 3, date(2024, 12, 30)),  # Christmas: 24-26 December closed
    ("2024-05-08", 1, date(2024, 5, 10)),   # Ascension Day 9 May
])
def test_working_days_across_danish_holidays(make_log: Callable, trigger: str, n: int, deadline: date) -> None:
    cal = BusinessCalendar()
    assert cal.add_working_days(date.fromisoformat(trigger), n) == deadline
    last = deadline.isoformat()
    after = date.fromordinal(deadline.toordinal() + 1).isoformat()
    log = make_log([("on", "A", trigger + " 09:00"), ("on", "B", last + " 15:00"),
                    ("late", "A", trigger + " 09:00"), ("late", "B", after + " 09:00")])
    res = evaluate(log, load_rules(RULE.format(within=f"{n} working days", extra="")), as_of="2025-01-31",
                   calendar=cal)
    assert status(res, "on")["deadline"] == deadline
    assert (status(res, "on")["status"], status(res, "late")["status"]) == ("met", "violated")


def test_clock_stop_pushes_the_deadline_by_the_stopped_days(make_log: Callable) -> None:
    rules = load_rules("""
clock_stops:
  syg: {start: Syg start, end: Syg slut}
rules:
  - {id: R, type: response, trigger: A, target: B, within: 14 days, clock_stops: [syg]}
""")
    log = make_log([
        ("1", "A", "2024-03-01"), ("1", "Syg start", "2024-03-05"), ("1", "Syg slut", "2024-03-15"),
        ("1", "B", "2024-03-25"),                    # deadline 15 + 10 stopped days = 25 March: met
        ("2", "A", "2024-03-01"), ("2", "Syg start", "2024-03-05"), ("2", "Syg slut", "2024-03-15"),
        ("2", "B", "2024-03-26"),                    # one day late
        ("3", "A", "2024-03-01"), ("3", "Syg start", "2024-03-20"), ("3", "Syg slut", "2024-03-30"),
        ("3", "B", "2024-03-25"),                    # the stop starts after the deadline: no push
        ("4", "A", "2024-03-01"), ("4", "Syg start", "2024-03-10"),  # still sick at as_of: pending
        ("5", "A", "2024-03-10"), ("5", "Syg start", "2024-03-01"), ("5", "Syg slut", "2024-03-12"),
    ])
    res = evaluate(log, rules, as_of="2024-04-10")
    s = {c: status(res, c) for c in "12345"}
    assert (s["1"]["status"], s["1"]["deadline"], s["1"]["stopped_days"]) == ("met", date(2024, 3, 25), 10)
    assert (s["2"]["status"], s["2"]["deadline"]) == ("violated", date(2024, 3, 25))
    assert (s["3"]["status"], s["3"]["stopped_days"], s["3"]["deadline"]) == ("violated", 0, date(2024, 3, 15))
    assert s["4"]["status"] == "pending" and s["4"]["deadline"] > date(2024, 4, 10)
    # trigger inside the stop: the clock starts when the stop ends (11 March is the first day that counts)
    assert (s["5"]["deadline"], s["5"]["stopped_days"]) == (date(2024, 3, 25), 1)


def test_clock_stop_in_working_days_and_from_an_attribute(make_log: Callable) -> None:
    rules = load_rules("""
clock_stops:
  fri: {attribute: status, values: [fritaget]}
rules:
  - {id: R, type: response, trigger: A, target: B, within: 5 working days, clock_stops: [fri]}
""")
    # Mon 4 March + 5 working days = Mon 11 March; exempt Wed 6 - Thu 7 (2 working days) -> Wed 13 March
    log = make_log([("1", "A", "2024-03-04"), ("1", "Note", "2024-03-06"), ("1", "Note", "2024-03-07"),
                    ("1", "Note", "2024-03-08"), ("1", "B", "2024-03-13")],
                   event_attrs={1: {"status": "fritaget"}, 2: {"status": "fritaget"}, 3: {"status": "aktiv"}})
    res = evaluate(log, rules, as_of="2024-04-01")
    assert (status(res, "1")["deadline"], status(res, "1")["stopped_days"]) == (date(2024, 3, 13), 2)
    assert status(res, "1")["status"] == "met"


def test_validity_boundary_judges_cases_by_the_rule_in_force(make_log: Callable) -> None:
    rules = load_rules("""
rules:
  - {id: OLD, type: response, trigger: A, target: B, within: 14 days, valid_to: 2023-12-31}
  - {id: NEW, type: response, trigger: A, target: B, within: 7 days, valid_from: 2024-01-01}
""")
    log = make_log([("dec", "A", "2023-12-31 10:00"), ("dec", "B", "2024-01-10"),
                    ("jan", "A", "2024-01-01 10:00"), ("jan", "B", "2024-01-10")])
    res = evaluate(log, rules, as_of="2024-03-01")
    assert (status(res, "dec", "OLD")["status"], status(res, "dec", "NEW")["status"]) == ("met", "not_applicable")
    assert (status(res, "jan", "OLD")["status"], status(res, "jan", "NEW")["status"]) == ("not_applicable",
                                                                                       "violated")
    assert status(res, "dec", "NEW")["reason"] == "outside the rule's validity period"


def test_validity_date_case_start_and_deadline(make_log: Callable) -> None:
    log = make_log([("1", "Start", "2023-12-20"), ("1", "A", "2024-01-05"), ("1", "B", "2024-01-06")])
    by_start = load_rules("rules:\n  - {id: R, type: response, trigger: A, target: B, within: 3 days, "
                          "valid_from: 2024-01-01, validity_date: case_start}\n")
    by_trigger = load_rules("rules:\n  - {id: R, type: response, trigger: A, target: B, within: 3 days, "
                            "valid_from: 2024-01-01}\n")
    by_deadline = load_rules("rules:\n  - {id: R, type: response, trigger: A, target: B, within: 3 days, "
                             "valid_to: 2024-01-07, validity_date: deadline}\n")
    assert status(evaluate(log, by_start, as_of="2024-02-01"), "1")["status"] == "not_applicable"
    assert status(evaluate(log, by_trigger, as_of="2024-02-01"), "1")["status"] == "met"
    assert status(evaluate(log, by_deadline, as_of="2024-02-01"), "1")["status"] == "not_applicable"


def test_case_end_before_the_deadline_makes_the_rule_not_applicable(make_log: Callable) -> None:
    rules = load_rules("case_end: [Afmeldt – *]\nrules:\n"
                       "  - {id: R, type: response, trigger: A, target: B, within: 6 months}\n")
    log = make_log([("job", "A", "2024-01-01"), ("job", "Afmeldt – job", "2024-03-01"),
                    ("late", "A", "2024-01-01"), ("late", "Afmeldt – job", "2024-08-01")])
    res = evaluate(log, rules, as_of="2024-12-01")
    assert status(res, "job")["status"] == "not_applicable"
    assert status(res, "job")["reason"] == "case ended before the deadline"
    assert status(res, "late")["status"] == "violated"


def test_applicability_by_attributes_and_activities(make_log: Callable) -> None:
    rules = load_rules("""
rules:
  - id: R
    type: response
    applies_to: {attributes: {gruppe: [Jobparat]}, lacks_activity: Afslag}
    trigger: A
    target: B
    within: 7 days
""")
    log = make_log([("1", "A", "2024-01-01"), ("2", "A", "2024-01-01"), ("3", "A", "2024-01-01"),
                    ("3", "Afslag", "2024-01-02")],
                   case_attrs={"1": {"gruppe": "Jobparat"}, "2": {"gruppe": "Aktivitetsparat"},
                               "3": {"gruppe": "Jobparat"}})
    res = evaluate(log, rules, as_of="2024-03-01")
    assert [status(res, c)["status"] for c in "123"] == ["violated", "not_applicable", "not_applicable"]
    assert status(res, "2")["reason"] == "not in the rule's target group"
    assert res.cases["gruppe"].tolist() == ["Jobparat", "Aktivitetsparat", "Jobparat"]


def test_several_requirements_synonyms_wildcards_and_since(make_log: Callable) -> None:
    rules = load_rules("""
rules:
  - id: ALL
    type: response
    trigger: Ansøgning
    require:
      - {activity: [Visitationssamtale, Visitation afholdt], within: 7 days}
      - {activity: "Visiteret *", within: 7 days}
  - id: ANY
    type: response
    combine: any
    trigger: Ansøgning
    require:
      - {activity: X, within: 2 days}
      - {activity: "Visiteret *", within: 7 days}
  - id: SINCE
    type: response
    trigger: Fritaget slut
    require: [{activity: Tilbud, within: 1 month, since: case_start}]
""")
    log = make_log([("m", "Ansøgning", "2024-01-01"), ("m", "Visitationssamtale", "2024-01-05"),
                    ("m", "Visiteret jobparat", "2024-01-05"),
                    ("f", "Ansøgning", "2024-01-01"), ("f", "Visitation afholdt", "2024-01-05"),
                    ("f", "Visiteret aktivitetsparat", "2024-01-09"),
                    ("s", "Tilbud", "2024-01-02"), ("s", "Fritaget slut", "2024-02-01")])
    res = evaluate(log, rules, as_of="2024-03-01")
    assert (status(res, "m", "ALL")["status"], status(res, "f", "ALL")["status"]) == ("met", "violated")
    assert (status(res, "m", "ANY")["status"], status(res, "f", "ANY")["status"]) == ("met", "violated")
    assert status(res, "s", "SINCE")["status"] == "met"


def test_case_start_trigger_with_not_before(make_log: Callable) -> None:
    rules = load_rules("rules:\n  - {id: R, type: response, trigger: {case_start: true, not_before: 2025-07-01}, "
                       "target: HOI, within: 8 weeks}\n")
    log = make_log([("old", "Start", "2025-01-01"), ("old", "HOI", "2025-08-20"),   # 1 Jul + 56 d = 26 Aug
                    ("new", "Start", "2025-08-01"), ("new", "HOI", "2025-10-01")])   # 1 Aug + 56 d = 26 Sep
    res = evaluate(log, rules, as_of="2025-12-01")
    assert (status(res, "old")["deadline"], status(res, "old")["status"]) == (date(2025, 8, 26), "met")
    assert (status(res, "new")["deadline"], status(res, "new")["status"]) == (date(2025, 9, 26), "violated")


def test_filtered_log_and_variants(make_log: Callable) -> None:
    rules = load_rules("""
rules:
  - id: CV
    type: response
    trigger: A
    target: B
    variants:
      - {label: dp, applies_to: {attributes: {proces: dp}}, within: 14 days}
      - {label: kh, applies_to: {attributes: {proces: kh}}, within: 21 days}
""")
    log = make_log([("1", "A", "2024-01-01"), ("1", "B", "2024-01-20"), ("2", "A", "2024-01-01"),
                    ("2", "B", "2024-01-20"), ("3", "X", "2024-01-01")],
                   case_attrs={"1": {"proces": "dp"}, "2": {"proces": "kh"}, "3": {"proces": "kh"}})
    res = evaluate(log, rules, as_of="2024-03-01")
    assert [(status(res, c, "CV")["status"], status(res, c, "CV")["variant"]) for c in "12"] == [("violated", "dp"),
                                                                                    ("met", "kh")]
    assert len(res.cases) == 3
    sub = evaluate(log.filter(has_activity("B")), rules, as_of="2024-03-01")
    assert sorted(sub.cases["case_id"]) == ["1", "2"]


@pytest.mark.parametrize("tz", ["Europe/Copenhagen", "UTC", "America/New_York"])
def test_local_day_arithmetic_matches_the_time_zone_conversion(tz: str) -> None:
    """Deadlines count local days; the fast epoch arithmetic gives the same day as DuckDB's conversion,
    across daylight-saving changes (every 13 minutes over ten years)."""
    import duckdb

    from sagsflow.compliance.engine import _local_day_sql

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    n_bad, n = con.execute(f"""
        SELECT count(*) FILTER (WHERE {_local_day_sql(tz, 't')} <> CAST(date_diff('day', DATE '1970-01-01',
               CAST(timezone('{tz}', t) AS DATE)) AS INTEGER)), count(*)
        FROM (SELECT TIMESTAMPTZ '2016-01-01 00:00:00+00' + to_minutes(CAST(i * 13 AS BIGINT)) AS t
              FROM range(0, 404000) r(i))""").fetchall()[0]
    assert (n_bad, n) == (0, 404000)


@pytest.mark.parametrize("tz", ["Europe/Copenhagen", "Europe/London", "Australia/Sydney", "UTC"])
def test_local_day_arithmetic_holds_at_every_new_year(tz: str) -> None:
    """The fast form finds an instant's year by dividing the epoch by a mean year, which is off by up to a day
    next to New Year: every half hour within three days of each New Year, and every 61 minutes, from 1960 to 2110
    (outside the table of daylight-saving periods too) give the same local day as DuckDB's conversion."""
    import duckdb

    from sagsflow.compliance.engine import _local_day_sql

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    n_bad, n = con.execute(f"""
        SELECT count(*) FILTER (WHERE {_local_day_sql(tz, 't')} <> CAST(date_diff('day', DATE '1970-01-01',
               CAST(timezone('{tz}', t) AS DATE)) AS INTEGER)), count(*)
        FROM (SELECT make_timestamptz(CAST(y AS BIGINT), 1, 1, 0, 0, 0.0, 'UTC') + to_minutes(CAST(m AS BIGINT)) AS t
              FROM range(1960, 2111) a(y), range(-3 * 1440, 3 * 1440, 30) b(m)
              UNION ALL
              SELECT TIMESTAMPTZ '1960-01-01 00:00:00+00' + to_minutes(CAST(i * 61 AS BIGINT))
              FROM range(0, 151 * 8766 * 60 // 61) r(i))""").fetchall()[0]
    assert (n_bad, n) == (0, 151 * 288 + 151 * 8766 * 60 // 61)
