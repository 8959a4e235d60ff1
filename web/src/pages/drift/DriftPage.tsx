// When did the flow change? Change points of the directly-follows distribution of a log (one unit), drawn on a
// timeline with the law changes of the rule pack and the registered interventions, and the transitions that moved.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { effectApi, periodOf, type Drift } from "../../api/effect";
import { EChart } from "../../charts/EChart";
import { formatNumber, formatPercent } from "../../i18n/format";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";

const COLORS: Record<string, string> = { process_change: "#b00020", law: "#555", intervention: "#0b4f8a", indicator_change: "#1a7f37" };

export default function DriftPage() {
  const { t, i18n } = useTranslation(["drift", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const [by, setBy] = useState("kommune");
  const [unit, setUnit] = useState("");
  const [period, setPeriod] = useState<"week" | "month">("week");
  const [result, setResult] = useState<Drift | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);

  async function run(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await effectApi.drift(workspaceId, log, { by: unit ? by : null, unit: unit || null, period }));
    } catch (err) {
      setResult(null);
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="drift-title">
      <h1 id="drift-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <form onSubmit={run} className="drift-form" aria-label={t("choose")}>
        <div className="field">
          <label htmlFor="drift-by">{t("unitBy")}</label>
          <input id="drift-by" value={by} onChange={(e) => setBy(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="drift-unit">{t("unit")}</label>
          <input id="drift-unit" value={unit} onChange={(e) => setUnit(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="drift-period">{t("period")}</label>
          <select id="drift-period" value={period} onChange={(e) => setPeriod(e.target.value as "week" | "month")}>
            <option value="week">{t("week")}</option>
            <option value="month">{t("month")}</option>
          </select>
        </div>
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy} data-testid="drift-run">
            {t("run")}
          </button>
        </div>
      </form>
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {result ? <Result d={result} lang={lang} /> : null}
    </section>
  );
}

function Result({ d, lang }: { d: Drift; lang: string }) {
  const { t } = useTranslation(["drift"]);
  const periods = d.distance.rows.map((r) => r.period);
  const option = useMemo(() => {
    const marks = d.timeline.rows
      .map((r) => ({ xAxis: periodOf(r.day, periods), lineStyle: { color: COLORS[r.kind] ?? "#555", type: r.kind === "process_change" ? "solid" : "dashed", width: 2 },
        label: { formatter: `${t(`kinds.${r.kind}`)} ${r.day}`, color: COLORS[r.kind] ?? "#555" } }))
      .filter((m) => m.xAxis !== undefined);
    return {
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [t("distance")] },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value", min: 0 },
      series: [{ name: t("distance"), type: "line", data: d.distance.rows.map((r) => r.distance), showSymbol: false, lineStyle: { color: "#0b4f8a" }, itemStyle: { color: "#0b4f8a" },
        markLine: { symbol: "none", data: marks } }],
    };
  }, [d, periods, t]);
  return (
    <section aria-labelledby="drift-result" data-testid="drift-result">
      <h2 id="drift-result">{t("resultTitle", { count: d.changes.rows.length })}</h2>
      <EChart option={option} label={t("chartLabel")} testId="drift-chart" height={300} />
      <h3 id="drift-timeline-title">{t("timeline")}</h3>
      <table className="data compact" data-testid="drift-timeline" aria-labelledby="drift-timeline-title">
        <thead>
          <tr>
            <th scope="col">{t("day")}</th>
            <th scope="col">{t("kind")}</th>
            <th scope="col">{t("label")}</th>
            <th scope="col">{t("detail")}</th>
          </tr>
        </thead>
        <tbody>
          {d.timeline.rows.map((r) => (
            <tr key={`${r.day}-${r.kind}-${r.label}`} data-kind={r.kind}>
              <td>{r.day}</td>
              <td>{t(`kinds.${r.kind}`)}</td>
              <td>{r.label}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.transitions.rows.length ? (
        <>
          <h3 id="drift-moved-title">{t("moved")}</h3>
          <table className="data compact" data-testid="drift-transitions" aria-labelledby="drift-moved-title">
            <thead>
              <tr>
                <th scope="col">{t("change")}</th>
                <th scope="col">{t("transition")}</th>
                <th scope="col" className="num">{t("before")}</th>
                <th scope="col" className="num">{t("after")}</th>
              </tr>
            </thead>
            <tbody>
              {d.transitions.rows.map((r) => (
                <tr key={`${r.change}-${r.source}-${r.target}`}>
                  <td>{r.change}</td>
                  <td>{r.source} → {r.target}</td>
                  <td className="num">{formatPercent(r.share_before, lang)}</td>
                  <td className="num">{formatPercent(r.share_after, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p className="muted">{t("points", { n: formatNumber(periods.length, lang) })}</p>
    </section>
  );
}
