// The quality report before importing, as the wizard shows it: findings most severe first, counts per
// severity, the columns with missing values, the table columns of a finding's examples and the text of a cell.
import type { Cell, CheckResult, QualityColumn, QualityFinding, Severity } from "../../api/imports";
import { formatDateTime, formatNumber } from "../../i18n/format";

export const SEVERITIES: Severity[] = ["error", "warning", "info"];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings most severe first; within a severity the larger share (then count) first; stable otherwise. */
export function sortFindings(findings: QualityFinding[]): QualityFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || b.f.share - a.f.share || b.f.count - a.f.count || a.i - b.i)
    .map(({ f }) => f);
}

/** How many findings of each severity. */
export function severityCounts(findings: QualityFinding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  return out;
}

/** The columns the file has (roles the mapping does not use are left out), most missing first. */
export function missingColumns(columns: QualityColumn[]): QualityColumn[] {
  return columns
    .filter((c) => c.in_source)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.share_missing - a.c.share_missing || a.i - b.i)
    .map(({ c }) => c);
}

/** The table columns of a list of example rows: every key, in the order first seen. */
export function tableColumns(rows: Record<string, Cell>[]): string[] {
  const seen: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.includes(k)) seen.push(k);
  return seen;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A cell as text: numbers and ISO timestamps in the user's locale, nothing as a dash. */
export function cellText(value: Cell | undefined, lang: string, yesNo: [string, string] = ["yes", "no"]): string {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "number") return formatNumber(value, lang, Number.isInteger(value) ? 0 : 2);
  if (typeof value === "boolean") return value ? yesNo[0] : yesNo[1];
  if (ISO_TIME.test(value)) return formatDateTime(value, lang);
  return value;
}

/** The check's result from a succeeded job, or null when it has no quality report. */
export function checkResultOf(result: Record<string, unknown> | null | undefined): CheckResult | null {
  const q = result?.quality as CheckResult["quality"] | undefined;
  if (!q || typeof q !== "object" || !q.overview || !Array.isArray(q.findings)) return null;
  return {
    status: String(result!.status ?? ""),
    log: String(result!.log ?? ""),
    rows_read: Number(result!.rows_read ?? 0),
    events_added: Number(result!.events_added ?? 0),
    warnings: Array.isArray(result!.warnings) ? (result!.warnings as unknown[]).map(String) : [],
    quality: { ...q, columns: Array.isArray(q.columns) ? q.columns : [] },
  };
}
