// The workspaces of the user's municipality (all of them for a global administrator).
import { useEffect } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { useAuth } from "../../auth/AuthContext";
import { allowed, DATA_ROLES } from "../../auth/roles";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";

export default function WorkspacesPage() {
  const { t } = useTranslation(["workspaces", "common"]);
  const { user } = useAuth();
  const ws = useAsync(() => api.workspaces(), []);
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  const canOpen = allowed(user?.role, DATA_ROLES);
  return (
    <section aria-labelledby="ws-title">
      <h1 id="ws-title">{t("title")}</h1>
      <ProblemMessage error={ws.error} />
      {ws.loading ? <p role="status">{t("common:loading")}</p> : null}
      {ws.data && ws.data.length === 0 ? <p>{t("empty")}</p> : null}
      {ws.data && ws.data.length ? (
        <ul className="cards" data-testid="workspace-list">
          {ws.data.map((w) => (
            <li key={w.id} className="card">
              <h2>
                {canOpen ? <Link to={pageUrl(pageById("logs"), w.id)}>{w.name}</Link> : w.name}
              </h2>
              <p className="muted">{t("id", { id: w.id })}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {!canOpen ? <p className="muted">{t("noDataRole")}</p> : null}
    </section>
  );
}
