// The map's layout: ELK layered, top-down, computed by elkjs in a Web Worker (the page stays responsive while
// it runs) and applied to Cytoscape as fixed positions. Pure helpers (graph, positions, subsets) are tested in
// layout.test.ts.
import type { ElkNode } from "elkjs/lib/elk-api";

export type Point = { x: number; y: number };
export type Positions = Map<string, Point>;
export interface LayoutNode {
  id: string;
  w: number;
  h: number;
  /** start and end: alone in the first and the last layer */
  kind?: string;
}
export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  weight: number;
}

/** Room between layers for the arcs and their numbers (route.ts places them there), and between neighbours
 * for the arcs that pass a layer or climb beside a node. */
const BETWEEN_LAYERS = 48;
const NODE_NODE = 36;

/** ELK layered, top-down, start alone in the first layer and end alone in the last. The arcs are routed by
 * route.ts on the positions ELK gives (so the paths slider never moves a node), so ELK routes none (POLYLINE is
 * its cheapest). */
export const ELK_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.layered.spacing.nodeNodeBetweenLayers": String(BETWEEN_LAYERS),
  "elk.spacing.nodeNode": String(NODE_NODE),
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.cycleBreaking.strategy": "GREEDY",
  "elk.layered.thoroughness": "1",
  "elk.separateConnectedComponents": "false",
  "elk.edgeRouting": "POLYLINE",
};

/** The ELK graph: every node, and the n strongest arcs between two different nodes (n = max(30, nodes)).
 * ELK's time grows with the arcs and the weak ones hardly move a node; every arc is still drawn. */
export function elkGraph(nodes: LayoutNode[], edges: LayoutEdge[], aspectRatio = 1.6): ElkNode {
  const limit = Math.max(30, nodes.length);
  const ranked = edges
    .filter((e) => e.source !== e.target)
    .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  // every node's strongest arc in and out first (no node is left alone: ELK would pack lone nodes in rows at
  // the top), then the strongest others
  const chosen = new Set<LayoutEdge>();
  const hasIn = new Set<string>();
  const hasOut = new Set<string>();
  for (const e of ranked) {
    if (!hasOut.has(e.source) || !hasIn.has(e.target)) {
      chosen.add(e);
      hasOut.add(e.source);
      hasIn.add(e.target);
    }
  }
  for (const e of ranked) {
    if (chosen.size >= limit) break;
    chosen.add(e);
  }
  const strong = ranked.filter((e) => chosen.has(e));
  return {
    id: "root",
    layoutOptions: { ...ELK_OPTIONS, "elk.aspectRatio": String(Math.round(aspectRatio * 100) / 100) },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.w,
      height: n.h,
      ...(n.kind === "start" || n.kind === "end"
        ? { layoutOptions: { "elk.layered.layering.layerConstraint": n.kind === "start" ? "FIRST_SEPARATE" : "LAST_SEPARATE" } }
        : {}),
    })),
    edges: strong.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/** Cytoscape positions (node centres) from ELK's result (top-left corners). */
export function centres(laid: ElkNode): Positions {
  const out: Positions = new Map();
  for (const c of laid.children ?? []) {
    out.set(c.id, { x: (c.x ?? 0) + (c.width ?? 0) / 2, y: (c.y ?? 0) + (c.height ?? 0) / 2 });
  }
  return out;
}

/** The node set's key (for the cache of layouts). */
export function nodeKey(ids: Iterable<string>): string {
  return [...ids].sort().join(" ");
}

/**
 * The nodes of a smaller map placed as in a laid-out larger map that holds them all (Disco-like: nodes stay
 * where they were when the activities slider hides some): each node keeps its layer and its left-to-right place;
 * emptied layers are closed up and each layer is re-centred so the map has no holes. null when a node is missing
 * from the larger layout.
 */
export function subsetPositions(superset: Positions, nodes: LayoutNode[]): Positions | null {
  const layers = new Map<number, LayoutNode[]>();
  for (const n of nodes) {
    const p = superset.get(n.id);
    if (!p) return null;
    const y = Math.round(p.y);
    let layer = layers.get(y);
    if (!layer) layers.set(y, (layer = []));
    layer.push(n);
  }
  const out: Positions = new Map();
  let top = 0;
  for (const y of [...layers.keys()].sort((a, b) => a - b)) {
    const layer = layers.get(y)!.sort((a, b) => superset.get(a.id)!.x - superset.get(b.id)!.x);
    const height = Math.max(...layer.map((n) => n.h));
    // left to right at the old places, pushed right where a neighbour would overlap
    let right = -Infinity;
    const xs = layer.map((n) => {
      const x = Math.max(superset.get(n.id)!.x, right + NODE_NODE + n.w / 2);
      right = x + n.w / 2;
      return x;
    });
    for (let i = 0; i < layer.length; i++) out.set(layer[i].id, { x: xs[i], y: top + height / 2 });
    top += height + BETWEEN_LAYERS;
  }
  return out;
}

/** Whether every pair of nodes (boxes w x h around their centres) is apart. */
export function overlapFree(pos: Positions, nodes: LayoutNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i];
      const b = nodes[j];
      const pa = pos.get(a.id)!;
      const pb = pos.get(b.id)!;
      if (Math.abs(pa.x - pb.x) * 2 < a.w + b.w && Math.abs(pa.y - pb.y) * 2 < a.h + b.h) return false;
    }
  }
  return true;
}

interface Elk {
  layout: (g: ElkNode) => Promise<ElkNode>;
  terminateWorker?: () => void;
}

type ElkClass = new (o: { workerUrl?: string }) => Elk;

/** The ELK class from an elkjs module (CommonJS: the default export may be wrapped once more). */
function ctor(mod: unknown): ElkClass {
  const d = (mod as { default?: unknown }).default ?? mod;
  return ((d as { default?: unknown }).default ?? d) as ElkClass;
}

/** elkjs in a Web Worker; `make` gives another ELK (the unit tests pass the same-thread elk.bundled.js). */
export class Layouter {
  private elk: Promise<Elk>;

  constructor(make?: () => Promise<unknown>) {
    this.elk = make
      ? make().then((mod) => new (ctor(mod))({}))
      : Promise.all([import("elkjs/lib/elk-api"), import("elkjs/lib/elk-worker.min.js?url")]).then(
          ([api, worker]) => new (ctor(api))({ workerUrl: worker.default }),
        );
  }

  async layout(nodes: LayoutNode[], edges: LayoutEdge[], aspectRatio?: number): Promise<Positions> {
    const elk = await this.elk;
    return centres(await elk.layout(elkGraph(nodes, edges, aspectRatio)));
  }

  dispose(): void {
    void this.elk.then((e) => e.terminateWorker?.());
  }
}
