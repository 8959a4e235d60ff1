import { describe, expect, it } from "vitest";
import { layersOf, routeAndLabel, segmentData, type RouteEdge, type RouteNode } from "./route";

/** A layered map: ``rows`` layers of nodes of varied widths, 30 px apart, layers 56 px apart. */
function layered(rows: number[], seed = 1): RouteNode[] {
  let r = seed;
  const rand = () => ((r = (r * 48271) % 2147483647) / 2147483647);
  const nodes: RouteNode[] = [];
  let y = 0;
  rows.forEach((count, li) => {
    let x = rand() * 80;
    for (let i = 0; i < count; i++) {
      const w = 60 + Math.round(rand() * 100);
      const h = i % 2 ? 44 : 30;
      // top-aligned in odd layers (as ELK does with nodes of different heights), centred in even ones
      nodes.push({ id: `L${li}N${i}`, x: x + w / 2, y: li % 2 ? y - 22 + h / 2 : y, w, h });
      x += w + 30;
    }
    y += 44 + 56;
  });
  return nodes;
}

function randomEdges(nodes: RouteNode[], n: number, seed = 3): RouteEdge[] {
  let r = seed;
  const rand = () => ((r = (r * 48271) % 2147483647) / 2147483647);
  const out = new Map<string, RouteEdge>();
  for (let i = 0; i < n; i++) {
    const a = nodes[Math.floor(rand() * nodes.length)];
    const b = nodes[Math.floor(rand() * nodes.length)];
    const id = `${a.id}->${b.id}`;
    out.set(id, { id, source: a.id, target: b.id, weight: Math.floor(rand() * 1000), lw: 28, lh: 14 });
  }
  return [...out.values()];
}

/** Whether the segment p-q passes through the inside of box b (shrunk by 0.5 px). */
function crosses(p: { x: number; y: number }, q: { x: number; y: number }, n: RouteNode): boolean {
  const x1 = n.x - n.w / 2 + 0.5;
  const x2 = n.x + n.w / 2 - 0.5;
  const y1 = n.y - n.h / 2 + 0.5;
  const y2 = n.y + n.h / 2 - 0.5;
  // Liang-Barsky clipping
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [pp, qq] of [[-dx, p.x - x1], [dx, x2 - p.x], [-dy, p.y - y1], [dy, y2 - p.y]]) {
    if (pp === 0) {
      if (qq < 0) return false;
    } else {
      const t = qq / pp;
      if (pp < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

describe("routeAndLabel", () => {
  it("groups nodes into layers by their centre", () => {
    const layers = layersOf(layered([1, 3, 2]));
    expect(layers.map((l) => l.nodes.length)).toEqual([1, 3, 2]);
    expect(layers[1].nodes.map((n) => n.id)).toEqual(["L1N0", "L1N1", "L1N2"]);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`routes every arc around the nodes it does not join (seed ${seed})`, () => {
      const nodes = layered([1, 2, 4, 3, 5, 2, 4, 1], seed);
      const edges = randomEdges(nodes, 120, seed + 10);
      const routes = routeAndLabel(nodes, edges);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (const e of edges) {
        const r = routes.get(e.id)!;
        if (e.source === e.target) continue;
        const s = byId.get(e.source)!;
        const t = byId.get(e.target)!;
        const poly = [{ x: s.x, y: s.y }, ...r.points, { x: t.x, y: t.y }];
        for (let i = 0; i + 1 < poly.length; i++) {
          for (const n of nodes) {
            if (n === s || n === t) continue;
            expect(crosses(poly[i], poly[i + 1], n), `${e.id} crosses ${n.id}`).toBe(false);
          }
        }
      }
    });
  }

  it("places every label apart from the nodes and from the other labels", () => {
    const nodes = layered([1, 3, 4, 3, 1]);
    const edges = randomEdges(nodes, 40);
    const routes = routeAndLabel(nodes, edges);
    const boxes = nodes.map((n) => ({ x1: n.x - n.w / 2, y1: n.y - n.h / 2, x2: n.x + n.w / 2, y2: n.y + n.h / 2 }));
    for (const e of edges) {
      const r = routes.get(e.id)!;
      expect(r.free, e.id).toBe(true);
      boxes.push({ x1: r.label.x - e.lw / 2, y1: r.label.y - e.lh / 2, x2: r.label.x + e.lw / 2, y2: r.label.y + e.lh / 2 });
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
      }
    }
  });

  it("gives Cytoscape's relative segment data", () => {
    const d = segmentData({ x: 0, y: 0 }, { x: 0, y: 100 }, [{ x: 10, y: 50 }]);
    expect(d.weights).toEqual([0.5]);
    expect(Math.abs(d.distances[0])).toBe(10);
  });
});
