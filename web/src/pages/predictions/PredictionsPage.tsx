// Predictions for a log: the stored models with their model cards (everyone with data access), training a new
// model (a background job with progress) and the open cases by risk with the main reasons in the user's language
// (analysts only: single cases). Predictions are decision support and never decide; the page says so.
import type { TFunction } from "i18next";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { pack } from "../../api/compliance";
import { registrations } from "../../api/legal";
import { card, models, score, train, type ModelVersion, type ScoredCase, type Scores } from "../../api/predictions";
import { useAuth } from "../../auth/AuthContext";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "../../i18n/format";
import { DateInput } from "../../components/DateInput";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useAsync } from "../../state/useAsync";
import { ruleName } from "../compliance/rules";
import { useJob } from "../compliance/useJob";
import { useLogParams } from "../params";
import { JobProgress } from "../JobProgress";
import { ProblemMessage } from "../ProblemMessage";
import { RegistrationStatus } from "../legal/RegistrationStatus";
import { pageById, pageUrl } from "../registry";

/** The local (Danish time) date of an instant, as yyyy-mm-dd. */
function localDate(iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Copenhagen" }).format(new Date(iso));
}

function latest(list: ModelVersion[]): ModelVersion[] {
  const seen = new Map<string, ModelVersion>();
  for (const m of list) if (!seen.has(m.name) || seen.get(m.name)!.version < m.version) seen.set(m.name, m);
  return [...seen.values()];
}

/** The kind of prediction a target makes ("outcome:Afgjort" -> "outcome"); scoring takes one model per kind. */
function kindOf(m: ModelVersion): string {
  return m.target.split(":")[0];
}

/** The newest model of each kind: what scoring uses unless the user chooses. */
function newestPerKind(list: ModelVersion[]): string[] {
  const seen = new Map<string, ModelVersion>();
  for (const m of list) {
    const k = kindOf(m);
    if (!seen.has(k) || seen.get(k)!.created_at < m.created_at) seen.set(k, m);
  }
  return [...seen.values()].map((m) => m.name);
}

function risk(c: ScoredCase): number | null {
  const v = [c.deadline_risk, c.outcome_risk].filter((x): x is number => typeof x === "number");
  return v.length ? Math.max(...v) : null;
}

