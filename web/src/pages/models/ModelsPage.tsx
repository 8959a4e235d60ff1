// Process discovery: choose the discoverer (Split Miner: simple, precise BPMN; the inductive miner: sound by
// construction) and its parameters, see the BPMN model drawn with bpmn-js and its scores (alignment fitness,
// precision, F-score, size, gateways), download it as BPMN, PNML or SVG, and set it as the reference model of the
// conformance page in one click.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { discover, modelScores, type DiscoverRequest, type ModelScores } from "../../api/models";
import { useAuth } from "../../auth/AuthContext";
import { allowed, CASE_ROLES } from "../../auth/roles";
import { downloadText } from "../../api/download";
import { formatNumber, formatPercent } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { withView } from "../../state/view";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageUrl, PAGES } from "../registry";
import { ModelCanvas, type ModelCanvasHandle } from "../../features/conformance/ModelCanvas";
import { saveReference } from "../../features/conformance/reference";
import { modelSummary, type ModelSummary } from "./summary";
import "./models.css";

type Miner = "split" | "inductive";

function Slider({ id, label, value, onChange, text }: { id: string; label: string; value: number; onChange: (v: number) => void; text: string }) {
  return (
    <div className="slider">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="range" min={0} max={100} step={5} value={value} onChange={(e) => onChange(Number(e.target.value))} aria-valuetext={text} />
      <output htmlFor={id}>{text}</output>
    </div>
  );
}

