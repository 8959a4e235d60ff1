"""Static export of a :class:`~sagsflow.analysis.process_map.ProcessMap`: SVG, HTML and JSON, no Graphviz.

The layout is a simple layered one, computed in Python on the shown nodes (tens to a few hundred,
never events): back edges found by a depth-first search from the start are set aside, nodes are
layered by the longest path from the start over the rest (the end node last), and each layer is
ordered by a few sweeps of the barycentre heuristic. Edge thickness follows frequency, colour the
overlay measure. Every label is escaped, so data cannot inject markup.

Examples
--------
>>> from sagsflow.analysis.process_map import MapEdge, MapNode, ProcessMap
>>> m = ProcessMap(nodes=(MapNode("start", "▶ start", "start", 2, 2, 1), MapNode("n0", "A<b>", "node", 2, 2, 1),
...                       MapNode("end", "■ end", "end", 2, 2, 1)),
...                edges=(MapEdge("start", "n0", 2, 2, 1), MapEdge("n0", "end", 2, 2, 1)),
...                perspective="activity", measure="frequency", aggregation="mean", time="calendar",
...                activities=1.0, paths=1.0, n_cases=2, n_events=2, n_nodes_total=1, n_edges_total=2)
>>> svg = map_to_svg(m)
>>> svg.startswith("<svg") and "A&lt;b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.analysis.process_map import MapEdge, MapNode, ProcessMap

NODE_W, NODE_H = 190, 46
GAP_X, GAP_Y = 40, 70
PAD = 30
_FREQ_COLOURS = ((0xEE, 0xF3, 0xFA), (0x1F, 0x4E, 0x8C))  # light to dark blue
_TIME_COLOURS = ((0xFD, 0xEE, 0xE6), (0xB2, 0x2A, 0x1A))  # light to dark red


# ============================================================================ formatting
def format_value(value: float | None, measure: str) -> str:
    """A measure for display: counts with thousands separators, durations in a readable unit."""
    if value is None or value != value:
        return "–"
    if measure != "duration":
        return f"{int(value):,}".replace(",", "\u202f")
    return format_duration(value)


def format_duration(seconds: float) -> str:
    """``93784`` -> ``'1.1 d'``; ``5400`` -> ``'1.5 h'``; ``42`` -> ``'42 s'``."""
    s = abs(seconds)
    sign = "-" if seconds < 0 else ""
    for unit, size in (("y", 365.25 * 86400), ("mo", 30.44 * 86400), ("w", 7 * 86400), ("d", 86400),
                       ("h", 3600), ("min", 60)):
        if s >= size:
            v = s / size
            return f"{sign}{v:.1f} {unit}" if v < 10 else f"{sign}{v:.0f} {unit}"
    return f"{sign}{s:.0f} s"


def _colour(t: float, scale: tuple[tuple[int, int, int], tuple[int, int, int]]) -> str:
    t = min(1.0, max(0.0, t))
    a, b = scale
    r, g, bl = (round(a[i] + (b[i] - a[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ============================================================================ layout
def layout(pm: ProcessMap) -> dict[str, tuple[float, float]]:
    """Centre coordinates of every node: layered top to bottom, ordered by barycentres."""
    ids = [n.id for n in pm.nodes]
    out_adj: dict[str, list[str]] = defaultdict(list)
    freq = {(e.source, e.target): e.frequency for e in pm.edges}
    for e in sorted(pm.edges, key=lambda e: (-e.frequency, e.source, e.target)):
        if e.source != e.target:
            out_adj[e.source].append(e.target)
    # back edges by an iterative depth-first search from the start (strongest edges first)
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    for root in ["start", *ids]:
        if root in state:
            continue
        stack = [(root, iter(out_adj[root]))]
        state[root] = 1
        while stack:
            u, it = stack[-1]
            v = next(it, None)
            if v is None:
                state[u] = 2
                stack.pop()
            elif state.get(v) == 1:
                back.add((u, v))
            elif v not in state:
                state[v] = 1
                stack.append((v, iter(out_adj[v])))
    forward = [(u, v) for u in ids for v in out_adj[u] if (u, v) not in back and v != "end"]
    # longest-path layering (Kahn's order on the acyclic part)
    indeg = {i: 0 for i in ids}
    fwd: dict[str, list[str]] = defaultdict(list)
    for u, v in forward:
        indeg[v] += 1
        fwd[u].append(v)
    layer = {i: 0 for i in ids}
    queue = [i for i in ids if indeg[i] == 0]
    while queue:
        u = queue.pop(0)
        for v in fwd[u]:
            layer[v] = max(layer[v], layer[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                queue.append(v)
    body = [i for i in ids if i not in ("start", "end")]
    for i in body:
        layer[i] = max(layer[i], 1)
    layer["start"] = 0
    layer["end"] = max([layer[i] for i in body], default=0) + 1
    layers: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        layers[layer[i]].append(i)
    # barycentre ordering, a few sweeps down and up
    neighbours: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (u, v), f in freq.items():
        if u != v:
            neighbours[u].append((v, f))
            neighbours[v].append((u, f))
    pos = {i: float(k) for lst in layers.values() for k, i in enumerate(lst)}
    order = sorted(layers)
    for sweep in range(6):
        seq = order if sweep % 2 == 0 else order[::-1]
        for li in seq:
            ref = li - 1 if sweep % 2 == 0 else li + 1

            def bary(i: str, ref: int = ref) -> float:
                ns = [(pos[v], f) for v, f in neighbours[i] if layer[v] == ref]
                if not ns:
                    return pos[i]
                return sum(p * f for p, f in ns) / sum(f for _, f in ns)

            layers[li].sort(key=lambda i: (bary(i), i))
            for k, i in enumerate(layers[li]):
                pos[i] = float(k)
    width = max(len(v) for v in layers.values())
    coords: dict[str, tuple[float, float]] = {}
    for li, lst in layers.items():
        offset = (width - len(lst)) * (NODE_W + GAP_X) / 2
        for k, i in enumerate(lst):
            coords[i] = (PAD + offset + k * (NODE_W + GAP_X) + NODE_W / 2, PAD + li * (NODE_H + GAP_Y) + NODE_H / 2)
    return coords


# ============================================================================ SVG
def map_to_svg(pm: ProcessMap) -> str:
    """The map as a standalone SVG document."""
    coords = layout(pm)
    nodes = {n.id: n for n in pm.nodes}
    measure, agg = pm.measure, pm.aggregation
    scale = _TIME_COLOURS if measure == "duration" else _FREQ_COLOURS
    node_vals = [v for n in pm.nodes if n.kind in ("node", "other") and (v := n.value(measure, agg)) is not None]
    edge_vals = [v for e in pm.edges if (v := e.value(measure, agg)) is not None]
    max_node = max((abs(v) for v in node_vals), default=0.0) or 1.0
    max_edge = max((abs(v) for v in edge_vals), default=0.0) or 1.0
    max_freq = max((e.frequency for e in pm.edges), default=1) or 1
    w = max((x for x, _ in coords.values()), default=0) + NODE_W / 2 + PAD + 60
    h = max((y for _, y in coords.values()), default=0) + NODE_H / 2 + PAD
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" width="{w:.0f}" height="{h:.0f}" '
        f'font-family="Helvetica, Arial, sans-serif" role="img" aria-label="Process map">',
        "<defs>" + "".join(
            f'<marker id="arrow{i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{size}" '
            f'markerHeight="{size}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
            for i, (c, size) in enumerate((("#555", 6), ("#999", 6)))
        ) + "</defs>",
        f"<title>{_esc(_caption(pm))}</title>",
    ]
    for e in pm.edges:
        out.append(_edge_svg(e, coords, nodes, measure, agg, max_edge, max_freq, scale))
    for n in pm.nodes:
        out.append(_node_svg(n, coords[n.id], measure, agg, max_node, scale))
    out.append("</svg>")
    return "\n".join(out)


def _node_svg(n: MapNode, xy: tuple[float, float], measure: str, agg: str, max_node: float,
              scale: tuple[tuple[int, int, int], tuple[int, int, int]]) -> str:
    x, y = xy
    tip = _esc(f"{n.label}: {n.frequency:,} events, {n.cases:,} cases, max {n.max_repetitions} per case")
    if n.kind in ("start", "end"):
        fill = "#3a7d44" if n.kind == "start" else "#8c2f39"
        return (f'<g class="node {n.kind}" data-id="{_esc(n.id)}"><title>{tip}</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="16" fill="{fill}"/>'
                f'<text x="{x + 24:.1f}" y="{y + 4:.1f}" font-size="11" fill="#333">'
                f'{_esc(format_value(n.frequency, "frequency"))} cases</text></g>')
    v = n.value(measure, agg)
    t = 0.0 if v is None else abs(v) / max_node
    fill = _colour(0.1 + 0.9 * t, scale)
    ink = "#ffffff" if t > 0.55 else "#1a1a1a"
    dash = ' stroke-dasharray="4 3"' if n.kind == "other" else ""
    return (f'<g class="node" data-id="{_esc(n.id)}"><title>{tip}</title>'
            f'<rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" height="{NODE_H}" rx="7" '
            f'fill="{fill}" stroke="#34495e" stroke-width="1"{dash}/>'
            f'<text x="{x:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="12" fill="{ink}">'
            f'{_esc(_short(n.label))}</text>'
            f'<text x="{x:.1f}" y="{y + 13:.1f}" text-anchor="middle" font-size="11" fill="{ink}">'
            f'{_esc(format_value(v, measure))}</text></g>')


def _edge_svg(e: MapEdge, coords: dict[str, tuple[float, float]], nodes: dict[str, MapNode], measure: str,
              agg: str, max_edge: float, max_freq: int,
              scale: tuple[tuple[int, int, int], tuple[int, int, int]]) -> str:
    (x1, y1), (x2, y2) = coords[e.source], coords[e.target]
    width = 1.0 + 6.0 * math.sqrt(e.frequency / max_freq)
    v = e.value(measure, agg)
    colour = "#999999" if v is None else _colour(0.35 + 0.65 * abs(v) / max_edge, scale)
    hs = 16 if nodes[e.source].kind in ("start", "end") else NODE_H / 2
    ht = 16 if nodes[e.target].kind in ("start", "end") else NODE_H / 2
    if e.source == e.target:  # self-loop on the right side
        x, y = x1 + NODE_W / 2, y1
        d = f"M{x:.1f},{y - 8:.1f} C{x + 45:.1f},{y - 30:.1f} {x + 45:.1f},{y + 30:.1f} {x:.1f},{y + 8:.1f}"
        lx, ly = x + 40, y
    elif y2 > y1:  # downwards
        sy, ty = y1 + hs, y2 - ht
        d = f"M{x1:.1f},{sy:.1f} C{x1:.1f},{sy + 40:.1f} {x2:.1f},{ty - 40:.1f} {x2:.1f},{ty:.1f}"
        lx, ly = (x1 + x2) / 2 + 6, (sy + ty) / 2
    else:  # back edge or same layer: around the side
        side = NODE_W / 2 + 25
        sx, tx = x1 + NODE_W / 2 * (1 if x1 >= x2 else -1) * 0.9, x2 + NODE_W / 2 * (1 if x1 >= x2 else -1) * 0.9
        bend = side if x1 >= x2 else -side
        d = f"M{sx:.1f},{y1:.1f} C{sx + bend:.1f},{y1:.1f} {tx + bend:.1f},{y2:.1f} {tx:.1f},{y2:.1f}"
        lx, ly = max(sx, tx) + bend / 2 if bend > 0 else min(sx, tx) + bend / 2, (y1 + y2) / 2
    tip = _esc(f"{nodes[e.source].label} → {nodes[e.target].label}: {e.frequency:,} times, {e.cases:,} cases")
    return (f'<g class="edge" data-source="{_esc(e.source)}" data-target="{_esc(e.target)}"><title>{tip}</title>'
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" marker-end="url(#arrow0)"/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="#444">{_esc(format_value(v, measure))}</text></g>')


# ============================================================================ HTML and files
def _caption(pm: ProcessMap) -> str:
    overlay = f"duration ({pm.aggregation}, {pm.time} time)" if pm.measure == "duration" else pm.measure
    return (f"Process map ({pm.perspective}): {pm.n_cases:,} cases, {pm.n_events:,} events; "
            f"{len(pm.nodes) - 2} of {pm.n_nodes_total} nodes, {len(pm.edges)} of {pm.n_edges_total} edges; "
            f"overlay: {overlay}")


def map_to_html(pm: ProcessMap, *, fragment: bool = False) -> str:
    """The map as a self-contained HTML page (or a ``<div>`` fragment for notebooks)."""
    note = f'<p class="sf-note">{_esc(pm.disclosure.note)}</p>' if pm.disclosure is not None else ""
    body = (f'<div class="sf-map"><p class="sf-caption">{_esc(_caption(pm))}</p>'
            f'<div style="overflow:auto;max-width:100%">{map_to_svg(pm)}</div>{note}</div>')
    if fragment:
        return body
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_esc(_caption(pm))}</title>"
            "<style>body{font-family:Helvetica,Arial,sans-serif;margin:1.5rem;color:#1a1a1a}"
            ".sf-caption{font-size:.95rem}.sf-note{font-size:.85rem;color:#8c2f39}</style></head>"
            f"<body><h1>Process map</h1>{body}</body></html>\n")


def save_map(pm: ProcessMap, path: str | Path) -> Path:
    """Write the map to a file; the suffix (``.svg``, ``.html``/``.htm``, ``.json``) picks the format."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".svg":
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + map_to_svg(pm) + "\n"
    elif suffix in (".html", ".htm"):
        text = map_to_html(pm)
    elif suffix == ".json":
        text = json.dumps(pm.to_dict(), ensure_ascii=False, indent=1)
    else:
        raise InvalidParameterError(
            f"cannot save a process map as {p.name!r}: the file name must end in .svg, .html or .json.",
            hint="Try map.save('map.svg') for reports or map.save('map.json') for the plain data.", field="path")
    p.write_text(text, encoding="utf-8")
    return p


__all__ = ["format_duration", "format_value", "layout", "map_to_html", "map_to_svg", "save_map"]
