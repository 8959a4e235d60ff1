"""The Python face of the disclosure rule: a log seen through a :class:`DisclosurePolicy`.

A notebook or a pipeline that should see only what a viewer sees (a dashboard export, a report for a partner)
wraps the log in :class:`RestrictedLog`: its filters go through the viewer's vocabulary and the released groups,
and its answers through the ``release_*`` functions, exactly as the server's are.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> from sagsflow.disclosure import DisclosurePolicy, RestrictedLog
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> rows = ["case,activity,time"] + [f"{c},{a},2024-01-{c + 1:02d} {h}:00" for c in range(12)
...                                  for a, h in (("Register", 9), ("Decide", 15))]
>>> _ = p.write_text("\\n".join(rows) + "\\n")
>>> view = RestrictedLog(sagsflow.read_csv(p), DisclosurePolicy.for_role("viewer"))
>>> view.n_cases
12
>>> view.filter({"type": "case_id", "ids": ["3"]})
Traceback (most recent call last):
...
sagsflow.errors.DisclosureError: filter step 0 (case_id): filtering by case id needs the analyst role.
>>> [n.label for n in view.process_map().nodes]
['▶ start', 'Decide', 'Register', '■ end']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sagsflow.disclosure.groups import ReleasedGroups
from sagsflow.disclosure.policy import DisclosurePolicy
from sagsflow.disclosure.release import release_overview, release_table, release_variants

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.analysis.process_map import ProcessMap
    from sagsflow.log import EventLog


class RestrictedLog:
    """A log and the policy of the person asking; every answer is released under that policy.

    Parameters
    ----------
    log : EventLog
        A stored log (filter it with :meth:`filter`, not before: the filter must pass the policy).
    policy : DisclosurePolicy
        Whose view this is; a policy with case access gets everything.
    groups : ReleasedGroups, optional
        The released groups of the stored log, when already built.
    """

    def __init__(self, log: EventLog, policy: DisclosurePolicy, groups: ReleasedGroups | None = None) -> None:
        self.log = log
        self.policy = policy
        self.groups = groups if groups is not None or policy.sees_cases else ReleasedGroups.build(log, policy)

    def filter(self, spec: Any) -> RestrictedLog:
        """The log with ``spec`` applied, when the policy releases it (else :class:`DisclosureError`)."""
        if self.groups is not None:
            self.groups.check(spec)
        return RestrictedLog(self.log.filter(spec), self.policy, self.groups)

    @property
    def n_cases(self) -> int:
        return int(self.log.n_cases)

    def process_map(self, **kwargs: Any) -> ProcessMap:
        """:func:`sagsflow.discover_process_map` under the policy."""
        from sagsflow.analysis.process_map import discover_process_map

        return discover_process_map(self.log, policy=self.policy, **kwargs)

    def variants(self) -> dict[str, Any]:
        """The variants table (``{"columns", "rows", ...}``) as the server's ``variants`` releases it."""
        from sagsflow.analysis.variants import variants

        return release_variants(variants(self.log), self.policy)

    def activity_statistics(self) -> dict[str, Any]:
        """The activity table without activities of fewer than k cases or one case's extremes."""
        from sagsflow.analysis.statistics import activity_table

        return release_table(activity_table(self.log).to_dict(), self.policy, blank=("min_per_case", "max_per_case"))

    def overview(self, calendar: BusinessCalendar | None = None) -> dict[str, Any]:
        """The dashboard overview (as the server's ``statistics/overview``) under the policy."""
        from sagsflow.api.overview import overview_data

        return release_overview(overview_data(self.log, calendar=calendar), self.policy)
