"""The process map: a directly-follows graph abstracted for display, Disco style.

:func:`discover_process_map` turns a (filtered) log into a :class:`ProcessMap`: nodes and edges
with their measures, the overlay to show (a frequency or a time measure), and the two sliders:

* ``activities`` (0-1) keeps the most frequent nodes (at least one). The map is then computed on
  the log *projected* to the kept nodes: events of removed nodes are dropped, so arcs bridge over
  them, as in Disco. The projection is a mask over the cached numpy columns, not a loop per case.
* ``paths`` (0-1) keeps the strongest edges. The map stays connected: for every shown node the
  widest (highest-frequency bottleneck) path from the start and the widest path to the end are
  always kept; the remaining edges are then added by frequency. Ties are broken by label, so the
  same inputs give the same map.

Both sliders are rank-based, as Disco's: :func:`slider_count` turns a position into a number of
nodes (or of edges beyond the connecting ones). At the low end each step of 1 % adds at most one
node or edge; on a log with more than 101 activities the steps then grow geometrically up to all of
them at 1.

Perspectives: ``'activity'``, ``'resource'`` (hand-over of work between resources) or any event
attribute. For resources and attributes the disclosure rule applies unless
``show_small_groups=True`` (a role with access to raw cases): values seen in fewer than
``min_group_size`` cases are merged into one node ``(other, n<5)``, and edges followed by fewer
than ``min_group_size`` cases are hidden; :attr:`ProcessMap.disclosure` says what was done.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tiny.csv"
>>> _ = p.write_text("case,activity,time\\n1,Register,2024-01-02 09:00\\n1,Check,2024-01-02 10:00\\n"
...                  "1,Decide,2024-01-03 09:00\\n2,Register,2024-01-02 10:00\\n2,Decide,2024-01-02 12:00\\n")
>>> m = discover_process_map(sagsflow.read_csv(p))
>>> [n.label for n in m.nodes]
['▶ start', 'Check', 'Decide', 'Register', '■ end']
>>> [(e.source, e.target, e.frequency) for e in m.edges if e.source == "n2"]
[('n2', 'n0', 1), ('n2', 'n1', 1)]
>>> m.edge("Register", "Decide").duration["median"] / 3600
2.0
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from sagsflow.analysis.dfg import (
    END,
    START,
    DirectlyFollowsGraph,
)
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.calendar import BusinessCalendar
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.log import EventLog

MEASURES: tuple[str, ...] = ("frequency", "cases", "max_repetitions", "duration")
START_ID, END_ID, OTHER_ID = "start", "end", "other"
NodeKind = Literal["start", "end", "node", "other"]


@dataclass(frozen=True)
class MapNode:
    """One node of a :class:`ProcessMap` (an activity, resource or attribute value, or start/end)."""

    id: str
    label: str
    kind: NodeKind
    frequency: int
    cases: int
    max_repetitions: int | None
    duration: dict[str, float | None] | None = None

    def value(self, measure: str, aggregation: str = "mean") -> float | None:
        """The node's value for an overlay (None when it has no such measure)."""
        return _value(self, measure, aggregation)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "kind": self.kind, "frequency": self.frequency,
                "cases": self.cases, "max_repetitions": self.max_repetitions, "duration": self.duration}


@dataclass(frozen=True)
class MapEdge:
    """One edge of a :class:`ProcessMap`: ``source`` directly followed by ``target`` (node ids)."""

    source: str
    target: str
    frequency: int
    cases: int
    max_repetitions: int | None
    duration: dict[str, float | None] | None = None

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"

    def value(self, measure: str, aggregation: str = "mean") -> float | None:
        """The edge's value for an overlay (None when it has no such measure)."""
        return _value(self, measure, aggregation)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "target": self.target, "frequency": self.frequency,
                "cases": self.cases, "max_repetitions": self.max_repetitions, "duration": self.duration}


def _value(item: MapNode | MapEdge, measure: str, aggregation: str) -> float | None:
    if measure == "duration":
        return None if item.duration is None else item.duration.get(aggregation)
    value = getattr(item, measure)
    return None if value is None else float(value)


