"""Checks on timestamps: granularity, identical timestamps, order against a sequence number, dates
outside the plausible range.
"""

from __future__ import annotations

from datetime import UTC

from sagsflow.quality.context import N_EXAMPLES, Context, grade
from sagsflow.quality.model import Finding, Pattern

#: share of events at local midnight from which a log counts as (partly) date-only; a log with
#: minute precision has about 1/1440 = 0.07 % of its events at midnight by chance
DATE_ONLY_MIN_SHARE = 0.01
#: an activity counts as date-only when at least this share of its (at least ACTIVITY_MIN_EVENTS) events is
ACTIVITY_DATE_ONLY_SHARE = 0.5
ACTIVITY_MIN_EVENTS = 5
#: share of events in same-timestamp groups from which the report names it
IDENTICAL_MIN_SHARE = 0.01


def check_granularity(ctx: Context) -> list[Finding]:
    """Date-only timestamps (00:00:00 local time, or at the log's fixed UTC offset), overall and per activity;
    dates stored at UTC midnight."""
    local, utc = ctx.date_only(), ctx.utc_midnight()
    fixed = ctx.fixed_midnight()
    rows = ctx.rows(
        f"""SELECT any_value(activity) AS activity, count(*) AS n,
               count(*) FILTER (WHERE {local}) AS n_local,
               count(*) FILTER (WHERE {utc} AND NOT {local}) AS n_utc
        FROM {ctx.events} e GROUP BY activity_code"""
    )
    n = ctx.n_events
    n_local = sum(r[2] for r in rows)
    n_utc = sum(r[3] for r in rows)
    flagged = sorted(
        (r for r in rows if r[1] >= ACTIVITY_MIN_EVENTS and r[2] / r[1] >= ACTIVITY_DATE_ONLY_SHARE),
        key=lambda r: (-r[2] / r[1], -r[1], r[0]),
    )
    all_date_only = [r for r in rows if r[2] == r[1]]
    out: list[Finding] = []
    if n and (n_local / n >= DATE_ONLY_MIN_SHARE or flagged):
        breakdown = [
            {"activity": r[0], "events": int(r[1]), "date_only": int(r[2]), "share": r[2] / r[1]}
            for r in sorted(rows, key=lambda r: (-r[2] / r[1], -r[1], r[0]))[:10] if r[2]
        ]
        out.append(ctx.finding(
            "date_only_timestamps", Pattern.UNANCHORED_EVENT,
            "warning" if n_local / n >= 0.05 or flagged else "info",
            count=n_local, unit="events",
            metrics={"n_activities_date_only": len(flagged), "n_activities_all_date_only": len(all_date_only),
                     "n_activities": len(rows), "timezone": ctx.params.timezone,
                     "fixed_offset": None if fixed is None else ctx.fixed_offset_label(fixed)},
            examples=[{"activity": r[0]} for r in flagged[:N_EXAMPLES]],
            breakdown=breakdown,
        ))
    if n and n_utc / n >= DATE_ONLY_MIN_SHARE:
        out.append(ctx.finding(
            "utc_midnight_timestamps", Pattern.UNANCHORED_EVENT, grade(n_utc / n, warning=0.05),
            count=n_utc, unit="events", metrics={"timezone": ctx.params.timezone},
            breakdown=[{"activity": r[0], "events": int(r[1]), "utc_midnight": int(r[3]), "share": r[3] / r[1]}
                       for r in sorted(rows, key=lambda r: (-r[3], r[0]))[:10] if r[3]],
        ))
    return out


