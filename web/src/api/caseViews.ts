// Case-level views over time (analysts only, audited): the cases' movements for the map animation
// (cases-animation) and the dotted chart (cases-dotted-chart).
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";

type S = components["schemas"];
/** Arc traversals as parallel columns; source/target index ``nodes`` (the map's node ids); times in seconds
 * since ``t0``. */
export type Movements = S["AnimationOut"];
/** One point per event: case (its id in case_ids), activity (index into activities), time (ms since epoch). */
export type DottedChart = S["DottedOut"];

export const caseViews = {
  animation: (workspace_id: number, log: string, body: S["AnimationRequest"], opts?: RequestOptions): Promise<Movements> =>
    data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/animation", { params: { path: { workspace_id, log } }, body, ...opts })),
  dottedChart: (workspace_id: number, log: string, body: S["DottedRequest"], opts?: RequestOptions): Promise<DottedChart> =>
    data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/dotted-chart", { params: { path: { workspace_id, log } }, body, ...opts })),
};
