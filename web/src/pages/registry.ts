// The page registry: a page is one folder pages/<id>/ (its component and i18n namespace "<id>") plus one entry here.
//
// scope decides the URL and the navigation group:
//   global     /<segment>                          (e.g. /workspaces, /admin)
//   workspace  /w/:workspaceId/<segment>           (pages about one workspace)
//   log        /w/:workspaceId/l/:log/<segment>    (pages about one log; they share its filter stack)
// roles: who may open it; others see "needs <role> role" (the server refuses them anyway).
// The navigation label is the key "title" of the page's namespace in i18n/da.json and en.json.
import type { ComponentType } from "react";
import type { Role } from "../api";
import { ADMIN_ROLES, ALL_ROLES, AUDIT_ROLES, CASE_ROLES, DATA_ROLES, LEGAL_ROLES } from "../auth/roles";

export type PageScope = "global" | "workspace" | "log";

export interface PageDef {
  /** folder name under pages/ and i18n namespace */
  id: string;
  scope: PageScope;
  /** path segment after the scope prefix ("" for the scope's index page) */
  segment: string;
  roles: readonly Role[];
  load: () => Promise<{ default: ComponentType }>;
  /** shown in the navigation (default true) */
  nav?: boolean;
}

export const PAGES: PageDef[] = [
  { id: "workspaces", scope: "global", segment: "workspaces", roles: ALL_ROLES, load: () => import("./workspaces/WorkspacesPage") },
  { id: "logs", scope: "workspace", segment: "logs", roles: DATA_ROLES, load: () => import("./logs/LogsPage") },
  { id: "map", scope: "log", segment: "map", roles: DATA_ROLES, load: () => import("./map/MapPage") },
  { id: "cases", scope: "log", segment: "cases", roles: CASE_ROLES, load: () => import("./cases/CasesPage") },
  { id: "dotted", scope: "log", segment: "dotted", roles: CASE_ROLES, load: () => import("./dotted/DottedPage") },
  { id: "case", scope: "log", segment: "cases/:caseId", roles: CASE_ROLES, nav: false, load: () => import("./case/CasePage") },
  { id: "dashboard", scope: "log", segment: "dashboard", roles: DATA_ROLES, load: () => import("./dashboard/DashboardPage") },
  { id: "variants", scope: "log", segment: "variants", roles: DATA_ROLES, load: () => import("./variants/VariantsPage") },
  { id: "models", scope: "log", segment: "models", roles: DATA_ROLES, load: () => import("./models/ModelsPage") },
  { id: "conformance", scope: "log", segment: "conformance", roles: CASE_ROLES, load: () => import("./conformance/ConformancePage") },
  { id: "compare", scope: "workspace", segment: "compare", roles: DATA_ROLES, load: () => import("./compare/ComparePage") },
  { id: "import", scope: "workspace", segment: "import", roles: CASE_ROLES, load: () => import("./import/ImportPage") },
  { id: "effect", scope: "workspace", segment: "effect", roles: DATA_ROLES, load: () => import("./effect/EffectPage") },
  { id: "benchmark", scope: "log", segment: "benchmark", roles: DATA_ROLES, load: () => import("./benchmark/BenchmarkPage") },
  { id: "drift", scope: "log", segment: "drift", roles: CASE_ROLES, load: () => import("./drift/DriftPage") },
  { id: "compliance", scope: "log", segment: "compliance", roles: DATA_ROLES, load: () => import("./compliance/CompliancePage") },
  { id: "predictions", scope: "log", segment: "predictions", roles: DATA_ROLES, load: () => import("./predictions/PredictionsPage") },
  { id: "admin", scope: "global", segment: "admin", roles: ADMIN_ROLES, load: () => import("./admin/AdminPage") },
  { id: "audit", scope: "global", segment: "audit", roles: AUDIT_ROLES, load: () => import("./audit/AuditPage") },
  { id: "legal", scope: "global", segment: "legal", roles: LEGAL_ROLES, load: () => import("./legal/LegalPage") },
];

export function routePath(p: Pick<PageDef, "scope" | "segment">): string {
  const prefix = p.scope === "global" ? "" : p.scope === "workspace" ? "/w/:workspaceId" : "/w/:workspaceId/l/:log";
  return `${prefix}/${p.segment}`.replace(/\/$/, "") || "/";
}

/** The URL of a page for a workspace and log. */
export function pageUrl(p: Pick<PageDef, "scope" | "segment">, workspaceId?: number, log?: string): string {
  return routePath(p)
    .replace(":workspaceId", String(workspaceId ?? ""))
    .replace(":log", encodeURIComponent(log ?? ""));
}

export function pageById(id: string): PageDef {
  const p = PAGES.find((x) => x.id === id);
  if (!p) throw new Error(`no page ${id}`);
  return p;
}
