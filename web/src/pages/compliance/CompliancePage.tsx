// Compliance of a log: run the employment-dk rule pack (a background job with progress), then per rule the
// compliance rate with its law reference, a monthly trend (chart + table), cohort quotas and, for analysts, the
// open cases nearest their deadline. Viewers see the aggregates with groups below k hidden.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { approaching, evaluate, exportUrl, quotas, rates, results, summary } from "../../api/compliance";
import { useAuth } from "../../auth/AuthContext";
import { EChart } from "../../charts/EChart";
import { TableDetails } from "../../charts/TableDetails";
import { formatDate, formatNumber, formatPercent } from "../../i18n/format";
import { DateInput } from "../../components/DateInput";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { JobProgress } from "../JobProgress";
import { ProblemMessage } from "../ProblemMessage";
import { formatMonth, monthStep, trendOption } from "./charts";
import { ruleName } from "./rules";
import { useJob } from "./useJob";

const PACK = "employment-dk";

export default function CompliancePage() {
  const { t, i18n } = useTranslation(["compliance", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, push } = useFilters();
  const { user } = useAuth();
  const analyst = user?.role === "analyst";
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [asOf, setAsOf] = useState("");
  const [days, setDays] = useState(30);
  const [rule, setRule] = useState<string | null>(null);
  const [startError, setStartError] = useState<Error | null>(null);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  const list = useAsync((signal) => results(workspaceId, { signal }), [workspaceId, reload]);
  const mine = useMemo(() => (list.data ?? []).filter((r) => r.log === log), [list.data, log]);
  const name = selected && mine.some((r) => r.name === selected) ? selected : mine[0]?.name ?? null;
  const info = mine.find((r) => r.name === name);
  const rulesById = useMemo(() => new Map((info?.rules ?? []).map((r) => [r.id, r])), [info]);

  const job = useJob((j) => {
    setSelected(String(j.result?.name ?? ""));
    setReload((n) => n + 1);
  });

  const sum = useAsync((signal) => (name ? summary(workspaceId, name, null, { signal }) : Promise.resolve(null)), [workspaceId, name]);
  const trend = useAsync((signal) => (name ? rates(workspaceId, name, "month", { signal }) : Promise.resolve(null)), [workspaceId, name]);
  const quota = useAsync((signal) => (name ? quotas(workspaceId, name, { signal }) : Promise.resolve(null)), [workspaceId, name]);
  const near = useAsync(
    (signal) => (name && analyst ? approaching(workspaceId, name, days, { signal }) : Promise.resolve(null)),
    [workspaceId, name, days, analyst],
  );

  const judged = (sum.data?.rows ?? []).filter((r) => r.rate !== null);
  const trendRule = rule ?? judged[0]?.rule_id ?? null;
  const trendRows = useMemo(() => (trend.data?.rows ?? []).filter((r) => r.rule_id === trendRule), [trend.data, trendRule]);
  const option = useMemo(
    () => trendOption(trendRows, ruleName(rulesById.get(trendRule ?? ""), lang), lang),
    [trendRows, rulesById, trendRule, lang],
  );

  async function run(e: FormEvent) {
    e.preventDefault();
    setStartError(null);
    try {
      job.start(await evaluate(workspaceId, log, { pack: PACK, filter: spec, as_of: asOf || null }));
    } catch (err) {
      setStartError(err as Error);
    }
  }

  const j = job.job;
  const running = j !== null && (j.state === "queued" || j.state === "running");
  const hidden = sum.data?.meta.min_group_size as number | undefined;

  return (
    <section aria-labelledby="compliance-title">
      <h1 id="compliance-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p className="muted">{t("intro")}</p>

      {analyst ? (
        <form className="toolbar" onSubmit={run} aria-labelledby="run-title" data-testid="compliance-run">
          <h2 id="run-title" className="visually-hidden">{t("runTitle")}</h2>
          <div className="field">
            <label htmlFor="compliance-asof">{t("asOf")}</label>
            <DateInput id="compliance-asof" value={asOf} onChange={setAsOf} describedBy="compliance-asof-hint" />
            <small id="compliance-asof-hint" className="muted">{t("asOfHint")}</small>
          </div>
          <button type="submit" disabled={running} data-testid="compliance-start">{t("run", { pack: PACK })}</button>
        </form>
      ) : null}
      <ProblemMessage error={startError ?? job.error ?? undefined} />
      {j ? <JobProgress job={j} id="compliance-progress" testId="compliance-job" t={t} lang={lang} /> : null}

      <ProblemMessage error={list.error} />
      {mine.length ? (
        <div className="toolbar">
          <div className="field">
            <label htmlFor="compliance-result">{t("result")}</label>
            <select id="compliance-result" value={name ?? ""} onChange={(e) => setSelected(e.target.value)} data-testid="compliance-result">
              {mine.map((r) => (
                <option key={r.name} value={r.name}>
                  {t("resultOption", { name: r.name, date: formatDate(r.as_of, lang) })}
                </option>
              ))}
            </select>
          </div>
          {analyst && name ? (
            <p>
              <a href={exportUrl(workspaceId, name, "cases", "xlsx")} download data-testid="compliance-export">{t("exportCases")}</a>
              {" · "}
              <a href={exportUrl(workspaceId, name, "summary", "csv")} download>{t("exportSummary")}</a>
            </p>
          ) : null}
        </div>
      ) : list.data ? (
        <p className="notice" data-testid="compliance-empty">{analyst ? t("noResults") : t("noResultsViewer")}</p>
      ) : null}

      {info ? (
        <>
          {info.warnings.length ? (
            <details>
              <summary>{t("warnings", { count: info.warnings.length, n: formatNumber(info.warnings.length, lang) })}</summary>
              <ul>{info.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
            </details>
          ) : null}
          {hidden ? <p className="notice">{t("disclosure", { k: formatNumber(hidden, lang), count: Number(sum.data?.meta.n_hidden ?? 0), n: formatNumber(Number(sum.data?.meta.n_hidden ?? 0), lang) })}</p> : null}

          <section aria-labelledby="rules-title">
            <h2 id="rules-title">{t("rules")}</h2>
            <p className="muted">{t("asOfResult", { date: formatDate(info.as_of, lang) })}</p>
            <ProblemMessage error={sum.error} />
            <div className="table-scroll">
              <table className="data" data-testid="compliance-summary">
                <caption className="visually-hidden">{t("rules")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("rule")}</th>
                    <th scope="col">{t("law")}</th>
                    <th scope="col">{t("validity")}</th>
                    <th scope="col" className="num">{t("rate")}</th>
                    <th scope="col" className="num">{t("met")}</th>
                    <th scope="col" className="num">{t("violated")}</th>
                    <th scope="col" className="num">{t("pending")}</th>
                  </tr>
                </thead>
                <tbody>
                  {(sum.data?.rows ?? []).map((r) => {
                    const meta = rulesById.get(r.rule_id);
                    return (
                      <tr key={r.rule_id}>
                        <th scope="row">
                          <span className="rule-id">{r.rule_id}</span> {ruleName(meta, lang)}
                          {meta?.assumption ? (
                            <span className="badge" title={meta.assumption_text ?? ""}> {t("assumption")}</span>
                          ) : null}
                        </th>
                        <td>{meta?.law ?? "–"}</td>
                        <td>
                          {meta?.valid_from || meta?.valid_to
                            ? t("validFromTo", { from: meta?.valid_from ? formatDate(meta.valid_from, lang) : "…", to: meta?.valid_to ? formatDate(meta.valid_to, lang) : "…" })
                            : t("always")}
                        </td>
                        <td className="num">{r.rate === null ? "–" : formatPercent(r.rate, lang)}</td>
                        <td className="num">{formatNumber(r.n_met, lang)}</td>
                        <td className="num">{formatNumber(r.n_violated, lang)}</td>
                        <td className="num">{formatNumber(r.n_pending, lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="trend-title" className="card">
            <h2 id="trend-title">{t("trend")}</h2>
            <div className="field">
              <label htmlFor="compliance-trend-rule">{t("trendRule")}</label>
              <select id="compliance-trend-rule" value={trendRule ?? ""} onChange={(e) => setRule(e.target.value)}>
                {judged.map((r) => (
                  <option key={r.rule_id} value={r.rule_id}>
                    {r.rule_id} {ruleName(rulesById.get(r.rule_id), lang)}
                  </option>
                ))}
              </select>
            </div>
            <ProblemMessage error={trend.error} />
            {trendRows.length ? (
              <EChart option={option} label={t("trendLabel", { rule: trendRule ?? "", n: formatNumber(trendRows.length, lang) })} testId="compliance-trend" onClick={(c) => { const st = monthStep(trendRows, c.dataIndex); if (st) push(st); }} />
            ) : null}
            <TableDetails
              summary={t("asTable")}
              caption={t("trendCaption", { rule: trendRule ?? "" })}
              testId="compliance-trend-table"
              columns={[{ label: t("month") }, ...["rate", "met", "violated", "pending"].map((c) => ({ label: t(c), num: true }))]}
              rows={trendRows.map((r) => ({
                key: String(r.period),
                cells: [formatMonth(String(r.period), lang), r.rate === null ? "–" : formatPercent(r.rate, lang), formatNumber(r.n_met, lang), formatNumber(r.n_violated, lang), formatNumber(r.n_pending, lang)],
              }))}
            />
          </section>

          <section aria-labelledby="quota-title">
            <h2 id="quota-title">{t("quotas")}</h2>
            <ProblemMessage error={quota.error} />
            {quota.data && quota.data.rows.length === 0 ? <p className="muted" data-testid="compliance-no-quotas">{t("noQuotas")}</p> : null}
            {quota.data && quota.data.rows.length ? (
              <div className="table-scroll">
                <table className="data" data-testid="compliance-quotas">
                  <caption className="visually-hidden">{t("quotas")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("rule")}</th>
                      <th scope="col">{t("cohort")}</th>
                      <th scope="col" className="num">{t("cases")}</th>
                      <th scope="col" className="num">{t("share")}</th>
                      <th scope="col" className="num">{t("target")}</th>
                      <th scope="col">{t("status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {quota.data.rows.map((q) => (
                      <tr key={`${q.rule_id}-${q.cohort}`}>
                        <th scope="row">{q.rule_id} {ruleName(rulesById.get(q.rule_id), lang)}</th>
                        <td>{q.cohort}</td>
                        <td className="num">{formatNumber(q.n_cases, lang)}</td>
                        <td className="num">{q.share === null ? "–" : formatPercent(q.share, lang)}</td>
                        <td className="num">{formatPercent(q.target, lang)}</td>
                        <td>{t(`quotaStatus.${q.status}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>

          {analyst ? (
            <section aria-labelledby="deadline-title">
              <h2 id="deadline-title">{t("deadlines")}</h2>
              <div className="field">
                <label htmlFor="compliance-days">{t("withinDays")}</label>
                <input id="compliance-days" type="number" min={0} max={3650} value={days} onChange={(e) => setDays(Math.max(0, Number(e.target.value) || 0))} />
              </div>
              <ProblemMessage error={near.error} />
              {near.data ? (
                <>
                  <p className="muted" data-testid="compliance-deadline-count">
                    {t("deadlineCount", { count: Number(near.data.meta.n_total ?? near.data.rows.length), n: formatNumber(Number(near.data.meta.n_total ?? near.data.rows.length), lang), days: formatNumber(days, lang) })}
                  </p>
                  {near.data.rows.length ? (
                    <div className="table-scroll">
                      <table className="data" data-testid="compliance-deadlines">
                        <caption className="visually-hidden">{t("deadlines")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("case")}</th>
                            <th scope="col">{t("rule")}</th>
                            <th scope="col">{t("deadline")}</th>
                            <th scope="col" className="num">{t("daysLeft")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {near.data.rows.slice(0, 200).map((c) => (
                            <tr key={`${c.case_id}-${c.rule_id}`}>
                              <th scope="row">{c.case_id}</th>
                              <td>{c.rule_id} {ruleName(rulesById.get(c.rule_id), lang)}</td>
                              <td>{formatDate(c.deadline, lang)}</td>
                              <td className="num">{formatNumber(c.days_left, lang)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  ) : null}
                </>
              ) : null}
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
