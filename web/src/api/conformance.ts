// Conformance of a log against a reference model: an uploaded BPMN/PNML or the model discovered from the log
// (conformance-check as a job, conformance-result).
import { data, http } from "./client";
import type { components } from "../client/schema";
import type { FilterSpec, Job } from "./types";

export type ConformanceResult = components["schemas"]["ConformanceOut"];
export type CheckInfo = components["schemas"]["CheckInfo"];

/** Start a check of the (filtered) log against the reference `model` (BPMN or PNML); poll the job. */
export function startConformance(workspace_id: number, log: string, filter: FilterSpec | null, model: File): Promise<Job> {
  const form = new FormData();
  if (filter) form.append("filter", JSON.stringify(filter));
  form.append("file", model);
  return data(
    http.POST("/api/workspaces/{workspace_id}/logs/{log}/conformance", {
      params: { path: { workspace_id, log } },
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

export function conformanceResult(workspace_id: number, job_id: string): Promise<ConformanceResult> {
  return data(http.GET("/api/workspaces/{workspace_id}/conformance/{job_id}", { params: { path: { workspace_id, job_id } } }));
}

/** Activity -> share of cases deviating there (skipped or unexpected), for the overlay on the model. */
export function deviationByActivity(
  t: { columns?: string[]; rows: { activity: string; share_cases_deviating?: number | null }[]; meta?: unknown } | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of t?.rows ?? []) {
    const share = Number(r.share_cases_deviating ?? 0);
    if (typeof r.activity === "string" && share > 0) out.set(r.activity, share);
  }
  return out;
}
