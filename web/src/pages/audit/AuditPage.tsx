// The auditor's view of the audit log: search by user, action (prefix) and period, page through the entries,
// and export the matching entries as CSV (the export itself is audited).
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { downloadText } from "../../api/download";
import { exportAudit, searchAudit, type AuditQuery } from "../../api/audit";
import { formatDateTime, formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";
import { toIso } from "./query";
import "./audit.css";

const PAGE = 100;

export default function AuditPage() {
  const { t, i18n } = useTranslation(["audit", "common"]);
  const lang = i18n.language;
  const [form, setForm] = useState({ username: "", action: "", since: "", until: "" });
  const [query, setQuery] = useState<AuditQuery>({ limit: PAGE, offset: 0 });
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  const data = useAsync((signal) => searchAudit(query, { signal }), [query]);
  const offset = query.offset ?? 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    setQuery({ username: form.username, action: form.action, since: toIso(form.since), until: toIso(form.until), limit: PAGE, offset: 0 });
  }
  async function exportCsv() {
    setError(null);
    try {
      downloadText(await exportAudit(query), "sagsflow-audit.csv", "text/csv");
    } catch (e) {
      setError(e as Error);
    }
  }

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <form className="toolbar" onSubmit={submit} aria-label={t("search")}>
        <div className="field">
          <label htmlFor="audit-user">{t("username")}</label>
          <input id="audit-user" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} data-testid="audit-username" />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("action")}</label>
          <input id="audit-action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} aria-describedby="audit-action-hint" list="audit-actions" data-testid="audit-action" />
          <datalist id="audit-actions">
            {["auth", "case", "case.read", "case.list", "import", "log", "user", "audit", "filter", "workspace"].map((a) => <option key={a} value={a} />)}
          </datalist>
          <span id="audit-action-hint" className="muted">{t("actionHint")}</span>
        </div>
        <div className="field">
          <label htmlFor="audit-since">{t("since")}</label>
          <input id="audit-since" type="datetime-local" value={form.since} onChange={(e) => setForm({ ...form, since: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-until">{t("until")}</label>
          <input id="audit-until" type="datetime-local" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
        </div>
        <div className="buttons">
          <button type="submit" className="primary" data-testid="audit-search">{t("search")}</button>
          <button type="button" onClick={exportCsv} data-testid="audit-export">{t("export")}</button>
        </div>
      </form>
      <ProblemMessage error={data.error ?? error} />
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {data.data ? (
        <>
          <p data-testid="audit-count">{t("count", { count: data.data.length, n: formatNumber(data.data.length, lang), from: formatNumber(offset + 1, lang) })}</p>
          <div className="table-scroll">
            <table className="data compact" data-testid="audit-table">
              <caption className="visually-hidden">{t("caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("time")}</th>
                  <th scope="col">{t("username")}</th>
                  <th scope="col">{t("action")}</th>
                  <th scope="col">{t("object")}</th>
                  <th scope="col">{t("details")}</th>
                  <th scope="col">{t("ip")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.time, lang)}</td>
                    <td>{e.username ?? "–"}</td>
                    <td><code>{e.action}</code></td>
                    <td>{e.object_type ? <code>{`${e.object_type}${e.object_id ? ` ${e.object_id}` : ""}`}</code> : "–"}</td>
                    <td className="details-cell">{e.details ? <code>{JSON.stringify(e.details)}</code> : "–"}</td>
                    <td>{e.ip ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="buttons" aria-label={t("paging")}>
            <button type="button" disabled={offset === 0} onClick={() => setQuery({ ...query, offset: Math.max(0, offset - PAGE) })}>{t("previous")}</button>
            <button type="button" disabled={data.data.length < PAGE} onClick={() => setQuery({ ...query, offset: offset + PAGE })}>{t("next")}</button>
          </nav>
        </>
      ) : null}
    </section>
  );
}