@dataclass(frozen=True)
class Disclosure:
    """What the disclosure rule hid or merged in a map shown to a role without raw-case access."""

    min_group_size: int
    merged_values: int
    hidden_nodes: int
    hidden_edges: int

    @property
    def note(self) -> str:
        k = self.min_group_size
        parts = []
        if self.merged_values:
            parts.append(f"{self.merged_values} values seen in fewer than {k} cases are merged into "
                         f"'(other, n<{k})'")
        if self.hidden_nodes:
            parts.append(f"{self.hidden_nodes} nodes with fewer than {k} cases are hidden")
        if self.hidden_edges:
            parts.append(f"{self.hidden_edges} edges followed by fewer than {k} cases are hidden")
        if not parts:
            return f"Every node and edge has at least {k} cases; nothing is hidden."
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + " (disclosure rule)."

    def to_dict(self) -> dict[str, Any]:
        return {"min_group_size": self.min_group_size, "merged_values": self.merged_values,
                "hidden_nodes": self.hidden_nodes, "hidden_edges": self.hidden_edges, "note": self.note}


@dataclass(frozen=True)
class ProcessMap:
    """A process map: nodes and edges with measures, the active overlay and the slider settings.

    Attributes
    ----------
    nodes : tuple of MapNode
        Start first, then the shown nodes by label, then end.
    edges : tuple of MapEdge
        The shown edges, ordered by source and target.
    perspective, measure, aggregation : str
        What the nodes are and the overlay shown (``aggregation`` applies to ``'duration'``).
    time : {'calendar', 'working'}
        Whether durations (seconds) are calendar or working time.
    activities, paths : float
        The slider positions.
    n_cases, n_events : int
        Cases and events behind the map (after filters and projection).
    n_nodes_total, n_edges_total : int
        Nodes and edges of the whole map, before the sliders.
    disclosure : Disclosure or None
        What the disclosure rule did, or None when it did not apply.
    calendar : dict or None
        The business calendar of working-time durations.
    """

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    perspective: str
    measure: str
    aggregation: str
    time: Literal["calendar", "working"]
    activities: float
    paths: float
    n_cases: int
    n_events: int
    n_nodes_total: int
    n_edges_total: int
    disclosure: Disclosure | None = None
    calendar: dict[str, Any] | None = None
    _by_label: dict[str, MapNode] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_label.update({n.label: n for n in self.nodes})

    def __repr__(self) -> str:
        return (f"ProcessMap({self.perspective!r}, nodes={len(self.nodes) - 2}/{self.n_nodes_total}, "
                f"edges={len(self.edges)}/{self.n_edges_total}, overlay={self.overlay!r})")

    @property
    def overlay(self) -> str:
        """The active overlay, e.g. ``'frequency'`` or ``'duration:median'``."""
        return f"duration:{self.aggregation}" if self.measure == "duration" else self.measure

    def node(self, label: str) -> MapNode:
        """The node with this label (``'▶ start'`` and ``'■ end'`` for the pseudo-nodes)."""
        try:
            return self._by_label[label]
        except KeyError:
            shown = ", ".join(repr(n.label) for n in self.nodes[:12])
            raise InvalidParameterError(f"no node labelled {label!r} in this map.",
                                        hint=f"Nodes shown: {shown}{' ...' if len(self.nodes) > 12 else ''}",
                                        field="label") from None

    def node_label(self, node_id: str) -> str:
        """The label of the node with this id."""
        for n in self.nodes:
            if n.id == node_id:
                return n.label
        raise InvalidParameterError(f"no node with id {node_id!r} in this map.", field="id")

    def edge(self, source: str, target: str) -> MapEdge:
        """The edge between two node labels."""
        s, t = self.node(source).id, self.node(target).id
        for e in self.edges:
            if e.source == s and e.target == t:
                return e
        raise InvalidParameterError(f"no edge {source!r} -> {target!r} in this map.",
                                    hint="It may be hidden by the paths slider or the disclosure rule.")

    def to_dict(self) -> dict[str, Any]:
        """The plain, JSON-serialisable structure the web app renders."""
        return {
            "perspective": self.perspective,
            "overlay": {"measure": self.measure, "aggregation": self.aggregation if self.measure == "duration"
                        else None},
            "time": self.time,
            "unit": "seconds",
            "sliders": {"activities": self.activities, "paths": self.paths},
            "n_cases": self.n_cases,
            "n_events": self.n_events,
            "totals": {"nodes": self.n_nodes_total, "edges": self.n_edges_total,
                       "activity_steps": slider_steps(self.n_nodes_total)},
            "nodes": [{**n.to_dict(), "value": n.value(self.measure, self.aggregation)} for n in self.nodes],
            "edges": [{**e.to_dict(), "value": e.value(self.measure, self.aggregation)} for e in self.edges],
            "disclosure": self.disclosure.to_dict() if self.disclosure is not None else None,
            "calendar": self.calendar,
        }

    def to_svg(self) -> str:
        """The map as a standalone SVG image (layered layout; no Graphviz needed)."""
        from sagsflow.analysis.render import map_to_svg

        return map_to_svg(self)

    def to_html(self) -> str:
        """The map as a self-contained HTML page (the SVG with a legend)."""
        from sagsflow.analysis.render import map_to_html

        return map_to_html(self)

    def _repr_html_(self) -> str:
        from sagsflow.analysis.render import map_to_html

        return map_to_html(self, fragment=True)

    def save(self, path: str | Path) -> Path:
        """Write the map to ``.svg``, ``.html`` or ``.json`` (by the file's suffix)."""
        from sagsflow.analysis.render import save_map

        return save_map(self, path)


