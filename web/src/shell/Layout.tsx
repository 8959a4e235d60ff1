// The app shell: skip link, header (product, workspace/log selector, language, user), navigation, main.
import type { ReactNode } from "react";
import { NavLink, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { useAuth } from "../auth/AuthContext";
import { allowed } from "../auth/roles";
import { PAGES, pageUrl, type PageDef } from "../pages/registry";
import { useAsync } from "../state/useAsync";
import { LanguageSwitch } from "./LanguageSwitch";
import { UserMenu } from "./UserMenu";
import { WorkspaceSelector } from "./WorkspaceSelector";

export function Layout({ page, children }: { page?: PageDef; children: ReactNode }) {
  const { t } = useTranslation(["shell", "common"]);
  const { user } = useAuth();
  const params = useParams();
  const workspaceId = params.workspaceId ? Number(params.workspaceId) : undefined;
  const log = params.log;
  const workspaces = useAsync(() => (user ? api.workspaces() : Promise.resolve([])), [user?.id]);
  const visible = PAGES.filter((p) => p.nav !== false && allowed(user?.role, p.roles)).filter(
    (p) => p.scope === "global" || (p.scope === "workspace" && workspaceId) || (p.scope === "log" && workspaceId && log),
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell:skipToContent")}
      </a>
      <header className="app-header">
        <a className="brand" href="/workspaces">
          Sagsflow
        </a>
        {user ? (
          <WorkspaceSelector workspaces={workspaces.data ?? []} workspaceId={workspaceId} log={log} page={page} />
        ) : null}
        <div className="header-end">
          <LanguageSwitch />
          <UserMenu />
        </div>
      </header>
      {user && visible.length ? (
        <nav className="app-nav" aria-label={t("shell:navigation")}>
          <ul>
            {visible.map((p) => (
              <li key={p.id}>
                <NavLink to={pageUrl(p, workspaceId, log)} end data-testid={`nav-${p.id}`}>
                  {t(`${p.id}:title`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
