// Process discovery (models-discover): the model as BPMN 2.0 XML or PNML text.
import { client, type RequestOptions } from "./client";
import type { FilterSpec } from "./types";

export type ModelFormat = "bpmn" | "pnml";

export function discover(
  workspaceId: number,
  log: string,
  body: { filter: FilterSpec | null; noise_threshold: number; format: ModelFormat },
  opts?: RequestOptions,
): Promise<string> {
  return client.request<string>("POST", `/api/workspaces/${workspaceId}/logs/${encodeURIComponent(log)}/discover`, {
    ...opts,
    body,
    as: "text",
  });
}
