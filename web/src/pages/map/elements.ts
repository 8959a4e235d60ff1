// ProcessMap (the API's plain data) -> Cytoscape elements: every node shows its (shortened) name and its number,
// fill colour by the overlay's value; every arc its width and colour by value; the arcs' numbers are drawn as
// label nodes placed by route.ts (so they never vanish, never overlap, and are in the exported PNG/SVG).
import type { ElementDefinition } from "cytoscape";
import type { MapEdge, MapNode, ProcessMap } from "../../api";
import { formatDuration, formatNumber } from "../../i18n/format";

export const NODE_FONT = 12;
export const EDGE_FONT = 11;
export const FONT_FAMILY = "system-ui, sans-serif";
/** Text is readable from this size on screen (px): the map is never shown smaller by default. */
export const READABLE_PX = 9;
const LINE = 14;
const MAX_LINE_PX = 150;
const MAX_NAME_LINES = 2;

// the overlay texts made lately: formatting makes an Intl formatter per call, and a map at 100 % paths has
// thousands of arcs whose values repeat from one redraw to the next
const texts = new Map<string, string>();

export function overlayText(v: number | null, measure: string, lang: string): string {
  if (v === null || v === undefined) return "";
  const duration = measure === "duration";
  const key = `${duration ? "d" : "n"} ${lang} ${v}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = duration ? formatDuration(v, lang) : formatNumber(v, lang);
    if (texts.size >= 20_000) texts.clear();
    texts.set(key, text);
  }
  return text;
}

let ctx: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** The width of a text in px, measured with the canvas (as Cytoscape draws it); estimated outside a browser. */
export function textWidth(text: string, size: number): number {
  const key = `${size}|${text}`;
  let w = widths.get(key);
  if (w !== undefined) return w;
  if (ctx === undefined) {
    ctx = typeof document !== "undefined" ? document.createElement("canvas").getContext("2d") : null;
  }
  if (ctx) {
    ctx.font = `${size}px ${FONT_FAMILY}`;
    w = ctx.measureText(text).width;
  } else w = text.length * size * 0.58;
  if (widths.size > 50_000) widths.clear();
  widths.set(key, w);
  return w;
}

/** A long name shortened to at most two lines of 150 px (words kept whole where they fit), with "…" where cut. */
export function shortLabel(label: string, size = NODE_FONT): string[] {
  const words = label.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [label];
  const lines: string[] = [];
  let i = 0;
  while (i < words.length && lines.length < MAX_NAME_LINES) {
    let line = words[i++];
    while (i < words.length && textWidth(`${line} ${words[i]}`, size) <= MAX_LINE_PX) line = `${line} ${words[i++]}`;
    lines.push(line);
  }
  const cut = i < words.length;
  const fit = (text: string) => {
    let t = text;
    while (t.length > 1 && textWidth(`${t}…`, size) > MAX_LINE_PX) t = t.slice(0, -1);
    return `${t.trimEnd()}…`;
  };
  return lines.map((l, k) => (textWidth(l, size) > MAX_LINE_PX || (cut && k === lines.length - 1) ? fit(l) : l));
}

/** Node size (px) from its lines of text, so the layout knows it before drawing. */
export function nodeSize(lines: string[], round: boolean): { w: number; h: number } {
  if (round) return { w: 30, h: 30 };
  const widest = Math.max(...lines.map((l) => textWidth(l, NODE_FONT)));
  return { w: Math.ceil(Math.max(widest + 16, 56)), h: lines.length * LINE + 8 };
}

/** The number an element is coloured and sized by: the overlay value, or its frequency for time overlays. */
export function weight(e: MapNode | MapEdge, measure: string): number {
  if (measure === "duration") return e.value ?? 0;
  return e.value ?? e.frequency ?? 0;
}

/** Thickness always shows how often an arc is followed (also under a time overlay). */
function thickness(e: MapEdge): number {
  return e.frequency ?? 0;
}

// five steps from light to dark; the text on the two darkest fills is white (AA contrast either way)
export const PALETTES = {
  frequency: { fill: ["#eef4fb", "#d3e3f4", "#a9c8e9", "#3f78b5", "#1b4f8a"], line: ["#a3b1bf", "#7f909f", "#5b6b7b", "#3b4a59", "#1b2835"] },
  duration: { fill: ["#fdf3ea", "#fadcc2", "#f4b586", "#c2571a", "#8a3509"], line: ["#d8ad8c", "#c68a5c", "#a9662f", "#844615", "#5a2c08"] },
};

export interface Scale {
  measure: string;
  /** the lower bound of each of the five steps */
  bounds: number[];
  max: number;
  step: (v: number) => number;
}

/** Five colour steps of equal width on a logarithmic scale from the smallest to the largest positive value. */
export function colourScale(values: number[], measure: string): Scale {
  const pos = values.filter((v) => v > 0);
  const lo = pos.length ? Math.min(...pos) : 0;
  const hi = pos.length ? Math.max(...pos) : 0;
  const a = Math.log1p(lo);
  const b = Math.log1p(hi);
  const step = (v: number) => (b <= a || v <= 0 ? 0 : Math.min(4, Math.floor(((Math.log1p(v) - a) / (b - a)) * 5)));
  const bounds = [0, 1, 2, 3, 4].map((i) => (b <= a ? lo : Math.expm1(a + ((b - a) * i) / 5)));
  return { measure, bounds, max: hi, step };
}

export interface MapElements {
  nodes: ElementDefinition[];
  edges: ElementDefinition[];
  nodeScale: Scale;
  edgeScale: Scale;
}

/** The map with the start and end pseudo-nodes named in the page's language (other nodes unchanged). */
export function withNodeNames(map: ProcessMap, start: string, end: string): ProcessMap {
  if (!map.nodes.some((n) => n.kind === "start" || n.kind === "end")) return map;
  const nodes = map.nodes.map((n) => (n.kind === "start" ? { ...n, label: start } : n.kind === "end" ? { ...n, label: end } : n));
  return { ...map, nodes };
}

export function toElements(map: ProcessMap, lang: string): MapElements {
  const measure = map.overlay?.measure ?? "frequency";
  const palette = measure === "duration" ? PALETTES.duration : PALETTES.frequency;
  const inner = map.nodes.filter((n) => n.kind === "node" || n.kind === "other");
  const nodeScale = colourScale(inner.map((n) => weight(n, measure)), measure);
  const edgeScale = colourScale(map.edges.map((e) => weight(e, measure)), measure);
  const maxThick = Math.max(1, ...map.edges.map(thickness));
  const nodes: ElementDefinition[] = map.nodes.map((n) => {
    const round = n.kind === "start" || n.kind === "end";
    const val = overlayText(n.value, measure, lang);
    const lines = round ? [] : [...shortLabel(n.label), ...(val ? [val] : [])];
    const step = nodeScale.step(weight(n, measure));
    return {
      group: "nodes",
      data: {
        id: n.id,
        kind: n.kind,
        text: lines.join("\n"),
        ...nodeSize(lines, round),
        title: n.label,
        fill: palette.fill[step],
        ink: step >= 3 ? "#ffffff" : "#111111",
      },
    };
  });
  const edges: ElementDefinition[] = map.edges.map((e) => {
    const text = overlayText(e.value, measure, lang);
    return {
      group: "edges",
      classes: e.source === e.target ? "loop" : undefined,
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        text,
        lw: Math.ceil(textWidth(text || " ", EDGE_FONT) + 6),
        lh: EDGE_FONT + 5,
        width: Math.round((1 + 7 * Math.sqrt(thickness(e) / maxThick)) * 10) / 10,
        line: palette.line[edgeScale.step(weight(e, measure))],
      },
    };
  });
  return { nodes, edges, nodeScale, edgeScale };
}
