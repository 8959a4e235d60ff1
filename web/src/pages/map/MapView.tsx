// The Cytoscape canvas. Redraws when the map changes (the previous map stays until the new one is laid out by
// ELK in a Web Worker, see layout.ts);
// marks performance "sf-map-drawn" after each redraw and measures "sf-slider-to-map" from "sf-slider-release".
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { Core, ElementDefinition } from "cytoscape";
import type { ProcessMap } from "../../api";
import { cyto, LABEL_ZOOM, NODE_LABEL_ZOOM, STYLE } from "./cy";
import { toElements } from "./elements";
import {
  Layouter,
  nodeKey,
  overlapFree,
  subsetPositions,
  type LayoutEdge,
  type LayoutNode,
  type Positions,
} from "./layout";

/** A smaller node set is shown at the places of a laid-out larger one (nodes stay still as the activities slider
 * moves down) when it keeps at least half of that layout's nodes and either most of them or readable names
 * (the layers of the larger map can leave the smaller one too tall to show names when fitted); else a new layout
 * of the nodes left reads better. */
const SUBSET_SHARE = 0.5;
const MOST = 0.8;

/** The nodes (with their sizes) and arcs (weighted by their drawn width) the layout needs. */
function layoutInput(els: ElementDefinition[]): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  for (const el of els) {
    const d = el.data as { id: string; w: number; h: number; source?: string; target?: string; width?: number };
    if (el.group === "nodes") nodes.push({ id: d.id, w: d.w, h: d.h });
    else edges.push({ id: d.id, source: d.source!, target: d.target!, weight: d.width ?? 0 });
  }
  return { nodes, edges };
}

/** Keep a layout as the most recent of the last 24. */
function remember(layouts: Map<string, Positions>, key: string, pos: Positions): void {
  layouts.delete(key);
  layouts.set(key, pos);
  if (layouts.size > 24) layouts.delete(layouts.keys().next().value!);
}

const PADDING = 24;
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 4;

/** The zoom at which the nodes fill the canvas (what cy.fit(nodes, PADDING) will choose). */
function fitZoom(pos: Positions, nodes: LayoutNode[], width: number, height: number): number {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    const p = pos.get(n.id) ?? { x: 0, y: 0 };
    x0 = Math.min(x0, p.x - n.w / 2);
    x1 = Math.max(x1, p.x + n.w / 2);
    y0 = Math.min(y0, p.y - n.h / 2);
    y1 = Math.max(y1, p.y + n.h / 2);
  }
  const z = Math.min((width - 2 * PADDING) / Math.max(1, x1 - x0), (height - 2 * PADDING) / Math.max(1, y1 - y0));
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The nodes at their places in the smallest laid-out node set that holds them all, if that reads well. */
function fromSuperset(layouts: Map<string, Positions>, nodes: LayoutNode[], width: number, height: number): Positions | null {
  const supersets = [...layouts.values()]
    .filter((pos) => pos.size >= nodes.length && nodes.length >= SUBSET_SHARE * pos.size && nodes.every((n) => pos.has(n.id)))
    .sort((a, b) => a.size - b.size);
  for (const full of supersets) {
    const pos = subsetPositions(full, nodes);
    if (pos && (nodes.length >= MOST * full.size || fitZoom(pos, nodes, width, height) >= NODE_LABEL_ZOOM)) return pos;
  }
  return null;
}

export interface MapViewHandle {
  png: () => string;
  svg: () => string;
  /** Lay out a map without drawing it (the map at 100 % activities, fetched in the background): the smaller
   * maps of the activities slider are then drawn at its places without waiting for a layout. */
  prepare: (map: ProcessMap) => void;
  /** Whether the last map given is on screen (laid out and painted). */
  settled: () => boolean;
}

export const MapView = forwardRef<
  MapViewHandle,
  { map: ProcessMap | null; lang: string; label: string; onSelect: (kind: "node" | "edge" | null, id: string | null) => void }
