// Edge routes and label places on a layered (top-down) map whose node positions are fixed (ELK placed them;
// see layout.ts). Pure and fast (a map at 100 % paths has a thousand arcs), so moving the paths slider never
// moves a node:
// - an arc down the map leaves its node's bottom and enters the target's top; where it passes the layers in
//   between it goes through a free gap of each layer (or around the layer's outside), so it never crosses a node;
// - an arc up the map (rework) leaves the side of its node, climbs through the gaps and enters the target's side;
// - an arc within a layer dips under it (or over it, the other direction);
// - a self-loop is drawn by Cytoscape as a loop at the node's top right.
// Each arc's number is placed on its route where it overlaps no node and no other number (a grid of placed
// boxes); strong arcs choose first. The tests read the result from the drawn map (tests/web/test_web_map.py).

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export interface RouteNode {
  id: string;
  x: number; // centre
  y: number;
  w: number;
  h: number;
}
export interface RouteEdge {
  id: string;
  source: string;
  target: string;
  weight: number;
  /** the label's size (its number) */
  lw: number;
  lh: number;
}
export interface Route {
  /** waypoints between the source's and the target's centre (model coordinates); empty for a straight arc */
  points: { x: number; y: number }[];
  /** the centre of the arc's label */
  label: { x: number; y: number };
  /** false when no free place was found (the label then overlaps something) */
  free: boolean;
  loop: boolean;
}

interface Layer {
  y: number;
  top: number;
  bottom: number;
  nodes: RouteNode[]; // left to right
}

const PORT_MARGIN = 6;
const GAP_MARGIN = 5;
const UNDER = 14;
const LABEL_PAD = 2;

/** Nodes grouped into layers, top to bottom: nodes whose vertical extents overlap are in one layer (ELK aligns
 * the nodes of a layer at their tops or centres, depending on their sizes). */
export function layersOf(nodes: RouteNode[]): Layer[] {
  const sorted = [...nodes].sort((a, b) => a.y - a.h / 2 - (b.y - b.h / 2) || a.x - b.x);
  const layers: Layer[] = [];
  for (const n of sorted) {
    const last = layers[layers.length - 1];
    const top = n.y - n.h / 2;
    const bottom = n.y + n.h / 2;
    if (last && top < last.bottom - 0.5) {
      last.nodes.push(n);
      last.bottom = Math.max(last.bottom, bottom);
    } else layers.push({ y: 0, top, bottom, nodes: [n] });
  }
  for (const l of layers) {
    l.nodes.sort((a, b) => a.x - b.x);
    l.y = (l.top + l.bottom) / 2;
  }
  return layers;
}

/** The x nearest to ``want`` where a vertical line passes the layer without touching a node. */
function gapX(layer: Layer, want: number): number {
  let best = want;
  let bestD = Infinity;
  const ns = layer.nodes;
  const consider = (lo: number, hi: number) => {
    if (hi - lo < 2 * GAP_MARGIN) return;
    const x = Math.min(hi - GAP_MARGIN, Math.max(lo + GAP_MARGIN, want));
    const d = Math.abs(x - want);
    if (d < bestD) {
      bestD = d;
      best = x;
    }
  };
  consider(-Infinity, ns[0].x - ns[0].w / 2);
  for (let i = 0; i + 1 < ns.length; i++) consider(ns[i].x + ns[i].w / 2, ns[i + 1].x - ns[i + 1].w / 2);
  consider(ns[ns.length - 1].x + ns[ns.length - 1].w / 2, Infinity);
  return best;
}

