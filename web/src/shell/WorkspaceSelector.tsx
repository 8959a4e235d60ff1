// Workspace and log pickers in the header; changing them keeps the current page when it exists for the target.
import { useId } from "react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { api, type Workspace } from "../api";
import { useAsync } from "../state/useAsync";
import { pageById, pageUrl, type PageDef } from "../pages/registry";

export function WorkspaceSelector({
  workspaces,
  workspaceId,
  log,
  page,
}: {
  workspaces: Workspace[];
  workspaceId?: number;
  log?: string;
  page?: PageDef;
}) {
  const { t } = useTranslation("shell");
  const navigate = useNavigate();
  const wsId = useId();
  const logId = useId();
  const logs = useAsync(
    () => (workspaceId && workspaces.some((w) => w.id === workspaceId) ? api.logs(workspaceId) : Promise.resolve([])),
    [workspaceId, workspaces],
  );
  const target = page && page.scope === "log" ? page : pageById("map");
  return (
    <div className="selector">
      <label htmlFor={wsId}>{t("workspace")}</label>
      <select
        id={wsId}
        data-testid="workspace-select"
        value={workspaceId && workspaces.some((w) => w.id === workspaceId) ? String(workspaceId) : ""}
        onChange={(e) => e.target.value && navigate(pageUrl(pageById("logs"), Number(e.target.value)))}
      >
        <option value="">{t("choose")}</option>
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <label htmlFor={logId}>{t("log")}</label>
      <select
        id={logId}
        data-testid="log-select"
        disabled={!logs.data?.length}
        value={log ?? ""}
        onChange={(e) => e.target.value && navigate(pageUrl(target, workspaceId, e.target.value))}
      >
        <option value="">{t("choose")}</option>
        {(logs.data ?? []).map((l) => (
          <option key={l.name} value={l.name}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