export default function ModelsPage() {
  const { t, i18n } = useTranslation(["models", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps } = useFilters();
  const navigate = useNavigate();
  const [miner, setMiner] = useState<Miner>("split");
  const [eta, setEta] = useState(40);
  const [epsilon, setEpsilon] = useState(10);
  // Split Miner's inclusive (OR) gateways: replaced by default (faster alignments), kept on request (fits more)
  const [keepOrs, setKeepOrs] = useState(false);
  const [noise, setNoise] = useState(20);
  const [xml, setXml] = useState<string | null>(null);
  // the request the drawn model came from: downloads, scores and the reference are of that model
  const [drawnWith, setDrawnWith] = useState<DiscoverRequest | null>(null);
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [scores, setScores] = useState<ModelScores | null>(null);
  const [scoring, setScoring] = useState(false);
  const [scoreError, setScoreError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [drawn, setDrawn] = useState(false);
  const view = useRef<ModelCanvasHandle>(null);
  const scoring$ = useRef<AbortController | null>(null);
  const { user } = useAuth();
  const mayCheck = allowed(user?.role, CASE_ROLES);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);
  useEffect(() => () => scoring$.current?.abort(), []);

  const fraction = (v: number) => formatNumber(v / 100, lang, 2);
  const minerName = (m: Miner) => t(m === "split" ? "split" : "inductive");

  async function score(body: DiscoverRequest) {
    scoring$.current?.abort();
    const ctl = new AbortController();
    scoring$.current = ctl;
    setScoring(true);
    setScoreError(null);
    try {
      const s = await modelScores(workspaceId, log, body, { signal: ctl.signal });
      if (!ctl.signal.aborted) setScores(s);
    } catch (e) {
      if (!ctl.signal.aborted) setScoreError(e as Error);
    } finally {
      if (!ctl.signal.aborted) setScoring(false);
    }
  }

  async function run() {
    const body: DiscoverRequest = miner === "split"
      ? { filter: spec, miner, eta: eta / 100, epsilon: epsilon / 100, replace_ors: !keepOrs, format: "bpmn" }
      : { filter: spec, miner, noise_threshold: noise / 100, format: "bpmn" };
    scoring$.current?.abort();
    setBusy(true);
    setError(null);
    setDrawn(false);
    setScores(null);
    setScoring(false);
    setScoreError(null);
    try {
      const text = await discover(workspaceId, log, body);
      setXml(text);
      setDrawnWith(body);
      setSummary(modelSummary(new DOMParser().parseFromString(text, "application/xml")));
      void score(body);
    } catch (e) {
      setXml(null);
      setDrawnWith(null);
      setSummary(null);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  async function download(format: "bpmn" | "pnml") {
    if (!drawnWith) return;
    try {
      const text = format === "bpmn" && xml ? xml : await discover(workspaceId, log, { ...drawnWith, format });
      downloadText(text, `${log}.${format}`, "application/xml");
    } catch (e) {
      setError(e as Error);
    }
  }
  async function downloadSvg() {
    const svg = await view.current?.svg();
    if (svg) downloadText(svg, `${log}.svg`, "image/svg+xml");
  }
  function setReference() {
    if (!xml || !drawnWith) return;
    const params = drawnWith.miner === "split"
      ? `split-miner-eta${Math.round((drawnWith.eta ?? 0) * 100)}-eps${Math.round((drawnWith.epsilon ?? 0) * 100)}` +
        (drawnWith.replace_ors === false ? "-ors" : "")
      : `inductive-noise${Math.round((drawnWith.noise_threshold ?? 0) * 100)}`;
    saveReference(workspaceId, log, { name: `${log}-${params}.bpmn`, xml });
    const conformance = PAGES.find((p) => p.id === "conformance")!;
    navigate(withView(pageUrl(conformance, workspaceId, log), steps));
  }

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p className="muted">{t("intro")}</p>
      <div className="toolbar">
        <fieldset className="inline">
          <legend>{t("miner")}</legend>
          {(["split", "inductive"] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="miner" value={m} checked={miner === m} onChange={() => setMiner(m)} data-testid={`miner-${m}`} />
              {minerName(m)}
            </label>
          ))}
        </fieldset>
        {miner === "split" ? (
          <>
            <Slider id="eta" label={t("eta")} value={eta} onChange={setEta} text={fraction(eta)} />
            <Slider id="epsilon" label={t("epsilon")} value={epsilon} onChange={setEpsilon} text={fraction(epsilon)} />
            <label className="check">
              <input type="checkbox" checked={keepOrs} onChange={(e) => setKeepOrs(e.target.checked)} data-testid="keep-ors" />
              {t("keepOrs")}
            </label>
          </>
        ) : (
          <Slider id="noise" label={t("noise")} value={noise} onChange={setNoise} text={formatPercent(noise / 100, lang)} />
        )}
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
          {mayCheck ? (
            <button type="button" onClick={setReference} disabled={!xml} data-testid="set-reference">
              {t("setReference")}
            </button>
          ) : null}
        </div>
      </div>
      <p className="muted">{t(miner === "split" ? "splitHint" : "noiseHint")}</p>
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {xml && drawnWith ? (
        <section aria-labelledby="model-scores" className="card" data-testid="model-scores">
          <h2 id="model-scores">{t("scores", { miner: minerName(drawnWith.miner ?? "inductive") })}</h2>
          {scoring ? <p role="status">{t("scoring")}</p> : null}
          <ProblemMessage error={scoreError} />
          {scores ? (
            <>
              <table className="data compact scores">
                <caption className="visually-hidden">{t("scoresCaption")}</caption>
                <thead>
                  <tr>
                    {(["fitness", "precision", "fScore", "size", "gateways", "seconds"] as const).map((k) => (
                      <th scope="col" className="num" key={k}>{t(`score.${k}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td className="num" data-testid="score-fitness">{formatNumber(scores.fitness, lang, 3)}</td>
                    <td className="num" data-testid="score-precision">{formatNumber(scores.precision, lang, 3)}</td>
                    <td className="num" data-testid="score-f">{formatNumber(scores.f_score, lang, 3)}</td>
                    <td className="num">{formatNumber(scores.size, lang)}</td>
                    <td className="num" data-testid="score-gateways">{formatNumber(scores.gateways, lang)}</td>
                    <td className="num">{formatNumber(scores.seconds, lang, 1)}</td>
                  </tr>
                </tbody>
              </table>
              <p className="muted">{t("scoresHint", { n: formatNumber(scores.n_variants, lang) })}</p>
              {scores.n_variants_left_out ? (
                <p className="notice" data-testid="scores-left-out">
                  {t("leftOut", { n: formatNumber(scores.n_variants_left_out, lang), total: formatNumber(scores.n_variants, lang) })}
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      {xml ? (
        <>
          <ModelCanvas ref={view} xml={xml} label={t("canvasLabel", { log })} onError={setError} onDrawn={() => setDrawn(true)} />
          {drawn ? <span data-testid="bpmn-drawn" hidden /> : null}
          {mayCheck ? null : <p className="muted">{t("quality")}</p>}
        </>
      ) : null}
      {summary ? (
        <section aria-labelledby="model-summary">
          <h2 id="model-summary">{t("summary")}</h2>
          <p data-testid="model-counts">
            {t(summary.inclusive ? "countsInclusive" : "counts", {
              tasks: formatNumber(summary.tasks.length, lang), gateways: formatNumber(summary.gateways, lang),
              inclusive: formatNumber(summary.inclusive, lang), flows: formatNumber(summary.flows, lang),
            })}
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
