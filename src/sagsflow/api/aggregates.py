"""Process maps and statistics served from the aggregate cache (:mod:`sagsflow.api.cache`).

A process map is computed in three stages, each cached at its own level, so moving a slider or changing the
overlay on the same filtered log does not read or filter the log again:

1. :func:`prepare_map` — per (log version, filter, perspective, disclosure): the selected events as arrays
   (case, node code, clocks), small values merged for the disclosure rule, and the node frequencies;
2. :func:`full_graph` once, then :func:`projected_graph` per set of nodes the activities slider keeps (many
   slider positions share one): the directly-follows graph of the log projected to those nodes, derived from
   the full graph by recomputing only the edges that bridged pairs touch;
   with the disclosure rule applied, the order in which the paths slider adds edges, and every node and edge
   as a map element (:class:`ShownGraph`);
3. :func:`render_map` — per request: the edges of the paths slider's position and the overlay (no per-edge
   computation beyond picking the prebuilt elements).

The stages reuse the building blocks of :func:`sagsflow.analysis.process_map.discover_process_map` and give
the same map (tested against it).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sagsflow.analysis.dfg import (
    DirectlyFollowsGraph,
    EventArrays,
    clocks,
    compute_dfg,
    log_arrays,
    log_version,
    perspective_codes,
    selection_mask,
)
from sagsflow.analysis.process_map import (
    Disclosure,
    MapEdge,
    MapNode,
    ProcessMap,
    _build,
    _check_slider,
    keep_top_nodes,
    map_edges,
    map_nodes,
    paths_kept,
    paths_ranking,
)
from sagsflow.api.projection import DirectPairs, direct_pairs, project

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
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


@dataclass(frozen=True)
class PreparedMap:
    """Stage 1: the selected events of a filtered log for one perspective, ready for the sliders."""

    events: EventArrays
    labels: tuple[str, ...]
    merged: int
    frequency: np.ndarray
    n_nodes_total: int
    time: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)


def prepare_map(log: EventLog, *, perspective: str = "activity", calendar: BusinessCalendar | None = None,
                merge: DisclosurePolicy | None = None) -> PreparedMap:
    """The events of ``log`` (filtered) as arrays of one perspective; values seen in fewer than k cases merged
    into ``(other, n<k)`` under the restricted policy ``merge``
    (:func:`sagsflow.disclosure.release.merge_small_values`)."""
    from sagsflow.disclosure.release import merge_small_values

    arrays = log_arrays(log)
    mask = selection_mask(log, arrays)
    codes, labels = perspective_codes(log, arrays, perspective)
    if perspective != "activity":
        mask = codes >= 0 if mask is None else mask & (codes >= 0)
    leave, arrive, on_node = clocks(arrays, calendar)

    def take(a: np.ndarray | None) -> np.ndarray | None:
        return a if a is None or mask is None else a[mask]

    case, code = take(arrays.case), take(codes)
    assert case is not None and code is not None
    merged = 0
    if merge is not None:
        code, labels, merged = merge_small_values(case, code, labels, merge)
    freq = np.bincount(code, minlength=len(labels)) if len(code) else np.zeros(len(labels), np.int64)
    ev = EventArrays(case=case, code=code, leave=take(leave), arrive=take(arrive), on_node=take(on_node))
    return PreparedMap(ev, labels, merged, freq, int((freq > 0).sum()),
                       "working" if calendar is not None else "calendar")


def _pairs(prep: PreparedMap) -> tuple[np.ndarray, np.ndarray]:
    """Per neighbouring pair of selected events: its pair code ``a * k + b``, and whether both are of one case
    (computed once per prepared map)."""
    with prep.lock:
        if "pairs" not in prep.extra:
            ev, k = prep.events, len(prep.labels)
            dtype = np.int32 if k * k < 2**31 else np.int64
            pc: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = ev.code[:-1].astype(dtype)
            pc *= k
            pc += ev.code[1:]
            prep.extra["pairs"] = (pc, ev.case[1:] == ev.case[:-1])
        result: tuple[np.ndarray, np.ndarray] = prep.extra["pairs"]
        return result


def full_graph(prep: PreparedMap) -> DirectlyFollowsGraph:
    """The DFG of all selected events (what the activities slider at 1 shows)."""
    time: Any = prep.time
    return compute_dfg(prep.events, prep.labels, time=time)


def direct_index(prep: PreparedMap, full: DirectlyFollowsGraph) -> DirectPairs:
    """The full map's pairs indexed for deriving the activities slider's maps (once per prepared map)."""
    pc, same = _pairs(prep)
    return direct_pairs(prep.events, len(prep.labels), pc, same, durations=full.edge_duration is not None)


def projected_graph(prep: PreparedMap, full: DirectlyFollowsGraph, keep_nodes: np.ndarray,
                    direct: Callable[[], DirectPairs] | None = None) -> DirectlyFollowsGraph:
    """Stage 2: the DFG of the events of the kept nodes (arcs bridge removed ones), derived from ``full`` by
    :func:`sagsflow.api.projection.project` (``direct`` gives the indexed pairs, from the cache); equal to
    :func:`compute_dfg` on the projected events."""
    ev, k = prep.events, len(prep.labels)
    if keep_nodes[prep.frequency > 0].all():
        return full
    if k * k > 1 << 24:  # too many nodes for the pair codes: compute the projection directly
        keep = keep_nodes[ev.code]
        time: Any = prep.time
        return compute_dfg(EventArrays(ev.case[keep], ev.code[keep], *(None if a is None else a[keep] for a in (
            ev.leave, ev.arrive, ev.on_node))), prep.labels, time=time)
    node_rank, event_rank = _ranks(prep)
    n = int(keep_nodes[prep.frequency > 0].sum())
    # the slider keeps the n most frequent nodes: its removed events are those ranked n or lower
    removed = (np.flatnonzero(event_rank >= n) if np.array_equal(keep_nodes & (prep.frequency > 0), node_rank < n)
               else None)
    return project(ev, prep.labels, full, direct() if direct is not None else direct_index(prep, full), keep_nodes,
                   removed)


def _ranks(prep: PreparedMap) -> tuple[np.ndarray, np.ndarray]:
    """The activities slider's order: per node its rank (most frequent first, ties by label; absent nodes last)
    and per selected event the rank of its node (computed once per prepared map)."""
    with prep.lock:
        if "ranks" not in prep.extra:
            present = np.flatnonzero(prep.frequency > 0)
            order = sorted(present.tolist(), key=lambda i: (-int(prep.frequency[i]), prep.labels[i]))
            node_rank = np.full(len(prep.labels), len(prep.labels), dtype=np.int32)
            node_rank[order] = np.arange(len(order), dtype=np.int32)
            dtype = np.uint8 if len(prep.labels) < 255 else np.int32
            prep.extra["ranks"] = (node_rank, node_rank.astype(dtype)[prep.events.code])
        result: tuple[np.ndarray, np.ndarray] = prep.extra["ranks"]
        return result


@dataclass(frozen=True)
class ShownGraph:
    """Stage 2: a projected graph ready for the paths slider and any overlay."""

    graph: DirectlyFollowsGraph
    allowed: np.ndarray
    disclosure: Disclosure | None
    ranking: tuple[np.ndarray, int]
    nodes: tuple[MapNode, ...]
    edges: list[MapEdge]


def shown_graph(prep: PreparedMap, graph: DirectlyFollowsGraph, policy: DisclosurePolicy | None) -> ShownGraph:
    """The disclosure rule (:func:`sagsflow.disclosure.release.graph_masks`) on the nodes and edges of ``graph``,
    the paths ranking and the map elements."""
    from sagsflow.disclosure.release import graph_masks

    node_ok, allowed, disclosure = graph_masks(graph, policy, prep.merged)
    other = prep.merged > 0
    return ShownGraph(graph, allowed, disclosure, paths_ranking(graph, allowed),
                      map_nodes(graph, node_ok, other, policy), map_edges(graph, np.arange(graph.n_edges), other,
                                                                          policy))


def render_map(prep: PreparedMap, shown: ShownGraph, n_edges_total: int, *, activities: float, paths: float,
               perspective: str, measure: str, aggregation: str,
               calendar: BusinessCalendar | None = None) -> ProcessMap:
    """Stage 3: the paths slider and the overlay."""
    graph = shown.graph
    chosen = (shown.allowed.copy() if paths >= 1.0
              else paths_kept(shown.ranking, int(shown.allowed.sum()), paths, graph.n_edges))
    return _build(graph, chosen, np.ones(0, dtype=bool), perspective=perspective, measure=measure,
                  aggregation=aggregation, activities=activities, paths=paths, n_nodes_total=prep.n_nodes_total,
                  n_edges_total=n_edges_total, disclosure=shown.disclosure, calendar=calendar,
                  other=prep.merged > 0, nodes=shown.nodes, all_edges=shown.edges)


def cached_process_map(cache: AggregateCache, key: LogKey, log: EventLog, *, activities: float = 1.0,
                       paths: float = 1.0, perspective: str = "activity", measure: str = "frequency",
                       aggregation: str = "mean", policy: DisclosurePolicy | None = None,
                       min_group_size: int = 5, show_small_groups: bool = False) -> ProcessMap:
    """:func:`~sagsflow.analysis.process_map.discover_process_map` of ``log`` (the filtered log ``key``
    names), with stages 1 and 2 taken from ``cache``."""
    from sagsflow.analysis.dfg import STATISTICS
    from sagsflow.analysis.process_map import MEASURES
    from sagsflow.errors import InvalidParameterError

    _check_slider("activities", activities)
    _check_slider("paths", paths)
    if measure not in MEASURES:
        raise InvalidParameterError(f"the measure must be one of {', '.join(MEASURES)}. Got {measure!r} instead.",
                                    field="measure")
    if aggregation not in STATISTICS:
        raise InvalidParameterError(
            f"the aggregation must be one of {', '.join(STATISTICS)}. Got {aggregation!r} instead.",
            field="aggregation")
    from sagsflow.analysis.process_map import map_policy

    policy = map_policy(perspective, policy, min_group_size, show_small_groups)
    merge = policy if perspective != "activity" else None
    k = policy.min_group_size if policy is not None else None
    base = key.key("map", perspective, merge is not None, k if merge is not None else None)
    prep = cache.get(base, lambda: prepare_map(log, perspective=perspective, merge=merge))
    full = cache.get((*base, "graph"), lambda: full_graph(prep))
    keep = keep_top_nodes(prep.frequency, prep.labels, activities)
    def direct() -> DirectPairs:
        return cache.get((*base, "direct"), lambda: direct_index(prep, full))

    shown = cache.get((*base, "nodes", np.packbits(keep).tobytes(), k), lambda: shown_graph(
        prep, projected_graph(prep, full, keep, direct), policy))
    return render_map(prep, shown, full.n_edges, activities=activities, paths=paths, perspective=perspective,
                      measure=measure, aggregation=aggregation)


def cached_activity_graph(cache: AggregateCache, key: LogKey, log: EventLog) -> tuple[PreparedMap,
                                                                                      DirectlyFollowsGraph]:
    """The prepared events and the full activity DFG (calendar time) of the filtered log, from the cache."""
    base = key.key("map", "activity", False, None)
    prep = cache.get(base, lambda: prepare_map(log))
    return prep, cache.get((*base, "graph"), lambda: full_graph(prep))


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


def warm_log(cache: AggregateCache, log: EventLog, spec: Any = None) -> int:
    """Compute what the pages of a log (filtered by ``spec``) ask for first: the activity map at every
    activities-slider position, the case count, the activity statistics, the variants and the overview.
    Returns the number of maps."""
    key = LogKey.of(log, spec)
    flog = log.filter(spec) if spec else log
    cached(cache, key, "n_cases", lambda: flog.n_cases)
    prep, _ = cached_activity_graph(cache, key, flog)
    n_present = int((prep.frequency > 0).sum())
    for n in range(1, n_present + 1):
        cached_process_map(cache, key, flog, activities=n / n_present)
    cached_activities(cache, key, flog)
    cached_overview(cache, key, flog)
    return n_present
