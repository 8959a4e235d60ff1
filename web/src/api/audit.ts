// The auditor's view of the audit log: search (audit-search) and CSV export (audit-export).
import { data, http, type RequestOptions } from "./client";
import type { components, operations } from "../client/schema";

export type AuditEntry = components["schemas"]["AuditOut"];
export type AuditQuery = NonNullable<operations["audit-search"]["parameters"]["query"]>;

/** The query string of an audit search (empty values left out). */
export function auditQuery(q: AuditQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && String(v).trim() !== "") p.set(k, String(v).trim());
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Only the filled-in fields of a query. */
function filled<T extends object>(q: T): T {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== null && String(v).trim() !== "").map(([k, v]) => [k, typeof v === "string" ? v.trim() : v])) as T;
}

export function searchAudit(q: AuditQuery, opts?: RequestOptions) {
  return data(http.GET("/api/audit", { params: { query: filled(q) }, ...opts }));
}

export function exportAudit(q: AuditQuery): Promise<string> {
  const { limit: _l, offset: _o, ...rest } = q;
  return data(http.GET("/api/audit/export.csv", { params: { query: filled(rest) }, parseAs: "text" })) as Promise<string>;
}
