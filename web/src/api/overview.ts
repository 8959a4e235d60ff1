// The dashboard's overview (analysis-overview) and its payload types.
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";
import type { FilterSpec } from "./types";

export type Overview = components["schemas"]["OverviewOut"];
export type Kpis = components["schemas"]["Kpis"];
export type CalendarMode = NonNullable<components["schemas"]["OverviewRequest"]["calendar"]>;

export function overview(workspace_id: number, log: string, filter: FilterSpec | null, calendar: CalendarMode, opts?: RequestOptions) {
  return data(
    http.POST("/api/workspaces/{workspace_id}/logs/{log}/statistics/overview", {
      params: { path: { workspace_id, log } },
      body: { filter, calendar },
      ...opts,
    }),
  );
}
