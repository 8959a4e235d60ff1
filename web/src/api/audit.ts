// The auditor's view of the audit log: search (audit-search) and CSV export (audit-export).
import { client, type RequestOptions } from "./client";

export interface AuditEntry {
  id: number;
  time: string;
  user_id: number | null;
  username: string | null;
  municipality_id: number | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditQuery {
  username?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

/** The query string of an audit search (empty values left out). */
export function auditQuery(q: AuditQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && String(v).trim() !== "") p.set(k, String(v).trim());
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function searchAudit(q: AuditQuery, opts?: RequestOptions): Promise<AuditEntry[]> {
  return client.get<AuditEntry[]>(`/api/audit${auditQuery(q)}`, opts);
}

export function exportAudit(q: AuditQuery): Promise<string> {
  const { limit: _l, offset: _o, ...rest } = q;
  return client.get<string>(`/api/audit/export.csv${auditQuery(rest)}`, { as: "text" });
}