def check_identical_timestamps(ctx: Context) -> list[Finding]:
    """Groups of events of one case with the same timestamp and at least two different activities.

    Copies of one activity at one instant are left to :func:`check_duplicates`.
    """
    with ctx.temp_table(
        f"""SELECT case_idx, timestamp, count(*) AS n FROM {ctx.events} e
        GROUP BY case_idx, timestamp HAVING count(DISTINCT activity_code) > 1"""
    ) as same:
        n_groups, n_events, n_cases, largest = ctx.one(
            f"SELECT count(*), coalesce(sum(n), 0), count(DISTINCT case_idx), coalesce(max(n), 0) FROM {same}"
        )
        if not ctx.n_events or n_events / ctx.n_events < IDENTICAL_MIN_SHARE:
            return []
        with ctx.temp_table(
            f"""SELECT s.case_idx, any_value(e.case_id) AS case_id, s.timestamp, count(*) AS n,
                       bool_and({ctx.date_only('e.timestamp')}) AS date_only,
                       string_agg(DISTINCT e.activity, ' + ' ORDER BY e.activity) AS activities
            FROM {ctx.events} e JOIN {same} s ON s.case_idx = e.case_idx AND s.timestamp = e.timestamp
            GROUP BY s.case_idx, s.timestamp"""
        ) as groups:
            n_groups_date_only = ctx.one(f"SELECT count(*) FILTER (WHERE date_only) FROM {groups}")[0]
            breakdown = ctx.dicts(
                f"SELECT activities, count(*) AS groups, sum(n)::BIGINT AS events FROM {groups} "
                "GROUP BY activities ORDER BY groups DESC, activities LIMIT 10"
            )
            examples = ctx.dicts(
                f"SELECT case_id, timestamp, n AS events, activities FROM {groups} "
                f"ORDER BY n DESC, case_idx, timestamp LIMIT {N_EXAMPLES}"
            )
    share = n_events / ctx.n_events
    return [ctx.finding(
        "identical_timestamps", Pattern.FORM_BASED_EVENT_CAPTURE, grade(share, warning=0.05),
        count=int(n_events), unit="events",
        metrics={"n_groups": int(n_groups), "n_cases_affected": int(n_cases),
                 "n_groups_date_only": int(n_groups_date_only), "largest_group": int(largest)},
        examples=examples, breakdown=breakdown,
    )]


def check_sequence(ctx: Context) -> list[Finding]:
    """Cases whose time order contradicts the source's sequence number (when the log has one)."""
    if "sequence" not in ctx.filled:
        return []
    with ctx.temp_table(
        f"""SELECT case_idx, case_id, activity, timestamp, prev_activity, prev_ts = timestamp AS tie
        FROM (SELECT case_idx, case_id, activity, timestamp, sequence,
                     lag(sequence) OVER w AS prev_seq, lag(timestamp) OVER w AS prev_ts,
                     lag(activity) OVER w AS prev_activity
              FROM {ctx.events} e WHERE sequence IS NOT NULL
              WINDOW w AS (PARTITION BY case_idx ORDER BY pos))
        WHERE prev_seq > sequence"""
    ) as inv:
        n_inv, n_ties, n_cases = ctx.one(
            f"SELECT count(*), count(*) FILTER (WHERE tie), count(DISTINCT case_idx) FROM {inv}"
        )
        if not n_inv:
            return []
        examples = ctx.dicts(
            f"""SELECT case_id, prev_activity AS earlier_in_time, activity AS later_in_time,
                       timestamp, tie AS same_timestamp
            FROM (SELECT *, row_number() OVER (PARTITION BY case_idx ORDER BY timestamp) AS k FROM {inv})
            WHERE k = 1 ORDER BY case_idx LIMIT {N_EXAMPLES}"""
        )
    share = n_cases / ctx.n_cases
    return [ctx.finding(
        "sequence_out_of_order", Pattern.INADVERTENT_TIME_TRAVEL, grade(share, warning=0.01),
        count=int(n_cases), unit="cases",
        metrics={"n_inversions": int(n_inv), "n_inversions_tied": int(n_ties),
                 "n_inversions_time": int(n_inv - n_ties)},
        examples=examples,
    )]