export default function PredictionsPage() {
  const { t, i18n } = useTranslation(["predictions", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec } = useFilters();
  const { user } = useAuth();
  const analyst = user?.role === "analyst";
  const [reload, setReload] = useState(0);
  const [name, setName] = useState("restid");
  const [target, setTarget] = useState("remaining_time");
  const [startError, setStartError] = useState<Error | null>(null);
  const [shown, setShown] = useState<ModelVersion | null>(null);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [asOfChoice, setAsOf] = useState<string | null>(null);
  const [scores, setScores] = useState<Scores | null>(null);
  const [scoreError, setScoreError] = useState<Error | null>(null);
  const [scoring, setScoring] = useState(false);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  const list = useAsync((signal) => models(workspaceId, { signal }), [workspaceId, reload]);
  const summary = useAsync(() => api.log(workspaceId, log), [workspaceId, log]);
  // a historical log (its last event more than a day ago) is looked at as of its last event, not today
  const lastEvent = summary.data?.last_event ?? null;
  const historical = lastEvent !== null && Date.now() - new Date(lastEvent).getTime() > 86_400_000;
  const lastDay = lastEvent ? localDate(lastEvent) : "";
  const asOf = asOfChoice ?? (historical ? lastDay : "");
  const rules = useAsync((signal) => pack("employment-dk", { signal }), []);
  const regs = useAsync((signal) => registrations({ signal }), []);
  const cardHtml = useAsync(
    (signal) => (shown ? card(workspaceId, shown.name, shown.version, "html", { signal }) : Promise.resolve(null)),
    [workspaceId, shown],
  );
  const current = useMemo(() => latest(list.data ?? []).filter((m) => m.log === log), [list.data, log]);
  const selected = chosen ?? newestPerKind(current);
  const job = useJob(() => setReload((n) => n + 1));

  async function startTraining(e: FormEvent) {
    e.preventDefault();
    setStartError(null);
    try {
      job.start(await train(workspaceId, log, { name, target, filter: spec }));
    } catch (err) {
      setStartError(err as Error);
    }
  }

  async function runScoring(e: FormEvent) {
    e.preventDefault();
    setScoreError(null);
    setScoring(true);
    try {
      // the default of a historical log is its last event itself; a chosen day means its end
      const asOfIso = !asOf ? null : asOfChoice === null && historical && lastEvent ? new Date(lastEvent).toISOString() : new Date(`${asOf}T23:59:59`).toISOString();
      setScores(await score(workspaceId, log, { models: selected, filter: spec, as_of: asOfIso, limit: 500 }));
    } catch (err) {
      // a refused or failed scoring leaves no earlier predictions on the screen (e.g. after the registration
      // was revoked, a caseworker must not keep reading the old risk table as if it were current)
      setScores(null);
      setScoreError(err as Error);
    } finally {
      setScoring(false);
    }
  }

  const has = {
    remaining: scores?.columns.includes("remaining_days") ?? false,
    next: scores?.columns.includes("next_activity") ?? false,
    risk: (scores?.columns.includes("deadline_risk") || scores?.columns.includes("outcome_risk")) ?? false,
  };
  // the columns no chosen model fills, named with the kind of model that would
  const missing = scores ? (["remaining", "nextActivity", "risk"] as const).filter((c) => !(c === "remaining" ? has.remaining : c === "nextActivity" ? has.next : has.risk)) : [];
  const j = job.job;
  const running = j !== null && (j.state === "queued" || j.state === "running");

  return (
    <section aria-labelledby="predictions-title">
      <h1 id="predictions-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p className="notice" data-testid="decision-support">{t("decisionSupport")}</p>
      {regs.data ? <RegistrationStatus registrations={regs.data} /> : null}

      <section aria-labelledby="models-title">
        <h2 id="models-title">{t("models")}</h2>
        <ProblemMessage error={list.error} />
        {list.data && list.data.length === 0 ? <p className="muted">{t("noModels")}</p> : null}
        {list.data && list.data.length ? (
          <div className="table-scroll">
            <table className="data" data-testid="prediction-models">
              <caption className="visually-hidden">{t("models")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("model")}</th>
                  <th scope="col">{t("target")}</th>
                  <th scope="col">{t("log")}</th>
                  <th scope="col">{t("trained")}</th>
                  <th scope="col">{t("card")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((m) => (
                  <tr key={`${m.name}:${m.version}`}>
                    <th scope="row">{t("modelVersion", { name: m.name, version: m.version })}</th>
                    <td>{targetName(m.target, t)}</td>
                    <td>{m.log}</td>
                    <td>{formatDateTime(m.created_at, lang)}</td>
                    <td>
                      <button type="button" onClick={() => setShown(m)} aria-label={t("showCardOf", { name: m.name, version: m.version })}>
                        {t("showCard")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {shown ? (
        <section aria-labelledby="card-title" className="card">
          <h2 id="card-title">{t("cardTitle", { name: shown.name, version: shown.version })}</h2>
          <ProblemMessage error={cardHtml.error} />
          {cardHtml.data ? (
            <iframe
              sandbox=""
              srcDoc={cardHtml.data}
              title={t("cardTitle", { name: shown.name, version: shown.version })}
              data-testid="model-card"
              style={{ width: "100%", height: "32rem", border: "1px solid #767676" }}
            />
          ) : null}
          <button type="button" onClick={() => setShown(null)}>{t("closeCard")}</button>
        </section>
      ) : null}

      {analyst ? (
        <section aria-labelledby="train-title">
          <h2 id="train-title">{t("train")}</h2>
          <p className="muted">{t("trainHint")}</p>
          <form className="toolbar" onSubmit={startTraining} data-testid="train-form">
            <div className="field">
              <label htmlFor="train-name">{t("modelName")}</label>
              <input id="train-name" value={name} required pattern="[A-Za-z0-9][A-Za-z0-9_\-]*" onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="train-target">{t("target")}</label>
              <select id="train-target" value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="remaining_time">{t("targets.remaining_time")}</option>
                <option value="next_activity">{t("targets.next_activity")}</option>
                {(rules.data?.rules ?? []).map((r) => (
                  <option key={r.id} value={`deadline:${r.id}`}>
                    {t("targets.deadline", { rule: `${r.id} ${ruleName(r, lang)}` })}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={running} data-testid="train-start">{t("trainButton")}</button>
          </form>
          <ProblemMessage error={startError ?? job.error ?? undefined} />
          {j ? <JobProgress job={j} id="train-progress" testId="train-job" t={t} lang={lang} /> : null}
        </section>
      ) : null}

      {analyst ? (
        <section aria-labelledby="risk-title">
          <h2 id="risk-title">{t("openCases")}</h2>
          <form className="toolbar" onSubmit={runScoring} data-testid="score-form">
            <fieldset>
              <legend>{t("useModels")}</legend>
              {current.map((m) => (
                <label key={m.name} className="check">
                  <input
                    type="checkbox"
                    checked={selected.includes(m.name)}
                    onChange={(e) =>
                      setChosen(
                        e.target.checked
                          ? [...selected.filter((x) => current.find((c) => c.name === x && kindOf(c) === kindOf(m)) === undefined), m.name]
                          : selected.filter((x) => x !== m.name),
                      )
                    }
                  />{" "}
                  {t("modelVersion", { name: m.name, version: m.version })} ({targetName(m.target, t)})
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="score-asof">{t("asOf")}</label>
              <DateInput id="score-asof" value={asOf} onChange={setAsOf} describedBy="score-asof-hint" />
              <small id="score-asof-hint" className="muted" data-testid="asof-hint">
                {historical ? t("asOfHistorical", { date: formatDate(lastEvent, lang) }) : t("asOfHint")}
              </small>
            </div>
            <button type="submit" disabled={scoring || selected.length === 0} data-testid="score-start">{t("score")}</button>
          </form>
          <ProblemMessage error={scoreError ?? undefined} />
          {scoring ? <p role="status">{t("common:loading")}</p> : null}
          {scores ? (
            <>
              <p className="muted" data-testid="score-count">
                {t("scored", { count: scores.n_total, n: formatNumber(scores.n_total, lang), models: scores.models.join(", ") })}
              </p>
              {missing.length ? (
                <p className="muted" data-testid="missing-columns">
                  {t("missingColumns", { columns: missing.map((c) => t(c)).join(", ") })}
                </p>
              ) : null}
              {scores.rows.length ? (
                <div className="table-scroll">
                  <table className="data" data-testid="risk-table">
                    <caption className="visually-hidden">{t("openCases")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("case")}</th>
                        <th scope="col">{t("lastActivity")}</th>
                        <th scope="col" className="num">{t("openDays")}</th>
                        {has.remaining ? <th scope="col">{t("remaining")}</th> : null}
                        {has.next ? <th scope="col">{t("nextActivity")}</th> : null}
                        {has.risk ? <th scope="col" className="num">{t("risk")}</th> : null}
                        <th scope="col">{t("reasons")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {scores.rows.map((c) => {
                        const r = risk(c);
                        return (
                          <tr key={c.case_id}>
                            <th scope="row">
                              <Link to={pageUrl(pageById("case"), workspaceId, log).replace(":caseId", encodeURIComponent(c.case_id))} data-testid="risk-case-link">
                                {c.case_id}
                              </Link>
                            </th>
                            <td>{c.last_activity}</td>
                            <td className="num">{formatNumber(c.open_days, lang)}</td>
                            {has.remaining ? (
                              <td>
                                {typeof c.remaining_days === "number"
                                  ? t("remainingValue", {
                                      days: formatNumber(c.remaining_days, lang),
                                      low: formatNumber(c.remaining_low, lang),
                                      high: formatNumber(c.remaining_high, lang),
                                    })
                                  : "–"}
                              </td>
                            ) : null}
                            {has.next ? (
                              <td>
                                {c.next_activity ?? "–"}
                                {typeof c.next_activity_p === "number" ? <small className="muted"> ({formatPercent(c.next_activity_p, lang)})</small> : null}
                              </td>
                            ) : null}
                            {has.risk ? (
                              <td className="num">
                                {r === null ? <span title={t("noRiskHint")}>{t("noRisk")}</span> : formatPercent(r, lang)}
                                {c.deadline ? <small className="muted"> {t("deadlineOn", { date: formatDate(c.deadline, lang) })}</small> : null}
                              </td>
                            ) : null}
                            <td data-testid="reasons">{(lang.startsWith("da") ? c.reasons_da : c.reasons_en) ?? "–"}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="notice" data-testid="no-open-cases">{t("noOpenCases")}</p>
              )}
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** A target as people read it: "remaining_time" -> "Resterende tid", "deadline:R1" -> "Risiko ... i R1"; an
 * outcome target keeps its label spec. */
function targetName(target: string, t: TFunction): string {
  const [kind, rest] = [target.split(":")[0], target.split(":").slice(1).join(":")];
  if (kind === "remaining_time" || kind === "next_activity") return t(`targets.${kind}`);
  if (kind === "deadline") return t("targets.deadline", { rule: rest });
  if (kind === "outcome") return t("targets.outcome", { label: rest });
  return target;
}
