// Cytoscape with SVG export, registered once, and the map's style (the layout is in layout.ts, the arcs' routes
// and the places of their numbers in route.ts). No text is ever hidden by zoom (no min-zoomed-font-size): the
// page keeps the map at a readable zoom instead (MapView).
import cytoscape from "cytoscape";
import svg from "cytoscape-svg";
import { EDGE_FONT, FONT_FAMILY, NODE_FONT } from "./elements";

let registered = false;

export function cyto(): typeof cytoscape {
  if (!registered) {
    cytoscape.use(svg);
    registered = true;
  }
  return cytoscape;
}

export const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      "background-color": "data(fill)",
      "border-color": "#0b3d66",
      "border-width": 1,
      label: "data(text)",
      color: "data(ink)",
      "font-size": NODE_FONT,
      "font-family": FONT_FAMILY,
      "line-height": 1.15,
      "text-wrap": "wrap",
      "text-max-width": "400px",
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
    // an arc's number: a small node on the arc's route (see route.ts)
    selector: "node[kind = 'label']",
    style: {
      shape: "round-rectangle",
      "background-color": "#ffffff",
      "background-opacity": 0.92,
      "border-width": 0,
      label: "data(text)",
      color: "#111111",
      "font-size": EDGE_FONT,
      "text-wrap": "none",
      width: "data(w)",
      height: "data(h)",
    },
  },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": "data(line)",
      "target-arrow-color": "data(line)",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.9,
      "curve-style": "straight",
    },
  },
  {
    // routed around the nodes (route.ts): waypoints relative to the line between the two nodes' centres
    selector: "edge.routed",
    style: {
      "curve-style": "round-segments",
      "edge-distances": "node-position",
      // data mappers, not functions: Cytoscape parses a function's value anew for every element on every restyle
      "segment-weights": "data(sw)" as unknown as number[],
      "segment-distances": "data(sd)" as unknown as number[],
      "segment-radius": 12,
    } as cytoscape.Css.Edge,
  },
  {
    selector: "edge.loop",
    style: { "curve-style": "bezier", "loop-direction": "45deg", "loop-sweep": "-70deg", "control-point-step-size": 40 },
  },
  {
    selector: ":selected",
    style: { "border-width": 4, "border-color": "#c05600", "line-color": "#c05600", "target-arrow-color": "#c05600" },
  },
  {
    selector: "node[kind = 'label'].hit",
    style: { "border-width": 2, "border-color": "#c05600" },
  },
];