def check_quarantine(ctx: Context) -> list[Finding]:
    """Events outside the log's plausible period (:mod:`sagsflow.plausible`): the events every analysis leaves
    out by default, named here with examples and a breakdown by year and activity."""
    w, sql = ctx.window, ctx.quarantined_sql
    if w is None or sql is None:
        return []
    quarantined = f"({sql})"
    n_ev, n_cases, n_wild = ctx.one(
        f"SELECT count(*), count(DISTINCT case_idx), count(*) FILTER (WHERE NOT coalesce({w.representable()}, "
        f"FALSE)) FROM {quarantined} q")
    if not n_ev:
        return []
    included = ctx.includes_quarantined
    with_start = "start_timestamp" in ctx.schema.roles
    examples = ctx.dicts(
        f"""SELECT case_id, activity, timestamp{", start_timestamp" if with_start else ""}
            FROM {quarantined} q ORDER BY event_idx LIMIT {N_EXAMPLES}""")
    breakdown = ctx.dicts(
        f"""SELECT year({ctx.local('timestamp')}) AS year, activity, count(*) AS events FROM {quarantined} q
            GROUP BY ALL ORDER BY events DESC, year, activity LIMIT 10""")
    total = ctx.n_events + int(n_wild if included else n_ev)  # the analysed events and those left out
    share = n_ev / total if total else 1.0
    return [ctx.finding(
        "implausible_dates", Pattern.INADVERTENT_TIME_TRAVEL, grade(share, warning=0.0, error=0.01),
        count=int(n_ev), unit="events", total=total,
        metrics={"n_cases_affected": int(n_cases),
                 "first_day": None if w.first_day is None else w.first_day.isoformat(),
                 "last_day": None if w.last_day is None else w.last_day.isoformat(),
                 "period_source": w.source, "included": included, "n_unrepresentable": int(n_wild)},
        examples=examples, breakdown=breakdown,
    )]


def check_dates(ctx: Context) -> list[Finding]:
    """Timestamps after ``now``; start times after completion (over the events the analyses see)."""
    p = ctx.params
    now = p.now if p.now.tzinfo else p.now.replace(tzinfo=UTC)
    cols = [c for c in ("timestamp", "start_timestamp") if c in ctx.filled]
    now_sql = f"TIMESTAMPTZ '{now.isoformat()}'"
    future = " OR ".join(f"{c} > {now_sql}" for c in cols)
    conds = {"future_dates": future}
    if "start_timestamp" in ctx.filled:
        conds["start_after_end"] = "start_timestamp > timestamp"
    out: list[Finding] = []
    select = ", ".join(f"count(*) FILTER (WHERE {c}), count(DISTINCT case_idx) FILTER (WHERE {c})"
                       for c in conds.values())
    counts = ctx.one(f"SELECT {select} FROM {ctx.events} e")
    for i, (code, cond) in enumerate(conds.items()):
        n_ev, n_cases = int(counts[2 * i]), int(counts[2 * i + 1])
        if not n_ev:
            continue
        examples = ctx.dicts(
            f"""SELECT case_id, activity, timestamp
                {", start_timestamp" if "start_timestamp" in ctx.filled else ""}
                FROM {ctx.events} e WHERE {cond} ORDER BY event_idx LIMIT {N_EXAMPLES}""")
        breakdown = ctx.dicts(
            f"SELECT activity, count(*) AS events FROM {ctx.events} e WHERE {cond} "
            "GROUP BY activity ORDER BY events DESC, activity LIMIT 10")
        share = n_ev / ctx.n_events
        severity = {"future_dates": grade(share, warning=0.0, error=0.05),
                    "start_after_end": grade(share, warning=0.0, error=0.05)}[code]
        out.append(ctx.finding(
            code, Pattern.INADVERTENT_TIME_TRAVEL, severity, count=n_ev, unit="events",
            metrics={"n_cases_affected": n_cases, "now": now.isoformat(timespec="seconds")},
            examples=examples, breakdown=breakdown,
        ))
    return out
