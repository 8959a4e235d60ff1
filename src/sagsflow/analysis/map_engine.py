"""The process map as one object: prepare a filtered log once, then answer every slider position and overlay.

:class:`MapEngine` is the pipeline behind :func:`sagsflow.discover_process_map` and behind the server's map:

1. :meth:`MapEngine.prepare` — the selected events of a (filtered) log for one perspective as arrays (case, node
   code, clocks), small attribute values merged into ``(other, n<k)`` for a restricted
   :class:`~sagsflow.disclosure.DisclosurePolicy` (:func:`sagsflow.disclosure.release.merge_small_values`), and the
   node frequencies;
2. :meth:`MapEngine.graph` — the directly-follows graph of the log projected to the nodes the activities slider
   keeps (arcs bridge removed nodes). Computed directly from the kept events, or, for an engine made with
   ``derive=True`` (a server answering many slider positions), derived from the full graph by recomputing only
   the edges that bridged pairs touch (:mod:`sagsflow.analysis.projection`);
3. :meth:`MapEngine.shown` — the disclosure rule on the graph's nodes and edges
   (:func:`sagsflow.disclosure.release.graph_masks`), the order in which the paths slider adds edges, and every
   node and edge as a map element;
4. :meth:`MapEngine.render` — the paths slider's position and the overlay: a :class:`ProcessMap`.

What stages 2 and 3 compute is kept through ``memo``: by default in the engine itself; the server passes its
aggregate cache, so the engine's parts share the cache's memory budget, eviction and single flight, and the
server only holds engines and asks them for maps.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("case,activity,time\\n1,A,2024-01-02\\n1,B,2024-01-03\\n1,C,2024-01-04\\n"
...                  "2,A,2024-01-02\\n2,C,2024-01-05\\n3,A,2024-01-02\\n3,B,2024-01-03\\n")
>>> engine = MapEngine.prepare(sagsflow.read_csv(p))
>>> engine
MapEngine('activity', nodes=3, events=7)
>>> m = engine.render(activities=0.6, paths=1.0)                  # A and B are kept; C's arcs bridge
>>> [(m.node_label(e.source), m.node_label(e.target), e.frequency) for e in m.edges]
[('▶ start', 'A', 3), ('A', 'B', 2), ('A', '■ end', 1), ('B', '■ end', 2)]
>>> engine.render(measure="cases").n_edges_total
6
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from sagsflow.analysis.dfg import (
    STATISTICS,
    DirectlyFollowsGraph,
    EventArrays,
    clocks,
    compute_dfg,
    log_arrays,
    perspective_codes,
    selected_cases,
    selected_events,
    selection_mask,
    selector,
)
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.analysis.dfg import LogArrays
    from sagsflow.analysis.process_map import Disclosure, MapEdge, MapNode, ProcessMap
    from sagsflow.analysis.projection import DirectPairs
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.log import EventLog

T = TypeVar("T")
#: where an engine keeps what it computed: ``memo(key, compute)`` returns the value of ``key``, computing it once
Memo = Callable[[Hashable, Callable[[], Any]], Any]


class _LocalMemo:
    """The default memo: a dictionary of the engine's own (one computation at a time; a computation may ask for
    another part, so the lock is re-entrant)."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        self._lock = threading.RLock()

    def __call__(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return self._values[key]
            value = self._values[key] = compute()
            return value


@dataclass(frozen=True)
class PreparedMap:
    """The selected events of a filtered log for one perspective, ready for the sliders."""

    events: EventArrays
    labels: tuple[str, ...]
    merged: int
    frequency: np.ndarray
    n_nodes_total: int
    time: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    #: where the full graph can come from the log's kept work (:func:`sagsflow.analysis.dfg_reuse.kept_graph`):
    #: the unfiltered log, its columns and the kept cases (None: all); None when it cannot
    kept: tuple[Any, LogArrays, np.ndarray | None] | None = field(default=None, compare=False, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @property
    def nbytes(self) -> int:
        ev = self.events
        arrays = [ev.case, ev.code, ev.leave, ev.arrive, ev.on_node, self.frequency]
        arrays += [a for v in self.extra.values() for a in (v if isinstance(v, tuple) else (v,))]
        unique = {id(a): a for a in arrays if isinstance(a, np.ndarray)}  # arrival is completion without start times
        return sum(int(a.nbytes) for a in unique.values())


@dataclass(frozen=True)
class ShownGraph:
    """A projected graph ready for the paths slider and any overlay: which edges the disclosure rule lets
    through, the paths slider's order, and every node and edge as a map element."""

    graph: DirectlyFollowsGraph
    allowed: np.ndarray
    disclosure: Disclosure | None
    ranking: tuple[np.ndarray, int]
    nodes: tuple[MapNode, ...]
    edges: list[MapEdge]


class MapEngine:
    """The process map of one filtered log and perspective, for any slider position and overlay.

    Make one with :meth:`prepare`. ``memo`` keeps what the engine computes (default: the engine itself);
    ``derive`` derives each activities-slider position from the full graph instead of computing it from the kept
    events (cheaper when many positions are asked for, as in the server).
    """

    def __init__(self, prepared: PreparedMap, *, perspective: str, calendar: BusinessCalendar | None = None,
                 merge: DisclosurePolicy | None = None, memo: Memo | None = None, derive: bool = False) -> None:
        self.prepared = prepared
        self.perspective = perspective
        self.calendar = calendar
        self.merge = merge
        self.derive = derive
        self._memo: Memo = memo if memo is not None else _LocalMemo()

    # ------------------------------------------------------------------ stage 1
    @classmethod
    def prepare(cls, log: EventLog, *, perspective: str = "activity", calendar: BusinessCalendar | None = None,
                policy: DisclosurePolicy | None = None, memo: Memo | None = None,
                derive: bool = False, groups: Mapping[str, str | None] | None = None) -> MapEngine:
        """The engine of ``log`` (filtered or not): its events as arrays of the perspective ``'activity'``,
        ``'resource'`` or an event attribute (events without a value left out), clocks in calendar time or in
        working time under ``calendar``. Under a restricted ``policy`` the values of an attribute perspective seen
        in fewer than k cases are merged into ``(other, n<k)``. ``groups`` merges node values into groups first
        (:func:`sagsflow.analysis.process_map.regroup`: the employee protection's teams and automation).

        Raises
        ------
        SchemaError
            The perspective names no event column of the log.
        """
        from sagsflow.disclosure.release import merge_small_values
        merge = policy if perspective != "activity" and policy is not None and policy.restricted else None
        arrays = log_arrays(log)
        cases = selected_cases(log, arrays) if len(log.filters) else None
        mask = selection_mask(log, arrays, cases=cases)
        codes, labels = perspective_codes(log, arrays, perspective)
        if groups is not None:
            from sagsflow.analysis.process_map import regroup

            codes, labels = regroup(codes, labels, groups)
        if perspective != "activity":
            mask = codes >= 0 if mask is None else mask & (codes >= 0)
        leave, arrive, on_node = clocks(arrays, calendar)
        take = selector(mask)
        case, code = take(arrays.case), take(codes)
        assert case is not None and code is not None
        merged = 0
        if merge is not None:
            code, labels, merged = merge_small_values(case, code, labels, merge)
        freq = np.bincount(code, minlength=len(labels)) if len(code) else np.zeros(len(labels), np.int64)
        ev = selected_events(take, case, code, (leave, arrive, on_node))
        whole_cases = not len(log.filters) or cases is not None
        kept = (log.unfiltered(), arrays, cases) if whole_cases and groups is None and merge is None else None
        prepared = PreparedMap(ev, labels, merged, freq, int((freq > 0).sum()),
                               "working" if calendar is not None else "calendar", kept=kept)
        return cls(prepared, perspective=perspective, calendar=calendar, merge=merge, memo=memo, derive=derive)

    def __repr__(self) -> str:
        return (f"MapEngine({self.perspective!r}, nodes={self.prepared.n_nodes_total}, "
                f"events={len(self.prepared.events.code)})")

    @property
    def labels(self) -> tuple[str, ...]:
        return self.prepared.labels

    @property
    def frequency(self) -> np.ndarray:
        """Events per node (what the activities slider ranks by)."""
        return self.prepared.frequency

    @property
    def nbytes(self) -> int:
        """Bytes of the prepared events (what the engine itself holds; its memo's parts are counted there)."""
        return self.prepared.nbytes

    # ------------------------------------------------------------------ stage 2
    def keep(self, activities: float) -> np.ndarray:
        """The nodes the activities slider keeps at ``activities`` (0-1)."""
        from sagsflow.analysis.process_map import _check_slider, keep_top_nodes

        _check_slider("activities", activities)
        return keep_top_nodes(self.prepared.frequency, self.prepared.labels, activities)

    def full_graph(self) -> DirectlyFollowsGraph:
        """The graph of all selected events (the activities slider at 1)."""
        prep = self.prepared
        time: Any = prep.time
        if prep.kept is not None:  # whole cases of the log: from its kept work, the same graph
            from sagsflow.analysis.dfg_reuse import kept_graph

            base, arrays, cases = prep.kept
            perspective, calendar = self.perspective, self.calendar
            graph: DirectlyFollowsGraph = self._memo(("graph",), lambda: kept_graph(
                base, arrays, cases, perspective=perspective, calendar=calendar))
            return graph
        graph = self._memo(("graph",), lambda: compute_dfg(prep.events, prep.labels, time=time))
        return graph

    def graph(self, keep: np.ndarray) -> DirectlyFollowsGraph:
        """The graph of the events of the ``keep`` nodes (arcs bridge the others); kept in the memo, so the
        released graphs of several policies share it."""
        prep = self.prepared
        if keep[prep.frequency > 0].all():
            return self.full_graph()
        graph: DirectlyFollowsGraph = self._memo(("projected", np.packbits(keep).tobytes()),
                                                 lambda: self._projected(keep))
        return graph

    def _projected(self, keep: np.ndarray) -> DirectlyFollowsGraph:
        prep = self.prepared
        if not self.derive or len(prep.labels) ** 2 > 1 << 24:  # direct (or too many nodes for pair codes)
            ev = prep.events
            kept = keep[ev.code]
            time: Any = prep.time
            return compute_dfg(selected_events(lambda a: None if a is None else a[kept], ev.case[kept], ev.code[kept],
                                               (ev.leave, ev.arrive, ev.on_node)), prep.labels, time=time)
        from sagsflow.analysis.projection import project

        full = self.full_graph()
        node_rank, event_rank = self._ranks()
        n = int(keep[prep.frequency > 0].sum())
        # the slider keeps the n most frequent nodes: its removed events are those ranked n or lower
        removed = (np.flatnonzero(event_rank >= n) if np.array_equal(keep & (prep.frequency > 0), node_rank < n)
                   else None)
        return project(prep.events, prep.labels, full, self._direct(full), keep, removed)

    def n_edges_total(self) -> int:
        """Edges of the whole map (before the sliders), for the "x of y edges" display."""
        from sagsflow.analysis.process_map import _edge_total

        if self.derive:
            return self.full_graph().n_edges
        prep = self.prepared
        total: int = self._memo(("edges",), lambda: _edge_total(prep.events.case, prep.events.code,
                                                                len(prep.labels)))
        return total

    def _direct(self, full: DirectlyFollowsGraph) -> DirectPairs:
        """The full graph's pairs indexed for deriving the slider's graphs (once per engine)."""
        from sagsflow.analysis.projection import direct_pairs

        def compute() -> DirectPairs:
            pc, same = self._pairs()
            return direct_pairs(self.prepared.events, len(self.prepared.labels), pc, same,
                                durations=full.edge_duration is not None)

        direct: DirectPairs = self._memo(("direct",), compute)
        return direct

    def _pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Per neighbouring pair of selected events: its pair code ``a * k + b``, and whether both are of one
        case."""
        prep = self.prepared
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

    def _ranks(self) -> tuple[np.ndarray, np.ndarray]:
        """The activities slider's order: per node its rank (most frequent first, ties by label; absent nodes
        last) and per selected event the rank of its node."""
        prep = self.prepared
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

    # ------------------------------------------------------------------ stage 3
    def shown(self, keep: np.ndarray, policy: DisclosurePolicy | None = None) -> ShownGraph:
        """The graph of the ``keep`` nodes as ``policy`` releases it (everything for None or case access)."""
        from sagsflow.analysis.process_map import map_edges, map_nodes, paths_ranking
        from sagsflow.disclosure.release import graph_masks

        restricted = policy if policy is not None and policy.restricted else None
        self._check_merge(restricted)
        k = restricted.min_group_size if restricted is not None else None

        def compute() -> ShownGraph:
            graph = self.graph(keep)
            node_ok, allowed, disclosure = graph_masks(graph, restricted, self.prepared.merged)
            other = self.prepared.merged > 0
            return ShownGraph(graph, allowed, disclosure, paths_ranking(graph, allowed),
                              map_nodes(graph, node_ok, other, restricted),
                              map_edges(graph, np.arange(graph.n_edges), other, restricted))

        shown: ShownGraph = self._memo(("nodes", np.packbits(keep).tobytes(), k), compute)
        return shown

    def _check_merge(self, policy: DisclosurePolicy | None) -> None:
        if self.perspective == "activity":
            return
        want = policy.min_group_size if policy is not None else None
        have = self.merge.min_group_size if self.merge is not None else None
        if want != have:
            raise InvalidParameterError(
                f"this engine was prepared {'without' if have is None else f'with k = {have} for'} the disclosure "
                f"rule; a map for {'no' if want is None else f'k = {want}'} rule needs an engine prepared for it.",
                hint="Prepare the engine with the policy the map is for: MapEngine.prepare(log, policy=...).")

    # ------------------------------------------------------------------ stage 4
    def render(self, *, activities: float = 1.0, paths: float = 1.0, measure: str = "frequency",
               aggregation: str = "mean", policy: DisclosurePolicy | None = None) -> ProcessMap:
        """The map at the slider positions with the overlay (see :func:`sagsflow.discover_process_map`), as
        ``policy`` releases it (default: the policy the engine was prepared with)."""
        from sagsflow.analysis.process_map import MEASURES, _build, _check_slider, paths_kept

        _check_slider("activities", activities)
        _check_slider("paths", paths)
        if measure not in MEASURES:
            raise InvalidParameterError(
                f"the measure must be one of {', '.join(MEASURES)}. Got {measure!r} instead.", field="measure")
        if aggregation not in STATISTICS:
            raise InvalidParameterError(
                f"the aggregation must be one of {', '.join(STATISTICS)}. Got {aggregation!r} instead.",
                hint="Use 'median' for typical durations, 'p90' for the slow tail.", field="aggregation")
        policy = policy if policy is not None else self.merge
        keep = self.keep(activities)
        shown = self.shown(keep, policy)
        graph = shown.graph
        chosen = (shown.allowed.copy() if paths >= 1.0
                  else paths_kept(shown.ranking, int(shown.allowed.sum()), paths, graph.n_edges))
        return _build(graph, chosen, np.ones(0, dtype=bool), perspective=self.perspective, measure=measure,
                      aggregation=aggregation, activities=activities, paths=paths,
                      n_nodes_total=self.prepared.n_nodes_total, n_edges_total=self.n_edges_total(),
                      disclosure=shown.disclosure, calendar=self.calendar, other=self.prepared.merged > 0,
                      nodes=shown.nodes, all_edges=shown.edges)
