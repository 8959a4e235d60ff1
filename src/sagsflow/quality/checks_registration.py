"""Checks on registration practice: batch registrations by one resource, backdated registrations and
events registered before they happened.
"""

from __future__ import annotations

from sagsflow.quality.context import N_EXAMPLES, Context, grade, sql_list
from sagsflow.quality.model import Finding, Pattern

#: registrations this many seconds before the event's time still count as "at the same time"
REGISTERED_BEFORE_TOLERANCE_SECONDS = 60


def check_batches(ctx: Context) -> list[Finding]:
    """Runs of >= ``batch_min_events`` events one resource registered within ``batch_window_seconds``.

    The registration time is used where it is filled, otherwise the event's timestamp; date-only
    timestamps (midnight, local or at the log's fixed offset) without a registration time are left
    out, since their time of day says nothing about when they were registered.
    """
    if "resource" not in ctx.filled:
        return []
    w, k = int(ctx.params.batch_window_seconds), int(ctx.params.batch_min_events)
    window = f"INTERVAL '{w} seconds'"
    midnight = ctx.date_only("timestamp")
    reg = "registration_timestamp" if "registration_timestamp" in ctx.filled else "NULL::TIMESTAMPTZ"
    src = f"""SELECT event_idx, case_idx, activity, resource, coalesce({reg}, timestamp) AS ts
        FROM {ctx.events} e WHERE resource IS NOT NULL AND ({reg} IS NOT NULL OR NOT {midnight})"""
    # a batch starts at an event whose (k-1)-th successor of the same resource is within the window:
    # one cheap pass finds the resources that have any, the exact batches are cut for those only
    robots = [r[0] for r in ctx.rows(
        f"""SELECT DISTINCT resource FROM (
            SELECT resource, ts, lead(ts, {k - 1}) OVER (PARTITION BY resource ORDER BY ts) AS kth FROM ({src}))
        WHERE kth <= ts + {window}"""
    )]
    if not robots:
        return []
    with ctx.temp_table(
        f"""WITH src AS (SELECT * FROM ({src}) WHERE resource IN {sql_list(robots)}),
        ahead AS (
            SELECT *, count(*) OVER (PARTITION BY resource ORDER BY ts
                                     RANGE BETWEEN CURRENT ROW AND {window} FOLLOWING) AS n_ahead
            FROM src
        ), member AS (
            SELECT *, max(CASE WHEN n_ahead >= {k} THEN 1 ELSE 0 END)
                          OVER (PARTITION BY resource ORDER BY ts
                                RANGE BETWEEN {window} PRECEDING AND CURRENT ROW) AS is_member
            FROM ahead
        ), gaps AS (
            SELECT *, CASE WHEN lag(ts) OVER (PARTITION BY resource ORDER BY ts, event_idx) >= ts - {window}
                           THEN 0 ELSE 1 END AS new_batch
            FROM member WHERE is_member = 1
        )
        SELECT resource, ts, case_idx, activity,
               sum(new_batch) OVER (PARTITION BY resource ORDER BY ts, event_idx) AS batch
        FROM gaps"""
    ) as members:
        n_events, n_batches, n_resources = ctx.one(
            f"SELECT count(*), count(DISTINCT (resource, batch)), count(DISTINCT resource) FROM {members}"
        )
        if not n_events:
            return []
        largest = ctx.one(f"SELECT max(n) FROM (SELECT count(*) AS n FROM {members} GROUP BY resource, batch)")[0]
        examples = ctx.dicts(
            f"""SELECT resource, min(ts) AS registered_from, max(ts) AS registered_to, count(*) AS events,
                       count(DISTINCT case_idx) AS cases, mode(activity) AS most_common_activity
            FROM {members} GROUP BY resource, batch ORDER BY events DESC, registered_from LIMIT {N_EXAMPLES}"""
        )
        breakdown = ctx.dicts(
            f"""SELECT m.resource, m.batches, m.events, m.events / t.n AS share_of_resource
            FROM (SELECT resource, count(DISTINCT batch) AS batches, count(*) AS events
                  FROM {members} GROUP BY resource) m
            JOIN (SELECT resource, count(*) AS n FROM {ctx.events} e GROUP BY resource) t USING (resource)
            ORDER BY m.events DESC, m.resource LIMIT 10"""
        )
    share = int(n_events) / ctx.n_events
    return [ctx.finding(
        "batch_registrations", Pattern.FORM_BASED_EVENT_CAPTURE, grade(share, warning=0.01),
        count=int(n_events), unit="events",
        metrics={"n_batches": int(n_batches), "n_resources": int(n_resources), "largest_batch": int(largest),
                 "window_seconds": w, "min_events": k,
                 "by": "registration_timestamp" if "registration_timestamp" in ctx.filled else "timestamp"},
        examples=examples, breakdown=breakdown,
    )]


