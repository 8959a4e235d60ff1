// The logs of one workspace with their sizes and dates; a link opens the process map.
import { useEffect } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { formatDateTime, formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";

export default function LogsPage() {
  const { t, i18n } = useTranslation(["logs", "common"]);
  const { workspaceId } = useLogParams();
  const lang = i18n.language;
  const data = useAsync(
    async () => {
      const ws = await api.workspace(workspaceId);
      return { ws, logs: await api.logs(workspaceId) };
    },
    [workspaceId],
  );
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  return (
    <section aria-labelledby="logs-title">
      <h1 id="logs-title">
        {t("title")}
        {data.data ? `: ${data.data.ws.name}` : ""}
      </h1>
      <ProblemMessage error={data.error} />
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {data.data && data.data.logs.length === 0 ? <p>{t("empty")}</p> : null}
      {data.data && data.data.logs.length ? (
        <table className="data" data-testid="log-table">
          <caption className="visually-hidden">{t("caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col" className="num">{t("events")}</th>
              <th scope="col" className="num">{t("cases")}</th>
              <th scope="col" className="num">{t("activities")}</th>
              <th scope="col">{t("updated")}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.logs.map((l) => (
              <tr key={l.name}>
                <th scope="row">
                  <Link to={pageUrl(pageById("map"), workspaceId, l.name)}>{l.name}</Link>
                </th>
                <td className="num">{formatNumber(l.n_events, lang)}</td>
                <td className="num">{formatNumber(l.n_cases, lang)}</td>
                <td className="num">{formatNumber(l.n_activities, lang)}</td>
                <td>{formatDateTime(l.updated_at, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
