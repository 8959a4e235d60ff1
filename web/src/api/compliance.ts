// Compliance rules and results (tag "compliance"): rule packs, evaluations as jobs, summaries, rates over time,
// quotas (aggregates; groups below k hidden for viewers) and open cases near their deadline (analysts).
import { client, type RequestOptions } from "./client";
import type { FilterSpec, Job, Table } from "./types";

export interface Rule {
  id: string;
  type: string;
  title: string;
  name_da: string | null;
  name_en: string | null;
  description: string | null;
  law: string | null;
  valid_from: string | null;
  valid_to: string | null;
  validity_date: string;
  assumption: boolean;
  assumption_text: string | null;
  quota: boolean;
  variants: string[];
}

export interface RuleSet {
  name: string;
  title_da: string | null;
  title_en: string | null;
  description: string | null;
  version: string | null;
  rules: Rule[];
  yaml: string;
}

export interface ResultInfo {
  name: string;
  log: string | null;
  as_of: string | null;
  created_at: string | null;
  n_rows: number | null;
  rules: Rule[];
  attributes: string[];
  warnings: string[];
}

/** One row of the summary or of the rates over time. */
export interface RateRow {
  rule_id: string;
  rule?: string;
  period?: string;
  rate: number | null;
  n_met: number;
  n_violated: number;
  n_pending: number;
  n_not_applicable: number;
  n_cases: number;
  [attribute: string]: unknown;
}

export interface QuotaRow {
  rule_id: string;
  cohort: string;
  n_cases: number;
  n_met: number;
  n_violated: number;
  n_pending: number;
  n_exempt: number;
  share: number | null;
  target: number;
  status: "met" | "violated" | "pending";
}

export interface DeadlineRow {
  case_id: string;
  rule_id: string;
  deadline: string | null;
  days_left: number | null;
  trigger_time: string | null;
  [attribute: string]: unknown;
}

const ws = (id: number) => `/api/workspaces/${id}`;
const enc = encodeURIComponent;

export function pack(name: string, opts?: RequestOptions): Promise<RuleSet> {
  return client.get<RuleSet>(`/api/compliance/packs/${enc(name)}`, opts);
}

export function results(workspaceId: number, opts?: RequestOptions): Promise<ResultInfo[]> {
  return client.get<ResultInfo[]>(`${ws(workspaceId)}/compliance`, opts);
}

export function evaluate(
  workspaceId: number,
  log: string,
  body: { pack?: string; ruleset?: string; filter: FilterSpec | null; as_of?: string | null; name?: string },
): Promise<Job> {
  return client.post<Job>(`${ws(workspaceId)}/logs/${enc(log)}/compliance`, body);
}

export function summary(workspaceId: number, name: string, by: string | null, opts?: RequestOptions): Promise<Table<RateRow>> {
  const q = by ? `?by=${enc(by)}` : "";
  return client.get<Table<RateRow>>(`${ws(workspaceId)}/compliance/${enc(name)}/summary${q}`, opts);
}

export function rates(workspaceId: number, name: string, freq: string, opts?: RequestOptions): Promise<Table<RateRow>> {
  return client.get<Table<RateRow>>(`${ws(workspaceId)}/compliance/${enc(name)}/rates?freq=${enc(freq)}`, opts);
}

export function quotas(workspaceId: number, name: string, opts?: RequestOptions): Promise<Table<QuotaRow>> {
  return client.get<Table<QuotaRow>>(`${ws(workspaceId)}/compliance/${enc(name)}/quotas`, opts);
}

export function approaching(workspaceId: number, name: string, days: number, opts?: RequestOptions): Promise<Table<DeadlineRow>> {
  return client.get<Table<DeadlineRow>>(`${ws(workspaceId)}/compliance/${enc(name)}/approaching?days=${days}`, opts);
}

/** The export's URL (a plain link: the browser downloads it with the session cookie). */
export function exportUrl(workspaceId: number, name: string, table: string, format: "csv" | "xlsx"): string {
  return `${ws(workspaceId)}/compliance/${enc(name)}/export?table=${enc(table)}&format=${format}`;
}
