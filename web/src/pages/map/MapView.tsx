// The Cytoscape canvas with its controls (zoom, fit, full screen), a minimap when the map is larger than the view,
// a legend, and a tooltip with an activity's full name. Redraws when the map changes: nodes are placed by ELK in a
// Web Worker (layout.ts; the previous map stays until the new one is laid out), arcs are routed around the nodes
// and their numbers placed by route.ts. The map opens fitted to the view, but never smaller than readable
// (READABLE_PX); a larger map opens at its top (the start) and is panned, with the minimap.
// Marks performance "sf-map-drawn" after each redraw and measures "sf-slider-to-map" from "sf-slider-release".
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Core, ElementDefinition } from "cytoscape";
import type { ProcessMap } from "../../api";
import { formatDuration, formatNumber } from "../../i18n/format";
import { cyto, STYLE } from "./cy";
import { EDGE_FONT, NODE_FONT, PALETTES, READABLE_PX, toElements, type Scale } from "./elements";
import { Layouter, nodeKey, overlapFree, subsetPositions, type LayoutEdge, type LayoutNode, type Positions } from "./layout";
import { Minimap } from "./Minimap";
import { routeAndLabel, segmentData, type RouteEdge, type RouteNode } from "./route";

/** A smaller node set is shown at the places of a laid-out larger one (nodes stay still as the activities slider
 * moves down) when it keeps at least half of that layout's nodes and either most of them or the map still fits
 * the view readably; else a new layout of the nodes left reads better. */
const SUBSET_SHARE = 0.5;
const MOST = 0.8;
const PADDING = 24;
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
/** The zoom at which the smallest text (an arc's number) is READABLE_PX on screen. */
export const READABLE_ZOOM = READABLE_PX / Math.min(EDGE_FONT, NODE_FONT);

/** The nodes (with their sizes) and arcs (weighted by their drawn width) the layout needs. */
function layoutInput(nodesEl: ElementDefinition[], edgesEl: ElementDefinition[]): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = nodesEl.map((el) => {
    const d = el.data as { id: string; w: number; h: number; kind: string };
    return { id: d.id, w: d.w, h: d.h, kind: d.kind };
  });
  const edges: LayoutEdge[] = edgesEl.map((el) => {
    const d = el.data as { id: string; source: string; target: string; width: number };
    return { id: d.id, source: d.source, target: d.target, weight: d.width };
  });
  return { nodes, edges };
}

/** Layouts kept: every node set of the activities slider that the page lays out ahead (MapPage) and the last
 * ones seen. */
const KEPT_LAYOUTS = 64;

/** Keep a layout as the most recent of the last KEPT_LAYOUTS. */
function remember(layouts: Map<string, Positions>, key: string, pos: Positions): void {
  layouts.delete(key);
  layouts.set(key, pos);
  if (layouts.size > KEPT_LAYOUTS) layouts.delete(layouts.keys().next().value!);
}

type Box = { x1: number; y1: number; x2: number; y2: number };

/** The bounding box of nodes at positions. */
function bounds(pos: Positions, nodes: LayoutNode[]): Box {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const n of nodes) {
    const p = pos.get(n.id) ?? { x: 0, y: 0 };
    x1 = Math.min(x1, p.x - n.w / 2);
    x2 = Math.max(x2, p.x + n.w / 2);
    y1 = Math.min(y1, p.y - n.h / 2);
    y2 = Math.max(y2, p.y + n.h / 2);
  }
  return { x1, y1, x2, y2 };
}

