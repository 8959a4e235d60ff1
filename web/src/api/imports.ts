// The import wizard's calls: preview a file (imports-preview), check its data quality before importing
// (imports-check), start an import job (imports-create), and the same from a database query
// (imports-sql-connections, imports-sql-preview, imports-create-sql).
import { data, http } from "./client";
import type { components } from "../client/schema";
import type { Job } from "./types";

/** A multipart form as the body: openapi-fetch sends FormData as it is. */
const multipart = (form: FormData) => ({ body: form as never, bodySerializer: (b: unknown) => b as FormData });

type S = components["schemas"];

/** One guess of the mapping inference (sagsflow.ingest.suggest.Decision): the most important come first. */
export type MappingDecision = S["DecisionOut"];

type DetectedFormat = S["TimestampFormatOut"];
/** A preview; a column read with several timestamp patterns has them comma-separated in `format` (as before). */
export type ImportPreview = Omit<S["PreviewOut"], "timestamp_formats"> & {
  timestamp_formats: Record<string, Omit<DetectedFormat, "format"> & { format: string }>;
};

function withTextFormats(p: S["PreviewOut"]): ImportPreview {
  const formats: ImportPreview["timestamp_formats"] = {};
  for (const [col, d] of Object.entries(p.timestamp_formats)) formats[col] = { ...d, format: Array.isArray(d.format) ? d.format.join(",") : d.format };
  return { ...p, timestamp_formats: formats };
}

export type ImportMode = NonNullable<S["Body_imports-create"]["mode"]>;

export function previewImport(workspaceId: number, file: File): Promise<ImportPreview> {
  const form = new FormData();
  form.append("file", file);
  return data(http.POST("/api/workspaces/{workspace_id}/imports/preview", { params: { path: { workspace_id: workspaceId } }, ...multipart(form) })).then(withTextFormats);
}

export function startImport(workspaceId: number, file: File, log: string, mappingYaml: string, mode: ImportMode): Promise<Job> {
  const form = new FormData();
  form.append("file", file);
  form.append("log", log);
  form.append("mapping", mappingYaml);
  form.append("mode", mode);
  return data(http.POST("/api/workspaces/{workspace_id}/imports", { params: { path: { workspace_id: workspaceId } }, ...multipart(form) }));
}

// ------------------------------------------------------------------ the quality check before importing

// the server always sends every field (the library's model dumps its defaults too)
export type QualityFinding = Omit<S["Finding"], "examples" | "breakdown"> & Required<Pick<S["Finding"], "examples" | "breakdown">>;
export type QualityColumn = S["ColumnQuality"];
export type QualityReport = Omit<Required<S["QualityReport"]>, "findings"> & { findings: QualityFinding[] };
export type Severity = QualityFinding["severity"];
export type Cell = string | number | boolean | null;

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
  return data(http.POST("/api/workspaces/{workspace_id}/imports/check", { params: { path: { workspace_id: workspaceId } }, ...multipart(form) }));
}

// ------------------------------------------------------------------ a database query as the source

export type SqlSource = S["SqlQuery"];
export type SqlParam = NonNullable<SqlSource["params"]>[string];

export function sqlConnections(workspaceId: number): Promise<{ name: string }[]> {
  return data(http.GET("/api/workspaces/{workspace_id}/imports/sql/connections", { params: { path: { workspace_id: workspaceId } } }));
}

/** The first rows of the query's result (n_rows counts the rows read for the preview, at most 200). */
export function previewSqlImport(workspaceId: number, source: SqlSource): Promise<ImportPreview> {
  return data(http.POST("/api/workspaces/{workspace_id}/imports/sql/preview", { params: { path: { workspace_id: workspaceId } }, body: { source } })).then(
    withTextFormats,
  );
}

export function startSqlImport(workspaceId: number, source: SqlSource, log: string, mappingYaml: string, mode: ImportMode): Promise<Job> {
  return data(
    http.POST("/api/workspaces/{workspace_id}/imports/sql", { params: { path: { workspace_id: workspaceId } }, body: { source, log, mapping: mappingYaml, mode } }),
  );
}
