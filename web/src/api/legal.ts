// Registrations that enable prediction (an administrator proposes, the auditor approves; either revokes), the
// DPIA kit written from the live configuration, the legal settings (employee data, controller facts) and the
// logs' retention periods (registrations-*, legal-*, retention-*). Types come from the generated client.
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";

type S = components["schemas"];

/** A registration; the server's model types these three loosely (str, dict), the request model names them. */
export type Registration = Omit<S["RegistrationOut"], "target_class" | "status" | "legal_basis"> & {
  target_class: S["RegistrationIn"]["target_class"];
  status: "proposed" | "active" | "rejected" | "revoked" | "superseded";
  legal_basis: S["LegalBasisIn"];
};

export type LegalDocument = "dpia" | "record" | "notice-citizens" | "notice-employees";
export const LEGAL_DOCUMENTS: LegalDocument[] = ["dpia", "record", "notice-citizens", "notice-employees"];

export function registrations(opts?: RequestOptions): Promise<Registration[]> {
  return data(http.GET("/api/registrations", { signal: opts?.signal })) as Promise<Registration[]>;
}

export function approveRegistration(id: string): Promise<Registration> {
  return data(http.POST("/api/registrations/{reg_id}/approve", { params: { path: { reg_id: id } } })) as Promise<Registration>;
}

export function revokeRegistration(id: string, reason: string): Promise<Registration> {
  return data(
    http.POST("/api/registrations/{reg_id}/revoke", { params: { path: { reg_id: id } }, body: { reason } }),
  ) as Promise<Registration>;
}

export function legalDocument(document: LegalDocument, lang: string): Promise<string> {
  return data(
    http.GET("/api/legal/dpia", { params: { query: { document, lang: lang === "en" ? "en" : "da" } }, parseAs: "text" }),
  ) as Promise<string>;
}

/** A GDPR article a registration may name (a fixed list), in the reader's language. */
export type GdprArticle = S["GdprArticle"];

export function gdprArticles(opts?: RequestOptions): Promise<GdprArticle[]> {
  return data(http.GET("/api/legal/gdpr-articles", { signal: opts?.signal }));
}

/** What an administrator proposes (registrations-propose); the auditor/DPO approves it. */
export type RegistrationProposal = S["RegistrationIn"];

export function proposeRegistration(body: RegistrationProposal): Promise<Registration> {
  return data(http.POST("/api/registrations", { body })) as Promise<Registration>;
}

/** A log's retention period (days null: none set, kept until deleted by hand). */
export type Retention = S["RetentionOut"];

export function retention(workspaceId: number, opts?: RequestOptions): Promise<Retention[]> {
  return data(
    http.GET("/api/workspaces/{workspace_id}/retention", {
      params: { path: { workspace_id: workspaceId }, query: { include_unset: true } },
      signal: opts?.signal,
    }),
  );
}

export function setRetention(workspaceId: number, log: string, days: number, reason: string): Promise<Retention> {
  return data(
    http.PUT("/api/workspaces/{workspace_id}/logs/{log}/retention", {
      params: { path: { workspace_id: workspaceId, log } },
      body: { days, reason },
    }),
  );
}

/** How employee data may be used (legal-settings): off / team level only / individual with a registered purpose
 * (the server sends every field). */
export type EmployeeSettings = Required<S["EmployeesIn"]>;
/** The controller's facts the record of processing needs (GDPR art. 30(1)(a)); every field sent. */
export type ControllerFacts = Required<S["ControllerIn"]>;

export type LegalSettings = Omit<S["LegalSettingsOut"], "employees" | "controller"> & {
  employees: EmployeeSettings;
  controller: ControllerFacts;
};

export function legalSettings(opts?: RequestOptions): Promise<LegalSettings> {
  return data(http.GET("/api/legal/settings", { signal: opts?.signal })) as Promise<LegalSettings>;
}

export function saveLegalSettings(body: { employees?: EmployeeSettings; controller?: ControllerFacts }): Promise<LegalSettings> {
  return data(http.PUT("/api/legal/settings", { body })) as Promise<LegalSettings>;
}

/** What one retention run deleted (or, with dry_run, would delete) from one log. */
export type RetentionReport = S["RetentionReport"];

export function applyRetention(workspaceId: number, dryRun: boolean): Promise<RetentionReport[]> {
  return data(
    http.POST("/api/workspaces/{workspace_id}/retention/apply", {
      params: { path: { workspace_id: workspaceId } },
      body: { dry_run: dryRun },
    }),
  );
}
