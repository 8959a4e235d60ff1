// Cytoscape with SVG export, registered once, and the map's style (the layout is in layout.ts).
import cytoscape from "cytoscape";
import svg from "cytoscape-svg";

let registered = false;

export function cyto(): typeof cytoscape {
  if (!registered) {
    cytoscape.use(svg);
    registered = true;
  }
  return cytoscape;
}

const NODE_FONT = 11;
const EDGE_FONT = 10;
const MIN_FONT = 7;
/** The zoom from which arc labels are big enough to be drawn (Cytoscape's min-zoomed-font-size). */
export const LABEL_ZOOM = MIN_FONT / EDGE_FONT;
/** The zoom from which the activities' names are drawn. */
export const NODE_LABEL_ZOOM = MIN_FONT / NODE_FONT;

export const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      "background-color": "data(fill)",
      "border-color": "#0b3d66",
      "border-width": 1,
      label: "data(text)",
      color: "#111",
      "font-size": NODE_FONT,
      "min-zoomed-font-size": MIN_FONT,
      "font-family": "system-ui, sans-serif",
      "text-wrap": "wrap",
      "text-max-width": "160px",
      "text-valign": "center",
      "text-halign": "center",
      width: "data(w)",
      height: "data(h)",
    },
  },
  {
    selector: "node[kind = 'start'], node[kind = 'end']",
    style: {
      shape: "ellipse", "background-color": "#1e6b2e", "border-color": "#1e6b2e", "border-width": 2,
      label: "",
    },
  },
  {
    selector: "node[kind = 'end']",
    style: { shape: "round-rectangle", "background-color": "#8a1c1c", "border-color": "#8a1c1c" },
  },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": "#5b6b7b",
      "target-arrow-color": "#5b6b7b",
      "target-arrow-shape": "triangle",
      "curve-style": "straight",
    },
  },
  {
    // arc labels only where they can be read (zoom >= LABEL_ZOOM, see MapView): Cytoscape measures every label
    // it has, shown or not, and maps at 100 % paths have thousands of arcs
    selector: "edge.labelled",
    style: {
      label: "data(text)",
      "font-size": EDGE_FONT,
      "min-zoomed-font-size": MIN_FONT,
      color: "#111",
      "text-background-color": "#fff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
    },
  },
  {
    selector: "edge.pair",
    style: { "curve-style": "unbundled-bezier", "control-point-distances": 20, "control-point-weights": 0.5 },
  },
  {
    selector: "edge.loop",
    style: { "curve-style": "bezier", "loop-direction": "-45deg", "loop-sweep": "-60deg", "control-point-step-size": 40 },
  },
  {
    selector: ":selected",
    style: { "border-width": 4, "border-color": "#c05600", "line-color": "#c05600", "target-arrow-color": "#c05600" },
  },
];
