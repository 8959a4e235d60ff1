// Action plans, effect estimates and drift of a workspace (effect-*; docs/effect.md, docs/drift.md).
import { data, http, type RequestOptions } from "./client";
import type { Table } from "./types";

export interface Indicator {
  kind: "throughput" | "waiting" | "outcome_share" | "rework" | "volume";
  from_activities?: string[];
  to_activities?: string[];
  among?: string[];
  outcome?: string[];
  activities?: string[];
}

export interface InterventionIn {
  name: string;
  description?: string;
  start: string;
  log: string;
  unit_by: string | null;
  units: string[];
  case_types?: Record<string, string[]>;
  indicator: Indicator;
  period: "week" | "month";
  expected_direction?: "up" | "down" | null;
  expected_size?: number | null;
  follow_up?: string[];
}

export interface Intervention extends InterventionIn {
  id: number;
}

export interface FitRow {
  period: string;
  unit: string;
  observed: number;
  fitted: number;
  counterfactual: number;
  denominator: number;
  post: boolean;
  used: boolean;
}

export interface LawChange {
  day: string;
  starts: string[];
  ends: string[];
  laws: string[];
}

export interface Estimate {
  name: string;
  method: "its" | "did";
  scale: "ratio" | "difference";
  unit: string;
  start: string;
  period: "week" | "month";
  effect: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
  significant: boolean;
  n_pre: number;
  n_post: number;
  pre_fit: { r2: number | null; mape: number | null; n_periods: number };
  controls: string[];
  control_cells?: Record<string, { shown: number; hidden: number }> | null;
  pretrend_p: number | null;
  summary: string;
  assumptions: string[];
  known_events: string[];
  law_changes: LawChange[];
  fit: FitRow[];
}

export interface TimelineRow {
  day: string;
  kind: "law" | "intervention" | "indicator_change" | "process_change";
  label: string;
  detail: string;
}

export interface Drift {
  changes: Table<{ day: string; unit: string; before: number | null; after: number | null; ratio: number | null }>;
  transitions: Table<{ change: string; source: string; target: string; share_before: number; share_after: number; difference: number }>;
  distance: Table<{ period: string; distance: number | null; n_transitions: number }>;
  timeline: Table<TimelineRow>;
  period: string;
}

// The server's answers are open models (extra fields allowed), so the shapes above narrow them.
const ws = (workspace_id: number) => ({ workspace_id });

export const effectApi = {
  list: (w: number, opts?: RequestOptions) =>
    data(http.GET("/api/workspaces/{workspace_id}/interventions", { params: { path: ws(w) }, signal: opts?.signal })) as Promise<unknown> as Promise<Intervention[]>,
  create: (w: number, body: InterventionIn) =>
    data(http.POST("/api/workspaces/{workspace_id}/interventions", { params: { path: ws(w) }, body: body as never })) as Promise<unknown> as Promise<Intervention>,
  remove: (w: number, id: number) =>
    data(http.DELETE("/api/workspaces/{workspace_id}/interventions/{intervention_id}", { params: { path: { ...ws(w), intervention_id: id } } })),
  estimate: (w: number, id: number, method: "its" | "did", controls: "units" | "profiles" = "units") =>
    data(
      http.POST("/api/workspaces/{workspace_id}/interventions/{intervention_id}/estimate", {
        params: { path: { ...ws(w), intervention_id: id } },
        body: { method, controls },
      }),
    ) as Promise<unknown> as Promise<Estimate>,
  drift: (w: number, log: string, body: { by: string | null; unit: string | null; period: "week" | "month" }) =>
    data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/drift", { params: { path: { ...ws(w), log } }, body })) as Promise<unknown> as Promise<Drift>,
};

/** The category of a chart's period axis that holds ``day`` (the last period starting on or before it). */
export function periodOf(day: string, periods: string[]): string | undefined {
  let found: string | undefined;
  for (const p of periods) if (p <= day) found = p;
  return found;
}

export interface ProfileSummary {
  name: string;
  created_at: string;
  n_cases: number | null;
  min_group_size: number;
  public_key: string;
}

export interface Benchmark {
  names: string[];
  throughput: Array<Record<string, number | string | null>>;
  network: Array<{ month: string; median: number | null; low: number | null; high: number | null }>;
  transitions: Array<Record<string, number | string | null>>;
}

export const shareApi = {
  profiles: (w: number, opts?: RequestOptions) =>
    data(http.GET("/api/workspaces/{workspace_id}/profiles", { params: { path: ws(w) }, signal: opts?.signal })) as Promise<ProfileSummary[]>,
  benchmark: (w: number, log: string, caseType: string | null) =>
    data(
      http.POST("/api/workspaces/{workspace_id}/logs/{log}/benchmark", { params: { path: { ...ws(w), log } }, body: { case_type: caseType } }),
    ) as Promise<unknown> as Promise<Benchmark>,
};
