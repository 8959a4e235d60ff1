// The dashboard of a (filtered) log: key figures, throughput per week, work in progress, the case-duration
// distribution, the largest bottlenecks and the activity statistics. Every chart has a table with its figures.
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, type FilterStep } from "../../api";
import { overview, type CalendarMode } from "../../api/overview";
import { EChart } from "../../charts/EChart";
import { TableDetails } from "../../charts/TableDetails";
import { formatDate, formatDuration, formatNumber, formatPercent } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useAsync } from "../../state/useAsync";
import { useViewParam } from "../../state/view";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { histogramOption, histogramStep, throughputOption, throughputStep, wipOption, wipStep } from "./charts";
import "./dashboard.css";

export default function DashboardPage() {
  const { t, i18n } = useTranslation(["dashboard", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps, push } = useFilters();
  const [calendarParam, setCalendar] = useViewParam("calendar", "calendar");
  const calendar: CalendarMode = calendarParam === "working" ? "working" : "calendar";
  const filterBy = (step: FilterStep | null) => {
    if (step) push(step);
  };
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);
  const data = useAsync((signal) => overview(workspaceId, log, spec, calendar, { signal }), [workspaceId, log, spec, calendar]);
  const acts = useAsync((signal) => api.activityStatistics(workspaceId, log, spec, { signal }), [workspaceId, log, spec]);
  const o = data.data;
  const labels = useMemo(
    () => ({ started: t("started"), ended: t("ended"), wip: t("wip"), cases: t("cases") }),
    [t],
  );
  const thr = useMemo(() => (o ? throughputOption(o.throughput, labels, lang) : null), [o, labels, lang]);
  const wip = useMemo(() => (o ? wipOption(o.wip, labels, lang) : null), [o, labels, lang]);
  const hist = useMemo(() => (o ? histogramOption(o.duration_histogram, labels, lang) : null), [o, labels, lang]);
  const k = o?.kpis;

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="dashboard-calendar">{t("calendar")}</label>
          <select id="dashboard-calendar" value={calendar} onChange={(e) => setCalendar(e.target.value as CalendarMode)}>
            <option value="calendar">{t("calendarTime")}</option>
            <option value="working">{t("workingTime")}</option>
          </select>
        </div>
        <p className="counts">{steps.length ? t("filtered", { count: steps.length, n: formatNumber(steps.length, lang) }) : t("unfiltered")}</p>
      </div>
      <LogQuarantineNote />
      <ProblemMessage error={data.error} />
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {o && k ? (
        <>
          {o.min_group_size ? <p className="notice">{t("disclosure", { k: formatNumber(o.min_group_size, lang), count: o.n_hidden, n: formatNumber(o.n_hidden, lang) })}</p> : null}
          <ul className="kpis" data-testid="kpis" aria-label={t("kpis")}>
            <Kpi label={t("cases")} value={formatNumber(k.cases, lang)} />
            <Kpi label={t("events")} value={formatNumber(k.events, lang)} />
            <Kpi label={t("activities")} value={formatNumber(k.activities, lang)} />
            <Kpi label={t("variants")} value={formatNumber(k.variants, lang)} />
            <Kpi label={t("meanDuration")} value={formatDuration(k.mean_duration_s, lang)} />
            <Kpi label={t("medianDuration")} value={formatDuration(k.median_duration_s, lang)} />
            <Kpi label={t("p90Duration")} value={formatDuration(k.p90_duration_s, lang)} />
            <Kpi label={t("period")} value={t("fromTo", { from: formatDate(k.first_event, lang), to: formatDate(k.last_event, lang) })} />
          </ul>
          <div className="dash-grid">
            <section className="card" aria-labelledby="thr-title">
              <h2 id="thr-title">{t("throughput")}</h2>
              {thr ? <EChart option={thr} label={t("throughputLabel", { n: formatNumber(o.throughput.length, lang) })} testId="chart-throughput" onClick={(c) => filterBy(throughputStep(o.throughput, c.dataIndex, c.seriesIndex))} /> : null}
              <TableDetails
                summary={t("asTable")}
                caption={t("throughput")}
                columns={[{ label: t("week") }, { label: t("started"), num: true }, { label: t("ended"), num: true }]}
                rows={o.throughput.map((w) => ({ key: w.week, cells: [formatDate(w.week, lang), formatNumber(w.started, lang), formatNumber(w.ended, lang)] }))}
              />
            </section>
            <section className="card" aria-labelledby="wip-title">
              <h2 id="wip-title">{t("wipTitle")}</h2>
              {wip ? <EChart option={wip} label={t("wipLabel", { n: formatNumber(o.wip.length, lang) })} testId="chart-wip" onClick={(c) => filterBy(wipStep(o.wip, c.dataIndex))} /> : null}
              <TableDetails
                summary={t("asTable")}
                caption={t("wipTitle")}
                columns={[{ label: t("date") }, { label: t("wip"), num: true }]}
                rows={o.wip.map((w) => ({ key: w.date, cells: [formatDate(w.date, lang), formatNumber(w.wip, lang)] }))}
              />
            </section>
            <section className="card" aria-labelledby="hist-title">
              <h2 id="hist-title">{t("durations")}</h2>
              {hist ? <EChart option={hist} label={t("durationsLabel", { n: formatNumber(o.duration_histogram.length, lang) })} testId="chart-durations" onClick={(c) => filterBy(histogramStep(o.duration_histogram, c.dataIndex))} /> : null}
              <TableDetails
                summary={t("asTable")}
                caption={t("durations")}
                columns={[{ label: t("durationBin") }, { label: t("cases"), num: true }]}
                rows={o.duration_histogram.map((b) => ({
                  key: String(b.from_s),
                  cells: [t("binRange", { from: formatDuration(b.from_s, lang), to: formatDuration(b.to_s, lang) }), formatNumber(b.cases, lang)],
                }))}
              />
            </section>
            <section className="card" aria-labelledby="bn-title">
              <h2 id="bn-title">{t("bottlenecks")}</h2>
              <p className="muted">{t("bottlenecksHint")}</p>
              <div className="table-scroll">
                <table className="data" data-testid="bottlenecks">
                  <caption className="visually-hidden">{t("bottlenecks")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("transition")}</th>
                      <th scope="col" className="num">{t("cases")}</th>
                      <th scope="col" className="num">{t("medianWait")}</th>
                      <th scope="col" className="num">{t("totalWait")}</th>
                      <th scope="col" className="num">{t("shareOfWaiting")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.bottlenecks.slice(0, 10).map((b) => (
                      <tr key={`${b.source}→${b.target}`}>
                        <th scope="row">{t("arrow", { source: b.source, target: b.target })}</th>
                        <td className="num">{formatNumber(b.cases, lang)}</td>
                        <td className="num">{formatDuration(b.median_wait_s, lang)}</td>
                        <td className="num">{formatDuration(b.total_wait_s, lang)}</td>
                        <td className="num">{formatPercent(b.share, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
        </>
      ) : null}
      <section aria-labelledby="acts-title">
        <h2 id="acts-title">{t("activityStatistics")}</h2>
        <ProblemMessage error={acts.error} />
        {acts.data ? (
          <div className="table-scroll">
            <table className="data" data-testid="activity-statistics">
              <caption className="visually-hidden">{t("activityStatistics")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("activity")}</th>
                  <th scope="col" className="num">{t("events")}</th>
                  <th scope="col" className="num">{t("cases")}</th>
                  <th scope="col" className="num">{t("caseShare")}</th>
                  <th scope="col" className="num">{t("perCase")}</th>
                  <th scope="col" className="num">{t("medianProcessing")}</th>
                  <th scope="col" className="num">{t("medianWaiting")}</th>
                </tr>
              </thead>
              <tbody>
                {acts.data.rows.map((r) => (
                  <tr key={String(r.activity)}>
                    <th scope="row">{String(r.activity)}</th>
                    <td className="num">{formatNumber(r.n_events as number, lang)}</td>
                    <td className="num">{formatNumber(r.n_cases as number, lang)}</td>
                    <td className="num">{formatPercent(Number(r.case_share ?? 0), lang)}</td>
                    <td className="num">{formatNumber(r.mean_per_case as number, lang, 1)}</td>
                    <td className="num">{formatDuration(r.median_processing_s as number | null, lang)}</td>
                    <td className="num">{formatDuration(r.median_waiting_s as number | null, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </section>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <li className="kpi">
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </li>
  );
}
