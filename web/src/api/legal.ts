// Registrations that enable prediction (an administrator proposes, the auditor approves; either revokes) and the
// DPIA kit written from the live configuration (registrations-*, legal-dpia).
import { client, type RequestOptions } from "./client";

export interface Registration {
  id: string;
  municipality_id: number;
  target_class: "capacity" | "deadline" | "citizen_outcome";
  targets: string[];
  status: "proposed" | "active" | "rejected" | "revoked" | "superseded";
  valid: boolean;
  expired: boolean;
  profiling: boolean;
  purpose: string;
  decisions_supported: string;
  end_users: string;
  frequency: string;
  identify_cases: boolean;
  legal_basis: { law: string; section: string; gdpr_articles: string[] };
  legal_basis_text: string;
  supersedes: string | null;
  dpia_reference: string;
  dpia_date: string;
  decision_maker: string;
  review_date: string;
  proposed_by: string;
  approved_by: string | null;
}

export type LegalDocument = "dpia" | "record" | "notice-citizens" | "notice-employees";
export const LEGAL_DOCUMENTS: LegalDocument[] = ["dpia", "record", "notice-citizens", "notice-employees"];

const enc = encodeURIComponent;

export function registrations(opts?: RequestOptions): Promise<Registration[]> {
  return client.get<Registration[]>("/api/registrations", opts);
}

export function approveRegistration(id: string): Promise<Registration> {
  return client.post<Registration>(`/api/registrations/${enc(id)}/approve`);
}

export function revokeRegistration(id: string, reason: string): Promise<Registration> {
  return client.post<Registration>(`/api/registrations/${enc(id)}/revoke`, { reason });
}

export function legalDocument(document: LegalDocument, lang: string): Promise<string> {
  return client.get<string>(`/api/legal/dpia?document=${enc(document)}&lang=${lang === "en" ? "en" : "da"}`, { as: "text" });
}

/** A GDPR article a registration may name (a fixed list), in the reader's language. */
export interface GdprArticle {
  key: string;
  text: string;
}

export function gdprArticles(opts?: RequestOptions): Promise<GdprArticle[]> {
  return client.get<GdprArticle[]>("/api/legal/gdpr-articles", opts); // legal-gdpr-articles
}

/** What an administrator proposes (registrations-propose); the auditor/DPO approves it. */
export interface RegistrationProposal {
  target_class: Registration["target_class"];
  targets: string[];
  purpose: string;
  decisions_supported: string;
  end_users: string;
  frequency: string;
  identify_cases: boolean;
  legal_basis: { law: string; section: string; gdpr_articles: string[] };
  dpia_reference: string;
  dpia_date: string;
  decision_maker: string;
  review_date: string;
  /** the registration this one changes (it stays in force until the change is approved) */
  supersedes?: string | null;
}

export function proposeRegistration(body: RegistrationProposal): Promise<Registration> {
  return client.post<Registration>("/api/registrations", body);
}

/** A log's retention period (days null: none set, kept until deleted by hand). */
export interface Retention {
  log: string;
  days: number | null;
  reason: string;
  set_by: string | null;
  set_at: string | null;
}

export function retention(workspaceId: number, opts?: RequestOptions): Promise<Retention[]> {
  return client.get<Retention[]>(`/api/workspaces/${workspaceId}/retention?include_unset=true`, opts); // retention-list
}

export function setRetention(workspaceId: number, log: string, days: number, reason: string): Promise<Retention> {
  return client.put<Retention>(`/api/workspaces/${workspaceId}/logs/${enc(log)}/retention`, { days, reason }); // retention-set
}

/** How employee data may be used (legal-settings): off / team level only / individual with a registered purpose. */
export interface EmployeeSettings {
  use: "off" | "team" | "individual";
  team_attribute: string | null;
  min_employees: number;
  purpose: string;
  purpose_reference: string;
}

/** The controller's facts the record of processing needs (GDPR art. 30(1)(a)). */
export interface ControllerFacts {
  name: string;
  address: string;
  contact: string;
  dpo: string;
  recipients: string[];
  processors: string[];
  transfers: string;
}

export interface LegalSettings {
  municipality_id: number;
  employees: EmployeeSettings;
  employees_text: string;
  controller: ControllerFacts;
}

export function legalSettings(opts?: RequestOptions): Promise<LegalSettings> {
  return client.get<LegalSettings>("/api/legal/settings", opts); // legal-settings
}

export function saveLegalSettings(body: { employees?: EmployeeSettings; controller?: ControllerFacts }): Promise<LegalSettings> {
  return client.put<LegalSettings>("/api/legal/settings", body); // legal-settings-update
}

/** What one retention run deleted (or, with dry_run, would delete) from one log. */
export interface RetentionReport {
  log: string;
  days: number;
  cutoff: string;
  events_deleted: number;
  cases_deleted: number;
  cases_truncated: number;
  events_kept: number;
  predictions_deleted: number;
  compliance_results_deleted: number;
  models_flagged: number;
  dry_run: boolean;
}

export function applyRetention(workspaceId: number, dryRun: boolean): Promise<RetentionReport[]> {
  return client.post<RetentionReport[]>(`/api/workspaces/${workspaceId}/retention/apply`, { dry_run: dryRun }); // retention-apply
}