def check_backdating(ctx: Context) -> list[Finding]:
    """Events registered more than ``backdating_days`` after they happened, and events registered
    before they happened."""
    if "registration_timestamp" not in ctx.filled:
        return []
    days = int(ctx.params.backdating_days)
    tolerance = REGISTERED_BEFORE_TOLERANCE_SECONDS / 86400
    delays = f"""SELECT case_idx, event_idx, case_id, activity, timestamp, registration_timestamp,
                       (epoch(registration_timestamp) - epoch(timestamp)) / 86400.0 AS delay
                FROM {ctx.events} e WHERE registration_timestamp IS NOT NULL"""
    back, early = f"delay > {days}", f"delay < -{tolerance}"
    n_reg, med_all = ctx.one(f"SELECT count(*), median(delay) FROM ({delays})")
    with ctx.temp_table(f"SELECT * FROM ({delays}) WHERE {back} OR {early}") as odd:
        n_back, n_back_cases, med_back, p90_back, n_early, n_early_cases, med_early = ctx.one(
            f"""SELECT count(*) FILTER (WHERE {back}), count(DISTINCT case_idx) FILTER (WHERE {back}),
                       median(delay) FILTER (WHERE {back}), quantile_cont(delay, 0.9) FILTER (WHERE {back}),
                       count(*) FILTER (WHERE {early}), count(DISTINCT case_idx) FILTER (WHERE {early}),
                       median(-delay) FILTER (WHERE {early})
            FROM {odd}"""
        )
        out: list[Finding] = []
        if n_back:
            breakdown = ctx.dicts(
                f"""SELECT r.activity, r.registered, b.backdated, b.backdated / r.registered AS share,
                           b.median_delay_days
                FROM (SELECT activity, count(*) AS backdated, round(median(delay), 1) AS median_delay_days
                      FROM {odd} WHERE {back} GROUP BY activity) b
                JOIN (SELECT any_value(activity) AS activity, count(registration_timestamp) AS registered
                      FROM {ctx.events} e GROUP BY activity_code) r USING (activity)
                ORDER BY b.backdated DESC, r.activity LIMIT 10"""
            )
            examples = ctx.dicts(
                f"""SELECT case_id, activity, timestamp, registration_timestamp, round(delay, 1) AS delay_days
                FROM {odd} WHERE {back} ORDER BY delay DESC, event_idx LIMIT {N_EXAMPLES}"""
            )
            share = n_back / n_reg
            out.append(ctx.finding(
                "backdated_registrations", Pattern.UNANCHORED_EVENT, grade(share, warning=0.01),
                count=int(n_back), unit="events", total=int(n_reg),
                metrics={"n_registered": int(n_reg), "n_cases_affected": int(n_back_cases),
                         "backdating_days": days, "median_delay_days": _round(med_back),
                         "p90_delay_days": _round(p90_back), "median_delay_all_days": _round(med_all)},
                examples=examples, breakdown=breakdown,
            ))
        if n_early:
            breakdown = ctx.dicts(
                f"""SELECT activity, count(*) AS events, round(median(-delay), 1) AS median_days_early
                FROM {odd} WHERE {early} GROUP BY activity ORDER BY events DESC, activity LIMIT 10"""
            )
            examples = ctx.dicts(
                f"""SELECT case_id, activity, timestamp, registration_timestamp
                FROM {odd} WHERE {early} ORDER BY event_idx LIMIT {N_EXAMPLES}"""
            )
            share = n_early / n_reg
            out.append(ctx.finding(
                "registered_before_event", Pattern.INADVERTENT_TIME_TRAVEL, grade(share, warning=0.0),
                count=int(n_early), unit="events", total=int(n_reg),
                metrics={"n_registered": int(n_reg), "n_cases_affected": int(n_early_cases),
                         "median_days_early": _round(med_early),
                         "tolerance_seconds": REGISTERED_BEFORE_TOLERANCE_SECONDS},
                examples=examples, breakdown=breakdown,
            ))
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 1)
