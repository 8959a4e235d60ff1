// Types of the REST API payloads (see /openapi.json and docs/server.md). Keep them close to the Pydantic models.

export type Role = "administrator" | "analyst" | "viewer" | "auditor";

export interface User {
  id: number;
  username: string;
  role: Role;
  municipality_id: number | null;
  active: boolean;
}

export interface LoginResult {
  user: User;
  csrf_token: string;
  expires_at: string;
}

export interface Municipality {
  id: number;
  name: string;
  code: string | null;
}

export interface Workspace {
  id: number;
  name: string;
  municipality_id: number;
}

export interface LogSummary {
  name: string;
  n_events: number;
  n_cases: number;
  n_activities: number;
  created_at: string;
  updated_at: string;
  /** the events outside the plausible period, which analyses leave out (the sizes count every stored event) */
  quarantine?: Quarantine | null;
}

/** One filter step as in docs/filters.md: a `type`, an `action` and the type's fields. */
export interface FilterStep {
  type: string;
  action?: "retain" | "remove";
  [field: string]: unknown;
}

export interface FilterSpec {
  version?: 1;
  steps: FilterStep[];
  /** count the events outside the log's plausible period too (they are left out by default) */
  include_quarantined?: boolean;
}

/** A log's plausible period and the events outside it (``QuarantineOut``); counts are null for viewers when they
 * rest on fewer than k cases. */
export interface Quarantine {
  first_day: string | null;
  last_day: string | null;
  source: "derived" | "set" | "partly set";
  n_events: number;
  n_quarantined: number | null;
  n_cases_affected: number | null;
  n_cases_left_out: number | null;
  n_unrepresentable: number | null;
  included: boolean;
}

export interface SavedFilter {
  id: number;
  name: string;
  workspace_id: number;
  owner_id: number;
  spec: FilterSpec;
  shared: boolean;
  created_at: string;
}

export type Measure = "frequency" | "cases" | "max_repetitions" | "duration";
export type Aggregation = "mean" | "median" | "min" | "max" | "total" | "p25" | "p75" | "p90" | "p95";
export const MEASURES: Measure[] = ["frequency", "cases", "max_repetitions", "duration"];
export const AGGREGATIONS: Aggregation[] = ["mean", "median", "min", "max", "total", "p25", "p75", "p90", "p95"];

export interface MapRequest {
  filter?: FilterSpec | null;
  activities: number;
  paths: number;
  perspective: string;
  measure: Measure;
  aggregation: Aggregation;
}

/** Duration statistics in seconds (count, mean, median, min, max, total, p25 ... p95). */
export type DurationStats = Record<string, number | null>;

export interface MapNode {
  id: string;
  label: string;
  kind: "start" | "end" | "node" | "other";
  frequency: number;
  cases: number;
  max_repetitions: number;
  duration: DurationStats | null;
  value: number | null;
}

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  frequency: number;
  cases: number;
  max_repetitions: number;
  duration: DurationStats | null;
  value: number | null;
}

export interface ProcessMap {
  perspective: string;
  overlay: { measure: Measure; aggregation: Aggregation };
  unit?: string;
  sliders?: { activities: number; paths: number };
  n_cases: number;
  n_events: number;
  totals?: { nodes: number; edges: number };
  nodes: MapNode[];
  edges: MapEdge[];
  disclosure?: Record<string, unknown> | null;
}

export interface Table<Row = Record<string, unknown>> {
  columns: string[];
  rows: Row[];
  meta: Record<string, unknown>;
}

export interface Job {
  id: string;
  kind: string;
  state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  progress: number;
  message: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  workspace_id: number | null;
}

/** A problem-details body (application/problem+json). */
export interface Problem {
  type?: string;
  status: number;
  message: string;
  hint?: string | null;
  field?: string | null;
}
