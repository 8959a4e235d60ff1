// Comparison of two logs, periods or municipalities side by side: choose each side (log + optional timeframe),
// then see the key figures, the map differences, the variant differences and the case-duration distributions
// with the test result in plain words.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, type FilterSpec, type Table } from "../../api";
import { useAuth } from "../../auth/AuthContext";
import { compare, compareSplit, type Comparison } from "../../api/compare";
import { AttributeSelect, useAttributes, ValuePicker } from "../../filters/pickers";
import { useViewParam } from "../../state/view";
import { EChart } from "../../charts/EChart";
import { DateInput } from "../../components/DateInput";
import { QuarantineNote, withQuarantined } from "../../filters/QuarantineNote";
import { formatDuration, formatNumber, formatPercent } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { durationVerdict, pText, sideFilter, type DurationTests } from "./verdict";
import "./compare.css";

interface Side {
  log: string;
  start: string;
  end: string;
  mode: string;
}

const MODES = ["intersecting", "contained", "started", "ended"];

function SideForm({ id, label, side, logs, onChange }: { id: string; label: string; side: Side; logs: string[]; onChange: (s: Side) => void }) {
  const { t } = useTranslation(["compare", "filters"]);
  return (
    <fieldset className="compare-side" data-testid={`side-${id}`}>
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-log`}>{t("log")}</label>
        <select id={`${id}-log`} value={side.log} onChange={(e) => onChange({ ...side, log: e.target.value })}>
          {logs.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-start`}>{t("from")}</label>
        <DateInput id={`${id}-start`} value={side.start} onChange={(v) => onChange({ ...side, start: v })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-end`}>{t("until")}</label>
        <DateInput id={`${id}-end`} value={side.end} onChange={(v) => onChange({ ...side, end: v })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-mode`}>{t("mode")}</label>
        <select id={`${id}-mode`} value={side.mode} onChange={(e) => onChange({ ...side, mode: e.target.value })}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`filters:options.${m}`)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

/** Two logs that make a sensible first comparison: two municipalities of the same process when there are. */
function defaultPair(logs: string[]): [string, string] {
  const parts = logs.filter((l) => !l.endsWith("_alle"));
  const a = parts[0] ?? logs[0] ?? "";
  const prefix = a.split("_")[0];
  const b = parts.find((l) => l !== a && l.startsWith(prefix)) ?? logs.find((l) => l !== a) ?? a;
  return [a, b];
}

