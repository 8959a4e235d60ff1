import { describe, expect, it } from "vitest";
import { formatNumber } from "../../i18n/format";
import { overlayText } from "./elements";
import { centres, elkGraph, Layouter, nodeKey, overlapFree, subsetPositions, type LayoutEdge, type LayoutNode } from "./layout";

/** ELK on the test's own thread (no Web Worker in Node). */
const sameThread = () => new Layouter(() => import("elkjs/lib/elk.bundled.js"));

/** A process-map-like graph: start -> a chain of activities -> end, with skips and a few loops back. */
function processGraph(n: number): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const ids = ["start", ...Array.from({ length: n }, (_, i) => `n${i}`), "end"];
  const nodes = ids.map((id, i) => ({ id, w: id === "start" || id === "end" ? 34 : 60 + ((i * 37) % 100), h: i % 3 ? 42 : 56 }));
  const edges: LayoutEdge[] = [];
  const add = (a: string, b: string, weight: number) => edges.push({ id: `${a}->${b}`, source: a, target: b, weight });
  for (let i = 0; i + 1 < ids.length; i++) add(ids[i], ids[i + 1], 100 - i);
  for (let i = 1; i + 3 < ids.length; i += 2) add(ids[i], ids[i + 3], 20 + i);
  for (let i = 5; i < ids.length - 1; i += 7) add(ids[i], ids[i - 3], 5);
  for (let i = 1; i < ids.length - 1; i += 4) add(ids[i], ids[i], 50); // loops: drawn, not laid out
  return { nodes, edges };
}

describe("elkGraph", () => {
  it("lays out top-down with the strongest arcs between two different nodes only", () => {
    const { nodes, edges } = processGraph(40);
    const g = elkGraph(nodes, edges);
    expect(g.layoutOptions?.["elk.direction"]).toBe("DOWN");
    expect(g.children).toHaveLength(42);
    expect(g.edges).toHaveLength(42); // max(30, nodes)
    const kept = new Set(g.edges!.map((e) => e.id));
    const loops = edges.filter((e) => e.source === e.target);
    expect(loops.some((e) => kept.has(e.id))).toBe(false);
    const weakest = Math.min(...edges.filter((e) => kept.has(e.id)).map((e) => e.weight));
    const dropped = edges.filter((e) => !kept.has(e.id) && e.source !== e.target);
    expect(dropped.every((e) => e.weight <= weakest)).toBe(true);
  });

  it("turns ELK's corners into centres", () => {
    const pos = centres({ id: "root", children: [{ id: "a", x: 10, y: 20, width: 100, height: 40 }] });
    expect(pos.get("a")).toEqual({ x: 60, y: 40 });
  });
});

describe("Layouter", () => {
  it("places every node, none overlapping, the main flow downwards", async () => {
    const { nodes, edges } = processGraph(30);
    const pos = await sameThread().layout(nodes, edges);
    expect(pos.size).toBe(nodes.length);
    expect(overlapFree(pos, nodes)).toBe(true);
    expect(pos.get("start")!.y).toBeLessThan(pos.get("n15")!.y);
    expect(pos.get("n15")!.y).toBeLessThan(pos.get("end")!.y);
  }, 60_000); // loading ELK on the test's thread takes seconds on a busy machine
});

describe("subsetPositions", () => {
  it("keeps a smaller map's nodes in their layers and order, closes emptied layers, overlaps none", async () => {
    const { nodes, edges } = processGraph(30);
    const full = await sameThread().layout(nodes, edges);
    const some = nodes.filter((_, i) => i % 3 !== 1);
    const pos = subsetPositions(full, some)!;
    expect(pos.size).toBe(some.length);
    expect(overlapFree(pos, some)).toBe(true);
    for (const a of some) {
      for (const b of some) {
        const [fa, fb, pa, pb] = [full.get(a.id)!, full.get(b.id)!, pos.get(a.id)!, pos.get(b.id)!];
        if (Math.round(fa.y) < Math.round(fb.y)) expect(pa.y).toBeLessThan(pb.y); // above stays above
        if (Math.round(fa.y) === Math.round(fb.y) && fa.x < fb.x) expect(pa.x).toBeLessThan(pb.x); // left stays left
      }
    }
    const height = (p: Map<string, { y: number }>, ns: LayoutNode[]) =>
      Math.max(...ns.map((n) => p.get(n.id)!.y)) - Math.min(...ns.map((n) => p.get(n.id)!.y));
    expect(height(pos, some)).toBeLessThanOrEqual(height(full, nodes));
  }, 60_000);

  it("pushes apart nodes that grew wider, and gives up on a node it has no place for", () => {
    const full = new Map([
      ["a", { x: 0, y: 0 }],
      ["b", { x: 100, y: 0 }],
    ]);
    const wide = [
      { id: "a", w: 150, h: 40 },
      { id: "b", w: 150, h: 40 },
    ];
    expect(overlapFree(full, wide)).toBe(false);
    const pos = subsetPositions(full, wide)!;
    expect(overlapFree(pos, wide)).toBe(true);
    expect(pos.get("a")!.x).toBe(0);
    expect(subsetPositions(full, [...wide, { id: "c", w: 10, h: 10 }])).toBeNull();
  });
});

describe("nodeKey and overlayText", () => {
  it("names a node set the same in any order", () => {
    expect(nodeKey(["b", "a", "end"])).toBe(nodeKey(["end", "a", "b"]));
    expect(nodeKey(["a"])).not.toBe(nodeKey(["a", "b"]));
  });

  it("formats overlay values as formatNumber does, per language, from its cache too", () => {
    for (let i = 0; i < 2; i++) {
      expect(overlayText(1234567, "frequency", "da")).toBe(formatNumber(1234567, "da"));
      expect(overlayText(1234567, "frequency", "en")).toBe(formatNumber(1234567, "en"));
    }
    expect(overlayText(1234567, "frequency", "da")).not.toBe(overlayText(1234567, "frequency", "en"));
    expect(overlayText(null, "frequency", "da")).toBe("");
  });
});
