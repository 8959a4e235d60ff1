// Checking a log against a reference model (an uploaded BPMN/PNML, or the model set as reference on the model
// page): start the job, show its real progress, then the fitness, what the model and the log
// call differently, and the deviations per activity. The table is never silently empty: it says why there are no
// rows (every case fits, or the rows were hidden from a viewer). The deviation share per activity goes back to the
// page through onDeviations, which colours the model with it.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FilterSpec, type Job } from "../../api";
import { conformanceResult, deviationByActivity, startConformance, type ConformanceResult } from "../../api/conformance";
import { formatNumber, formatPercent } from "../../i18n/format";
import { JobProgress } from "../../pages/JobProgress";
import { ProblemMessage } from "../../pages/ProblemMessage";
import { overlayClass } from "./overlay";

/** Task name -> marker class of the deviation overlay. */
export function deviationMarkers(result: ConformanceResult | null): Map<string, string> {
  const m = new Map<string, string>();
  for (const [a, share] of deviationByActivity(result?.activities)) {
    const cls = overlayClass(share);
    if (cls) m.set(a, cls);
  }
  return m;
}

export function ConformanceCheck({
  workspaceId,
  log,
  filter,
  model,
  onResult,
}: {
  workspaceId: number;
  log: string;
  filter: FilterSpec | null;
  model: File | null;
  onResult: (r: ConformanceResult | null) => void;
}) {
  const { t, i18n } = useTranslation("conformance");
  const lang = i18n.language;
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState<ConformanceResult | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    setJob(null);
    setResult(null);
    onResult(null);
    // a new model or filter: the old result no longer applies
  }, [model, JSON.stringify(filter)]);

  // poll the job, then read its result
  useEffect(() => {
    if (!job) return;
    if (job.state === "succeeded") {
      conformanceResult(workspaceId, job.id).then(
        (r) => {
          setResult(r);
          onResult(r);
        },
        (e: Error) => setError(e),
      );
      return;
    }
    if (job.state === "failed" || job.state === "cancelled") return;
    const id = setTimeout(() => api.job(job.id).then(setJob, (e: Error) => setError(e)), 700);
    return () => clearTimeout(id);
  }, [job, workspaceId]);

  async function start() {
    if (!model) return;
    setError(null);
    setResult(null);
    onResult(null);
    try {
      setJob(await startConformance(workspaceId, log, filter, model));
    } catch (e) {
      setError(e as Error);
    }
  }

  const running = job !== null && (job.state === "queued" || job.state === "running");
  return (
    <section className="card" aria-labelledby="conf-title" data-testid="conformance-check">
      <h2 id="conf-title">{t("checkTitle")}</h2>
      <p className="muted">{t("hint")}</p>
      <button type="button" className="primary" onClick={start} disabled={!model || running} data-testid="conformance-run">
        {t("run")}
      </button>
      <ProblemMessage error={error} />
      {job && !result ? <JobProgress job={job} id="conformance-progress" testId="conformance-job" t={t} lang={lang} /> : null}
      {result ? <Result r={result} lang={lang} /> : null}
    </section>
  );
}

function Result({ r, lang }: { r: ConformanceResult; lang: string }) {
  const { t } = useTranslation("conformance");
  const rows = r.activities.rows.filter((x) => (x.share_cases_deviating ?? 0) > 0);
  const hidden = Number(r.activities.meta.n_hidden ?? 0);
  const onlyLog = Object.entries(r.labels.log_only);
  const suggestions = Object.entries(r.labels.suggestions);
  return (
    <div data-testid="conformance-result">
      <p data-testid="conformance-fitness">
        {t("fitnessLine", {
          fitness: formatNumber(r.fitness, lang, 3),
          fitting: formatPercent((r.percent_fitting ?? 0) / 100, lang),
          cases: formatNumber(r.n_cases, lang),
          model: r.model,
        })}
      </p>
      {r.n_variants_fallback ? (
        <p className="notice" data-testid="conformance-fallback">
          {t("fallback", { n: formatNumber(r.n_variants_fallback, lang), cases: formatNumber(r.n_cases_fallback, lang) })}
        </p>
      ) : null}
      {r.model_warnings.length ? (
        <details className="notice" data-testid="conformance-warnings">
          <summary>{t("modelWarnings", { n: r.model_warnings.length })}</summary>
          <ul>
            {r.model_warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {onlyLog.length || r.labels.model_only.length ? (
        <div className="notice" data-testid="conformance-labels">
          <p>{t("labelsIntro")}</p>
          <ul>
            {r.labels.model_only.length ? <li>{t("modelOnly", { list: r.labels.model_only.join(", ") })}</li> : null}
            {onlyLog.length ? <li>{t("logOnly", { list: onlyLog.map(([a, n]) => `${a} (${formatNumber(n, lang)})`).join(", ") })}</li> : null}
            {suggestions.map(([a, b]) => (
              <li key={a}>{t("suggestion", { log: a, model: b })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul className="legend" aria-label={t("legend")}>
        <li><span className="swatch" style={{ background: "#fde9c8" }} />{t("devLow")}</li>
        <li><span className="swatch" style={{ background: "#f7b56b" }} />{t("devMid")}</li>
        <li><span className="swatch" style={{ background: "#e0703a" }} />{t("devHigh")}</li>
      </ul>
      <div className="table-scroll">
        <table className="data compact" data-testid="conformance-activities">
          <caption>{t("deviations")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("activity")}</th>
              <th scope="col">{t("where")}</th>
              <th scope="col" className="num">{t("skipped")}</th>
              <th scope="col" className="num">{t("unexpected")}</th>
              <th scope="col" className="num">{t("deviating")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={x.activity} data-activity={x.activity}>
                <th scope="row">{x.activity}</th>
                <td>{t(x.in_model ? (x.in_log ? "inBoth" : "inModelOnly") : "inLogOnly")}</td>
                <td className="num">{formatNumber(x.n_cases_skipped, lang)}</td>
                <td className="num">{formatNumber(x.n_cases_unexpected, lang)}</td>
                <td className="num">{formatPercent(x.share_cases_deviating ?? 0, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? (
        <p className="notice" data-testid="conformance-empty">
          {hidden
            ? t("emptyHidden", { n: formatNumber(hidden, lang), k: formatNumber(Number(r.activities.meta.min_group_size ?? 0), lang) })
            : (r.fitness ?? 0) >= 1
              ? t("emptyFits", { cases: formatNumber(r.n_cases, lang) })
              : t("emptyUnknown")}
        </p>
      ) : null}
    </div>
  );
}
