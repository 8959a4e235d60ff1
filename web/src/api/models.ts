// Process discovery (models-discover): the model as BPMN 2.0 XML or PNML text.
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";

export type ModelFormat = NonNullable<components["schemas"]["DiscoverRequest"]["format"]>;

export function discover(
  workspace_id: number,
  log: string,
  body: components["schemas"]["DiscoverRequest"],
  opts?: RequestOptions,
): Promise<string> {
  return data(
    http.POST("/api/workspaces/{workspace_id}/logs/{log}/discover", {
      params: { path: { workspace_id, log } },
      body,
      parseAs: "text",
      ...opts,
    }),
  ) as Promise<string>;
}
