// Process discovery: the inductive miner on the (filtered) log with a noise threshold, the BPMN model drawn with
// bpmn-js, the model's activities as a list, and downloads as BPMN, PNML and SVG.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ConformanceResult } from "../../api/conformance";
import { discover } from "../../api/models";
import { useAuth } from "../../auth/AuthContext";
import { downloadText } from "../../api/download";
import { formatNumber, formatPercent } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { BpmnView, type BpmnViewHandle } from "../../features/conformance/BpmnView";
import { ConformanceCheck, deviationMarkers, type ModelSource } from "../../features/conformance/ConformanceCheck";
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
  const [conf, setConf] = useState<ConformanceResult | null>(null);
  const markers = useMemo(() => deviationMarkers(conf), [conf]);
  // the model checked is the one discovered with the noise it was drawn with
  const [drawnNoise, setDrawnNoise] = useState<number | null>(null);
  const checked = useMemo<ModelSource | null>(() => (drawnNoise === null ? null : { kind: "discovered", noise: drawnNoise }), [drawnNoise]);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  async function run() {
    setBusy(true);
    setError(null);
    setDrawn(false);
    setConf(null);
    try {
      const text = await discover(workspaceId, log, { filter: spec, noise_threshold: noise / 100, format: "bpmn" });
      setXml(text);
      setDrawnNoise(noise / 100);
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
            <ConformanceCheck workspaceId={workspaceId} log={log} filter={spec} model={checked} onResult={setConf} />
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