/** Spread the ports of the arcs on one side of a node over its width, ordered by where they go. */
function ports(n: RouteNode, others: { id: string; x: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  const sorted = [...others].sort((a, b) => a.x - b.x || (a.id < b.id ? -1 : 1));
  const span = Math.max(0, n.w - 2 * PORT_MARGIN);
  sorted.forEach((o, i) => out.set(o.id, n.x - span / 2 + (span * (i + 1)) / (sorted.length + 1)));
  return out;
}

/** Routes (waypoints) of every arc. */
export function routeEdges(nodes: RouteNode[], edges: RouteEdge[]): Map<string, { x: number; y: number }[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const layers = layersOf(nodes);
  const layerOf = new Map<string, number>();
  layers.forEach((l, i) => l.nodes.forEach((n) => layerOf.set(n.id, i)));
  const down = new Map<string, { id: string; x: number }[]>();
  const up = new Map<string, { id: string; x: number }[]>();
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s === t) continue;
    if (layerOf.get(s.id)! < layerOf.get(t.id)!) {
      if (!down.has(s.id)) down.set(s.id, []);
      down.get(s.id)!.push({ id: e.id, x: t.x });
      if (!up.has(t.id)) up.set(t.id, []);
      up.get(t.id)!.push({ id: e.id, x: s.x });
    }
  }
  const outPort = new Map<string, number>();
  const inPort = new Map<string, number>();
  for (const [id, list] of down) for (const [e, x] of ports(byId.get(id)!, list)) outPort.set(e, x);
  for (const [id, list] of up) for (const [e, x] of ports(byId.get(id)!, list)) inPort.set(e, x);
  // arcs up or within a layer: a small offset each, so they do not all lie on one line
  const sideCount = new Map<string, number>();
  const offset = (key: string) => {
    const k = sideCount.get(key) ?? 0;
    sideCount.set(key, k + 1);
    return k;
  };

  const routes = new Map<string, { x: number; y: number }[]>();
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s === t) {
      routes.set(e.id, []);
      continue;
    }
    const ls = layerOf.get(s.id)!;
    const lt = layerOf.get(t.id)!;
    const pts: { x: number; y: number }[] = [];
    if (ls < lt) {
      const x0 = outPort.get(e.id)!;
      const x1 = inPort.get(e.id)!;
      pts.push({ x: x0, y: layers[ls].bottom + 2 });
      for (let l = ls + 1; l < lt; l++) {
        const f = (layers[l].y - layers[ls].y) / (layers[lt].y - layers[ls].y);
        const x = gapX(layers[l], x0 + (x1 - x0) * f);
        pts.push({ x, y: layers[l].top - 1 }, { x, y: layers[l].bottom + 1 });
      }
      pts.push({ x: x1, y: layers[lt].top - 2 });
    } else if (ls > lt) {
      // up: out of the side facing the target (right when above it), through the gaps, into the same side
      const right = t.x >= s.x;
      const k = offset(`${s.id}|${right}`);
      const k2 = offset(`${t.id}|${right}|in`);
      const dx = (node: RouteNode, kk: number) => {
        const gap = sideGap(layers[layerOf.get(node.id)!], node, right);
        const d = Math.min(gap / 2 - 1, 6 + 4 * (kk % 4));
        return right ? node.x + node.w / 2 + d : node.x - node.w / 2 - d;
      };
      const xs = dx(s, k);
      const xt = dx(t, k2);
      pts.push({ x: xs, y: s.y }, { x: xs, y: layers[ls].top - 1 });
      for (let l = ls - 1; l > lt; l--) {
        const f = (layers[ls].y - layers[l].y) / (layers[ls].y - layers[lt].y);
        const x = gapX(layers[l], xs + (xt - xs) * f + (right ? 8 : -8));
        pts.push({ x, y: layers[l].bottom + 1 }, { x, y: layers[l].top - 1 });
      }
      pts.push({ x: xt, y: layers[lt].bottom + 1 }, { x: xt, y: t.y });
    } else {
      // within a layer: left to right under the layer, right to left over it
      const below = s.x < t.x;
      const k = offset(`layer${ls}|${below}`);
      const y = below ? layers[ls].bottom + UNDER + 5 * (k % 4) : layers[ls].top - UNDER - 5 * (k % 4);
      pts.push({ x: s.x, y }, { x: t.x, y });
    }
    routes.set(e.id, pts);
  }
  return routes;
}

/** The free width beside a node (towards the next node of its layer, or a wide margin at the layer's end). */
function sideGap(layer: Layer, n: RouteNode, right: boolean): number {
  const i = layer.nodes.indexOf(n);
  const next = layer.nodes[i + (right ? 1 : -1)];
  if (!next) return 40;
  return right ? next.x - next.w / 2 - (n.x + n.w / 2) : n.x - n.w / 2 - (next.x + next.w / 2);
}

/** A uniform grid of boxes for overlap queries (numeric cell keys; no allocation per query). */
class Grid {
  private cells = new Map<number, Box[]>();
  constructor(private size = 48) {}
  add(b: Box): void {
    const z = this.size;
    for (let i = Math.floor(b.x1 / z); i <= Math.floor(b.x2 / z); i++) {
      for (let j = Math.floor(b.y1 / z); j <= Math.floor(b.y2 / z); j++) {
        const k = i * 1_000_003 + j;
        const c = this.cells.get(k);
        if (c) c.push(b);
        else this.cells.set(k, [b]);
      }
    }
  }
  hits(x1: number, y1: number, x2: number, y2: number): boolean {
    const z = this.size;
    for (let i = Math.floor(x1 / z); i <= Math.floor(x2 / z); i++) {
      for (let j = Math.floor(y1 / z); j <= Math.floor(y2 / z); j++) {
        const c = this.cells.get(i * 1_000_003 + j);
        if (!c) continue;
        for (const o of c) if (x1 < o.x2 && o.x1 < x2 && y1 < o.y2 && o.y1 < y2) return true;
      }
    }
    return false;
  }
}

const FRACTIONS = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9, 0.27, 0.42, 0.58, 0.73, 0.05, 0.95];

/** Candidate label centres along a polyline: the middle of its longest pieces first, then further along and
 * beside the line; as a last resort a spiral around the middle (so every label gets a free place). */
