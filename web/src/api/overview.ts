// The dashboard's overview (analysis-overview) and its payload types.
import { client, type RequestOptions } from "./client";
import type { FilterSpec } from "./types";

export interface Kpis {
  cases: number;
  events: number;
  activities: number;
  variants: number;
  mean_duration_s: number | null;
  median_duration_s: number | null;
  p90_duration_s: number | null;
  first_event: string | null;
  last_event: string | null;
}

export interface Overview {
  kpis: Kpis;
  throughput: { week: string; started: number | null; ended: number | null }[];
  wip: { date: string; wip: number | null }[];
  duration_histogram: { from_s: number; to_s: number; cases: number | null }[];
  bottlenecks: { source: string; target: string; cases: number; total_wait_s: number; share: number; median_wait_s: number }[];
  /** The series' time axis: isolated implausible dates (01-01-1900, 2099) left off, with how many events. */
  window: { start: string | null; end: string | null; n_events_outside: number | null };
  min_group_size: number | null;
  n_hidden: number;
}

export type CalendarMode = "calendar" | "working";

const path = (id: number, log: string) => `/api/workspaces/${id}/logs/${encodeURIComponent(log)}/statistics/overview`;

export function overview(id: number, log: string, filter: FilterSpec | null, calendar: CalendarMode, opts?: RequestOptions) {
  return client.post<Overview>(path(id, log), { filter, calendar }, opts); // analysis-overview
}
