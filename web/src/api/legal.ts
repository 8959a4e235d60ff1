// Registrations that enable prediction (an administrator proposes, the auditor approves; either revokes) and the
// DPIA kit written from the live configuration (registrations-*, legal-dpia).
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";

export type Registration = components["schemas"]["RegistrationOut"];

export type LegalDocument = "dpia" | "record" | "notice-citizens" | "notice-employees";
export const LEGAL_DOCUMENTS: LegalDocument[] = ["dpia", "record", "notice-citizens", "notice-employees"];

export function registrations(opts?: RequestOptions): Promise<Registration[]> {
  return data(http.GET("/api/registrations", { signal: opts?.signal }));
}

export function approveRegistration(id: string): Promise<Registration> {
  return data(http.POST("/api/registrations/{reg_id}/approve", { params: { path: { reg_id: id } } }));
}

export function revokeRegistration(id: string, reason: string): Promise<Registration> {
  return data(http.POST("/api/registrations/{reg_id}/revoke", { params: { path: { reg_id: id } }, body: { reason } }));
}

export function legalDocument(document: LegalDocument, lang: string): Promise<string> {
  return data(
    http.GET("/api/legal/dpia", { params: { query: { document, lang: lang === "en" ? "en" : "da" } }, parseAs: "text" }),
  ) as Promise<string>;
}
