// Process discovery (models-discover): the model as BPMN 2.0 XML or PNML text; its scores (models-scores).
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

export type DiscoverRequest = components["schemas"]["DiscoverRequest"];
export type ModelScores = components["schemas"]["ModelScoresOut"];

/** Fitness, precision, F-score, size, gateways and seconds of the model `discover` gives for the same request. */
export function modelScores(workspace_id: number, log: string, body: DiscoverRequest, opts?: RequestOptions): Promise<ModelScores> {
  return data(
    http.POST("/api/workspaces/{workspace_id}/logs/{log}/discover/scores", { params: { path: { workspace_id, log } }, body, ...opts }),
  );
}
