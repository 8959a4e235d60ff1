// Who may open what. The server enforces it; the web app only hides what would be refused.
import type { Role } from "../api";

/** Roles that see aggregates of the data (map, statistics, variants). */
export const DATA_ROLES: Role[] = ["analyst", "viewer"];
/** Roles that see single cases (case list, case inspector, quality examples). */
export const CASE_ROLES: Role[] = ["analyst"];
export const ADMIN_ROLES: Role[] = ["administrator"];
export const AUDIT_ROLES: Role[] = ["auditor"];
/** The legal page (registrations, the DPIA kit): the auditor/DPO approves, administrators propose and revoke. */
export const LEGAL_ROLES: Role[] = ["auditor", "administrator"];
export const ALL_ROLES: Role[] = ["administrator", "analyst", "viewer", "auditor"];

export function allowed(role: Role | undefined, roles: readonly Role[]): boolean {
  return role !== undefined && roles.includes(role);
}

/** The role a user would need, for the "needs ... role" message (the first of the list). */
export function neededRole(roles: readonly Role[]): Role {
  return roles[0] ?? "analyst";
}
