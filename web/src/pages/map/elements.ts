// ProcessMap (the API's plain data) -> Cytoscape elements: labels with the overlay value, edge widths by value.
import type { ElementDefinition } from "cytoscape";
import type { MapEdge, MapNode, ProcessMap } from "../../api";
import { formatDuration, formatNumber } from "../../i18n/format";

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

/** The number an element is sized by: the overlay value, or its frequency for time overlays. */
function weight(e: MapNode | MapEdge, measure: string): number {
  if (measure === "duration") return e.frequency ?? 0;
  return e.value ?? e.frequency ?? 0;
}

const FILLS = ["#eef4fb", "#dbe8f6", "#c5daf0", "#aecbe9", "#98bde3"];

const CHAR_PX = 6.3;
const MAX_TEXT_PX = 160;

/** Node size from its text (11 px font, wrapped at 160 px), so the layout knows it before drawing. */
export function nodeSize(text: string, round: boolean): { w: number; h: number } {
  if (round) return { w: 34, h: 34 };
  let lines = 0;
  let widest = 0;
  for (const line of text.split("\n")) {
    const px = line.length * CHAR_PX;
    lines += Math.max(1, Math.ceil(px / MAX_TEXT_PX));
    widest = Math.max(widest, Math.min(px, MAX_TEXT_PX));
  }
  return { w: Math.round(widest + 18), h: lines * 14 + 14 };
}

/** The map with the start and end pseudo-nodes named in the page's language (other nodes unchanged). */
export function withNodeNames(map: ProcessMap, start: string, end: string): ProcessMap {
  if (!map.nodes.some((n) => n.kind === "start" || n.kind === "end")) return map;
  const nodes = map.nodes.map((n) => (n.kind === "start" ? { ...n, label: start } : n.kind === "end" ? { ...n, label: end } : n));
  return { ...map, nodes };
}

export function toElements(map: ProcessMap, lang: string): ElementDefinition[] {
  const measure = map.overlay?.measure ?? "frequency";
  const maxNode = Math.max(1, ...map.nodes.map((n) => weight(n, measure)));
  const maxEdge = Math.max(1, ...map.edges.map((e) => weight(e, measure)));
  const nodes: ElementDefinition[] = map.nodes.map((n) => {
    const val = overlayText(n.value, measure, lang);
    const share = weight(n, measure) / maxNode;
    const round = n.kind === "start" || n.kind === "end";
    const text = round ? "" : val ? `${n.label}\n${val}` : n.label;
    return {
      group: "nodes",
      data: {
        id: n.id,
        kind: n.kind,
        text,
        ...nodeSize(text, round),
        title: n.label,
        fill: FILLS[Math.min(FILLS.length - 1, Math.floor(share * FILLS.length))],
      },
    };
  });
  // an arc with one back the other way is drawn curved (the two apart), any other arc straight: a straight arc
  // looks as a lone bezier arc does, and costs Cytoscape far less on maps with thousands of arcs
  const ids = new Set(map.edges.map((e) => `${e.source}\u0000${e.target}`));
  const edges: ElementDefinition[] = map.edges.map((e) => ({
    group: "edges",
    classes: e.source === e.target ? "loop" : ids.has(`${e.target}\u0000${e.source}`) ? "pair" : undefined,
    data: {
      id: e.id,
      source: e.source,
      target: e.target,
      text: overlayText(e.value, measure, lang),
      width: Math.round((1 + 9 * (weight(e, measure) / maxEdge)) * 10) / 10,
    },
  }));
  return [...nodes, ...edges];
}