export default function ComparePage() {
  const { t, i18n } = useTranslation(["compare", "common"]);
  const lang = i18n.language;
  const { workspaceId } = useLogParams();
  const logs = useAsync(() => api.logs(workspaceId), [workspaceId]);
  const names = useMemo(() => (logs.data ?? []).map((l) => l.name), [logs.data]);
  const [a, setA] = useState<Side>({ log: "", start: "", end: "", mode: "intersecting" });
  const [b, setB] = useState<Side>({ log: "", start: "", end: "", mode: "intersecting" });
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [onlySignificant, setOnlySignificant] = useState(true);
  const [mode, setMode] = useViewParam("mode", "logs");
  const [splitLog, setSplitLog] = useViewParam("log", "");
  const [attribute, setAttribute] = useViewParam("attribute", "");
  const [groupA, setGroupA] = useState<string[]>([]);
  const [groupB, setGroupB] = useState<string[]>([]);
  const [restB, setRestB] = useState(false);
  const source = useMemo(() => ({ workspaceId, log: splitLog || names[0] || "", filter: null }), [workspaceId, splitLog, names]);
  const attrs = useAttributes(mode === "split" && source.log ? source : undefined);
  const [include, setInclude] = useState(false);
  const analyst = useAuth().user?.role === "analyst"; // viewers see the events the analyses see
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  useEffect(() => {
    if (names.length && !a.log) {
      // only fill a side the user has not chosen yet: the list renders before this effect runs, so a quick user
      // (or a busy machine) can pick a log in between, and the default must not overwrite that choice
      const [x, y] = defaultPair(names);
      setA((s) => (s.log ? s : { ...s, log: x }));
      setB((s) => (s.log ? s : { ...s, log: y }));
    }
  }, [names, a.log]);

  async function run(e?: FormEvent, inc: boolean = include) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "split") {
        const filter = withQuarantined(null, inc);
        setResult(await compareSplit(workspaceId, source.log, { attribute, a: groupA, b: restB ? null : groupB, top_variants: 15, filter }));
        return;
      }
      const fa: FilterSpec | null = withQuarantined(sideFilter(a.start, a.end, a.mode), inc);
      const fb: FilterSpec | null = withQuarantined(sideFilter(b.start, b.end, b.mode), inc);
      setResult(await compare(workspaceId, { log_a: a.log, log_b: b.log, filter_a: fa, filter_b: fb, top_variants: 15 }));
    } catch (err) {
      setResult(null);
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  function toggleInclude(on: boolean) {
    setInclude(on);
    void run(undefined, on);
  }

  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ProblemMessage error={logs.error} />
      <fieldset className="inline compare-mode">
        <legend>{t("modeTitle")}</legend>
        {(["logs", "split"] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="compare-mode" value={m} checked={mode === m} onChange={() => { setMode(m); setResult(null); }} data-testid={`compare-mode-${m}`} />
            {t(`modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <form onSubmit={run} className="compare-form" aria-label={t("choose")}>
        {mode === "split" ? (
          <>
            <fieldset className="compare-side" data-testid="split-form">
              <legend>{t("splitTitle")}</legend>
              <div className="field">
                <label htmlFor="split-log">{t("log")}</label>
                <select id="split-log" value={source.log} onChange={(e) => { setSplitLog(e.target.value); setAttribute(""); }}>
                  {names.map((l) => (
                    <option key={l} value={l}>{l}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="split-attribute">{t("splitBy")}</label>
                <AttributeSelect id="split-attribute" value={attribute} attributes={attrs.data ?? null} levels={["case"]} onChange={(v) => { setAttribute(v); setGroupA([]); setGroupB([]); }} />
              </div>
            </fieldset>
            {attribute ? (
              <>
                <div className="compare-side" data-testid="split-a">
                  <ValuePicker src={source} attribute={attribute} selected={groupA} multiple onChange={setGroupA} legend={t("groupA")} />
                </div>
                <div className="compare-side" data-testid="split-b">
                  <label className="check">
                    <input type="checkbox" checked={restB} onChange={(e) => setRestB(e.target.checked)} data-testid="split-rest" />
                    {t("groupBRest")}
                  </label>
                  {restB ? null : <ValuePicker src={source} attribute={attribute} selected={groupB} multiple onChange={setGroupB} legend={t("groupB")} />}
                </div>
              </>
            ) : null}
          </>
        ) : (
          <>
            <SideForm id="a" label={t("sideA")} side={a} logs={names} onChange={setA} />
            <SideForm id="b" label={t("sideB")} side={b} logs={names} onChange={setB} />
          </>
        )}
        <div className="buttons">
          <button
            type="submit"
            className="primary"
            disabled={busy || (mode === "split" ? !attribute || !groupA.length || (!restB && !groupB.length) : !a.log || !b.log)}
            data-testid="compare-run"
          >
            {t("run")}
          </button>
        </div>
      </form>
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {result ? (
        <>
          <QuarantineNote testId="quarantine-note-a" label={result.label_a} q={result.quarantine_a} included={include} onToggle={analyst ? toggleInclude : undefined} />
          {a.log !== b.log ? <QuarantineNote testId="quarantine-note-b" label={result.label_b} q={result.quarantine_b} included={include} onToggle={analyst ? toggleInclude : undefined} /> : null}
        </>
      ) : null}
      {result ? <Result r={result} lang={lang} onlySignificant={onlySignificant} setOnlySignificant={setOnlySignificant} /> : null}
    </section>
  );
}

function Result({ r, lang, onlySignificant, setOnlySignificant }: { r: Comparison; lang: string; onlySignificant: boolean; setOnlySignificant: (v: boolean) => void }) {
  const { t } = useTranslation(["compare", "common"]);
  const d = r.durations as Comparison["durations"] & Record<string, number | string | boolean | null>;
  const v = durationVerdict(r.durations as unknown as DurationTests);
  const hist = r.durations.histogram.rows;
  const option = useMemo(
    () => ({
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [r.label_a, r.label_b] },
      xAxis: { type: "category", data: hist.map((h) => formatDuration(h.bin_start, lang)) },
      yAxis: { type: "value", axisLabel: { formatter: (x: number) => formatPercent(x, lang) } },
      series: [
        { name: r.label_a, type: "bar", data: hist.map((h) => h.share_a), itemStyle: { color: "#0b4f8a" } },
        { name: r.label_b, type: "bar", data: hist.map((h) => h.share_b), itemStyle: { color: "#b35900" } },
      ],
    }),
    [hist, r.label_a, r.label_b, lang],
  );
  const hidden = ["activities", "transitions", "variants"].reduce((s, k) => s + Number((r[k as "activities"] as Table).meta.n_hidden ?? 0), 0);
  const kpis: [string, number | null, number | null, "n" | "d"][] = [
    [t("cases"), r.n_cases_a, r.n_cases_b, "n"],
    [t("meanDuration"), num(d.mean_a), num(d.mean_b), "d"],
    [t("medianDuration"), num(d.median_a), num(d.median_b), "d"],
    ...r.durations.quantiles.rows
      .filter((q) => q.quantile !== 0.5)
      .map((q) => [q.quantile === 0 ? t("shortest") : q.quantile === 1 ? t("longest") : t("quantile", { p: formatNumber(q.quantile * 100, lang) }), q.a, q.b, "d"] as [string, number | null, number | null, "d"]),
  ];
  const fmt = (x: number | null, kind: "n" | "d") => (kind === "n" ? formatNumber(x, lang) : formatDuration(x, lang));
  return (
    <div data-testid="compare-result">
      <h2>{t("resultTitle", { a: r.label_a, b: r.label_b })}</h2>
      <p className="notice verdict" data-testid="compare-verdict">
        {v.key === "unknown"
          ? t("verdict.unknown")
          : t(`verdict.${v.key}`, { a: r.label_a, b: r.label_b, p: pText(v.p, lang), effect: t(`effects.${v.effect}`), medianA: formatDuration(num(d.median_a), lang), medianB: formatDuration(num(d.median_b), lang) })}
      </p>
      {hidden ? <p className="muted">{t("hidden", { count: hidden, n: formatNumber(hidden, lang) })}</p> : null}
      <section aria-labelledby="cmp-kpi">
        <h3 id="cmp-kpi">{t("kpis")}</h3>
        <table className="data compact" data-testid="compare-kpis">
          <caption className="visually-hidden">{t("kpis")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("figure")}</th>
              <th scope="col" className="num">{r.label_a}</th>
              <th scope="col" className="num">{r.label_b}</th>
              <th scope="col" className="num">{t("difference")}</th>
            </tr>
          </thead>
          <tbody>
            {kpis.map(([label, x, y, kind]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{fmt(x, kind)}</td>
                <td className="num">{fmt(y, kind)}</td>
                <td className="num">{x !== null && y !== null ? signed(y - x, kind, lang) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="cmp-dist">
        <h3 id="cmp-dist">{t("distribution")}</h3>
        <EChart option={option} label={t("distributionLabel", { a: r.label_a, b: r.label_b })} testId="compare-chart" />
        <details>
          <summary>{t("asTable")}</summary>
          <table className="data compact">
            <caption>{t("distribution")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("bin")}</th>
                <th scope="col" className="num">{r.label_a}</th>
                <th scope="col" className="num">{r.label_b}</th>
              </tr>
            </thead>
            <tbody>
              {hist.map((h) => (
                <tr key={h.bin_start}>
                  <th scope="row">{t("binRange", { from: formatDuration(h.bin_start, lang), to: formatDuration(h.bin_end, lang) })}</th>
                  <td className="num">{t("countShare", { n: formatNumber(h.n_a, lang), share: formatPercent(h.share_a, lang) })}</td>
                  <td className="num">{t("countShare", { n: formatNumber(h.n_b, lang), share: formatPercent(h.share_b, lang) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      <label className="check">
        <input type="checkbox" checked={onlySignificant} onChange={(e) => setOnlySignificant(e.target.checked)} data-testid="only-significant" />
        {t("onlySignificant")}
      </label>
      <MapDiff title={t("transitions")} table={r.transitions} keyOf={(x) => t("arrow", { source: String(x.source), target: String(x.target) })} only={onlySignificant} r={r} lang={lang} testId="compare-transitions" />
      <MapDiff title={t("activities")} table={r.activities} keyOf={(x) => String(x.activity)} only={onlySignificant} r={r} lang={lang} testId="compare-activities" />
      <section aria-labelledby="cmp-var">
        <h3 id="cmp-var">{t("variants")}</h3>
        <div className="table-scroll">
          <table className="data compact" data-testid="compare-variants">
            <caption className="visually-hidden">{t("variants")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("variant")}</th>
                <th scope="col" className="num">{r.label_a}</th>
                <th scope="col" className="num">{r.label_b}</th>
                <th scope="col" className="num">{t("shareChange")}</th>
              </tr>
            </thead>
            <tbody>
              {r.variants.rows.map((x, i) => (
                <tr key={i}>
                  <th scope="row" className="variant-cell">{(x.activities as string[]).join(" → ")}</th>
                  <td className="num">{formatPercent(Number(x.share_a), lang)}</td>
                  <td className="num">{formatPercent(Number(x.share_b), lang)}</td>
                  <td className="num">{signedPoints(Number(x.share_change), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function MapDiff({ title, table, keyOf, only, r, lang, testId }: { title: string; table: Table; keyOf: (x: Record<string, unknown>) => string; only: boolean; r: Comparison; lang: string; testId: string }) {
  const { t } = useTranslation("compare");
  const rows = table.rows.filter((x) => !only || x.significant).slice(0, 40);
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? <p>{t("noneSignificant")}</p> : null}
      <div className="table-scroll">
        <table className="data compact" data-testid={testId}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col" className="num">{t("per100", { label: r.label_a })}</th>
              <th scope="col" className="num">{t("per100", { label: r.label_b })}</th>
              <th scope="col">{t("frequencyChange")}</th>
              <th scope="col" className="num">{t("meanTime", { label: r.label_a })}</th>
              <th scope="col" className="num">{t("meanTime", { label: r.label_b })}</th>
              <th scope="col" className="num">{t("timeChange")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={keyOf(x)}>
                <th scope="row">{keyOf(x)}</th>
                <td className="num">{formatNumber(x.per100_a as number, lang, 1)}</td>
                <td className="num">{formatNumber(x.per100_b as number, lang, 1)}</td>
                <td>{x.significant ? t(x.direction === "more" ? "moreOften" : "lessOften", { b: r.label_b }) : t("noChange")}</td>
                <td className="num">{formatDuration(x.mean_duration_s_a as number | null, lang)}</td>
                <td className="num">{formatDuration(x.mean_duration_s_b as number | null, lang)}</td>
                <td className="num">{x.duration_change_s == null ? "–" : signed(Number(x.duration_change_s), "d", lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function num(v: unknown): number | null {
  return typeof v === "number" && !Number.isNaN(v) ? v : null;
}

function signed(x: number, kind: "n" | "d", lang: string): string {
  const s = kind === "n" ? formatNumber(Math.abs(x), lang) : formatDuration(Math.abs(x), lang);
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

function signedPoints(x: number, lang: string): string {
  const s = formatNumber(Math.abs(x * 100), lang, 1);
  return x > 0 ? `+${s} pp` : x < 0 ? `−${s} pp` : `${s} pp`;
}
