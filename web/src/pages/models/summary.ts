// What a BPMN model holds, for the text alternative of the diagram: its activities, gateways and flows.

export interface ModelSummary {
  tasks: string[];
  gateways: number;
  /** inclusive (OR) gateways among them */
  inclusive: number;
  flows: number;
}

const BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";

export function modelSummary(doc: Document): ModelSummary {
  const all = (name: string) => Array.from(doc.getElementsByTagNameNS(BPMN, name));
  const tasks = all("task").map((e) => e.getAttribute("name") ?? "").filter(Boolean);
  const gateways = ["exclusiveGateway", "parallelGateway", "inclusiveGateway"].reduce((n, g) => n + all(g).length, 0);
  return {
    tasks: [...new Set(tasks)].sort((a, b) => a.localeCompare(b)), gateways,
    inclusive: all("inclusiveGateway").length, flows: all("sequenceFlow").length,
  };
}
