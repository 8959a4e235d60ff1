// The import wizard: choose a file or a database query -> preview (first rows, detected timestamp formats,
// suggested mapping) -> mapping editor with a personal-data class per column -> summary before importing,
// with the data-quality check of a file -> the import job's progress -> a link to the new log.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import {
  checkImport, previewImport, previewSqlImport, sqlConnections, startImport, startSqlImport,
  type ImportMode, type ImportPreview, type SqlSource,
} from "../../api/imports";
import { formatNumber, formatPercent } from "../../i18n/format";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";
import {
  choicesFrom, DATA_CLASSES, decisionKey, DUPLICATE_POLICIES, keyDecisions, logNameOf, problems, ROLE_CLASSES, ROLES,
  stillAsSuggested, TIMESTAMP_ROLES, toYaml, unconfirmedRoles, withOptions, type ColumnChoice, type DuplicatePolicy,
} from "./mapping";
import { QualityReportView } from "./QualityReportView";
import { checkResultOf } from "./quality";
import { isSelect, paramValues, syncParams, type ParamRow } from "./sqlSource";
import { ENDED, useJob } from "./useJob";
import "./import.css";

type Source = "file" | "sql";
type Step = "file" | "mapping" | "confirm" | "running";
const NAME = /^[a-z0-9][a-z0-9_]{0,62}$/;

