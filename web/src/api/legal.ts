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
  legal_basis_text: string;
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
