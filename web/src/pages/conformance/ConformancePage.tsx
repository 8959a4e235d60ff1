// Conformance against the analyst's own reference model ("det gode sagsforløb"): upload a BPMN drawn in any tool
// (bpmn.io, Camunda, Signavio, Apromore) or a PNML net, see the model drawn, check the (filtered) log against it,
// and see the fitness and the deviations coloured on the model and listed in a table.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ConformanceResult } from "../../api/conformance";
import { BpmnView, type BpmnViewHandle } from "../../features/conformance/BpmnView";
import { ConformanceCheck, deviationMarkers, type ModelSource } from "../../features/conformance/ConformanceCheck";
import { formatNumber } from "../../i18n/format";
import { useFilters } from "../../state/filters";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";

export default function ConformancePage() {
  const { t, i18n } = useTranslation(["conformance", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps } = useFilters();
  const [model, setModel] = useState<ModelSource | null>(null);
  const [xml, setXml] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<ConformanceResult | null>(null);
  const view = useRef<BpmnViewHandle>(null);
  const markers = useMemo(() => deviationMarkers(result), [result]);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  async function choose(file: File | undefined) {
    setError(null);
    setXml(null);
    if (!file) return setModel(null);
    setModel({ kind: "file", file });
    if (/\.(bpmn|xml)$/i.test(file.name)) setXml(await file.text());
  }

  return (
    <section aria-labelledby="conformance-title">
      <h1 id="conformance-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <p className="muted">{t("intro")}</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="model-file">{t("upload")}</label>
          <input id="model-file" type="file" accept=".bpmn,.xml,.pnml" onChange={(e) => choose(e.target.files?.[0])} data-testid="model-file" aria-describedby="model-file-hint" />
          <small id="model-file-hint" className="muted">{t("uploadHint")}</small>
        </div>
        <p className="counts">{steps.length ? t("filtered", { n: formatNumber(steps.length, lang) }) : t("unfiltered")}</p>
      </div>
      <ProblemMessage error={error} />
      {xml ? (
        <>
          <div className="buttons" role="group" aria-label={t("zoom")}>
            <button type="button" onClick={() => view.current?.zoom(1.25)}>{t("zoomIn")}</button>
            <button type="button" onClick={() => view.current?.zoom(0.8)}>{t("zoomOut")}</button>
            <button type="button" onClick={() => view.current?.fit()}>{t("fit")}</button>
          </div>
          <BpmnView ref={view} xml={xml} label={t("canvasLabel", { name: model?.kind === "file" ? model.file.name : "" })} onError={setError} markers={markers} />
        </>
      ) : model ? (
        <p className="muted">{t("notDrawn")}</p>
      ) : null}
      <ConformanceCheck workspaceId={workspaceId} log={log} filter={spec} model={model} onResult={setResult} />
    </section>
  );
}
