// Predictive monitoring (tag "predictions"): train a model as a job, model versions and cards, and the open
// cases scored by risk with reasons (analysts).
import { client, type RequestOptions } from "./client";
import type { FilterSpec, Job } from "./types";

export interface ModelVersion {
  name: string;
  version: number;
  target: string;
  log: string;
  created_at: string;
  window: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface PolicyFeature {
  name: string;
  legal_basis?: string | null;
}

export interface TrainBody {
  name: string;
  target: string;
  filter: FilterSpec | null;
  policy?: { features: (string | PolicyFeature)[]; unit?: string | null };
  audit_attributes?: string[] | null;
  n_estimators?: number;
}

export interface ScoredCase {
  case_id: string;
  n_events: number;
  open_days: number;
  last_activity: string;
  remaining_days?: number | null;
  remaining_low?: number | null;
  remaining_high?: number | null;
  next_activity?: string | null;
  next_activity_p?: number | null;
  deadline_risk?: number | null;
  deadline?: string | null;
  outcome_risk?: number | null;
  reasons_da?: string | null;
  reasons_en?: string | null;
  model_versions: string;
}

export interface Scores {
  models: string[];
  run_id: string | null;
  as_of: string | null;
  n_total: number;
  columns: string[];
  rows: ScoredCase[];
}

const ws = (id: number) => `/api/workspaces/${id}`;
const enc = encodeURIComponent;

export function models(workspaceId: number, opts?: RequestOptions): Promise<ModelVersion[]> {
  return client.get<ModelVersion[]>(`${ws(workspaceId)}/prediction-models`, opts);
}

export function train(workspaceId: number, log: string, body: TrainBody): Promise<Job> {
  return client.post<Job>(`${ws(workspaceId)}/logs/${enc(log)}/prediction-models`, body);
}

export function card(workspaceId: number, name: string, version: number, format: "md" | "html", opts?: RequestOptions): Promise<string> {
  return client.request<string>("GET", `${ws(workspaceId)}/prediction-models/${enc(name)}/versions/${version}/card?format=${format}`, {
    ...opts,
    as: "text",
  });
}

export function score(
  workspaceId: number,
  log: string,
  body: { models: string[]; filter: FilterSpec | null; as_of?: string | null; limit?: number },
  opts?: RequestOptions,
): Promise<Scores> {
  return client.post<Scores>(`${ws(workspaceId)}/logs/${enc(log)}/predictions`, body, opts);
}
