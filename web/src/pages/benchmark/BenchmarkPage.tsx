// Benchmark: this log beside the profiles other municipalities shared (aggregates only, signed; docs/sharing.md):
// throughput time per month for each and the network's median, and the transitions that differ most.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { shareApi, type Benchmark } from "../../api/effect";
import { EChart } from "../../charts/EChart";
import { formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";

const PALETTE = ["#0b4f8a", "#b35900", "#1a7f37", "#6f42c1", "#b00020", "#555"];

export default function BenchmarkPage() {
  const { t, i18n } = useTranslation(["benchmark", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const profiles = useAsync(() => shareApi.profiles(workspaceId), [workspaceId]);
  const [caseType, setCaseType] = useState("");
  const [result, setResult] = useState<Benchmark | null>(null);
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
      setResult(await shareApi.benchmark(workspaceId, log, caseType || null));
    } catch (err) {
      setResult(null);
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="benchmark-title">
      <h1 id="benchmark-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ProblemMessage error={profiles.error} />
      <h2 id="benchmark-profiles-title">{t("profiles")}</h2>
      {profiles.data && profiles.data.length === 0 ? <p className="muted">{t("none")}</p> : null}
      {profiles.data && profiles.data.length ? (
        <table className="data compact" data-testid="benchmark-profiles" aria-labelledby="benchmark-profiles-title">
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("created")}</th>
              <th scope="col" className="num">{t("cases")}</th>
              <th scope="col" className="num">k</th>
              <th scope="col">{t("key")}</th>
            </tr>
          </thead>
          <tbody>
            {profiles.data.map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td>{p.created_at.slice(0, 10)}</td>
                <td className="num">{formatNumber(p.n_cases, lang)}</td>
                <td className="num">{p.min_group_size}</td>
                <td><code>{p.public_key.slice(0, 12)}…</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={run} className="benchmark-form" aria-label={t("choose")}>
        <div className="field">
          <label htmlFor="benchmark-case-type">{t("caseType")}</label>
          <input id="benchmark-case-type" value={caseType} onChange={(e) => setCaseType(e.target.value)} />
        </div>
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy} data-testid="benchmark-run">
            {t("run")}
          </button>
        </div>
      </form>
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {result ? <Result b={result} lang={lang} /> : null}
    </section>
  );
}

function Result({ b, lang }: { b: Benchmark; lang: string }) {
  const { t } = useTranslation(["benchmark"]);
  const months = b.throughput.map((r) => String(r.month));
  const option = useMemo(
    () => ({
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [...b.names, t("median")] },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", min: 0 },
      series: [
        ...b.names.map((n, i) => ({ name: n, type: "line", showSymbol: false, connectNulls: true, data: b.throughput.map((r) => r[n] ?? null),
          lineStyle: { color: PALETTE[i % PALETTE.length], width: i === 0 ? 3 : 1.5 }, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
        { name: t("median"), type: "line", showSymbol: false, connectNulls: true, data: b.network.map((r) => r.median), lineStyle: { color: "#555", type: "dashed" }, itemStyle: { color: "#555" } },
      ],
    }),
    [b, months, t],
  );
  const top = b.transitions.slice(0, 20);
  // each side's own most frequent transitions (per 100 cases), side by side
  const TOP_EACH = 5;
  const mostOf = b.names.map((n) =>
    b.transitions
      .filter((r) => typeof r[n] === "number")
      .sort((x, y) => (y[n] as number) - (x[n] as number))
      .slice(0, TOP_EACH),
  );
  return (
    <section aria-labelledby="benchmark-result" data-testid="benchmark-result">
      <h2 id="benchmark-result">{t("resultTitle", { own: b.names[0] })}</h2>
      <EChart option={option} label={t("chartLabel")} testId="benchmark-chart" height={300} />
      <h3 id="benchmark-top-title">{t("topEach")}</h3>
      <table className="data compact" data-testid="benchmark-top" aria-labelledby="benchmark-top-title">
        <thead>
          <tr>
            <th scope="col">#</th>
            {b.names.map((n) => (
              <th key={n} scope="col">{n}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: TOP_EACH }, (_, i) => (
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              {b.names.map((n, j) => {
                const r = mostOf[j][i];
                return (
                  <td key={n}>
                    {r ? `${String(r.source)} → ${String(r.target)} (${formatNumber(r[n] as number, lang, 1)})` : "–"}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="benchmark-transitions-title">{t("transitions")}</h3>
      <table className="data compact" data-testid="benchmark-transitions" aria-labelledby="benchmark-transitions-title">
        <thead>
          <tr>
            <th scope="col">{t("transition")}</th>
            {b.names.map((n) => (
              <th key={n} scope="col" className="num">{n}</th>
            ))}
            <th scope="col" className="num">{t("difference")}</th>
          </tr>
        </thead>
        <tbody>
          {top.map((r) => (
            <tr key={`${r.source}-${r.target}`}>
              <td>{String(r.source)} → {String(r.target)}</td>
              {b.names.map((n) => (
                <td key={n} className="num">{formatNumber(r[n] as number | null, lang, 1)}</td>
              ))}
              <td className="num">{formatNumber(r.difference as number | null, lang, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
