// Comparison of two filtered logs of a workspace (models-compare).
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";

type S = components["schemas"];
export type CompareRequest = S["CompareRequest"];
export type Comparison = S["CompareOut"];
export type Durations = S["DurationsOut"];

export function compare(workspace_id: number, body: CompareRequest, opts?: RequestOptions): Promise<Comparison> {
  return data(http.POST("/api/workspaces/{workspace_id}/compare", { params: { path: { workspace_id } }, body, ...opts }));
}

export type SplitRequest = S["SplitCompareRequest"];

/** Two groups of one log split by a case attribute (models-compare-split). */
export function compareSplit(workspace_id: number, log: string, body: SplitRequest, opts?: RequestOptions): Promise<Comparison> {
  return data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/compare/split", { params: { path: { workspace_id, log } }, body, ...opts }));
}
