// "Copy as Python": the notebook code that reproduces the current view with the Python API.
import type { FilterStep, MapRequest } from "../api";

/** A JSON value as a Python literal (True/False/None; strings as JSON strings, which Python reads too). */
export function toPython(value: unknown, indent = 0): string {
  const pad = "    ".repeat(indent + 1);
  const end = "    ".repeat(indent);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    const flat = value.every((v) => v === null || typeof v !== "object");
    if (flat) return `[${value.map((v) => toPython(v)).join(", ")}]`;
    return `[\n${value.map((v) => pad + toPython(v, indent + 1)).join(",\n")},\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return "{}";
  const inner = entries.map(([k, v]) => `${JSON.stringify(k)}: ${toPython(v, indent + 1)}`);
  const oneLine = `{${inner.join(", ")}}`;
  if (oneLine.length <= 80 && !oneLine.includes("\n")) return oneLine;
  return `{\n${inner.map((x) => pad + x).join(",\n")},\n${end}}`;
}

export interface PythonView {
  workspaceName: string;
  log: string;
  steps: FilterStep[];
  map?: Omit<MapRequest, "filter">;
  /** analysts see groups of any size; the Python default hides those below k */
  showSmallGroups?: boolean;
}

/** Python code reproducing the view: open the workspace, filter the log, compute the map. */
export function pythonCode(view: PythonView): string {
  const lines = [
    "import sagsflow",
    "",
    `# the folder of the workspace ${JSON.stringify(view.workspaceName)} on the server`,
    `ws = sagsflow.Workspace.open(${JSON.stringify(`PATH/TO/${view.workspaceName}`)})`,
  ];
  if (view.steps.length) {
    lines.push(`log = ws.log(${JSON.stringify(view.log)}).filter(${toPython({ version: 1, steps: view.steps })})`);
  } else {
    lines.push(`log = ws.log(${JSON.stringify(view.log)})`);
  }
  if (view.map) {
    const m = view.map;
    const args = [
      "log",
      `activities=${m.activities}`,
      `paths=${m.paths}`,
      `perspective=${JSON.stringify(m.perspective)}`,
      `measure=${JSON.stringify(m.measure)}`,
      `aggregation=${JSON.stringify(m.aggregation)}`,
    ];
    if (view.showSmallGroups) args.push("show_small_groups=True");
    lines.push(`m = sagsflow.discover_process_map(${args.join(", ")})`);
    lines.push("m  # drawn inline in Jupyter; m.save('map.svg'), m.to_dict()");
  } else {
    lines.push("log.n_cases, log.n_events");
  }
  return lines.join("\n") + "\n";
}
