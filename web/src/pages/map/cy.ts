// Cytoscape with the ELK layered layout and SVG export, registered once.
import cytoscape from "cytoscape";
import elk from "cytoscape-elk";
import svg from "cytoscape-svg";

let registered = false;

export function cyto(): typeof cytoscape {
  if (!registered) {
    cytoscape.use(elk);
    cytoscape.use(svg);
    registered = true;
  }
  return cytoscape;
}

export const LAYOUT = {
  name: "elk",
  fit: true,
  padding: 24,
  animate: false,
  nodeDimensionsIncludeLabels: false,
  elk: {
    algorithm: "layered",
    "elk.direction": "DOWN",
    "elk.layered.spacing.nodeNodeBetweenLayers": 40,
    "elk.spacing.nodeNode": 30,
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    "elk.layered.cycleBreaking.strategy": "GREEDY",
    "elk.layered.thoroughness": 1,
  },
} as unknown as cytoscape.LayoutOptions;

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
      "font-size": 11,
      "min-zoomed-font-size": 7,
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
      "curve-style": "bezier",
      label: "data(text)",
      "font-size": 10,
      "min-zoomed-font-size": 7,
      color: "#111",
      "text-background-color": "#fff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
    },
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
