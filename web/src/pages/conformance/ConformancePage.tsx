// Conformance against a reference model ("det gode sagsforløb"): the model set as reference on the model page, or
// a BPMN drawn in any tool (bpmn.io, Camunda, Signavio, Apromore) or a PNML net uploaded here; see the model drawn,
// check the (filtered) log against it, and see the fitness and the deviations coloured on the model and listed in a
// table.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ConformanceResult } from "../../api/conformance";
import { ConformanceCheck, deviationMarkers } from "../../features/conformance/ConformanceCheck";
import { ModelCanvas } from "../../features/conformance/ModelCanvas";
import { clearReference, loadReference } from "../../features/conformance/reference";
import { formatNumber } from "../../i18n/format";
import { useFilters } from "../../state/filters";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";

export default function ConformancePage() {
  const { t, i18n } = useTranslation(["conformance", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps } = useFilters();
  // the model set as reference on the model page, until a file is uploaded here
  const [fromModels, setFromModels] = useState(() => loadReference(workspaceId, log));
  const [model, setModel] = useState<File | null>(() =>
    fromModels ? new File([fromModels.xml], fromModels.name, { type: "application/xml" }) : null,
  );
  const [xml, setXml] = useState<string | null>(fromModels?.xml ?? null);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<ConformanceResult | null>(null);
  const markers = useMemo(() => deviationMarkers(result), [result]);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  async function choose(file: File | undefined) {
    setError(null);
    setXml(null);
    setModel(file ?? null);
    if (!file) return;
    clearReference(workspaceId, log);
    setFromModels(null);
    if (/\.(bpmn|xml)$/i.test(file.name)) setXml(await file.text());
  }

  return (
    <section aria-labelledby="conformance-title">
      <h1 id="conformance-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <p className="muted">{t("intro")}</p>
      {fromModels ? (
        <p className="notice" data-testid="reference-from-models">
          {t("fromModels", { name: fromModels.name })}
        </p>
      ) : null}
      <div className="toolbar">
        <div className="field">
          <label htmlFor="model-file">{t(fromModels ? "uploadOther" : "upload")}</label>
          <input id="model-file" type="file" accept=".bpmn,.xml,.pnml" onChange={(e) => choose(e.target.files?.[0])} data-testid="model-file" aria-describedby="model-file-hint" />
          <small id="model-file-hint" className="muted">{t("uploadHint")}</small>
        </div>
        <p className="counts">{steps.length ? t("filtered", { n: formatNumber(steps.length, lang) }) : t("unfiltered")}</p>
      </div>
      <ProblemMessage error={error} />
      {xml ? (
        <ModelCanvas xml={xml} label={t("canvasLabel", { name: model?.name ?? "" })} onError={setError} markers={markers} />
      ) : model ? (
        <p className="muted">{t("notDrawn")}</p>
      ) : null}
      <ConformanceCheck workspaceId={workspaceId} log={log} filter={spec} model={model} onResult={setResult} />
    </section>
  );
}
