// The import wizard's calls: preview a file (imports-preview), check its data quality before importing
// (imports-check), start an import job (imports-create), and the same from a database query
// (imports-sql-connections, imports-sql-preview, imports-create-sql).
import { client } from "./client";
import type { Job } from "./types";

/** One guess of the mapping inference (sagsflow.ingest.suggest.Decision): the most important come first. */
export interface MappingDecision {
  column: string;
  kind: "role" | "data_class" | "level" | "option";
  value: string;
  confidence: number;
  evidence: string;
  importance: number;
  needs_confirmation: boolean;
}

export interface ImportPreview {
  columns: string[];
  rows: Record<string, string | null>[];
  n_rows: number;
  /** the suggested mapping as YAML, or null when no column could be the case id, activity or timestamp */
  suggested_mapping: string | null;
  confidence: Record<string, number>;
  notes: string[];
  timestamp_formats: Record<string, { format: string; share: number; examples: string[] }>;
  /** the inference's decisions, the ones that matter most first */
  decisions?: MappingDecision[];
}

export type ImportMode = "append" | "create" | "replace";

export function previewImport(workspaceId: number, file: File): Promise<ImportPreview> {
  const form = new FormData();
  form.append("file", file);
  return client.request<ImportPreview>("POST", `/api/workspaces/${workspaceId}/imports/preview`, { form });
}

export function startImport(workspaceId: number, file: File, log: string, mappingYaml: string, mode: ImportMode): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  form.append("log", log);
  form.append("mapping", mappingYaml);
  form.append("mode", mode);
  return client.request<Job>("POST", `/api/workspaces/${workspaceId}/imports`, { form });
}

// ------------------------------------------------------------------ the quality check before importing

export type Severity = "error" | "warning" | "info";
export type Cell = string | number | boolean | null;

export interface QualityFinding {
  code: string;
  pattern: string;
  severity: Severity;
  /** what was found, what was measured and what it does to the analysis (English, from the library) */
  title: string;
  detail: string;
  effect: string;
  count: number;
  share: number;
  unit: "events" | "cases" | "labels" | "resources";
  /** a few affected cases, activities or rows (pseudonymised case-level data) */
  examples: Record<string, Cell>[];
  breakdown: Record<string, Cell>[];
  metrics?: Record<string, Cell>;
}

export interface QualityColumn {
  name: string;
  kind: "role" | "attribute";
  level: "event" | "case";
  dtype: string;
  data_class: string;
  in_source: boolean;
  n_missing: number;
  share_missing: number;
}

export interface QualityReport {
  overview: {
    log: string;
    n_events: number;
    n_cases: number;
    n_activities: number;
    n_resources: number;
    first_timestamp: string | null;
    last_timestamp: string | null;
    span_days: number | null;
  };
  columns: QualityColumn[];
  findings: QualityFinding[];
  parameters: Record<string, Cell>;
  generated_at: string;
}

/** The result of a succeeded imports-check job. */
export interface CheckResult {
  status: string;
  log: string;
  rows_read: number;
  events_added: number;
  warnings: string[];
  quality: QualityReport;
}

/** Start a job that imports the file into a throw-away workspace and reports its data quality (nothing is stored). */
export function checkImport(workspaceId: number, file: File, log: string, mappingYaml: string): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  form.append("log", log);
  form.append("mapping", mappingYaml);
  return client.request<Job>("POST", `/api/workspaces/${workspaceId}/imports/check`, { form });
}

// ------------------------------------------------------------------ a database query as the source

export type SqlParam = string | number | boolean | null;

export interface SqlSource {
  kind: "sql";
  /** a connection name of the server's settings (never a URL) */
  connection: string;
  /** one SELECT (or WITH ... SELECT) statement; bind parameters written :name */
  query: string;
  params?: Record<string, SqlParam> | null;
}

export function sqlConnections(workspaceId: number): Promise<{ name: string }[]> {
  return client.get<{ name: string }[]>(`/api/workspaces/${workspaceId}/imports/sql/connections`);
}

/** The first rows of the query's result (n_rows counts the rows read for the preview, at most 200). */
export function previewSqlImport(workspaceId: number, source: SqlSource): Promise<ImportPreview> {
  return client.post<ImportPreview>(`/api/workspaces/${workspaceId}/imports/sql/preview`, { source });
}

export function startSqlImport(workspaceId: number, source: SqlSource, log: string, mappingYaml: string, mode: ImportMode): Promise<Job> {
  return client.post<Job>(`/api/workspaces/${workspaceId}/imports/sql`, { source, log, mapping: mappingYaml, mode });
}