function* candidates(poly: { x: number; y: number }[], lw: number, lh: number): Generator<{ x: number; y: number }> {
  const segs: { a: { x: number; y: number }; b: { x: number; y: number }; len: number }[] = [];
  for (let i = 0; i + 1 < poly.length; i++) {
    const a = poly[i];
    const b = poly[i + 1];
    segs.push({ a, b, len: Math.hypot(b.x - a.x, b.y - a.y) });
  }
  segs.sort((p, q) => q.len - p.len);
  const on: { x: number; y: number }[] = [];
  for (const f of FRACTIONS) {
    for (const s of segs) if (s.len > 0) on.push({ x: s.a.x + (s.b.x - s.a.x) * f, y: s.a.y + (s.b.y - s.a.y) * f });
  }
  yield* on.slice(0, 40);
  const near = on.slice(0, 6);
  for (const [dx, dy] of [[0, lh], [0, -lh], [lw, 0], [-lw, 0], [0, 2 * lh], [0, -2 * lh], [lw, lh], [-lw, lh], [lw, -lh], [-lw, -lh]]) {
    for (const p of near) yield { x: p.x + dx, y: p.y + dy };
  }
  const c = on[0] ?? poly[0];
  for (let ring = 1; ring <= 3; ring++) {
    const steps = 8 * ring;
    for (let i = 0; i < steps; i++) {
      const a = (2 * Math.PI * i) / steps;
      yield { x: c.x + Math.cos(a) * ring * lh, y: c.y + Math.sin(a) * ring * lh };
    }
  }
  // crowded: the first free place to the right of the middle (always found: the row ends somewhere)
  for (let k = 1; ; k++) {
    yield { x: c.x + k * (lw + 4), y: c.y };
    yield { x: c.x - k * (lw + 4), y: c.y };
  }
}

/** Clip the segment from a node's centre towards ``p`` at the node's box: where the arc leaves the node. */
function exitPoint(n: RouteNode, p: { x: number; y: number }): { x: number; y: number } {
  const dx = p.x - n.x;
  const dy = p.y - n.y;
  const sx = dx === 0 ? Infinity : n.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : n.h / 2 / Math.abs(dy);
  const s = Math.min(1, sx, sy);
  return { x: n.x + dx * s, y: n.y + dy * s };
}

/** Routes and label places of every arc; strong arcs place their labels first. */
export function routeAndLabel(nodes: RouteNode[], edges: RouteEdge[]): Map<string, Route> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ways = routeEdges(nodes, edges);
  const grid = new Grid();
  for (const n of nodes) grid.add({ x1: n.x - n.w / 2, y1: n.y - n.h / 2, x2: n.x + n.w / 2, y2: n.y + n.h / 2 });
  const out = new Map<string, Route>();
  const order = [...edges].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  for (const e of order) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const points = ways.get(e.id) ?? [];
    const loop = s === t;
    let poly: { x: number; y: number }[];
    if (loop) {
      // Cytoscape's loop (see cy.ts) rises from the node's top right corner
      const cx = s.x + s.w / 2;
      const cy = s.y - s.h / 2;
      poly = [{ x: cx, y: cy - 26 }, { x: cx + 26, y: cy - 26 }, { x: cx + 26, y: cy }];
    } else {
      const inner = points.length ? points : [];
      poly = [exitPoint(s, inner[0] ?? t), ...inner, exitPoint(t, inner[inner.length - 1] ?? s)];
    }
    const hw = e.lw / 2 + LABEL_PAD;
    const hh = e.lh / 2 + LABEL_PAD;
    let chosen: { x: number; y: number } | null = null;
    for (const c of candidates(poly, e.lw, e.lh + 2)) {
      if (!grid.hits(c.x - hw, c.y - hh, c.x + hw, c.y + hh)) {
        chosen = c;
        break;
      }
    }
    const free = chosen !== null;
    const at = chosen ?? { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
    grid.add({ x1: at.x - hw, y1: at.y - hh, x2: at.x + hw, y2: at.y + hh });
    out.set(e.id, { points, label: at, free, loop });
  }
  return out;
}

/** Cytoscape's segment weights and distances (``edge-distances: node-position``) for waypoints of an arc
 * from centre ``s`` to centre ``t``: weight = position along s->t, distance = signed distance from the line. */
export function segmentData(s: { x: number; y: number }, t: { x: number; y: number }, pts: { x: number; y: number }[]):
  { weights: number[]; distances: number[] } {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len2 = dx * dx + dy * dy || 1;
  const len = Math.sqrt(len2);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const p of pts) {
    const px = p.x - s.x;
    const py = p.y - s.y;
    weights.push(Math.round(((px * dx + py * dy) / len2) * 1e4) / 1e4);
    distances.push(Math.round(((dx * py - dy * px) / len) * 100) / 100);
  }
  return { weights, distances };
}