>(function MapView({ map, lang, label, onSelect }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const draws = useRef(0);
  const layoutKey = useRef("");
  const runs = useRef(0);
  const drawn = useRef(0);
  const positions = useRef<Positions>(new Map());
  // ELK's positions of recent node sets: moving a slider back redraws without a new layout
  const layouts = useRef(new Map<string, Positions>());
  const layouter = useRef<Layouter | null>(null);
  const labelled = useRef(true);
  const select = useRef(onSelect);
  select.current = onSelect;

  useImperativeHandle(ref, () => ({
    png: () => cy.current?.png({ full: true, scale: 2, bg: "#ffffff" }) ?? "",
    svg: () => ((cy.current as unknown as { svg?: (o: object) => string })?.svg?.({ full: true, bg: "#ffffff" }) ?? ""),
    settled: () => drawn.current === runs.current,
    prepare: (full: ProcessMap) => {
      const c = cy.current;
      const elk = layouter.current;
      if (!c || !elk) return;
      const { nodes, edges } = layoutInput(toElements(full, lang));
      const key = nodeKey(nodes.map((n) => n.id));
      if (layouts.current.has(key)) return;
      elk.layout(nodes, edges, c.width() / Math.max(1, c.height())).then(
        (pos) => remember(layouts.current, key, pos),
        () => undefined, // the maps are laid out one by one instead
      );
    },
  }));

  useEffect(() => {
    const c = cyto()({
      container: box.current,
      style: STYLE,
      minZoom: MIN_ZOOM,
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      maxZoom: MAX_ZOOM,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    // arc labels on while they are big enough to read
    c.on("zoom", () => {
      const on = c.zoom() >= LABEL_ZOOM;
      if (on !== labelled.current) {
        labelled.current = on;
        c.batch(() => void c.edges().toggleClass("labelled", on));
      }
    });
    c.on("tap", "node", (e) => select.current("node", e.target.id()));
    c.on("tap", "edge", (e) => select.current("edge", e.target.id()));
    c.on("tap", (e) => {
      if (e.target === c) select.current(null, null);
    });
    cy.current = c;
    const elk = new Layouter();
    layouter.current = elk;
    // for the end-to-end tests and the browser benchmark (positions of nodes and arcs on the canvas)
    (window as unknown as { sagsflowMap?: Core }).sagsflowMap = c;
    return () => {
      c.destroy();
      cy.current = null;
      elk.dispose();
      layouter.current = null;
    };
  }, []);

  useEffect(() => {
    const c = cy.current;
    const elk = layouter.current;
    if (!c || !elk || !map) return;
    performance.mark("sf-map-render");
    const run = ++runs.current;
    const els = toElements(map, lang);
    const { nodes, edges } = layoutInput(els);
    const key = nodeKey(nodes.map((n) => n.id));

    // the new elements and positions in one batch: the previous map stays on screen until then
    const show = (pos: Positions, fit: boolean) => {
      positions.current = pos;
      layoutKey.current = key;
      labelled.current = (fit ? fitZoom(pos, nodes, c.width(), c.height()) : c.zoom()) >= LABEL_ZOOM;
      const classes = (el: ElementDefinition) =>
        [typeof el.classes === "string" ? el.classes : "", el.group === "edges" && labelled.current ? "labelled" : ""]
          .filter(Boolean)
          .join(" ");
      const ids = new Set(els.map((e) => String(e.data.id)));
      c.batch(() => {
        c.elements()
          .filter((e) => !ids.has(e.id()))
          .remove();
        const added = [];
        for (const el of els) {
          const old = c.getElementById(String(el.data.id));
          if (old.empty()) {
            added.push(
              el.group === "nodes"
                ? { ...el, position: { ...(pos.get(String(el.data.id)) ?? { x: 0, y: 0 }) } }
                : { ...el, classes: classes(el) },
            );
          } else {
            // only changed data (each change restyles the element); an edge's ends never change (they are in its id)
            const { source: _s, target: _t, ...data } = el.data;
            const now = old.data() as Record<string, unknown>;
            if (Object.entries(data).some(([k, v]) => now[k] !== v)) old.data(data);
            const cls = classes(el);
            if ([...old.classes()].sort().join(" ") !== cls.split(" ").filter(Boolean).sort().join(" ")) old.classes(cls);
          }
        }
        c.add(added);
        c.nodes().forEach((n) => void n.position({ ...(pos.get(n.id()) ?? { x: 0, y: 0 }) }));
      });
      performance.mark("sf-map-elements");
      if (fit) c.fit(c.nodes(), PADDING);
      requestAnimationFrame(() => {
        if (run !== runs.current) return; // a newer map is on its way
        drawn.current = run;
        draws.current += 1;
        const el = box.current;
        if (el) {
          el.dataset.draws = String(draws.current);
          el.dataset.nodes = String(map.nodes.length);
          el.dataset.edges = String(map.edges.length);
        }
        performance.mark("sf-map-drawn");
        if (performance.getEntriesByName("sf-slider-release", "mark").length) {
          performance.measure("sf-slider-to-map", "sf-slider-release", "sf-map-drawn");
          performance.clearMarks("sf-slider-release");
        }
      });
    };

    // the same nodes as the map on screen (only the paths or the overlay changed): every node stays where it is
    if (key === layoutKey.current) {
      const pos = overlapFree(positions.current, nodes) ? positions.current : subsetPositions(positions.current, nodes);
      if (pos) return show(pos, false);
    }
    // a node set laid out a moment ago (a slider moved back), or a subset of one: no new layout
    const known = layouts.current.get(key) ?? fromSuperset(layouts.current, nodes, c.width(), c.height());
    if (known) return show(known, true);
    elk.layout(nodes, edges, c.width() / Math.max(1, c.height())).then(
      (pos) => {
        if (run !== runs.current) return;
        performance.mark("sf-map-layout");
        remember(layouts.current, key, pos);
        show(pos, true);
      },
      (err: unknown) => {
        if (run !== runs.current) return;
        console.error("map layout failed", err);
        show(new Map(nodes.map((n, i) => [n.id, { x: (i % 8) * 200, y: Math.floor(i / 8) * 80 }])), true);
      },
    );
  }, [map, lang]);

  return <div ref={box} className="map-canvas" data-testid="map-canvas" data-draws="0" role="img" aria-label={label} />;
});
