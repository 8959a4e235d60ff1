// Compliance rules and results (tag "compliance"): rule packs, evaluations as jobs, summaries, rates over time,
// quotas (aggregates; groups below k hidden for viewers) and open cases near their deadline (analysts).
import { data, http, type RequestOptions } from "./client";
import type { components, operations } from "../client/schema";
import type { FilterSpec, Job } from "./types";

type S = components["schemas"];
export type Rule = S["RuleOut"];
export type RuleSet = S["RuleSetOut"];
export type ResultInfo = S["ResultInfo"];
/** One row of the summary or of the rates over time. */
export type RateRow = S["RateRow"];
export type QuotaRow = S["QuotaRow"];
export type DeadlineRow = S["CaseRuleRow"];
export type Rates = S["RatesOut"];

const W = (workspace_id: number) => ({ workspace_id });

export function pack(name: string, opts?: RequestOptions): Promise<RuleSet> {
  return data(http.GET("/api/compliance/packs/{pack}", { params: { path: { pack: name } }, ...opts }));
}

export function results(workspaceId: number, opts?: RequestOptions): Promise<ResultInfo[]> {
  return data(http.GET("/api/workspaces/{workspace_id}/compliance", { params: { path: W(workspaceId) }, ...opts }));
}

export function evaluate(
  workspaceId: number,
  log: string,
  body: { pack?: string; ruleset?: string; filter: FilterSpec | null; as_of?: string | null; name?: string },
): Promise<Job> {
  return data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/compliance", { params: { path: { ...W(workspaceId), log } }, body }));
}

export function summary(workspaceId: number, name: string, by: string | null, opts?: RequestOptions): Promise<Rates> {
  return data(
    http.GET("/api/workspaces/{workspace_id}/compliance/{name}/summary", {
      params: { path: { ...W(workspaceId), name }, query: by ? { by } : {} },
      ...opts,
    }),
  );
}

export type Frequency = NonNullable<NonNullable<operations["compliance-rates"]["parameters"]["query"]>["freq"]>;

export function rates(
  workspaceId: number,
  name: string,
  freq: Frequency,
  opts?: RequestOptions,
): Promise<Rates> {
  return data(
    http.GET("/api/workspaces/{workspace_id}/compliance/{name}/rates", { params: { path: { ...W(workspaceId), name }, query: { freq } }, ...opts }),
  );
}

export function quotas(workspaceId: number, name: string, opts?: RequestOptions) {
  return data(http.GET("/api/workspaces/{workspace_id}/compliance/{name}/quotas", { params: { path: { ...W(workspaceId), name } }, ...opts }));
}

export function approaching(workspaceId: number, name: string, days: number, opts?: RequestOptions) {
  return data(
    http.GET("/api/workspaces/{workspace_id}/compliance/{name}/approaching", { params: { path: { ...W(workspaceId), name }, query: { days } }, ...opts }),
  );
}

/** The export's URL (a plain link: the browser downloads it with the session cookie). */
export function exportUrl(workspaceId: number, name: string, table: string, format: "csv" | "xlsx"): string {
  const enc = encodeURIComponent;
  return `/api/workspaces/${workspaceId}/compliance/${enc(name)}/export?table=${enc(table)}&format=${format}`;
}
