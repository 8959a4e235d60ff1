"""What the server holds for a log: map engines and other aggregates in the aggregate cache
(:mod:`sagsflow.api.cache`).

A process map is the library's :class:`~sagsflow.analysis.map_engine.MapEngine`: the server keeps one engine per
(log version, filter, perspective, group merge) and passes it the cache as its memo, so the engine's parts — the
full graph, the index for deriving the activities slider's graphs, the released graph of each node set — are
cached next to it, share the cache's memory budget and are computed once when requests arrive together. A
request with new slider positions or another overlay asks the engine for a map; nothing is read or filtered
again. The other aggregates (statistics, variants, the overview) are cached as the library returns them; the
disclosure rule is applied to them per request (:mod:`sagsflow.disclosure.release`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sagsflow.analysis.dfg import DirectlyFollowsGraph, log_version

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.analysis.map_engine import MapEngine
    from sagsflow.analysis.process_map import ProcessMap
    from sagsflow.api.cache import AggregateCache
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.log import EventLog


def filter_key(spec: Any) -> str:
    """A canonical text of a filter spec (its equivalent forms give the same key); raises on invalid specs."""
    from sagsflow.filters.spec import as_stack

    if not spec:
        return ""
    return json.dumps(as_stack(spec).to_dict(), sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class LogKey:
    """What identifies a filtered log version in the cache: workspace folder, log, version stamp, filter."""

    workspace: str
    log: str
    version: Hashable
    filter: str

    @classmethod
    def of(cls, log: EventLog, spec: Any) -> LogKey:
        ws = log.workspace.root
        # the stamp read with the handle (one query per request), else read now
        version = log._version if log._version is not None else log_version(log)
        return cls(str(ws.path or id(ws)), log.name, version, filter_key(spec))

    def key(self, *parts: Hashable) -> tuple[Hashable, ...]:
        return (self.workspace, self.log, self.version, self.filter, *parts)


def map_engine(cache: AggregateCache, key: LogKey, log: EventLog, *, perspective: str = "activity",
               policy: DisclosurePolicy | None = None,
               groups: Mapping[str, str | None] | None = None) -> MapEngine:
    """The map engine of the filtered log ``key`` names, from the cache (its parts cached beside it). Analysts
    and viewers share the activity perspective's engine; an attribute perspective has one per group merge, and
    the resource perspective one per grouping of the employee protection (``groups``,
    :func:`sagsflow.legal.employees.resource_groups`)."""
    from sagsflow.analysis.map_engine import MapEngine

    merge = policy if perspective != "activity" and policy is not None and policy.restricted else None
    grouping = None if groups is None else json.dumps(sorted(groups.items(), key=lambda kv: kv[0]))
    base = key.key("map", perspective, merge.min_group_size if merge is not None else None, grouping)

    def memo(part: Hashable, compute: Callable[[], Any]) -> Any:
        return cache.get((*base, *part) if isinstance(part, tuple) else (*base, part), compute)

    engine: MapEngine = cache.get(base, lambda: MapEngine.prepare(log, perspective=perspective, policy=merge,
                                                                  memo=memo, derive=True, groups=groups))
    return engine


def cached_process_map(cache: AggregateCache, key: LogKey, log: EventLog, *, activities: float = 1.0,
                       paths: float = 1.0, perspective: str = "activity", measure: str = "frequency",
                       aggregation: str = "mean", policy: DisclosurePolicy | None = None,
                       min_group_size: int = 5, show_small_groups: bool = False,
                       groups: Mapping[str, str | None] | None = None,
                       activities_shown: int | None = None) -> ProcessMap:
    """:func:`~sagsflow.analysis.process_map.discover_process_map` of ``log`` (the filtered log ``key``
    names) from its cached engine; a restricted ``policy`` may not use a perspective that names people
    (:func:`sagsflow.disclosure.vocabulary.check_perspective`); ``groups``: the employee protection's grouping
    of the resource perspective; ``activities_shown`` (instead of ``activities``) puts the activities slider
    where it shows at least that many activities (:func:`~sagsflow.analysis.process_map.slider_position`)."""
    from sagsflow.analysis.process_map import map_policy
    from sagsflow.disclosure.vocabulary import check_perspective

    check_perspective(log.schema, perspective, policy)
    policy = map_policy(perspective, policy, min_group_size, show_small_groups)
    engine = map_engine(cache, key, log, perspective=perspective, policy=policy, groups=groups)
    if activities_shown is not None:
        from sagsflow.analysis.process_map import slider_position

        activities = slider_position(activities_shown, engine.prepared.n_nodes_total)
    return engine.render(activities=activities, paths=paths, measure=measure, aggregation=aggregation,
                         policy=policy)


def cached_activity_graph(cache: AggregateCache, key: LogKey, log: EventLog) -> tuple[MapEngine,
                                                                                      DirectlyFollowsGraph]:
    """The activity engine and its full DFG (calendar time) of the filtered log, from the cache."""
    engine = map_engine(cache, key, log)
    return engine, engine.full_graph()


def cached(cache: AggregateCache, key: LogKey, what: Hashable, compute: Callable[[], Any]) -> Any:
    """Any other aggregate of the filtered log ``key`` (statistics, variants, overview), computed once."""
    return cache.get(key.key(what), compute)


def cached_activities(cache: AggregateCache, key: LogKey, log: EventLog) -> dict[str, Any]:
    """The activity table of the filtered log (as a dict), from the cache."""
    from sagsflow.analysis.statistics import activity_table

    result: dict[str, Any] = cached(cache, key, "activities", lambda: activity_table(log).to_dict())
    return result


def cached_variants(cache: AggregateCache, key: LogKey, log: EventLog) -> Any:
    """The variants table of the filtered log, from the cache (slice it with ``to_dict(limit=...)``)."""
    from sagsflow.analysis.variants import variants

    return cached(cache, key, "variants", lambda: variants(log))


def cached_overview(cache: AggregateCache, key: LogKey, log: EventLog,
                    calendar: BusinessCalendar | None = None) -> dict[str, Any]:
    """The dashboard overview of the filtered log before the disclosure rule
    (:func:`sagsflow.api.overview.overview_data`), from the cache; the variants count and, in calendar time,
    the bottlenecks come from the cached variants and activity graph."""
    from sagsflow.api.overview import overview_data

    def compute() -> dict[str, Any]:
        n_variants = int(cached_variants(cache, key, log).meta["n_variants"])
        graph = cached_activity_graph(cache, key, log)[1] if calendar is None else None
        return overview_data(log, calendar=calendar, n_variants=n_variants, graph=graph)

    result: dict[str, Any] = cached(cache, key, ("overview", calendar.key() if calendar else None), compute)
    return result


def released_groups(cache: AggregateCache, log: EventLog, policy: DisclosurePolicy) -> Any:
    """The released groups of the stored log behind ``log`` under ``policy`` (:mod:`sagsflow.disclosure`), from
    the cache."""
    from sagsflow.disclosure import ReleasedGroups

    key = LogKey.of(log, None).key("released-groups", policy.groups_key())
    return cache.get(key, lambda: ReleasedGroups.build(log, policy))


def warm_log(cache: AggregateCache, log: EventLog, spec: Any = None, *, min_group_size: int | None = None) -> int:
    """Compute what the pages of a log (filtered by ``spec``) ask for first: the activity map at every
    activities-slider position (whole percents), the case count, the activity statistics, the variants and the
    overview. With ``min_group_size`` (the server's k) also what viewers ask for: the released groups their
    filters are checked against and the map as they see it (sharing the analysts' projected graphs).
    Returns the number of distinct maps (node sets) warmed."""
    from sagsflow.analysis.process_map import SLIDER_STEPS, slider_count
    from sagsflow.disclosure import DisclosurePolicy

    key = LogKey.of(log, spec)
    flog = log.filter(spec) if spec else log
    policies: list[DisclosurePolicy | None] = [None]
    if min_group_size is not None:
        viewer = DisclosurePolicy.for_workspace(log.workspace, "viewer", min_group_size=min_group_size)
        policies.append(viewer)
        if not spec:
            released_groups(cache, log, viewer)
    cached(cache, key, "n_cases", lambda: flog.n_cases)
    engine, _ = cached_activity_graph(cache, key, flog)
    n_present = int((engine.frequency > 0).sum())
    for policy in policies:
        for p in range(SLIDER_STEPS + 1):  # the web app's positions (whole percents); equal node sets share
            cached_process_map(cache, key, flog, activities=p / SLIDER_STEPS, policy=policy)
    cached_activities(cache, key, flog)
    cached_overview(cache, key, flog)
    return len({slider_count(p / SLIDER_STEPS, n_present) for p in range(SLIDER_STEPS + 1)})