# ============================================================================ the sliders
#: positions of the web app's sliders (whole percents): the steps :func:`slider_count` is built for
SLIDER_STEPS = 100


def _knee(n: int, steps: int = SLIDER_STEPS) -> tuple[float, float]:
    """For ``n > steps + 1`` items: the position ``m`` (in steps) up to which each step adds one item and the
    growth ``r`` per step after it, with ``r = 1 + 1 / (m + 1)`` (the step after the knee adds one item too)
    and ``(m + 1) * r ** (steps - m) = n`` (the last position shows every item)."""
    lo, hi = 0.0, float(steps)
    target = math.log(n)
    for _ in range(60):  # f(m) = log((m + 1) r^(steps - m)) falls from steps*log 2 to log(steps + 1)
        m = (lo + hi) / 2
        if math.log(m + 1) + (steps - m) * math.log1p(1 / (m + 1)) > target:
            lo = m
        else:
            hi = m
    m = (lo + hi) / 2
    return m, 1 + 1 / (m + 1)


def slider_count(position: float, n: int) -> int:
    """How many of ``n`` ranked items a slider at ``position`` (0-1) keeps: rank-based, as Disco's sliders.

    At 0 one item, at 1 all ``n``. With at most 101 items the count grows linearly, so a step of 1 % adds at
    most one item. With more, each 1 % step adds exactly one item up to a knee, and the steps then grow
    geometrically, so the low end still moves one item at a time (on a log with 624 activities the first 22
    steps add one activity each; the last adds 27).

    Examples
    --------
    >>> [slider_count(p / 100, 624) for p in (0, 1, 2, 10, 50, 100)]
    [1, 2, 3, 11, 75, 624]
    >>> [slider_count(p, 11) for p in (0.0, 0.1, 0.5, 1.0)]
    [1, 2, 6, 11]
    """
    if n <= 1:
        return max(n, 0)
    if position >= 1.0:
        return n
    x = max(0.0, float(position)) * SLIDER_STEPS
    if n <= SLIDER_STEPS + 1:
        return min(n, 1 + math.floor(x * (n - 1) / SLIDER_STEPS + 1e-9))
    m, r = _knee(n)
    if x <= m:
        return 1 + math.floor(x + 1e-9)
    return max(1, min(n, math.floor((m + 1) * r ** (x - m) + 1e-9)))


def slider_steps(n: int) -> list[int]:
    """What a slider over ``n`` ranked items keeps at each whole percent: ``slider_steps(n)[p]`` is
    :func:`slider_count` at ``p / 100``. The web app shows these counts beside its sliders (the server sends them
    with every map as ``totals.activity_steps``), so the scale has one home.

    Examples
    --------
    >>> steps = slider_steps(624)
    >>> len(steps), steps[:4], steps[-1]
    (101, [1, 2, 3, 4], 624)
    """
    return [slider_count(p / SLIDER_STEPS, n) for p in range(SLIDER_STEPS + 1)]


