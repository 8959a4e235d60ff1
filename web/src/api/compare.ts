// Comparison of two filtered logs of a workspace (models-compare).
import { client, type RequestOptions } from "./client";
import type { FilterSpec, Quarantine, Table } from "./types";

export interface CompareRequest {
  log_a: string;
  log_b: string;
  filter_a: FilterSpec | null;
  filter_b: FilterSpec | null;
  alpha?: number;
  top_variants?: number;
}

/** Case-duration distributions with the tests (Mann-Whitney, Kolmogorov-Smirnov, Cliff's delta). */
export interface Durations {
  quantiles: Table<{ quantile: number; a: number | null; b: number | null; change: number | null }>;
  histogram: Table<{ bin_start: number; bin_end: number; n_a: number; n_b: number; share_a: number; share_b: number }>;
  [key: string]: unknown;
}

export interface Comparison {
  activities: Table;
  transitions: Table;
  variants: Table;
  durations: Durations;
  label_a: string;
  label_b: string;
  n_cases_a: number;
  n_cases_b: number;
  alpha: number;
  quarantine_a: Quarantine;
  quarantine_b: Quarantine;
}

export function compare(workspaceId: number, req: CompareRequest, opts?: RequestOptions) {
  return client.post<Comparison>(`/api/workspaces/${workspaceId}/compare`, req, opts); // models-compare
}
