"""Case, activity and resource tables of a (filtered) log.

Each is one set-based query over ``log.events_sql()``; durations are seconds of calendar time, or
of working time under a :class:`~sagsflow.analysis.calendar.BusinessCalendar`.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-01 09:00\\n1,Decide,2024-01-03 09:00\\n"
...                  "2,Register,2024-01-02 09:00\\n")
>>> log = sagsflow.read_csv(p)
>>> case_table(log).to_pandas()[["case_id", "duration_s", "n_events", "last_activity", "variant_id"]]
  case_id  duration_s  n_events last_activity  variant_id
0       1    172800.0         2        Decide           1
1       2         0.0         1      Register           0
>>> activity_table(log).to_pandas()[["activity", "n_events", "n_cases", "case_share", "mean_waiting_s"]]
   activity  n_events  n_cases  case_share  mean_waiting_s
0  Register         2        2         1.0             NaN
1    Decide         1        1         0.5        172800.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sagsflow.analysis._steps import case_spans, event_steps
from sagsflow.analysis._table import Table, TableSet, arrow
from sagsflow.analysis.variants import case_variants
from sagsflow.store.layout import qident

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog


class CaseTable(Table):
    """One row per case, in case order (by start time).

    Columns
    -------
    case_id : str
    case_idx : int
        The store's case number.
    start_time, end_time : timestamp (UTC)
        First and last event.
    duration_s : float
        ``end_time - start_time`` in seconds (working time with a calendar).
    n_events, n_activities : int
        Events, and distinct activities, in the case.
    first_activity, last_activity : str
    variant_id : int
        Row of the case's variant in :func:`~sagsflow.analysis.variants.variants`.
    n_quarantined : int
        Only when the log has events outside its plausible period (:mod:`sagsflow.plausible`): the case's events
        outside it. The other columns describe the case without them, unless the log includes them.
    ...
        The log's case attributes.
    """


class CaseDurations(Table):
    """Columns ``case_id``, ``duration_s`` (first to last event, seconds), in case order."""


class ActivityTable(Table):
    """One row per activity, most frequent first.

    Columns
    -------
    activity : str
    n_events : int
        Frequency.
    n_cases : int
        Cases containing the activity; ``case_share`` = ``n_cases`` / cases in the log.
    min_per_case, max_per_case, mean_per_case : number
        Occurrences per case, over the cases containing it.
    n_processing, mean_processing_s, median_processing_s, total_processing_s
        Processing time ``start_timestamp -> timestamp``, over the events that have a start.
    n_waiting, mean_waiting_s, median_waiting_s, total_waiting_s
        Waiting time: previous event's completion -> this event's start (or its completion when it
        has no start); a case's first event has none; overlaps count 0.
    """


class Workload(Table):
    """Columns ``resource``, ``n_events``, ``n_cases``, ``n_activities``, ``event_share``; most events first."""


class Handovers(Table):
    """Columns ``from_resource``, ``to_resource``, ``n_handovers``, ``n_cases``; most frequent first."""


@dataclass(frozen=True, repr=False)
class ResourceTable(TableSet):
    """Workload per resource and handovers of work between resources (aggregates only).

    Groups (resources, or resource pairs for handovers) with fewer than ``min_group_size`` cases
    are left out unless ``show_small_groups`` was set; ``n_hidden_resources`` and
    ``n_hidden_handovers`` say how many.
    """

    workload: Workload
    handovers: Handovers
    min_group_size: int
    n_hidden_resources: int
    n_hidden_handovers: int


def _case_attribute_columns(log: EventLog) -> list[str]:
    return [qident(c.name) for c in log.schema.case_attributes]


def case_table(log: EventLog, *, calendar: BusinessCalendar | None = None) -> CaseTable:
    """Per case: id, start, end, duration, number of events and activities, first/last activity,
    variant and case attributes.

    Parameters
    ----------
    log : EventLog
        Any (filtered) log; only the events it keeps count.
    calendar : BusinessCalendar, optional
        Measure durations in working time.

    Returns
    -------
    CaseTable
    """
    con = log.workspace.con
    attrs = _case_attribute_columns(log)
    attr_sel = "".join(f", c.{a}" for a in attrs)
    window = log.plausible_window
    q_sel, q_join = "", ""
    if window.is_active:  # each case's events outside the plausible period
        q_sel = ", coalesce(q.n_quarantined, 0)::BIGINT AS n_quarantined"
        q_join = (f"LEFT JOIN (SELECT case_idx, count(*) AS n_quarantined FROM {log.table} "
                  f"WHERE NOT coalesce({window.condition()}, FALSE) GROUP BY case_idx) q ON q.case_idx = cv.case_idx")
    with case_variants(log, calendar) as (cases_sql, _):
        data = arrow(
            con,
            f"""WITH __cv AS ({cases_sql}),
            __e AS (SELECT case_idx, any_value(case_id) AS case_id,
                        count(DISTINCT activity_code)::BIGINT AS n_activities,
                        arg_min(activity, event_idx) AS first_activity,
                        arg_max(activity, event_idx) AS last_activity
                    FROM ({log.events_sql()}) GROUP BY case_idx)
            SELECT e.case_id, cv.case_idx, cv.start_time, cv.end_time, cv.duration_s, cv.n_events,
                e.n_activities, e.first_activity, e.last_activity, cv.variant_id{q_sel}{attr_sel}
            FROM __cv cv JOIN __e e USING (case_idx)
            LEFT JOIN ({log.cases_sql()}) c ON c.case_idx = cv.case_idx
            {q_join}
            ORDER BY cv.case_idx""",
        )
    return CaseTable(data, n_cases=data.num_rows)


def case_durations(log: EventLog, *, calendar: BusinessCalendar | None = None) -> CaseDurations:
    """Each case's duration in seconds (first to last event), in case order.

    The light-weight part of :func:`case_table`; equals ``pm4py.get_all_case_durations`` (sorted).
    """
    con = log.workspace.con
    with case_spans(log, calendar) as spans:
        data = arrow(
            con,
            f"""SELECT c.case_id, s.duration_s FROM ({spans}) s
            JOIN (SELECT case_idx, case_id FROM ({log.cases_sql()})) c USING (case_idx)
            ORDER BY s.case_idx""",
        )
    return CaseDurations(data, n_cases=data.num_rows)


def activity_table(log: EventLog, *, calendar: BusinessCalendar | None = None) -> ActivityTable:
    """Per activity: frequency, cases, occurrences per case, processing and waiting times.

    Parameters
    ----------
    log : EventLog
    calendar : BusinessCalendar, optional
        Measure durations in working time.

    Returns
    -------
    ActivityTable
    """
    con = log.workspace.con
    with event_steps(log, calendar) as steps:
        data = arrow(
            con,
            f"""WITH __s AS MATERIALIZED ({steps}),
            __pc AS (SELECT activity, count(*)::BIGINT AS n_cases, min(k)::BIGINT AS min_per_case,
                        max(k)::BIGINT AS max_per_case, avg(k) AS mean_per_case
                     FROM (SELECT activity, case_idx, count(*) AS k FROM __s GROUP BY activity, case_idx)
                     GROUP BY activity),
            __t AS (SELECT activity, count(*)::BIGINT AS n_events,
                        count(proc_s)::BIGINT AS n_processing, avg(proc_s) AS mean_processing_s,
                        median(proc_s) AS median_processing_s, sum(proc_s) AS total_processing_s,
                        count(wait_s)::BIGINT AS n_waiting, avg(wait_s) AS mean_waiting_s,
                        median(wait_s) AS median_waiting_s, sum(wait_s) AS total_waiting_s
                    FROM __s GROUP BY activity),
            __n AS (SELECT count(DISTINCT case_idx) AS n FROM __s)
            SELECT t.activity, t.n_events, pc.n_cases, pc.n_cases / __n.n AS case_share,
                pc.min_per_case, pc.max_per_case, pc.mean_per_case,
                t.n_processing, t.mean_processing_s, t.median_processing_s, t.total_processing_s,
                t.n_waiting, t.mean_waiting_s, t.median_waiting_s, t.total_waiting_s
            FROM __t t JOIN __pc pc USING (activity), __n
            ORDER BY t.n_events DESC, t.activity""",
        )
    return ActivityTable(data)


def resource_table(
    log: EventLog, *, min_group_size: int = 5, show_small_groups: bool = False
) -> ResourceTable:
    """Workload per resource and handovers between resources, aggregate only.

    A handover is an event whose resource differs from the resource of the previous event in the
    same case (both known). Groups with fewer than ``min_group_size`` cases are hidden (the
    disclosure rule of DESIGN.md, k = 5 by default) unless ``show_small_groups`` is set.

    Parameters
    ----------
    log : EventLog
    min_group_size : int, default 5
        The smallest number of cases a shown group may have.
    show_small_groups : bool, default False
        Show every group (for roles with access to the raw cases).

    Returns
    -------
    ResourceTable
        ``workload`` and ``handovers`` tables, and how many groups were hidden.

    Raises
    ------
    InvalidParameterError
        ``min_group_size`` below 1.
    """
    from sagsflow.disclosure import DisclosurePolicy

    # the disclosure rule (sagsflow.disclosure): also checks that k is a whole number >= 1
    policy = DisclosurePolicy(min_group_size=min_group_size, sees_cases=show_small_groups)
    con = log.workspace.con
    ev = log.events_sql()
    workload = arrow(
        con,
        f"""WITH __w AS (SELECT resource, count(*)::BIGINT AS n_events, count(DISTINCT case_idx)::BIGINT AS n_cases,
                count(DISTINCT activity_code)::BIGINT AS n_activities
            FROM ({ev}) WHERE resource IS NOT NULL GROUP BY resource)
        SELECT resource, n_events, n_cases, n_activities, n_events / sum(n_events) OVER () AS event_share
        FROM __w ORDER BY n_events DESC, resource""",
    )
    handovers = arrow(
        con,
        f"""SELECT prev_resource AS from_resource, resource AS to_resource, count(*)::BIGINT AS n_handovers,
            count(DISTINCT case_idx)::BIGINT AS n_cases
        FROM (SELECT case_idx, resource,
                     lag(resource) OVER (PARTITION BY case_idx ORDER BY event_idx) AS prev_resource
              FROM ({ev}))
        WHERE prev_resource IS NOT NULL AND resource IS NOT NULL AND prev_resource <> resource
        GROUP BY prev_resource, resource
        ORDER BY n_handovers DESC, from_resource, to_resource""",
    )
    w_keep = [not policy.hides(n) for n in workload.column("n_cases").to_pylist()]
    h_keep = [not policy.hides(n) for n in handovers.column("n_cases").to_pylist()]
    return ResourceTable(
        workload=Workload(workload.filter(w_keep) if w_keep else workload),
        handovers=Handovers(handovers.filter(h_keep) if h_keep else handovers),
        min_group_size=min_group_size,
        n_hidden_resources=w_keep.count(False),
        n_hidden_handovers=h_keep.count(False),
    )
