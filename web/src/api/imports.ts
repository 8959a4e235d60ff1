// The import wizard's calls: preview a file (imports-preview) and start an import job (imports-create).
import { client } from "./client";
import type { Job } from "./types";

export interface ImportPreview {
  columns: string[];
  rows: Record<string, string | null>[];
  n_rows: number;
  /** the suggested mapping as YAML, or null when no column could be the case id, activity or timestamp */
  suggested_mapping: string | null;
  confidence: Record<string, number>;
  notes: string[];
  timestamp_formats: Record<string, { format: string; share: number; examples: string[] }>;
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