def slider_position(count: int, n: int) -> float:
    """The lowest whole-percent position (0-1) at which a slider over ``n`` ranked items keeps at least ``count``
    of them (1.0, every item, when ``count >= n``).

    Examples
    --------
    >>> slider_position(15, 624), slider_position(15, 11)
    (0.14, 1.0)
    >>> slider_count(slider_position(15, 54), 54)
    15
    """
    want = min(max(int(count), 0), n)
    for p in range(SLIDER_STEPS + 1):
        if slider_count(p / SLIDER_STEPS, n) >= want:
            return p / SLIDER_STEPS
    return 1.0


def keep_top_nodes(frequency: np.ndarray, labels: tuple[str, ...], share: float) -> np.ndarray:
    """Boolean mask of the nodes the activities slider keeps: the :func:`slider_count` most frequent
    nodes of those that occur (at least one), ties broken by label."""
    present = np.flatnonzero(frequency > 0)
    keep = np.zeros(len(frequency), dtype=bool)
    if len(present) == 0:
        return keep
    n_keep = slider_count(share, len(present))
    ranked = sorted(present.tolist(), key=lambda i: (-int(frequency[i]), labels[i]))
    keep[ranked[:n_keep]] = True
    return keep


def select_paths(graph: DirectlyFollowsGraph, share: float, allowed: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the edges the paths slider keeps (see the module docstring).

    ``allowed`` marks edges that may be shown at all (the disclosure rule hides the others).
    """
    n_e = graph.n_edges
    allowed = np.ones(n_e, dtype=bool) if allowed is None else allowed
    if share >= 1.0:
        return allowed.copy()
    return paths_kept(paths_ranking(graph, allowed), int(allowed.sum()), share, n_e)


def paths_ranking(graph: DirectlyFollowsGraph, allowed: np.ndarray) -> tuple[np.ndarray, int]:
    """The order in which the paths slider adds the ``allowed`` edges, and how many come first unconditionally.

    First the edges of the widest-path trees from start and to end (every shown node stays connected), then
    the other allowed edges by frequency (ties by the names of their ends). Independent of the slider
    position, so it can be computed once per graph; :func:`paths_kept` turns it into a selection.
    """
    k = len(graph.labels)
    s_idx = np.where(graph.source == START, k, graph.source).astype(np.int64)
    t_idx = np.where(graph.target == END, k + 1, graph.target).astype(np.int64)
    freq = graph.edge_frequency

    def name(i: int) -> str:
        return "" if i == k else "\uffff" if i == k + 1 else graph.labels[i]

    tree = np.zeros(graph.n_edges, dtype=bool)
    out_edges: dict[int, list[int]] = {}
    in_edges: dict[int, list[int]] = {}
    for e in np.flatnonzero(allowed).tolist():
        out_edges.setdefault(int(s_idx[e]), []).append(e)
        in_edges.setdefault(int(t_idx[e]), []).append(e)
    for root, adj, other in ((k, out_edges, t_idx), (k + 1, in_edges, s_idx)):
        for e in _widest_tree(root, adj, other, freq, name):
            tree[e] = True
    rest = np.flatnonzero(allowed & ~tree).tolist()
    rest.sort(key=lambda e: (-int(freq[e]), name(int(s_idx[e])), name(int(t_idx[e]))))
    return np.r_[np.flatnonzero(tree), np.asarray(rest, dtype=np.int64)].astype(np.int64), int(tree.sum())


def paths_kept(ranking: tuple[np.ndarray, int], n_allowed: int, share: float, n_edges: int) -> np.ndarray:
    """Boolean mask of the edges kept at slider position ``share`` from :func:`paths_ranking`: the connecting
    edges and :func:`slider_count` of the others (none at 0, all at 1)."""
    order, n_tree = ranking
    keep = np.zeros(n_edges, dtype=bool)
    keep[order[: n_tree + slider_count(share, n_allowed - n_tree + 1) - 1]] = True
    return keep


def _widest_tree(root: int, adj: dict[int, list[int]], other_end: np.ndarray, freq: np.ndarray,
                 name: Any) -> list[int]:
    """Edges of the widest-path tree from ``root`` (maximum bottleneck frequency, ties by label)."""
    best: dict[int, int] = {root: 1 << 62}
    via: dict[int, int] = {}
    done: set[int] = set()
    heap: list[tuple[int, str, int]] = [(-(1 << 62), name(root), root)]
    while heap:
        neg_w, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for e in sorted(adj.get(u, ()), key=lambda e: (-int(freq[e]), name(int(other_end[e])))):
            v = int(other_end[e])
            w = min(-neg_w, int(freq[e]))
            if v not in done and w > best.get(v, 0):
                best[v] = w
                via[v] = e
                heapq.heappush(heap, (-w, name(v), v))
    return sorted(via.values())


# ============================================================================ discovery
def discover_process_map(
    log: EventLog,
    *,
    activities: float = 1.0,
    paths: float = 1.0,
    perspective: str = "activity",
    measure: str = "frequency",
    aggregation: str = "mean",
    calendar: BusinessCalendar | None = None,
    min_group_size: int = 5,
    show_small_groups: bool = False,
    policy: DisclosurePolicy | None = None,
    groups: Mapping[str, str | None] | None = None,
) -> ProcessMap:
    """The process map of a (filtered) log, abstracted by the activities and paths sliders.

    Parameters
    ----------
    log : EventLog
        Any log, filtered or not.
    activities, paths : float
        Slider positions from 0 to 1 (see the module docstring). 1 shows everything.
    perspective : str
        ``'activity'``, ``'resource'`` or an event attribute: what the nodes are.
    measure : {'frequency', 'cases', 'max_repetitions', 'duration'}
        The overlay: events, cases, most repetitions in one case, or time.
    aggregation : str
        For ``measure='duration'``: one of ``mean, median, min, max, total, p25, p75, p90, p95``.
    calendar : BusinessCalendar, optional
        Durations in working time under this calendar (calendar time when None).
    min_group_size : int
        The disclosure threshold k (default 5).
    show_small_groups : bool
        True for roles with access to raw cases: no merging or hiding of small groups. The rule
        applies to the resource and attribute perspectives.
    policy : DisclosurePolicy, optional
        The caller's disclosure policy (:mod:`sagsflow.disclosure`); it replaces ``min_group_size`` and
        ``show_small_groups``. A restricted policy hides the nodes and edges of fewer than k cases in every
        perspective (merging small attribute values into ``(other, n<k)``) and the values of single cases
        (minimum and maximum durations, the most repetitions in one case).
    groups : mapping of str to str or None, optional
        Node values merged into groups before the map is built: a value maps to its group's label (None leaves
        its events out); values not named stay as they are. The employee protection of :mod:`sagsflow.legal`
        uses it for the resource perspective at team level.

    Returns
    -------
    ProcessMap

    Raises
    ------
    InvalidParameterError
        A slider outside 0-1, an unknown measure or aggregation.
    SchemaError
        The perspective names no event column of the log.
    DisclosureError
        A restricted ``policy`` and a perspective whose values name people: the resource, identifiers, personal
        attributes, free text (:func:`sagsflow.disclosure.vocabulary.check_perspective`).

    See Also
    --------
    sagsflow.analysis.map_engine.MapEngine : the object behind this function; keep one to answer many slider
        positions and overlays of the same filtered log without reading it again.

    Examples
    --------
    >>> import sagsflow, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("case,activity,time\\n1,A,2024-01-02\\n1,B,2024-01-03\\n1,C,2024-01-04\\n"
    ...                  "2,A,2024-01-02\\n2,C,2024-01-05\\n3,A,2024-01-02\\n3,B,2024-01-03\\n")
    >>> m = discover_process_map(sagsflow.read_csv(p), activities=0.6)  # A and B are kept
    >>> [(m.node_label(e.source), m.node_label(e.target), e.frequency) for e in m.edges]
    [('▶ start', 'A', 3), ('A', 'B', 2), ('A', '■ end', 1), ('B', '■ end', 2)]
    """
    from sagsflow.analysis.map_engine import MapEngine
    from sagsflow.disclosure.vocabulary import check_perspective

    check_perspective(log.schema, perspective, policy)
    policy = map_policy(perspective, policy, min_group_size, show_small_groups)
    engine = MapEngine.prepare(log, perspective=perspective, calendar=calendar, policy=policy, groups=groups)
    return engine.render(activities=activities, paths=paths, measure=measure, aggregation=aggregation, policy=policy)


def regroup(codes: np.ndarray, labels: tuple[str, ...], groups: Mapping[str, str | None]
            ) -> tuple[np.ndarray, tuple[str, ...]]:
    """Node codes and labels with values merged into groups (``None``: left out, code -1); labels sorted.

    Examples
    --------
    >>> c, lab = regroup(np.array([0, 1, 2, -1]), ("a", "b", "c"), {"a": "T1", "b": "T1", "c": None})
    >>> c.tolist(), lab
    ([0, 0, -1, -1], ('T1',))
    """
    mapped = [groups.get(v, v) if v in groups else v for v in labels]
    new = tuple(sorted({m for m in mapped if m is not None}))
    index = {v: i for i, v in enumerate(new)}
    table = np.array([index[m] if m is not None else -1 for m in mapped] + [-1], dtype=np.int32)
    return table[np.where(codes >= 0, codes, len(labels))], new


def map_policy(perspective: str, policy: DisclosurePolicy | None, min_group_size: int = 5,
               show_small_groups: bool = False) -> DisclosurePolicy | None:
    """The disclosure policy a map applies: ``policy`` when given (None or one with case access: none), else the
    library's default for a caller that did not say who it is: small groups of the resource and attribute
    perspectives merged and hidden unless ``show_small_groups``."""
    from sagsflow.disclosure import DisclosurePolicy

    if policy is None:
        if int(min_group_size) < 1:
            raise InvalidParameterError(f"min_group_size must be at least 1. Got {min_group_size!r}.",
                                        field="min_group_size")
        if show_small_groups or perspective == "activity":
            return None
        policy = DisclosurePolicy(min_group_size=int(min_group_size))
    return policy if policy.restricted else None


def disclosure_masks(graph: DirectlyFollowsGraph, min_group_size: int | None,
                     merged: int = 0) -> tuple[np.ndarray, np.ndarray, Disclosure | None]:
    """The disclosure rule on a graph (:func:`sagsflow.disclosure.release.graph_masks` for a restricted role of
    group size ``min_group_size``; everything when it is None)."""
    from sagsflow.disclosure import DisclosurePolicy
    from sagsflow.disclosure.release import graph_masks

    policy = None if min_group_size is None else DisclosurePolicy(min_group_size=int(min_group_size))
    return graph_masks(graph, policy, merged)


def _edge_total(case: np.ndarray, code: np.ndarray, k: int) -> int:
    """Distinct edges (with start and end) of the unprojected log, for the 'x of y edges' display."""
    if len(code) == 0:
        return 0
    brk = np.flatnonzero(case[1:] != case[:-1])
    pair = code[:-1].astype(np.int64) * k + code[1:]
    pair[brk] = k * k
    if k * k <= 1 << 24:
        n_inner = int(np.count_nonzero(np.bincount(pair, minlength=k * k + 1)[: k * k]))
    else:
        sp = np.sort(pair)
        n_inner = int(np.count_nonzero(sp[1:] != sp[:-1])) + 1 - int(bool((sp == k * k).any()))
    first = np.r_[0, brk + 1]
    last = np.r_[brk, len(code) - 1]
    return n_inner + int(np.count_nonzero(np.bincount(code[first], minlength=k))) + int(
        np.count_nonzero(np.bincount(code[last], minlength=k)))


def _check_slider(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0 or value != value:
        raise InvalidParameterError(
            f"the {name} slider must be a number from 0 to 1. Got {value!r} instead.",
            hint=f"{name}=1.0 shows everything; {name}=0.0 the least the map can show.", field=name)


def map_nodes(graph: DirectlyFollowsGraph, node_ok: np.ndarray, other: bool,
              policy: DisclosurePolicy | None = None) -> tuple[MapNode, ...]:
    """The map's nodes: start, the nodes that occur and may be shown (by label), end (without single cases'
    values for a restricted ``policy``)."""
    from sagsflow.disclosure.release import release_duration

    k = len(graph.labels)
    shown = sorted(np.flatnonzero((graph.node_frequency > 0) & node_ok).tolist(), key=lambda c: graph.labels[c])
    nd = graph.node_duration
    durations = nd.rows(np.asarray(shown, dtype=np.int64)) if nd is not None else [None] * len(shown)
    restricted = policy is not None and policy.restricted
    nodes: list[MapNode] = [MapNode(START_ID, "▶ start", "start", graph.n_cases, graph.n_cases, 1)]
    for c, d in zip(shown, durations, strict=True):
        node_id = _node_id(c, k, other)
        nodes.append(MapNode(
            id=node_id, label=graph.labels[c], kind="other" if node_id == OTHER_ID else "node",
            frequency=int(graph.node_frequency[c]), cases=int(graph.node_cases[c]),
            max_repetitions=None if restricted else int(graph.node_max_repetitions[c]),
            duration=release_duration(d, policy)))
    nodes.append(MapNode(END_ID, "■ end", "end", graph.n_cases, graph.n_cases, 1))
    return tuple(nodes)


def map_edges(graph: DirectlyFollowsGraph, index: np.ndarray, other: bool,
              policy: DisclosurePolicy | None = None) -> list[MapEdge]:
    """The edges ``index`` of ``graph`` as map edges (in that order; without single cases' values for a
    restricted ``policy``)."""
    from sagsflow.disclosure.release import release_duration

    k = len(graph.labels)
    ed = graph.edge_duration
    durations = ed.rows(index) if ed is not None else [None] * len(index)
    restricted = policy is not None and policy.restricted
    return [MapEdge(source=_node_id(s, k, other), target=_node_id(t, k, other), frequency=f, cases=c,
                    max_repetitions=None if restricted else m, duration=release_duration(d, policy))
            for s, t, f, c, m, d in zip(graph.source[index].tolist(), graph.target[index].tolist(),
                                        graph.edge_frequency[index].tolist(), graph.edge_cases[index].tolist(),
                                        graph.edge_max_repetitions[index].tolist(), durations, strict=True)]


def _node_id(code: int, k: int, other: bool) -> str:
    if code == START:
        return START_ID
    if code == END:
        return END_ID
    return OTHER_ID if other and code == k - 1 else f"n{code}"


def _build(graph: DirectlyFollowsGraph, chosen: np.ndarray, node_ok: np.ndarray, *, perspective: str, measure: str,
           aggregation: str, activities: float, paths: float, n_nodes_total: int, n_edges_total: int,
           disclosure: Disclosure | None, calendar: BusinessCalendar | None, other: bool,
           nodes: tuple[MapNode, ...] | None = None, all_edges: list[MapEdge] | None = None,
           policy: DisclosurePolicy | None = None) -> ProcessMap:
    """The map of the ``chosen`` edges; ``nodes`` and ``all_edges`` (every edge of ``graph``) may come
    prebuilt from a cache."""
    index = np.flatnonzero(chosen)
    edges = ([all_edges[i] for i in index.tolist()] if all_edges is not None
             else map_edges(graph, index, other, policy))
    return ProcessMap(
        nodes=nodes if nodes is not None else map_nodes(graph, node_ok, other, policy), edges=tuple(edges),
        perspective=perspective, measure=measure, aggregation=aggregation,
        time=graph.time, activities=float(activities), paths=float(paths), n_cases=graph.n_cases,
        n_events=graph.n_events, n_nodes_total=n_nodes_total, n_edges_total=n_edges_total,
        disclosure=disclosure, calendar=calendar.to_dict() if calendar is not None else None,
    )


__all__ = [
    "MEASURES",
    "Disclosure",
    "MapEdge",
    "MapNode",
    "ProcessMap",
    "disclosure_masks",
    "discover_process_map",
    "keep_top_nodes",
    "map_edges",
    "map_nodes",
    "paths_kept",
    "paths_ranking",
    "select_paths",
    "slider_count",
    "slider_position",
    "slider_steps",
]
