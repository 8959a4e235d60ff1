"""Where cases wait, and where work is done again.

:func:`bottlenecks` ranks directly-follows transitions and activities by their share of the log's
total waiting time; :func:`rework` counts repetitions per activity (self-loops and returns).
Waiting time of an event: previous event's completion -> the event's start (or its completion
when it has no start), overlaps counting 0. Without start timestamps, the waiting times of a
case add up to its duration.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sager.csv"
>>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-01 09:00\\n1,Check,2024-01-01 10:00\\n"
...                  "1,Check,2024-01-01 12:00\\n1,Decide,2024-01-04 12:00\\n")
>>> b = bottlenecks(sagsflow.read_csv(p))
>>> b.transitions.to_pandas()[["source", "target", "n", "total_waiting_s", "share"]]
     source  target  n  total_waiting_s     share
0     Check  Decide  1         259200.0  0.960000
1     Check   Check  1           7200.0  0.026667
2  Register   Check  1           3600.0  0.013333
>>> rework(sagsflow.read_csv(p)).to_pandas()[["activity", "n_cases_repeated", "n_self_loops", "n_returns"]]
   activity  n_cases_repeated  n_self_loops  n_returns
0     Check                 1             1          0
1    Decide                 0             0          0
2  Register                 0             0          0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow.compute as pc

from sagsflow.analysis._steps import event_steps
from sagsflow.analysis._table import Table, TableSet, arrow
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.log import EventLog


class TransitionWaits(Table):
    """Columns ``source``, ``target`` (directly-follows A -> B), ``n`` (times it occurs),
    ``total_waiting_s``, ``mean_waiting_s``, ``median_waiting_s`` (waiting before B), ``share`` (of the
    log's total waiting time); largest share first."""


class ActivityWaits(Table):
    """Columns ``activity``, ``n`` (occurrences with a predecessor), ``total_waiting_s``,
    ``mean_waiting_s``, ``median_waiting_s`` (waiting before the activity), ``share``; largest first."""


@dataclass(frozen=True, repr=False)
class Bottlenecks(TableSet):
    """Transitions and activities ranked by their contribution to the total waiting time.

    ``n_transitions`` and ``n_activities`` count all of them before the ``top`` cut.
    """

    transitions: TransitionWaits
    activities: ActivityWaits
    total_waiting_s: float
    n_transitions: int
    n_activities: int


class Rework(Table):
    """Repetition per activity; most extra occurrences first.

    Columns
    -------
    activity : str
    n_cases : int
        Cases containing the activity.
    n_cases_repeated : int
        Cases in which it occurs more than once; ``repeated_share`` = that / ``n_cases``.
    n_self_loops, n_cases_self_loop : int
        Occurrences directly after the same activity (A -> A), and cases with at least one.
    n_returns, n_cases_return : int
        Occurrences after other activities since its last occurrence (A ... B ... A), and cases.
    extra_occurrences : int
        Occurrences beyond the first in each case (= self-loops + returns).
    """


def _check_top(top: int | None) -> None:
    if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
        raise InvalidParameterError(
            f"top must be a positive whole number or None (all rows). Got {top!r} instead.", field="top"
        )


def bottlenecks(
    log: EventLog, top: int | None = 20, *, calendar: BusinessCalendar | None = None
) -> Bottlenecks:
    """Rank transitions (A -> B) and activities by their share of the log's total waiting time.

    Parameters
    ----------
    log : EventLog
    top : int or None, default 20
        Rows kept in each ranking (None: all).
    calendar : BusinessCalendar, optional
        Measure waiting in working time.

    Returns
    -------
    Bottlenecks
    """
    _check_top(top)
    with event_steps(log, calendar) as steps:
        data = arrow(
            log.workspace.con,
            f"""WITH __w AS MATERIALIZED (
                SELECT prev_activity, activity, wait_s FROM ({steps}) WHERE wait_s IS NOT NULL),
            __tot AS (SELECT coalesce(sum(wait_s), 0) AS total FROM __w),
            __g AS (
                SELECT 'transition' AS kind, prev_activity AS source, activity AS target, count(*)::BIGINT AS n,
                    sum(wait_s) AS total_waiting_s, avg(wait_s) AS mean_waiting_s,
                    median(wait_s) AS median_waiting_s
                FROM __w GROUP BY prev_activity, activity
                UNION ALL
                SELECT 'activity', NULL, activity, count(*)::BIGINT, sum(wait_s), avg(wait_s), median(wait_s)
                FROM __w GROUP BY activity)
            SELECT __g.*, CASE WHEN total > 0 THEN total_waiting_s / total END AS share, total
            FROM __g, __tot""",
        )
    total = float(data.column("total")[0].as_py()) if data.num_rows else 0.0
    order = [("total_waiting_s", "descending"), ("n", "descending"), ("source", "ascending"),
             ("target", "ascending")]
    parts = {}
    for kind in ("transition", "activity"):
        t = data.filter(pc.equal(data.column("kind"), kind)).sort_by(order)
        parts[kind] = (t.num_rows, t.slice(0, top) if top is not None else t)
    n_tr, tr = parts["transition"]
    n_act, act = parts["activity"]
    return Bottlenecks(
        transitions=TransitionWaits(tr.select(["source", "target", "n", "total_waiting_s", "mean_waiting_s",
                                               "median_waiting_s", "share"])),
        activities=ActivityWaits(act.select(["target", "n", "total_waiting_s", "mean_waiting_s",
                                             "median_waiting_s", "share"]).rename_columns(
            ["activity", "n", "total_waiting_s", "mean_waiting_s", "median_waiting_s", "share"])),
        total_waiting_s=total,
        n_transitions=n_tr,
        n_activities=n_act,
    )


def rework(log: EventLog) -> Rework:
    """Rework and repetition per activity: repeated cases, self-loops (A -> A), returns (A ... A).

    Parameters
    ----------
    log : EventLog

    Returns
    -------
    Rework
    """
    data = arrow(
        log.workspace.con,
        f"""WITH __r AS (
            SELECT case_idx, activity, rn,
                lag(rn) OVER (PARTITION BY case_idx, activity_code ORDER BY event_idx) AS prev_rn
            FROM (SELECT case_idx, activity, activity_code, event_idx,
                      row_number() OVER (PARTITION BY case_idx ORDER BY event_idx) AS rn
                  FROM ({log.events_sql()}))),
        __pc AS (SELECT activity, case_idx, count(*) AS k,
                    count(*) FILTER (WHERE prev_rn = rn - 1) AS loops,
                    count(*) FILTER (WHERE prev_rn < rn - 1) AS returns
                 FROM __r GROUP BY activity, case_idx)
        SELECT activity, count(*)::BIGINT AS n_cases,
            count(*) FILTER (WHERE k > 1)::BIGINT AS n_cases_repeated,
            count(*) FILTER (WHERE k > 1) / count(*) AS repeated_share,
            sum(loops)::BIGINT AS n_self_loops, count(*) FILTER (WHERE loops > 0)::BIGINT AS n_cases_self_loop,
            sum(returns)::BIGINT AS n_returns, count(*) FILTER (WHERE returns > 0)::BIGINT AS n_cases_return,
            sum(k - 1)::BIGINT AS extra_occurrences
        FROM __pc GROUP BY activity
        ORDER BY extra_occurrences DESC, n_cases_repeated DESC, activity""",
    )
    return Rework(data)