/** The zoom at which a box fills the canvas. */
function fitZoomOf(b: Box, width: number, height: number): number {
  const z = Math.min((width - 2 * PADDING) / Math.max(1, b.x2 - b.x1), (height - 2 * PADDING) / Math.max(1, b.y2 - b.y1));
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The nodes at their places in the smallest laid-out node set that holds them all, if that reads well. */
function fromSuperset(layouts: Map<string, Positions>, nodes: LayoutNode[], width: number, height: number): Positions | null {
  const supersets = [...layouts.values()]
    .filter((pos) => pos.size >= nodes.length && nodes.length >= SUBSET_SHARE * pos.size && nodes.every((n) => pos.has(n.id)))
    .sort((a, b) => a.size - b.size);
  for (const full of supersets) {
    const pos = subsetPositions(full, nodes);
    if (pos && (nodes.length >= MOST * full.size || fitZoomOf(bounds(pos, nodes), width, height) >= READABLE_ZOOM)) return pos;
  }
  return null;
}

export interface MapViewHandle {
  png: () => string;
  svg: () => string;
  /** Lay out a map without drawing it (maps of other activities-slider positions, fetched in the background):
   * the map at 100 % activities, whose places the smaller maps are drawn at, and the small node sets that get a
   * layout of their own; moving the slider there then waits for no layout. Resolves when laid out (at once when
   * the map needs no layout of its own). */
  prepare: (map: ProcessMap) => Promise<void>;
  /** Whether the last map given is on screen (laid out and painted). */
  settled: () => boolean;
  /** The routes of the drawn arcs (model coordinates, from the source's centre to the target's) for the
   * animation overlay, and the Cytoscape instance. */
  routes: () => Map<string, { x: number; y: number }[]>;
  cy: () => Core | null;
}

interface Legend {
  measure: string;
  aggregation: string | null;
  nodes: Scale;
  edges: Scale;
}

export const MapView = forwardRef<
  MapViewHandle,
  {
    map: ProcessMap | null;
    lang: string;
    label: string;
    onSelect: (kind: "node" | "edge" | null, id: string | null) => void;
    /** after each redraw: whether the whole map fits the view at a readable size */
    onDrawn?: (fits: boolean) => void;
    /** drawn over the map (the animation), given the Cytoscape instance and the drawn arcs' routes */
    overlay?: (cy: Core, routes: () => Map<string, { x: number; y: number }[]>) => React.ReactNode;
  }
>(function MapView({ map, lang, label, onSelect, onDrawn, overlay }, ref) {
  const { t } = useTranslation("map");
  const frame = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const runs = useRef(0);
  const drawn = useRef(0);
  const draws = useRef(0);
  const layoutKey = useRef("");
  const positions = useRef<Positions>(new Map());
  const routes = useRef(new Map<string, { x: number; y: number }[]>());
  // the drawn map's extent (nodes and arc numbers, from the positions given to Cytoscape): asking Cytoscape for
  // the bounding box of thousands of labels on every redraw and viewport change costs more than the drawing
  const extent = useRef<Box | null>(null);
  // ELK's positions of recent node sets: moving a slider back redraws without a new layout
  const layouts = useRef(new Map<string, Positions>());
  const layouter = useRef<Layouter | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const routesOf = useRef(() => routes.current).current;
  const drawnCb = useRef(onDrawn);
  drawnCb.current = onDrawn;
  const [legend, setLegend] = useState<Legend | null>(null);
  const [full, setFull] = useState(false);
  const [tick, setTick] = useState(0);

  /** The default view: the whole map when it fits readably, else readable zoom at the top (the start). */
  const home = () => {
    const c = cy.current;
    const bb = extent.current;
    if (!c || !bb || c.nodes().empty()) return;
    const z = fitZoomOf(bb, c.width(), c.height());
    if (z >= READABLE_ZOOM) {
      c.viewport({ zoom: z, pan: { x: (c.width() - z * (bb.x1 + bb.x2)) / 2, y: (c.height() - z * (bb.y1 + bb.y2)) / 2 } });
    } else {
      const start = c.getElementById("start");
      const cx = start.nonempty() ? start.position("x") : (bb.x1 + bb.x2) / 2;
      c.viewport({ zoom: READABLE_ZOOM, pan: { x: c.width() / 2 - cx * READABLE_ZOOM, y: PADDING - bb.y1 * READABLE_ZOOM } });
    }
  };

  useImperativeHandle(ref, () => ({
    png: () => cy.current?.png({ full: true, scale: 2, bg: "#ffffff" }) ?? "",
    svg: () => ((cy.current as unknown as { svg?: (o: object) => string })?.svg?.({ full: true, bg: "#ffffff" }) ?? ""),
    settled: () => drawn.current === runs.current,
    routes: () => routes.current,
    cy: () => cy.current,
    prepare: async (m: ProcessMap) => {
      const c = cy.current;
      const elk = layouter.current;
      if (!c || !elk) return;
      const els = toElements(m, lang);
      const { nodes, edges } = layoutInput(els.nodes, els.edges);
      const key = nodeKey(nodes.map((n) => n.id));
      if (layouts.current.has(key) || fromSuperset(layouts.current, nodes, c.width(), c.height())) return;
      await elk.layout(nodes, edges, c.width() / Math.max(1, c.height())).then(
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
      maxZoom: MAX_ZOOM,
      wheelSensitivity: 0.4,
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      boxSelectionEnabled: false,
      selectionType: "single",
      autoungrabify: true,
    });
    const showTip = (text: string, x: number, y: number) => {
      const el = tip.current;
      if (!el) return;
      el.textContent = text;
      el.style.left = `${x + 12}px`;
      el.style.top = `${y + 12}px`;
      el.hidden = false;
    };
    c.on("mouseover", "node", (e) => {
      const n = e.target;
      const kind = n.data("kind");
      const p = e.renderedPosition ?? n.renderedPosition();
      if (kind === "node" || kind === "other") showTip(String(n.data("title")), p.x, p.y);
      if (kind === "label") c.getElementById(String(n.data("edge"))).addClass("hover");
    });
    c.on("mouseout", "node", (e) => {
      if (tip.current) tip.current.hidden = true;
      if (e.target.data("kind") === "label") c.getElementById(String(e.target.data("edge"))).removeClass("hover");
    });
    c.on("tap", "node", (e) => {
      const n = e.target;
      if (n.data("kind") === "label") {
        const edge = c.getElementById(String(n.data("edge")));
        n.unselect();
        edge.select();
        select.current("edge", edge.id());
      } else select.current("node", n.id());
    });
    c.on("tap", "edge", (e) => select.current("edge", e.target.id()));
    c.on("tap", (e) => {
      if (e.target === c) select.current(null, null);
    });
    c.on("viewport", () => setTick((x) => x + 1));
    cy.current = c;
    const elk = new Layouter();
    layouter.current = elk;
    // for the end-to-end tests and the browser benchmark (positions of nodes and arcs on the canvas)
    (window as unknown as { sagsflowMap?: Core }).sagsflowMap = c;
    const onResize = () => {
      c.resize();
      setTick((x) => x + 1);
    };
    window.addEventListener("resize", onResize);
    const onFull = () => {
      const on = document.fullscreenElement === frame.current;
      setFull(on);
      requestAnimationFrame(() => {
        c.resize();
        home();
      });
    };
    document.addEventListener("fullscreenchange", onFull);
    return () => {
      window.removeEventListener("resize", onResize);
      document.removeEventListener("fullscreenchange", onFull);
      c.destroy();
      cy.current = null;
      elk.dispose();
      layouter.current = null;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const c = cy.current;
    const elk = layouter.current;
    if (!c || !elk || !map) return;
    performance.mark("sf-map-render");
    const run = ++runs.current;
    const els = toElements(map, lang);
    const { nodes, edges } = layoutInput(els.nodes, els.edges);
    const key = nodeKey(nodes.map((n) => n.id));

    // the new elements and positions in one batch: the previous map stays on screen until then
    const show = (pos: Positions, fit: boolean) => {
      positions.current = pos;
      layoutKey.current = key;
      const rNodes: RouteNode[] = nodes.map((n) => ({ id: n.id, ...(pos.get(n.id) ?? { x: 0, y: 0 }), w: n.w, h: n.h }));
      const rEdges: RouteEdge[] = els.edges.map((el) => {
        const d = el.data as { id: string; source: string; target: string; width: number; lw: number; lh: number };
        return { id: d.id, source: d.source, target: d.target, weight: d.width, lw: d.lw, lh: d.lh };
      });
      const placed = routeAndLabel(rNodes, rEdges);
      const at = (id: string) => pos.get(id) ?? { x: 0, y: 0 };
      const routed = new Map<string, { x: number; y: number }[]>();
      const edgeEls: ElementDefinition[] = els.edges.map((el) => {
        const d = el.data as { id: string; source: string; target: string };
        const r = placed.get(d.id)!;
        const s = at(d.source);
        const tt = at(d.target);
        routed.set(d.id, d.source === d.target ? [] : [s, ...r.points, tt]);
        if (!r.points.length) return { ...el, classes: el.classes ?? "" };
        const { weights, distances } = segmentData(s, tt, r.points);
        return { ...el, classes: "routed", data: { ...el.data, sw: weights, sd: distances } };
      });
      routes.current = routed;
      const labelEls: ElementDefinition[] = els.edges
        .filter((el) => (el.data as { text: string }).text)
        .map((el) => {
          const d = el.data as { id: string; text: string; lw: number; lh: number };
          return {
            group: "nodes",
            data: { id: `label:${d.id}`, kind: "label", edge: d.id, text: d.text, w: d.lw, h: d.lh },
            position: { ...placed.get(d.id)!.label },
          };
        });
      const whole = bounds(pos, nodes);
      for (const el of labelEls) {
        const d = el.data as { w: number; h: number };
        const p = el.position!;
        whole.x1 = Math.min(whole.x1, p.x - d.w / 2);
        whole.x2 = Math.max(whole.x2, p.x + d.w / 2);
        whole.y1 = Math.min(whole.y1, p.y - d.h / 2);
        whole.y2 = Math.max(whole.y2, p.y + d.h / 2);
      }
      extent.current = whole;
      const all = [...els.nodes, ...edgeEls, ...labelEls];
      const ids = new Set(all.map((e) => String(e.data.id)));
      c.batch(() => {
        c.elements()
          .filter((e) => !ids.has(e.id()))
          .remove();
        const added: ElementDefinition[] = [];
        for (const el of all) {
          const id = String(el.data.id);
          const old = c.getElementById(id);
          if (old.empty()) {
            added.push(el.group === "nodes" && !el.position ? { ...el, position: { ...at(id) } } : el);
          } else {
            // only changed data (each change restyles the element); an edge's ends never change (they are in its id)
            const { source: _s, target: _t, ...data } = el.data;
            const now = old.data() as Record<string, unknown>;
            if (Object.entries(data).some(([k, v]) => (Array.isArray(v) ? String(v) !== String(now[k]) : now[k] !== v))) old.data(data);
            const cls = typeof el.classes === "string" ? el.classes : "";
            if ([...old.classes()].sort().join(" ") !== cls.split(" ").filter(Boolean).sort().join(" ")) old.classes(cls);
            if (el.position) old.position({ ...el.position });
          }
        }
        c.add(added);
        c.nodes("[kind != 'label']").forEach((n) => void n.position({ ...at(n.id()) }));
      });
      performance.mark("sf-map-elements");
      if (fit) home();
      setLegend({ measure: map.overlay?.measure ?? "frequency", aggregation: map.overlay?.aggregation ?? null, nodes: els.nodeScale, edges: els.edgeScale });
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
        setTick((x) => x + 1);
        performance.mark("sf-map-drawn");
        drawnCb.current?.(fitZoomOf(whole, c.width(), c.height()) >= READABLE_ZOOM);
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
        show(new Map(nodes.map((n, i) => [n.id, { x: (i % 8) * 220, y: Math.floor(i / 8) * 120 }])), true);
      },
    );
  }, [map, lang]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = cy.current;
  const z = c?.zoom() ?? 1;
  const bb = c && c.nodes().nonempty() ? extent.current : null;
  const ext = c?.extent();
  const fits = !!(bb && ext && bb.x1 >= ext.x1 - 1 && bb.x2 <= ext.x2 + 1 && bb.y1 >= ext.y1 - 1 && bb.y2 <= ext.y2 + 1);
  const zoomBy = (f: number) => {
    if (!c) return;
    c.zoom({ level: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, c.zoom() * f)), renderedPosition: { x: c.width() / 2, y: c.height() / 2 } });
  };
  const fmt = (v: number, measure: string) => (measure === "duration" ? formatDuration(v, lang) : formatNumber(Math.round(v), lang));

  return (
    <div ref={frame} className={`map-frame${full ? " full" : ""}`} data-testid="map-frame">
      <div className="map-controls" role="toolbar" aria-label={t("viewControls")}>
        <button type="button" data-testid="zoom-in" onClick={() => zoomBy(1.25)} aria-label={t("zoomIn")} title={t("zoomIn")}>
          +
        </button>
        <button type="button" data-testid="zoom-out" onClick={() => zoomBy(0.8)} aria-label={t("zoomOut")} title={t("zoomOut")}>
          −
        </button>
        <button type="button" data-testid="zoom-fit" onClick={() => home()} title={t("fitHint")}>
          {t("fit")}
        </button>
        <button type="button" data-testid="zoom-all" onClick={() => c?.fit(c.nodes(), PADDING)} title={t("wholeHint")}>
          {t("whole")}
        </button>
        <button
          type="button"
          data-testid="full-screen"
          aria-pressed={full}
          onClick={() => {
            if (document.fullscreenElement) void document.exitFullscreen();
            else void frame.current?.requestFullscreen?.();
          }}
        >
          {full ? t("exitFullScreen") : t("fullScreen")}
        </button>
        <span className="zoom-level" data-testid="zoom-level">
          {Math.round(z * 100)} %
        </span>
        {legend ? (
          <div className="map-legend" data-testid="map-legend">
            <strong>{legend.measure === "duration" ? `${t("measures.duration")} (${t(`aggregations.${legend.aggregation ?? "mean"}`)})` : t(`measures.${legend.measure}`)}:</strong>
            <ol aria-label={t("legendColours")}>
              {PALETTES[legend.measure === "duration" ? "duration" : "frequency"].fill.map((fill, i) => (
                <li key={fill}>
                  <span className="swatch" style={{ background: fill }} aria-hidden="true" />
                  {t("legendFrom", { v: fmt(legend.nodes.bounds[i], legend.measure) })}
                </li>
              ))}
            </ol>
            <span>{legend.measure === "duration" ? t("legendThickDuration") : t("legendThick")}</span>
          </div>
        ) : null}
      </div>
      <div className="map-stage">
        <div
          ref={box}
          className="map-canvas"
          data-testid="map-canvas"
          data-draws="0"
          data-fits={fits ? "1" : "0"}
          data-tick={tick}
          role="img"
          aria-label={label}
        />
        {overlay && c ? overlay(c, routesOf) : null}
        <div ref={tip} className="map-tip" role="tooltip" hidden data-testid="map-tip" />
        {c && bb && !fits ? <Minimap cy={c} tick={tick} label={t("minimap")} /> : null}
      </div>
    </div>
  );
});
