// Conformance of a log against the model discovered from it (conformance-check as a job, conformance-result).
import { client } from "./client";
import type { FilterSpec, Job, Table } from "./types";

export interface ConformanceResult {
  job_id: string;
  log: string;
  model: string;
  n_cases: number;
  n_variants: number;
  fitness: number | null;
  log_fitness: number | null;
  percent_fitting: number | null;
  model_warnings: string[];
  activities: Table;
}

const base = (id: number) => `/api/workspaces/${id}`;

/** Start a check of the (filtered) log against the model discovered with `noise` (0..1); poll the job. */
export function startConformance(workspaceId: number, log: string, filter: FilterSpec | null, noise: number): Promise<Job> {
  const form = new FormData();
  if (filter) form.append("filter", JSON.stringify(filter));
  form.append("noise_threshold", String(noise));
  return client.request<Job>("POST", `${base(workspaceId)}/logs/${encodeURIComponent(log)}/conformance`, { form });
}

export function conformanceResult(workspaceId: number, jobId: string): Promise<ConformanceResult> {
  return client.get<ConformanceResult>(`${base(workspaceId)}/conformance/${encodeURIComponent(jobId)}`);
}

/** Activity -> share of cases deviating there (skipped or unexpected), for the overlay on the model. */
export function deviationByActivity(t: Table | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of t?.rows ?? []) {
    const share = Number(r.share_cases_deviating ?? 0);
    if (typeof r.activity === "string" && share > 0) out.set(r.activity, share);
  }
  return out;
}
