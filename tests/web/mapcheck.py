"""Checks of a drawn process map, computed from what Cytoscape drew in the page (positions and boxes in model
coordinates, zoom and extent): no node overlaps another, no label overlaps another (node names, arc numbers,
nodes), every node and arc shows its number, arcs pass no node they do not join, start on top and end at the
bottom, readable text, and the map fits the view (or the minimap is there to pan)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tests.web.conftest import ARTIFACTS

#: text smaller than this on screen (px) counts as unreadable; the app's READABLE_PX (elements.ts)
READABLE_PX = 9

DRAWN = """() => {
  const cy = window.sagsflowMap;
  const box = (b) => ({x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2});
  const nodes = cy.nodes().map(n => ({
    id: n.id(), kind: n.data('kind'), text: String(n.data('text') ?? ''), edge: n.data('edge') ?? null,
    box: box(n.boundingBox({includeLabels: false, includeOverlays: false})),
    label: n.data('text') ? box(n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true,
                                              includeOverlays: false})) : null,
    font: parseFloat(n.style('font-size')),
  }));
  const edges = cy.edges().map(e => {
    const pts = e.hasClass('routed') ? (e.segmentPoints() ?? []) : [];
    return {id: e.id(), source: e.source().id(), target: e.target().id(),
            path: [e.sourceEndpoint(), ...pts, e.targetEndpoint()].map(p => ({x: p.x, y: p.y}))};
  });
  const ext = cy.extent();
  return {nodes, edges, zoom: cy.zoom(), extent: {x1: ext.x1, y1: ext.y1, x2: ext.x2, y2: ext.y2},
          minimap: !!document.querySelector('[data-testid=map-minimap]')};
}"""


def _overlap(a: dict[str, float], b: dict[str, float], tol: float = 0.5) -> bool:
    return a["x1"] + tol < b["x2"] and b["x1"] + tol < a["x2"] and a["y1"] + tol < b["y2"] and b["y1"] + tol < a["y2"]


def _crosses(p: dict[str, float], q: dict[str, float], b: dict[str, float], shrink: float = 2.0) -> bool:
    """Whether the segment p-q passes through box b shrunk by ``shrink`` (Liang-Barsky)."""
    x1, x2, y1, y2 = b["x1"] + shrink, b["x2"] - shrink, b["y1"] + shrink, b["y2"] - shrink
    if x1 >= x2 or y1 >= y2:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q["x"] - p["x"], q["y"] - p["y"]
    for pp, qq in ((-dx, p["x"] - x1), (dx, x2 - p["x"]), (-dy, p["y"] - y1), (dy, y2 - p["y"])):
        if pp == 0:
            if qq < 0:
                return False
        else:
            t = qq / pp
            if pp < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t0 < t1


def drawn(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(DRAWN)
    return result


def problems(d: dict[str, Any], *, must_fit: bool) -> list[str]:
    """Everything wrong with a drawn map (empty when it is right)."""
    out: list[str] = []
    nodes = [n for n in d["nodes"] if n["kind"] != "label"]
    labels = [n for n in d["nodes"] if n["kind"] == "label"]
    by_id = {n["id"]: n for n in nodes}
    # no two nodes overlap; no arc number overlaps a node or another number
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            if _overlap(a["box"], b["box"]):
                out.append(f"nodes {a['id']} and {b['id']} overlap")
    boxes = [(n["id"], n["box"]) for n in nodes] + [(n["id"], n["box"]) for n in labels]
    for i, (ia, a) in enumerate(boxes):
        for ib, b in boxes[i + 1:]:
            if (ia.startswith("label:") or ib.startswith("label:")) and _overlap(a, b):
                out.append(f"{ia} overlaps {ib}")
    # a node's name and number stay inside its box (so names never overlap either)
    for n in nodes:
        if n["label"] and n["kind"] in ("node", "other"):
            lb, nb = n["label"], n["box"]
            if lb["x1"] < nb["x1"] - 1 or lb["x2"] > nb["x2"] + 1 or lb["y1"] < nb["y1"] - 1 or lb["y2"] > nb["y2"] + 1:
                out.append(f"the text of {n['id']} spills out of its box: {lb} vs {nb}")
    # every node and arc carries its number
    for n in nodes:
        if n["kind"] in ("node", "other") and not any(ch.isdigit() for ch in n["text"].split("\n")[-1]):
            out.append(f"node {n['id']} shows no number: {n['text']!r}")
    numbered = {n["edge"]: n["text"] for n in labels}
    for e in d["edges"]:
        if not any(ch.isdigit() for ch in numbered.get(e["id"], "")):
            out.append(f"arc {e['id']} shows no number")
    # arcs pass no node they do not join
    for e in d["edges"]:
        if e["source"] == e["target"]:
            continue
        path = e["path"]
        crossed = {n["id"] for a, b in pairwise(path) for n in nodes
                   if n["id"] not in (e["source"], e["target"]) and _crosses(a, b, n["box"])}
        out += [f"arc {e['id']} crosses node {c}" for c in sorted(crossed)]
    # start on top, end at the bottom
    if "start" in by_id and "end" in by_id:
        top = min(n["box"]["y1"] for n in nodes if n["id"] != "start")
        bottom = max(n["box"]["y2"] for n in nodes if n["id"] != "end")
        if by_id["start"]["box"]["y2"] > top:
            out.append("the start node is not above every other node")
        if by_id["end"]["box"]["y1"] < bottom:
            out.append("the end node is not below every other node")
    # readable, and fitted (or pannable with the minimap)
    smallest = min((n["font"] for n in d["nodes"] if n["text"]), default=READABLE_PX)
    if smallest * d["zoom"] < READABLE_PX - 0.01:
        out.append(f"text is {smallest * d['zoom']:.1f} px on screen (zoom {d['zoom']:.2f})")
    allx1 = min(n["box"]["x1"] for n in d["nodes"])
    allx2 = max(n["box"]["x2"] for n in d["nodes"])
    ally1 = min(n["box"]["y1"] for n in d["nodes"])
    ally2 = max(n["box"]["y2"] for n in d["nodes"])
    ext = d["extent"]
    fits = allx1 >= ext["x1"] - 1 and allx2 <= ext["x2"] + 1 and ally1 >= ext["y1"] - 1 and ally2 <= ext["y2"] + 1
    if must_fit and not fits:
        out.append(f"the map ({allx1:.0f},{ally1:.0f})-({allx2:.0f},{ally2:.0f}) does not fit the view {ext}")
    if not fits and not d["minimap"]:
        out.append("the map is larger than the view and there is no minimap")
    if not fits and "start" in by_id:
        s = by_id["start"]["box"]
        if not (s["y1"] >= ext["y1"] - 1 and s["y2"] <= ext["y2"] + 1):
            out.append("a map larger than the view does not open at its start")
    return out


def save_problems(name: str, found: list[str]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.problems.txt").write_text("\n".join(found), encoding="utf-8")
