// Did it work? The workspace's action plans (interventions) and, per intervention, the estimated effect on its
// indicator: interrupted time series or difference-in-differences, with the 95 % interval, the observed, fitted and
// counterfactual series on a chart (the start and the law changes marked), and the assumptions in words.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { effectApi, periodOf, type Estimate, type Indicator, type Intervention } from "../../api/effect";
import { useAuth } from "../../auth/AuthContext";
import { EChart } from "../../charts/EChart";
import { formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";

const KINDS: Indicator["kind"][] = ["waiting", "outcome_share", "throughput", "rework", "volume"];

function split(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

interface Form {
  name: string;
  start: string;
  log: string;
  unitBy: string;
  unit: string;
  kind: Indicator["kind"];
  first: string;
  second: string;
  period: "week" | "month";
  direction: "" | "up" | "down";
}

const EMPTY: Form = { name: "", start: "", log: "", unitBy: "kommune", unit: "", kind: "waiting", first: "", second: "", period: "month", direction: "" };

function indicatorOf(f: Form): Indicator {
  if (f.kind === "waiting") return { kind: "waiting", from_activities: split(f.first), to_activities: split(f.second) };
  if (f.kind === "outcome_share") return { kind: "outcome_share", among: split(f.first), outcome: split(f.second) };
  if (f.kind === "rework") return { kind: "rework", activities: split(f.first) };
  return { kind: f.kind };
}

export default function EffectPage() {
  const { t } = useTranslation(["effect", "common"]);
  const { workspaceId } = useLogParams();
  const analyst = useAuth().user?.role === "analyst";
  const [version, setVersion] = useState(0);
  const plans = useAsync(() => effectApi.list(workspaceId), [workspaceId, version]);
  const logs = useAsync(() => api.logs(workspaceId), [workspaceId]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<Error | null>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [busy, setBusy] = useState(false);
  const [controls, setControls] = useState<"units" | "profiles">("units");
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  useEffect(() => {
    const first = logs.data?.[0]?.name;
    if (first && !form.log) setForm((f) => (f.log ? f : { ...f, log: first })); // never overwrite a choice made meanwhile
  }, [logs.data, form.log]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await effectApi.create(workspaceId, {
        name: form.name, start: form.start, log: form.log, unit_by: form.unitBy || null, units: split(form.unit),
        indicator: indicatorOf(form), period: form.period, expected_direction: form.direction || null,
      });
      setForm({ ...EMPTY, log: form.log });
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err as Error);
    }
  }

  async function run(iv: Intervention, method: "its" | "did") {
    setBusy(true);
    setError(null);
    setEstimate(null);
    try {
      setEstimate(await effectApi.estimate(workspaceId, iv.id, method, controls));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  async function remove(iv: Intervention) {
    setError(null);
    try {
      await effectApi.remove(workspaceId, iv.id);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err as Error);
    }
  }

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <section aria-labelledby="effect-title">
      <h1 id="effect-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ProblemMessage error={plans.error ?? logs.error} />
      <h2>{t("register")}</h2>
      {plans.data && plans.data.length === 0 ? <p className="muted">{t("none")}</p> : null}
      {plans.data && plans.data.length && analyst ? (
        <p>
          <label htmlFor="effect-controls">{t("controlsChoice")}</label>{" "}
          <select id="effect-controls" data-testid="effect-controls" value={controls}
            onChange={(e) => setControls(e.target.value as "units" | "profiles")}>
            <option value="units">{t("controlsUnits")}</option>
            <option value="profiles">{t("controlsProfiles")}</option>
          </select>
        </p>
      ) : null}
      {plans.data && plans.data.length ? (
        <table className="data compact" data-testid="effect-plans">
          <caption className="visually-hidden">{t("register")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("start")}</th>
              <th scope="col">{t("log")}</th>
              <th scope="col">{t("units")}</th>
              <th scope="col">{t("indicator")}</th>
              {analyst ? <th scope="col">{t("actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {plans.data.map((iv) => (
              <tr key={iv.id}>
                <th scope="row">{iv.name}</th>
                <td>{iv.start}</td>
                <td>{iv.log}</td>
                <td>{iv.units.join(", ")}</td>
                <td>{t(`kinds.${iv.indicator.kind}`)}</td>
                {analyst ? (
                  <td className="buttons">
                    <button type="button" onClick={() => void run(iv, "its")} disabled={busy} data-testid={`its-${iv.id}`}>
                      {t("its")}
                    </button>
                    <button type="button" onClick={() => void run(iv, "did")} disabled={busy} data-testid={`did-${iv.id}`}>
                      {t("did")}
                    </button>
                    <button type="button" onClick={() => void remove(iv)} aria-label={`${t("remove")} ${iv.name}`}>
                      {t("remove")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {busy ? <p role="status">{t("common:loading")}</p> : null}
      <ProblemMessage error={error} />
      {estimate ? <Result e={estimate} /> : null}
      {analyst ? (
        <form onSubmit={add} className="effect-form" aria-labelledby="effect-add">
          <h2 id="effect-add">{t("add")}</h2>
          <div className="field">
            <label htmlFor="iv-name">{t("name")}</label>
            <input id="iv-name" required value={form.name} onChange={set("name")} />
          </div>
          <div className="field">
            <label htmlFor="iv-start">{t("start")}</label>
            <input id="iv-start" type="date" required value={form.start} onChange={set("start")} />
          </div>
          <div className="field">
            <label htmlFor="iv-log">{t("log")}</label>
            <select id="iv-log" value={form.log} onChange={set("log")}>
              {(logs.data ?? []).map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="iv-unit-by">{t("unitBy")}</label>
            <input id="iv-unit-by" value={form.unitBy} onChange={set("unitBy")} />
          </div>
          <div className="field">
            <label htmlFor="iv-unit">{t("unit")}</label>
            <input id="iv-unit" value={form.unit} onChange={set("unit")} />
          </div>
          <div className="field">
            <label htmlFor="iv-kind">{t("indicator")}</label>
            <select id="iv-kind" value={form.kind} onChange={set("kind")}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {form.kind === "waiting" || form.kind === "outcome_share" || form.kind === "rework" ? (
            <div className="field">
              <label htmlFor="iv-first">{t(`first.${form.kind}`)}</label>
              <input id="iv-first" value={form.first} onChange={set("first")} />
            </div>
          ) : null}
          {form.kind === "waiting" || form.kind === "outcome_share" ? (
            <div className="field">
              <label htmlFor="iv-second">{t(`second.${form.kind}`)}</label>
              <input id="iv-second" value={form.second} onChange={set("second")} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="iv-period">{t("period")}</label>
            <select id="iv-period" value={form.period} onChange={set("period")}>
              <option value="month">{t("month")}</option>
              <option value="week">{t("week")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="iv-direction">{t("direction")}</label>
            <select id="iv-direction" value={form.direction} onChange={set("direction")}>
              <option value="">–</option>
              <option value="down">{t("down")}</option>
              <option value="up">{t("up")}</option>
            </select>
          </div>
          <div className="buttons">
            <button type="submit" className="primary" data-testid="effect-add">
              {t("save")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function Result({ e }: { e: Estimate }) {
  const { t, i18n } = useTranslation(["effect"]);
  const lang = i18n.language;
  const rows = e.fit.filter((r) => r.unit !== "control");
  const periods = rows.map((r) => r.period);
  const option = useMemo(() => {
    const marks = [
      { xAxis: periodOf(e.start, periods), name: t("startMark"), lineStyle: { color: "#b35900", width: 2 }, label: { formatter: t("startMark") } },
      ...e.law_changes
        .map((c) => ({ xAxis: periodOf(c.day, periods), name: c.day, lineStyle: { color: "#555", type: "dashed" }, label: { formatter: t("lawMark", { day: c.day }) } }))
        .filter((m) => m.xAxis !== undefined),
    ];
    return {
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [t("observed"), t("fitted"), t("counterfactual")] },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value" },
      series: [
        { name: t("observed"), type: "line", data: rows.map((r) => r.observed), symbolSize: 4, lineStyle: { color: "#0b4f8a" }, itemStyle: { color: "#0b4f8a" },
          markLine: { symbol: "none", data: marks } },
        { name: t("fitted"), type: "line", data: rows.map((r) => r.fitted), showSymbol: false, lineStyle: { color: "#1a7f37" }, itemStyle: { color: "#1a7f37" } },
        { name: t("counterfactual"), type: "line", data: rows.map((r) => (r.post ? r.counterfactual : null)), showSymbol: false, lineStyle: { color: "#b35900", type: "dashed" }, itemStyle: { color: "#b35900" } },
      ],
    };
  }, [e, rows, periods, t]);
  const f = (x: number | null | undefined, d = 2) => formatNumber(x ?? null, lang, d);
  return (
    <section aria-labelledby="effect-result" data-testid="effect-result">
      <h2 id="effect-result">{t("resultTitle", { name: e.name, method: t(e.method) })}</h2>
      <p className="notice" data-testid="effect-summary">
        {e.summary}
      </p>
      <EChart option={option} label={t("chartLabel", { unit: e.unit })} testId="effect-chart" height={300} />
      <table className="data compact" data-testid="effect-figures">
        <caption className="visually-hidden">{t("figures")}</caption>
        <tbody>
          <tr><th scope="row">{t(e.scale === "ratio" ? "effectRatio" : "effectDifference")}</th><td className="num">{f(e.effect)}</td></tr>
          <tr><th scope="row">{t("interval")}</th><td className="num">{f(e.ci_low)} – {f(e.ci_high)}</td></tr>
          <tr><th scope="row">{t("pValue")}</th><td className="num">{f(e.p_value, 3)}</td></tr>
          <tr><th scope="row">{t("periods")}</th><td className="num">{e.n_pre} / {e.n_post}</td></tr>
          <tr><th scope="row">{t("preFit")}</th><td className="num">{f(e.pre_fit.mape, 2)}</td></tr>
          {e.controls.length ? <tr><th scope="row">{t("controls")}</th><td>{e.controls.join(", ")}</td></tr> : null}
          {e.control_cells ? (
            <tr>
              <th scope="row">{t("controlCells")}</th>
              <td data-testid="effect-control-cells">
                {Object.entries(e.control_cells).map(([name, c]) => t("cellsOf", { name, shown: c.shown, hidden: c.hidden })).join("; ")}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h3>{t("assumptions")}</h3>
      <ul data-testid="effect-assumptions">
        {e.assumptions.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </section>
  );
}
