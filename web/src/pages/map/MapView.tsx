// The Cytoscape canvas. Redraws when the map changes (the previous map stays until the new one is laid out);
// marks performance "sf-map-drawn" after each redraw and measures "sf-slider-to-map" from "sf-slider-release".
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { Core } from "cytoscape";
import type { ProcessMap } from "../../api";
import { cyto, LAYOUT, STYLE } from "./cy";
import { toElements } from "./elements";

export interface MapViewHandle {
  png: () => string;
  svg: () => string;
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
  const positions = useRef(new Map<string, { x: number; y: number }>());
  // laid-out positions of recent node sets: moving a slider back redraws without a new layout
  const layouts = useRef(new Map<string, Map<string, { x: number; y: number }>>());
  const select = useRef(onSelect);
  select.current = onSelect;

  useImperativeHandle(ref, () => ({
    png: () => cy.current?.png({ full: true, scale: 2, bg: "#ffffff" }) ?? "",
    svg: () => ((cy.current as unknown as { svg?: (o: object) => string })?.svg?.({ full: true, bg: "#ffffff" }) ?? ""),
  }));

  useEffect(() => {
    const c = cyto()({
      container: box.current,
      style: STYLE,
      minZoom: 0.1,
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    c.on("tap", "node", (e) => select.current("node", e.target.id()));
    c.on("tap", "edge", (e) => select.current("edge", e.target.id()));
    c.on("tap", (e) => {
      if (e.target === c) select.current(null, null);
    });
    cy.current = c;
    // for the end-to-end tests and the browser benchmark (positions of nodes and arcs on the canvas)
    (window as unknown as { sagsflowMap?: Core }).sagsflowMap = c;
    return () => {
      c.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    const c = cy.current;
    if (!c || !map) return;
    performance.mark("sf-map-render");
    const run = ++runs.current;
    const key = map.nodes
      .map((n) => n.id)
      .sort()
      .join(" ");
    // the same nodes as the map on screen (only the paths or the overlay changed): keep every node where it is;
    // a node set laid out a moment ago: put the nodes where they were then
    const same = key === layoutKey.current;
    const cached = same ? positions.current : layouts.current.get(key);
    const keep = cached !== undefined;
    if (cached) {
      positions.current = cached;
      layoutKey.current = key;
    }
    // update in place: elements still there get their new data, only the others are removed or added
    const els = toElements(map, lang);
    const ids = new Set(els.map((e) => String(e.data.id)));
    c.batch(() => {
      c.elements()
        .filter((e) => !ids.has(e.id()))
        .remove();
      const added = [];
      for (const el of els) {
        const old = c.getElementById(String(el.data.id));
        if (old.empty()) {
          added.push(el);
        } else {
          const { source: _s, target: _t, ...data } = el.data; // an edge's ends never change (they are in its id)
          old.data(data);
        }
      }
      c.add(added);
      if (keep) c.nodes().forEach((n) => void n.position(positions.current.get(n.id()) ?? { x: 0, y: 0 }));
    });
    performance.mark("sf-map-elements");
    const drawn = () =>
      requestAnimationFrame(() => {
        if (run !== runs.current) return; // a newer map is on its way
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
    if (keep) {
      if (!same) c.fit(undefined, 24);
      drawn();
      return;
    }
    // ELK lays out the nodes with the n strongest arcs only: its time grows with the arcs, and the weak ones
    // hardly move a node; every arc is drawn.
    const limit = Math.max(30, map.nodes.length);
    const strong = c
      .edges()
      .filter((e) => e.source().id() !== e.target().id())
      .sort((a, b) => Number(b.data("width")) - Number(a.data("width")))
      .slice(0, limit);
    const layout = c.nodes().union(strong).layout(LAYOUT);
    layout.one("layoutstop", () => {
      if (run !== runs.current) return;
      performance.mark("sf-map-layout");
      positions.current = new Map(c.nodes().map((n) => [n.id(), { ...n.position() }]));
      layoutKey.current = key;
      layouts.current.delete(key);
      layouts.current.set(key, positions.current);
      if (layouts.current.size > 24) layouts.current.delete(layouts.current.keys().next().value!);
      drawn();
    });
    layout.run();
  }, [map, lang]);

  return <div ref={box} className="map-canvas" data-testid="map-canvas" data-draws="0" role="img" aria-label={label} />;
});
