// The retention period of each log of a workspace (every role of the legal page sees them; an administrator sets
// one). The scheduled housekeeping deletes what a period no longer allows, and audits the counts.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { applyRetention, retention, setRetention, type RetentionReport } from "../../api/legal";
import { formatDateTime, formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";

export function RetentionSettings({ canSet }: { canSet: boolean }) {
  const { t, i18n } = useTranslation(["legal", "common"]);
  const lang = i18n.language;
  const workspaces = useAsync(() => api.workspaces(), []);
  const [chosenWs, setChosenWs] = useState<number | null>(null);
  const wsId = chosenWs ?? workspaces.data?.[0]?.id ?? null;
  const [version, setVersion] = useState(0);
  const periods = useAsync(
    (signal) => (wsId === null ? Promise.resolve([]) : retention(wsId, { signal })),
    [wsId, version],
  );
  const [log, setLog] = useState("");
  const [days, setDays] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [status, setStatus] = useState("");
  const chosenLog = log || periods.data?.[0]?.log || "";
  const [report, setReport] = useState<RetentionReport[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    if (wsId === null) return;
    setError(null);
    setBusy(true);
    try {
      setReport(await applyRetention(wsId, dryRun));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (wsId === null || !chosenLog) return;
    setError(null);
    setStatus("");
    try {
      const r = await setRetention(wsId, chosenLog, Number(days), reason);
      setStatus(t("retentionSaved", { log: r.log, days: formatNumber(r.days ?? 0, lang) }));
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err as Error);
    }
  }

  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">{t("retentionTitle")}</h2>
      <p className="muted">{t("retentionIntro")}</p>
      <ProblemMessage error={workspaces.error ?? periods.error} />
      {workspaces.data && workspaces.data.length > 1 ? (
        <div className="field">
          <label htmlFor="ret-ws">{t("workspace")}</label>
          <select id="ret-ws" value={wsId ?? ""} onChange={(e) => { setChosenWs(Number(e.target.value)); setLog(""); }}>
            {workspaces.data.map((w) => (
              <option key={w.id} value={w.id}>{w.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      {workspaces.data && workspaces.data.length === 0 ? <p>{t("noWorkspaces")}</p> : null}
      {periods.data && periods.data.length ? (
        <div className="table-scroll">
          <table className="data compact" data-testid="retention-table">
            <caption className="visually-hidden">{t("retentionTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("log")}</th>
                <th scope="col" className="num">{t("days")}</th>
                <th scope="col">{t("reason")}</th>
                <th scope="col">{t("setBy")}</th>
              </tr>
            </thead>
            <tbody>
              {periods.data.map((p) => (
                <tr key={p.log} data-testid={`retention-${p.log}`} data-days={p.days ?? ""}>
                  <th scope="row">{p.log}</th>
                  <td className="num">{p.days === null ? t("keptUntilDeleted") : formatNumber(p.days, lang)}</td>
                  <td>{p.reason || "–"}</td>
                  <td>{p.set_by ? t("setByOn", { who: p.set_by, when: formatDateTime(p.set_at ?? "", lang) }) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {periods.data && periods.data.length === 0 && wsId !== null ? <p>{t("noLogs")}</p> : null}
      {canSet && periods.data && periods.data.length ? (
        <form className="toolbar" onSubmit={submit} aria-labelledby="retention-form-title" data-testid="retention-form">
          <h3 id="retention-form-title" className="visually-hidden">{t("retentionSet")}</h3>
          <div className="field">
            <label htmlFor="ret-log">{t("log")}</label>
            <select id="ret-log" value={chosenLog} onChange={(e) => setLog(e.target.value)}>
              {periods.data.map((p) => (
                <option key={p.log} value={p.log}>{p.log}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ret-days">{t("days")}</label>
            <input id="ret-days" type="number" min={1} max={36600} required value={days} onChange={(e) => setDays(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="ret-reason">{t("reason")}</label>
            <input id="ret-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" data-testid="retention-submit">{t("retentionSet")}</button>
        </form>
      ) : null}
      {canSet && periods.data?.some((p) => p.days !== null) ? (
        <div className="buttons">
          <button type="button" disabled={busy} onClick={() => run(true)} data-testid="retention-dry-run">{t("retentionCount")}</button>
          {report?.every((r) => r.dry_run) ? (
            <button type="button" disabled={busy} onClick={() => run(false)} data-testid="retention-apply">
              {t("retentionApply")}
            </button>
          ) : null}
        </div>
      ) : null}
      {report ? (
        <div className="table-scroll">
          <table className="data compact" data-testid="retention-report" data-dry-run={report.every((r) => r.dry_run) ? "1" : "0"}>
            <caption>{t(report.every((r) => r.dry_run) ? "retentionWould" : "retentionDone")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("log")}</th>
                <th scope="col" className="num">{t("eventsDeleted")}</th>
                <th scope="col" className="num">{t("casesDeleted")}</th>
                <th scope="col" className="num">{t("predictionsDeleted")}</th>
                <th scope="col" className="num">{t("resultsDeleted")}</th>
                <th scope="col" className="num">{t("modelsFlagged")}</th>
              </tr>
            </thead>
            <tbody>
              {report.map((r) => (
                <tr key={r.log} data-testid={`retention-report-${r.log}`} data-events={r.events_deleted}>
                  <th scope="row">{r.log}</th>
                  <td className="num">{formatNumber(r.events_deleted, lang)}</td>
                  <td className="num">{formatNumber(r.cases_deleted, lang)}</td>
                  <td className="num">{formatNumber(r.predictions_deleted, lang)}</td>
                  <td className="num">{formatNumber(r.compliance_results_deleted, lang)}</td>
                  <td className="num">{formatNumber(r.models_flagged, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ProblemMessage error={error} />
      <p role="status" aria-live="polite" data-testid="retention-status">{status}</p>
    </section>
  );
}
