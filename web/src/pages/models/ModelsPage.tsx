// Process discovery: the inductive miner on the (filtered) log with a noise threshold, the BPMN model drawn with
// bpmn-js, the model's activities as a list, and downloads as BPMN, PNML and SVG.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Job } from "../../api";
import { conformanceResult, deviationByActivity, startConformance, type ConformanceResult } from "../../api/conformance";
import { discover } from "../../api/models";
import { useAuth } from "../../auth/AuthContext";
import { downloadText } from "../../api/download";
import { formatNumber, formatPercent } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { BpmnView, type BpmnViewHandle } from "./BpmnView";
import { overlayClass } from "./overlay";
import { modelSummary, type ModelSummary } from "./summary";
import "./models.css";

export default function ModelsPage() {
  const { t, i18n } = useTranslation(["models", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps } = useFilters();
  const [noise, setNoise] = useState(20);
  const [xml, setXml] = useState<string | null>(null);
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [drawn, setDrawn] = useState(false);
  const view = useRef<BpmnViewHandle>(null);
  const { user } = useAuth();
  const [check, setCheck] = useState<Job | null>(null);
  const [conf, setConf] = useState<ConformanceResult | null>(null);
  const deviations = useMemo(() => deviationByActivity(conf?.activities), [conf]);
  const markers = useMemo(() => {
    const m = new Map<string, string>();
    for (const [a, share] of deviations) {
      const cls = overlayClass(share);
      if (cls) m.set(a, cls);
    }
    return m;
  }, [deviations]);

  // poll the conformance job, then read its result
  useEffect(() => {
    if (!check) return;
    if (check.state === "succeeded") {
      conformanceResult(workspaceId, check.id).then(setConf, (e: Error) => setError(e));
      return;
    }
    if (check.state === "failed" || check.state === "cancelled") {
      setError(new Error(check.error ?? check.state));
      return;
    }
    const id = setTimeout(() => api.job(check.id).then(setCheck, (e: Error) => setError(e)), 500);
    return () => clearTimeout(id);
  }, [check, workspaceId]);

  async function runCheck() {
    setError(null);
    setConf(null);
    try {
      setCheck(await startConformance(workspaceId, log, spec, noise / 100));
    } catch (e) {
      setError(e as Error);
    }
  }
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  async function run() {
    setBusy(true);
    setError(null);
    setDrawn(false);
    setCheck(null);
    setConf(null);
    try {
      const text = await discover(workspaceId, log, { filter: spec, noise_threshold: noise / 100, format: "bpmn" });
      setXml(text);
      setSummary(modelSummary(new DOMParser().parseFromString(text, "application/xml")));
    } catch (e) {
      setXml(null);
      setSummary(null);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  async function download(format: "bpmn" | "pnml") {
    try {
      const text = format === "bpmn" && xml ? xml : await discover(workspaceId, log, { filter: spec, noise_threshold: noise / 100, format });
      downloadText(text, `${log}.${format}`, "application/xml");
    } catch (e) {
      setError(e as Error);
    }
  }
  async function downloadSvg() {
    const svg = await view.current?.svg();
    if (svg) downloadText(svg, `${log}.svg`, "image/svg+xml");
  }

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p className="muted">{t("intro")}</p>
      <div className="toolbar">
        <div className="slider">
          <label htmlFor="noise">{t("noise")}</label>
          <input id="noise" type="range" min={0} max={100} step={5} value={noise} onChange={(e) => setNoise(Number(e.target.value))} aria-valuetext={formatPercent(noise / 100, lang)} />
          <output htmlFor="noise">{formatPercent(noise / 100, lang)}</output>
        </div>
        <p className="counts">{steps.length ? t("filtered", { count: steps.length, n: formatNumber(steps.length, lang) }) : t("unfiltered")}</p>
        <div className="buttons">
          <button type="button" className="primary" onClick={run} disabled={busy} data-testid="discover">
            {t("discover")}
          </button>
          <button type="button" onClick={() => download("bpmn")} disabled={!xml} data-testid="download-bpmn">
            {t("downloadBpmn")}
          </button>
          <button type="button" onClick={() => download("pnml")} disabled={!xml} data-testid="download-pnml">
            {t("downloadPnml")}
          </button>
          <button type="button" onClick={downloadSvg} disabled={!drawn}>
            {t("downloadSvg")}
          </button>
        </div>
      </div>
      <p className="muted">{t("noiseHint")}</p>
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {xml ? (
        <>
          <div className="buttons" role="group" aria-label={t("zoom")}>
            <button type="button" onClick={() => view.current?.zoom(1.25)}>{t("zoomIn")}</button>
            <button type="button" onClick={() => view.current?.zoom(0.8)}>{t("zoomOut")}</button>
            <button type="button" onClick={() => view.current?.fit()}>{t("fit")}</button>
          </div>
          <BpmnView ref={view} xml={xml} label={t("canvasLabel", { log })} onError={setError} onDrawn={() => setDrawn(true)} markers={markers} />
          {drawn ? <span data-testid="bpmn-drawn" hidden /> : null}
          {user?.role === "analyst" ? (
            <section aria-labelledby="conf-title" className="card">
              <h2 id="conf-title">{t("conformance")}</h2>
              <p className="muted">{t("conformanceHint")}</p>
              <button type="button" onClick={runCheck} disabled={!!check && !conf && check.state !== "failed"} data-testid="conformance-run">
                {t("checkFitness")}
              </button>
              {check && !conf && (check.state === "queued" || check.state === "running") ? (
                <p role="status">{t("checking", { p: formatPercent(check.progress, lang) })}</p>
              ) : null}
              {conf ? (
                <div data-testid="conformance-result">
                  <p data-testid="conformance-fitness">
                    {t("fitnessLine", {
                      fitness: formatNumber(conf.fitness, lang, 3),
                      fitting: formatPercent((conf.percent_fitting ?? 0) / 100, lang),
                      cases: formatNumber(conf.n_cases, lang),
                    })}
                  </p>
                  <ul className="legend" aria-label={t("legend")}>
                    <li><span className="swatch" style={{ background: "#fde9c8" }} />{t("devLow")}</li>
                    <li><span className="swatch" style={{ background: "#f7b56b" }} />{t("devMid")}</li>
                    <li><span className="swatch" style={{ background: "#e0703a" }} />{t("devHigh")}</li>
                  </ul>
                  <table className="data compact" data-testid="conformance-activities">
                    <caption>{t("deviations")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("activity")}</th>
                        <th scope="col" className="num">{t("skipped")}</th>
                        <th scope="col" className="num">{t("unexpected")}</th>
                        <th scope="col" className="num">{t("deviating")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {conf.activities.rows.filter((r) => Number(r.share_cases_deviating ?? 0) > 0).map((r) => (
                        <tr key={String(r.activity)}>
                          <th scope="row">{String(r.activity)}</th>
                          <td className="num">{formatNumber(r.n_cases_skipped as number, lang)}</td>
                          <td className="num">{formatNumber(r.n_cases_unexpected as number, lang)}</td>
                          <td className="num">{formatPercent(Number(r.share_cases_deviating ?? 0), lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </section>
          ) : (
            <p className="muted">{t("quality")}</p>
          )}
        </>
      ) : null}
      {summary ? (
        <section aria-labelledby="model-summary">
          <h2 id="model-summary">{t("summary")}</h2>
          <p data-testid="model-counts">
            {t("counts", { tasks: formatNumber(summary.tasks.length, lang), gateways: formatNumber(summary.gateways, lang), flows: formatNumber(summary.flows, lang) })}
          </p>
          <details>
            <summary>{t("activities")}</summary>
            <ul className="model-tasks">
              {summary.tasks.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </section>
  );
}