export default function ImportPage() {
  const { t, i18n } = useTranslation(["import", "common"]);
  const lang = i18n.language;
  const { workspaceId } = useLogParams();
  const [step, setStep] = useState<Step>("file");
  const [source, setSource] = useState<Source>("file");
  const [file, setFile] = useState<File | null>(null);
  const [connections, setConnections] = useState<string[] | null>(null);
  const [connection, setConnection] = useState("");
  const [query, setQuery] = useState("");
  const [params, setParams] = useState<ParamRow[]>([]);
  const [log, setLog] = useState("");
  const [mode, setMode] = useState<ImportMode>("create");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [extra, setExtra] = useState<Record<string, unknown>>({});
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>("keep");
  const [pair, setPair] = useState<boolean | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const onJobError = useCallback((e: Error) => setError(e), []);
  const [job, setJob] = useJob(onJobError);
  const [check, setCheck] = useJob(onJobError);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  useEffect(() => heading.current?.focus(), [step]);

  // the database connections this municipality may import from (none: the query source is not offered)
  useEffect(() => {
    let live = true;
    sqlConnections(workspaceId).then(
      (cs) => {
        if (!live) return;
        setConnections(cs.map((c) => c.name));
        setConnection((cur) => cur || (cs[0]?.name ?? ""));
      },
      () => live && setConnections([]),
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);

  const issues = useMemo(() => problems(choices), [choices]);
  const options = useMemo(() => withOptions(extra, duplicates, pair), [extra, duplicates, pair]);
  const yamlText = useMemo(() => (choices.length ? toYaml(choices, options) : ""), [choices, options]);
  const decisions = useMemo(() => keyDecisions(preview?.decisions, 10), [preview]);
  const tail = (preview?.decisions?.length ?? 0) - decisions.length;
  const toConfirm = useMemo(() => unconfirmedRoles(preview?.decisions, confirmed, choices), [preview, confirmed, choices]);
  const duplicateDecision = preview?.decisions?.find((d) => d.kind === "option" && d.column === "duplicates");
  const pairDecision = preview?.decisions?.find((d) => d.kind === "option" && d.column === "activity_instances");
  // a check belongs to the mapping it was run with
  useEffect(() => setCheck(null), [yamlText, log, file, setCheck]);
  const paramCheck = useMemo(() => paramValues(params), [params]);
  const sqlSource: SqlSource = { kind: "sql", connection, query, params: params.length ? paramCheck.params : null };
  const sourceReady = source === "file" ? !!file : !!connection && isSelect(query) && paramCheck.bad.length === 0;

  async function onPreview(e: FormEvent) {
    e.preventDefault();
    if (!sourceReady) return;
    setBusy(true);
    setError(null);
    try {
      const p = source === "file" ? await previewImport(workspaceId, file!) : await previewSqlImport(workspaceId, sqlSource);
      const c = choicesFrom(p.columns, p.suggested_mapping, p.timestamp_formats);
      setPreview(p);
      setChoices(c.choices);
      setExtra(c.extra);
      setConfirmed(new Set());
      setDuplicates((c.extra.duplicates as DuplicatePolicy | undefined) ?? "keep");
      const instances = c.extra.activity_instances as { pair?: boolean } | undefined;
      setPair(instances?.pair ? true : p.decisions?.some((d) => d.column === "activity_instances") ? false : null);
      setStep("mapping");
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  async function onImport() {
    setBusy(true);
    setError(null);
    try {
      const j = source === "file" ? await startImport(workspaceId, file!, log, yamlText, mode) : await startSqlImport(workspaceId, sqlSource, log, yamlText, mode);
      setJob(j);
      setStep("running");
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  async function onCheck() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setCheck(await checkImport(workspaceId, file, log, yamlText));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  const checked = check?.state === "succeeded" ? checkResultOf(check.result) : null;
  const checking = !!check && !ENDED.includes(check.state);

  function update(i: number, patch: Partial<ColumnChoice>) {
    setChoices(choices.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  }

  const personal = choices.filter((c) => c.use !== "ignore" && c.dataClass !== "process");
  const stepNo = { file: 1, mapping: 2, confirm: 3, running: 4 }[step];

  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t("title")}</h1>
      <ol className="wizard-steps" aria-label={t("steps")}>
        {(["file", "mapping", "confirm", "running"] as Step[]).map((s, i) => (
          <li key={s} aria-current={s === step ? "step" : undefined} className={i + 1 < stepNo ? "done" : undefined}>
            {t(`step.${s}`)}
          </li>
        ))}
      </ol>
      <ProblemMessage error={error} />

      {step === "file" ? (
        <form onSubmit={onPreview} className="card wizard" aria-labelledby="step-file">
          <h2 id="step-file" ref={heading} tabIndex={-1}>{t("step.file")}</h2>
          <fieldset className="source-choice">
            <legend>{t("source")}</legend>
            <label>
              <input type="radio" name="import-source" value="file" checked={source === "file"} onChange={() => setSource("file")} data-testid="source-file" />{" "}
              {t("sources.file")}
            </label>
            <label>
              <input type="radio" name="import-source" value="sql" checked={source === "sql"} onChange={() => setSource("sql")}
                disabled={!connections?.length} aria-describedby={connections && !connections.length ? "sql-none" : undefined} data-testid="source-sql" />{" "}
              {t("sources.sql")}
            </label>
            {connections && !connections.length ? <p id="sql-none" className="muted" data-testid="sql-none">{t("sql.none")}</p> : null}
          </fieldset>
          {source === "file" ? (
            <>
              <p className="muted">{t("fileHint")}</p>
              <div className="field">
                <label htmlFor="import-file">{t("file")}</label>
                <input
                  id="import-file"
                  type="file"
                  accept=".csv,.tsv,.txt,.xlsx,.xls,.parquet,.xes,.gz"
                  onChange={(e) => {
                    const f = e.target.files?.[0] ?? null;
                    setFile(f);
                    if (f && !log) setLog(logNameOf(f.name));
                  }}
                  data-testid="import-file"
                />
              </div>
            </>
          ) : (
            <>
              <p className="muted">{t("sql.hint")}</p>
              <div className="field">
                <label htmlFor="import-connection">{t("sql.connection")}</label>
                <select id="import-connection" value={connection} onChange={(e) => setConnection(e.target.value)} data-testid="import-connection">
                  {(connections ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="import-query">{t("sql.query")}</label>
                <textarea id="import-query" className="sql-query" rows={6} spellCheck={false} value={query}
                  onChange={(e) => {
                    setQuery(e.target.value);
                    setParams((rows) => syncParams(e.target.value, rows));
                  }}
                  aria-invalid={query.trim() !== "" && !isSelect(query)} aria-describedby="import-query-hint" data-testid="import-query" />
                <span id="import-query-hint" className="muted">{t("sql.queryHint")}</span>
              </div>
              {params.length ? (
                <fieldset className="sql-params" data-testid="import-params">
                  <legend>{t("sql.params")}</legend>
                  {params.map((r, i) => (
                    <div className="field param-row" key={r.name}>
                      <label htmlFor={`param-${r.name}`}>:{r.name}</label>
                      <input id={`param-${r.name}`} value={r.value} disabled={r.type === "null"}
                        aria-invalid={paramCheck.bad.includes(r.name)}
                        onChange={(e) => setParams(params.map((x, k) => (k === i ? { ...x, value: e.target.value } : x)))} />
                      <select aria-label={t("sql.typeOf", { name: r.name })} value={r.type}
                        onChange={(e) => setParams(params.map((x, k) => (k === i ? { ...x, type: e.target.value as ParamRow["type"] } : x)))}>
                        {(["text", "number", "null"] as const).map((ty) => <option key={ty} value={ty}>{t(`sql.types.${ty}`)}</option>)}
                      </select>
                    </div>
                  ))}
                  {paramCheck.bad.length ? <p className="error">{t("sql.notNumber", { names: paramCheck.bad.map((n) => `:${n}`).join(", ") })}</p> : null}
                </fieldset>
              ) : null}
            </>
          )}
          <div className="field">
            <label htmlFor="import-log">{t("logName")}</label>
            <input id="import-log" value={log} onChange={(e) => setLog(e.target.value)} aria-invalid={log !== "" && !NAME.test(log)} aria-describedby="import-log-hint" data-testid="import-log" />
            <span id="import-log-hint" className="muted">{t("logNameHint")}</span>
          </div>
          <div className="field">
            <label htmlFor="import-mode">{t("mode")}</label>
            <select id="import-mode" value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
              {(["create", "append", "replace"] as ImportMode[]).map((m) => (
                <option key={m} value={m}>{t(`modes.${m}`)}</option>
              ))}
            </select>
          </div>
          <div className="buttons">
            <button type="submit" className="primary" disabled={!sourceReady || !NAME.test(log) || busy} data-testid="import-preview">
              {t("preview")}
            </button>
          </div>
          {busy ? <p role="status">{t("common:loading")}</p> : null}
        </form>
      ) : null}

      {step === "mapping" && preview ? (
        <section className="card wizard" aria-labelledby="step-mapping">
          <h2 id="step-mapping" ref={heading} tabIndex={-1}>{t("step.mapping")}</h2>
          <p data-testid="import-rows">
            {source === "file"
              ? t("rowsInFile", { count: preview.n_rows, n: formatNumber(preview.n_rows, lang), shown: formatNumber(preview.rows.length, lang), file: file?.name ?? "" })
              : t("sql.rowsInQuery", { count: preview.n_rows, n: formatNumber(preview.n_rows, lang), shown: formatNumber(preview.rows.length, lang), connection })}
          </p>
          {preview.notes.length ? (
            <ul className="notes">
              {preview.notes.map((n, i) => <li key={i}>{n}</li>)}
            </ul>
          ) : null}
          <div className="table-scroll preview-table" tabIndex={0} role="region" aria-label={source === "file" ? t("previewCaption") : t("sql.previewCaption")}>
            <table className="data compact" data-testid="import-preview-table">
              <caption>{source === "file" ? t("previewCaption") : t("sql.previewCaption")}</caption>
              <thead>
                <tr>
                  {preview.columns.map((c) => <th key={c} scope="col">{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {preview.columns.map((c) => <td key={c}>{r[c] ?? ""}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {decisions.length ? (
            <section aria-labelledby="decisions-title" data-testid="key-decisions">
              <h3 id="decisions-title">{t("decisions.title", { n: formatNumber(decisions.length, lang) })}</h3>
              <p className="muted">{t("decisions.hint")}</p>
              <div className="table-scroll">
                <table className="data compact decision-table" data-testid="decision-table">
                  <caption className="visually-hidden">{t("decisions.title", { n: formatNumber(decisions.length, lang) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("column")}</th>
                      <th scope="col">{t("decisions.guess")}</th>
                      <th scope="col">{t("decisions.confidence")}</th>
                      <th scope="col">{t("decisions.evidence")}</th>
                      <th scope="col">{t("decisions.check")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {decisions.map((d) => {
                      const key = decisionKey(d);
                      const mustConfirm = d.kind === "role" && d.needs_confirmation;
                      const changed = !stillAsSuggested(d, choices);
                      return (
                        <tr key={key} data-testid={`decision-${key}`} className={d.needs_confirmation ? "uncertain" : undefined}>
                          <th scope="row">{d.kind === "option" ? t(`decisions.options.${d.column}`, { defaultValue: d.column }) : d.column}</th>
                          <td>{t(`decisions.kinds.${d.kind}`, { value: decisionValue(d, t) })}</td>
                          <td>{formatPercent(d.confidence, lang)}</td>
                          <td>{d.evidence}</td>
                          <td>
                            {changed ? (
                              <span>{t("decisions.changed")}</span>
                            ) : mustConfirm ? (
                              <label>
                                <input type="checkbox" checked={confirmed.has(key)}
                                  onChange={(e) => {
                                    const next = new Set(confirmed);
                                    if (e.target.checked) next.add(key);
                                    else next.delete(key);
                                    setConfirmed(next);
                                  }} />{" "}
                                {t("decisions.confirm", { column: d.column })}
                              </label>
                            ) : d.needs_confirmation ? (
                              <span className="muted">{t("decisions.uncertain")}</span>
                            ) : (
                              <span className="muted">–</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {tail > 0 ? <p className="muted">{t("decisions.tail", { n: formatNumber(tail, lang) })}</p> : null}
            </section>
          ) : null}
          <fieldset className="import-options" data-testid="import-options">
            <legend>{t("optionsTitle")}</legend>
            <div className="field">
              <label htmlFor="import-duplicates">{t("duplicates.label")}</label>
              <select id="import-duplicates" value={duplicates} onChange={(e) => setDuplicates(e.target.value as DuplicatePolicy)}
                aria-describedby="import-duplicates-hint" data-testid="import-duplicates">
                {DUPLICATE_POLICIES.map((p) => <option key={p} value={p}>{t(`duplicates.${p}`)}</option>)}
              </select>
              <span id="import-duplicates-hint" className="muted">{duplicateDecision ? duplicateDecision.evidence : t("duplicates.none")}</span>
            </div>
            {pair !== null ? (
              <div className="field">
                <label>
                  <input type="checkbox" checked={pair} onChange={(e) => setPair(e.target.checked)} data-testid="import-pair" />{" "}
                  {t("pairLabel")}
                </label>
                {pairDecision ? <span className="muted">{pairDecision.evidence}</span> : null}
              </div>
            ) : null}
          </fieldset>
          <h3>{t("mappingTitle")}</h3>
          <p className="muted">{t("mappingHint")}</p>
          <div className="table-scroll">
            <table className="data compact mapping-table" data-testid="mapping-table">
              <caption className="visually-hidden">{t("mappingTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("column")}</th>
                  <th scope="col">{t("use")}</th>
                  <th scope="col">{t("dataClass")}</th>
                  <th scope="col">{t("level")}</th>
                  <th scope="col">{t("format")}</th>
                  <th scope="col">{t("detected")}</th>
                </tr>
              </thead>
              <tbody>
                {choices.map((c, i) => {
                  const role = c.use !== "attribute" && c.use !== "ignore" ? c.use : null;
                  const classes = role ? ROLE_CLASSES[role] : c.use === "attribute" ? [...DATA_CLASSES] : undefined;
                  const found = preview.timestamp_formats[c.column];
                  // numbers read as Excel serials or epoch seconds are only worth showing on a timestamp column
                  const det = found && (role && TIMESTAMP_ROLES.includes(role) || !/^(excel|epoch)/.test(found.format)) ? found : undefined;
                  return (
                    <tr key={c.column} data-testid={`map-row-${c.column}`}>
                      <th scope="row">{c.column}</th>
                      <td>
                        <select aria-label={t("useOf", { column: c.column })} value={c.use} onChange={(e) => {
                          const use = e.target.value as ColumnChoice["use"];
                          const r = use !== "attribute" && use !== "ignore" ? use : null;
                          update(i, {
                            use,
                            dataClass: r ? (ROLE_CLASSES[r] ? (r === "resource" ? "employee_id" : "process") : "process") : c.dataClass,
                            level: r ? "event" : c.level,
                            format: r && TIMESTAMP_ROLES.includes(r) ? (det?.format ?? "auto") : c.format,
                          });
                        }}>
                          {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                          <option value="attribute">{t("roles.attribute")}</option>
                          <option value="ignore">{t("roles.ignore")}</option>
                        </select>
                      </td>
                      <td>
                        {classes ? (
                          <select aria-label={t("classOf", { column: c.column })} value={c.dataClass} onChange={(e) => update(i, { dataClass: e.target.value as ColumnChoice["dataClass"] })}>
                            {classes.map((d) => <option key={d} value={d}>{t(`classes.${d}`)}</option>)}
                          </select>
                        ) : (
                          <span className="muted">{c.use === "ignore" ? "–" : t("classes.process")}</span>
                        )}
                      </td>
                      <td>
                        {c.use === "attribute" ? (
                          <select aria-label={t("levelOf", { column: c.column })} value={c.level} onChange={(e) => update(i, { level: e.target.value as "event" | "case" })}>
                            <option value="event">{t("levels.event")}</option>
                            <option value="case">{t("levels.case")}</option>
                          </select>
                        ) : (
                          <span className="muted">–</span>
                        )}
                      </td>
                      <td>
                        {role && TIMESTAMP_ROLES.includes(role) ? (
                          <input aria-label={t("formatOf", { column: c.column })} value={c.format} onChange={(e) => update(i, { format: e.target.value })} size={16} />
                        ) : (
                          <span className="muted">–</span>
                        )}
                      </td>
                      <td className="muted">
                        {det ? t("detectedFormat", { format: det.format, share: formatPercent(det.share, lang) }) : "–"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {issues.length ? (
            <ul className="error" data-testid="mapping-problems">
              {issues.map((p, i) => <li key={i}>{t(p.key, { ...p.values, role: p.values.role ? t(`roles.${p.values.role}`) : "" })}</li>)}
            </ul>
          ) : null}
          {toConfirm.length ? (
            <p className="error" data-testid="mapping-unconfirmed">
              {t("decisions.pending", { columns: toConfirm.map((d) => d.column).join(", ") })}
            </p>
          ) : null}
          <details>
            <summary>{t("yaml")}</summary>
            <pre className="code" data-testid="mapping-yaml">{yamlText}</pre>
          </details>
          <div className="buttons">
            <button type="button" onClick={() => setStep("file")}>{t("back")}</button>
            <button type="button" className="primary" disabled={issues.length > 0 || toConfirm.length > 0} onClick={() => setStep("confirm")} data-testid="import-next">
              {t("next")}
            </button>
          </div>
        </section>
      ) : null}

      {step === "confirm" && preview ? (
        <section className="card wizard" aria-labelledby="step-confirm">
          <h2 id="step-confirm" ref={heading} tabIndex={-1}>{t("step.confirm")}</h2>
          <dl className="stats summary-list" data-testid="import-summary">
            {source === "file" ? (
              <div className="row"><dt>{t("file")}</dt><dd>{file?.name}</dd></div>
            ) : (
              <div className="row"><dt>{t("sql.connection")}</dt><dd>{connection}</dd></div>
            )}
            <div className="row"><dt>{t("logName")}</dt><dd>{log}</dd></div>
            <div className="row"><dt>{t("mode")}</dt><dd>{t(`modes.${mode}`)}</dd></div>
            {source === "file" ? <div className="row"><dt>{t("rows")}</dt><dd>{formatNumber(preview.n_rows, lang)}</dd></div> : null}
            {ROLES.filter((r) => choices.some((c) => c.use === r)).map((r) => (
              <div className="row" key={r}><dt>{t(`roles.${r}`)}</dt><dd>{choices.find((c) => c.use === r)!.column}</dd></div>
            ))}
            <div className="row"><dt>{t("attributes")}</dt><dd>{formatNumber(choices.filter((c) => c.use === "attribute").length, lang)}</dd></div>
            <div className="row"><dt>{t("ignored")}</dt><dd>{formatNumber(choices.filter((c) => c.use === "ignore").length, lang)}</dd></div>
          </dl>
          <h3>{t("personalTitle")}</h3>
          {personal.length ? (
            <ul data-testid="import-personal">
              {personal.map((c) => <li key={c.column}>{t("personalLine", { column: c.column, cls: t(`classes.${c.dataClass}`) })}</li>)}
            </ul>
          ) : (
            <p>{t("noPersonal")}</p>
          )}
          {source === "sql" ? (
            <>
              <details>
                <summary>{t("sql.query")}</summary>
                <pre className="code">{query}</pre>
              </details>
              <p className="muted" data-testid="quality-after">{t("sql.qualityAfter")}</p>
            </>
          ) : (
            <>
              <h3>{t("quality.heading")}</h3>
              <p className="muted">{t("quality.hint")}</p>
              <div className="buttons">
                <button type="button" onClick={onCheck} disabled={busy || checking} data-testid="quality-check">
                  {checked ? t("quality.again") : t("quality.run")}
                </button>
              </div>
              {check ? (
                <div data-testid="quality-job">
                  <label htmlFor="quality-progress">{t(`quality.states.${check.state}`)}</label>
                  <progress id="quality-progress" max={1} value={check.progress} />
                  <p role="status" aria-live="polite" data-testid="quality-state" data-state={check.state}>
                    {t(`quality.states.${check.state}`)} · {formatPercent(check.progress, lang)}
                    {check.message && checking ? ` · ${check.message}` : ""}
                  </p>
                  {check.state === "failed" ? <div className="error" role="alert" data-testid="quality-error">{check.error}</div> : null}
                  {checking ? <button type="button" onClick={() => api.cancelJob(check.id).then(setCheck, setError)}>{t("quality.cancel")}</button> : null}
                </div>
              ) : null}
              {checked ? <QualityReportView result={checked} /> : null}
              {checked ? <p className="muted">{t("quality.decide")}</p> : null}
            </>
          )}
          <div className="buttons">
            <button type="button" onClick={() => setStep("mapping")} data-testid="import-back">{t("back")}</button>
            <button type="button" className="primary" onClick={onImport} disabled={busy || checking} data-testid="import-start">
              {t("start")}
            </button>
          </div>
        </section>
      ) : null}

      {step === "running" && job ? (
        <section className="card wizard" aria-labelledby="step-running">
          <h2 id="step-running" ref={heading} tabIndex={-1}>{t("step.running")}</h2>
          <label htmlFor="import-progress">{t(`states.${job.state}`)}</label>
          <progress id="import-progress" max={1} value={job.progress} data-testid="import-progress" />
          <p role="status" aria-live="polite" data-testid="import-state" data-state={job.state}>
            {t(`states.${job.state}`)} · {formatPercent(job.progress, lang)}
            {job.message ? ` · ${job.message}` : ""}
          </p>
          {job.state === "failed" ? <div className="error" role="alert">{job.error}</div> : null}
          {job.state === "succeeded" ? (
            <div data-testid="import-done">
              <p>
                {t("done", {
                  events: formatNumber(Number(job.result?.events_added ?? 0), lang),
                  rows: formatNumber(Number(job.result?.rows_read ?? 0), lang),
                  log: String(job.result?.log ?? log),
                })}
              </p>
              {Array.isArray(job.result?.warnings) && (job.result!.warnings as unknown[]).length ? (
                <details>
                  <summary>{t("warnings", { count: (job.result!.warnings as unknown[]).length, n: formatNumber((job.result!.warnings as unknown[]).length, lang) })}</summary>
                  <ul>{(job.result!.warnings as unknown[]).map((w, i) => <li key={i}>{String(w)}</li>)}</ul>
                </details>
              ) : null}
              <p className="buttons">
                <Link to={pageUrl(pageById("map"), workspaceId, String(job.result?.log ?? log))} data-testid="import-open-log">
                  {t("openLog", { log: String(job.result?.log ?? log) })}
                </Link>
                <Link to={pageUrl(pageById("logs"), workspaceId)}>{t("allLogs")}</Link>
              </p>
            </div>
          ) : null}
          {job.state === "queued" || job.state === "running" ? (
            <button type="button" onClick={() => api.cancelJob(job.id).then(setJob, setError)}>{t("cancel")}</button>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** A decision's value in words: a role's or data class's name, a level, an option's choice. */
function decisionValue(d: { kind: string; value: string }, t: (key: string, opts?: Record<string, unknown>) => string): string {
  if (d.kind === "role") return t(`roles.${d.value}`, { defaultValue: d.value });
  if (d.kind === "data_class") return t(`classes.${d.value}`, { defaultValue: d.value });
  if (d.kind === "level") return t(`levels.${d.value}`, { defaultValue: d.value });
  return t(`decisions.values.${d.value}`, { defaultValue: d.value });
}
