// The data-quality report of the check before importing: overview figures, the findings (severity, texts
// from the library in the page's language (the server's catalogues), count/share, examples and breakdown in collapsible tables) and the columns'
// missing values. The examples are pseudonymised case-level data; the wizard is for analysts only.
import { useTranslation } from "react-i18next";
import type { Cell, CheckResult, QualityFinding } from "../../api/imports";
import { formatDate, formatNumber, formatPercent } from "../../i18n/format";
import { cellText, missingColumns, severityCounts, sortFindings, SEVERITIES, tableColumns } from "./quality";

export function QualityReportView({ result }: { result: CheckResult }) {
  const { t, i18n } = useTranslation("import");
  const lang = i18n.language;
  const q = result.quality;
  const o = q.overview;
  const findings = sortFindings(q.findings);
  const counts = severityCounts(findings);
  const columns = missingColumns(q.columns);
  return (
    <section className="quality-report" aria-labelledby="quality-title" data-testid="quality-report">
      <h3 id="quality-title">{t("quality.title")}</h3>
      <p className="muted">{t("quality.nothingStored")}</p>
      <dl className="stats summary-list" data-testid="quality-overview">
        <div className="row"><dt>{t("quality.rowsRead")}</dt><dd>{formatNumber(result.rows_read, lang)}</dd></div>
        <div className="row"><dt>{t("quality.events")}</dt><dd>{formatNumber(o.n_events, lang)}</dd></div>
        <div className="row"><dt>{t("quality.cases")}</dt><dd>{formatNumber(o.n_cases, lang)}</dd></div>
        <div className="row"><dt>{t("quality.activities")}</dt><dd>{formatNumber(o.n_activities, lang)}</dd></div>
        <div className="row"><dt>{t("quality.resources")}</dt><dd>{formatNumber(o.n_resources, lang)}</dd></div>
        <div className="row">
          <dt>{t("quality.period")}</dt>
          <dd>{t("quality.periodValue", { first: formatDate(o.first_timestamp, lang), last: formatDate(o.last_timestamp, lang), days: formatNumber(o.span_days, lang) })}</dd>
        </div>
      </dl>
      {result.warnings.length ? (
        <details>
          <summary>{t("warnings", { count: result.warnings.length, n: formatNumber(result.warnings.length, lang) })}</summary>
          <ul>{result.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </details>
      ) : null}

      <h4>{t("quality.findings")}</h4>
      <p data-testid="quality-counts">
        {findings.length
          ? SEVERITIES.map((s) => t(`quality.count.${s}`, { n: formatNumber(counts[s], lang) })).join(" · ")
          : t("quality.noFindings")}
      </p>
      {findings.length ? (
        <ul className="findings" data-testid="quality-findings">
          {findings.map((f) => <FindingItem key={f.code} finding={f} />)}
        </ul>
      ) : null}

      <h4>{t("quality.columnsTitle")}</h4>
      <div className="table-scroll">
        <table className="data compact" data-testid="quality-columns">
          <caption className="visually-hidden">{t("quality.columnsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("column")}</th>
              <th scope="col">{t("quality.kind")}</th>
              <th scope="col">{t("dataClass")}</th>
              <th scope="col" className="num">{t("quality.missing")}</th>
              <th scope="col" className="num">{t("quality.shareMissing")}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={`${c.kind}-${c.name}`}>
                <th scope="row">{c.kind === "role" ? t(`roles.${c.name}`, { defaultValue: c.name }) : c.name}</th>
                <td>{c.kind === "role" ? t("quality.role") : t("quality.attribute", { level: t(`levels.${c.level}`) })}</td>
                <td>{t(`classes.${c.data_class}`, { defaultValue: c.data_class })}</td>
                <td className="num">{formatNumber(c.n_missing, lang)}</td>
                <td className="num">
                  <meter min={0} max={1} value={c.share_missing} aria-hidden="true" /> {formatPercent(c.share_missing, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FindingItem({ finding: f }: { finding: QualityFinding }) {
  const { t, i18n } = useTranslation("import");
  const lang = i18n.language;
  const id = `finding-${f.code}`;
  return (
    <li className={`finding severity-${f.severity}`} data-testid={id}>
      <h5 id={id}>
        <span className={`badge severity-${f.severity}`}>{t(`quality.severity.${f.severity}`)}</span> <span>{f.title}</span>
      </h5>
      <p>{f.detail}</p>
      <p className="muted">
        {t("quality.affected", { n: formatNumber(f.count, lang), unit: t(`quality.units.${f.unit}`, { count: f.count, defaultValue: f.unit }), pct: formatNumber(f.share * 100, lang, f.share < 0.1 ? 1 : 0) })}
        {" · "}
        {t("quality.pattern")}: <span>{t(`quality.patterns.${f.pattern}`, { defaultValue: f.pattern })}</span>
      </p>
      <p><strong>{t("quality.effect")}</strong> <span>{f.effect}</span></p>
      {f.examples.length ? (
        <details>
          <summary>{t("quality.examples", { n: formatNumber(f.examples.length, lang) })}</summary>
          <p className="muted">{t("quality.examplesNote")}</p>
          <CellTable rows={f.examples} caption={t("quality.examplesOf", { title: f.title })} testId={`examples-${f.code}`} />
        </details>
      ) : null}
      {f.breakdown.length ? (
        <details>
          <summary>{t("quality.breakdown", { count: f.breakdown.length, n: formatNumber(f.breakdown.length, lang) })}</summary>
          <CellTable rows={f.breakdown} caption={t("quality.breakdownOf", { title: f.title })} />
        </details>
      ) : null}
    </li>
  );
}

function CellTable({ rows, caption, testId }: { rows: Record<string, Cell>[]; caption: string; testId?: string }) {
  const { t, i18n } = useTranslation("import");
  const cols = tableColumns(rows);
  return (
    <div className="table-scroll">
      <table className="data compact" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>{cols.map((c) => <th key={c} scope="col">{t(`quality.columns.${c}`, { defaultValue: c })}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>{cols.map((c) => <td key={c} className={typeof r[c] === "number" ? "num" : undefined}>{cellText(r[c], i18n.language, [t("quality.yes"), t("quality.no")])}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
