// The variants explorer: variants ranked by cases with their full activity sequence (colour-coded), share and
// durations; choose variants to keep (or remove) their cases through the log's filter stack, or open the cases of
// one variant (analysts).
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { allowed, CASE_ROLES } from "../../auth/roles";
import { useAuth } from "../../auth/AuthContext";
import { CATEGORICAL } from "../../charts/palette";
import { Sequence } from "../../components/Sequence";
import { FilterPanel } from "../../filters/FilterPanel";
import { formatDuration, formatNumber, formatPercent } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useAsync } from "../../state/useAsync";
import { useNumberParam, withView } from "../../state/view";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";
import { chosenShare, variantColours, variantStep } from "./variants";
import "./variants.css";

const LIMITS = [25, 100, 500];

export default function VariantsPage() {
  const { t, i18n } = useTranslation(["variants", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec, steps, push } = useFilters();
  const { user } = useAuth();
  const seesCases = allowed(user?.role, CASE_ROLES);
  const [limit, setLimit] = useNumberParam("limit", 100);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);
  const data = useAsync((signal) => api.variants(workspaceId, log, spec, limit, { signal }), [workspaceId, log, spec, limit]);
  const info = useAsync(() => api.workspace(workspaceId), [workspaceId]);
  const rows = useMemo(() => data.data?.rows ?? [], [data.data]);
  const colours = useMemo(() => variantColours(rows), [rows]);
  useEffect(() => {
    setChosen(new Set());
  }, [data.data]);
  const casesUrl = (activities: string[]) =>
    withView(pageUrl(pageById("cases"), workspaceId, log), [...steps, { type: "variant", action: "retain", variants: [activities] }]);
  const nCases = Number(data.data?.meta.n_cases ?? 0);
  const nVariants = Number(data.data?.meta.n_variants ?? rows.length);
  const hidden = Number(data.data?.meta.n_hidden ?? 0);

  function toggle(id: number) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }
  function apply(action: "retain" | "remove") {
    const step = variantStep(rows, chosen, action);
    if (!step) return;
    push(step);
    setDone(t(action === "retain" ? "retained" : "removed", { count: chosen.size, n: formatNumber(chosen.size, lang) }));
  }

  return (
    <section aria-labelledby="variants-title">
      <h1 id="variants-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <div className="variants-layout">
        <div>
          <ProblemMessage error={data.error} />
          {data.loading ? <p role="status">{t("common:loading")}</p> : null}
          <div className="toolbar">
            <div className="field">
              <label htmlFor="variants-limit">{t("limit")}</label>
              <select id="variants-limit" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
                {LIMITS.map((n) => (
                  <option key={n} value={n}>
                    {formatNumber(n, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div className="buttons">
              <button type="button" className="primary" disabled={!chosen.size} onClick={() => apply("retain")} data-testid="variants-retain">
                {t("retain")}
              </button>
              <button type="button" disabled={!chosen.size} onClick={() => apply("remove")} data-testid="variants-remove">
                {t("remove")}
              </button>
            </div>
            <p className="counts" aria-live="polite" data-testid="variants-chosen">
              {chosen.size ? t("chosen", { count: chosen.size, n: formatNumber(chosen.size, lang), share: formatPercent(chosenShare(rows, chosen), lang) }) : t("chooseHint")}
            </p>
          </div>
          {done ? (
            <p role="status" className="notice" data-testid="variants-done">
              {done}
            </p>
          ) : null}
          {data.data ? (
            <>
              <p data-testid="variants-summary">
                {t("summary", { variants: formatNumber(nVariants, lang), cases: formatNumber(nCases, lang), shown: formatNumber(rows.length, lang) })}
                {hidden ? ` ${t("hidden", { count: hidden, n: formatNumber(hidden, lang), k: formatNumber(Number(data.data.meta.min_group_size ?? 0), lang) })}` : ""}
              </p>
              <div className="table-scroll">
                <table className="data" data-testid="variant-table">
                  <caption className="visually-hidden">{t("caption", { log })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("choose")}</th>
                      <th scope="col" className="num">{t("rank")}</th>
                      <th scope="col" className="num">{t("cases")}</th>
                      <th scope="col">{t("share")}</th>
                      <th scope="col" className="num">{t("mean")}</th>
                      <th scope="col" className="num">{t("median")}</th>
                      <th scope="col" className="num">{t("length")}</th>
                      <th scope="col">{t("sequence")}</th>
                      {seesCases ? <th scope="col">{t("casesOf")}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r, i) => (
                      <tr key={r.variant_id} className={chosen.has(r.variant_id) ? "selected" : undefined} data-testid={`variant-row-${i + 1}`}>
                        <td>
                          <input
                            type="checkbox"
                            id={`variant-${r.variant_id}`}
                            checked={chosen.has(r.variant_id)}
                            onChange={() => toggle(r.variant_id)}
                            aria-label={t("chooseOne", { n: i + 1 })}
                          />
                        </td>
                        <td className="num">{formatNumber(i + 1, lang)}</td>
                        <td className="num">{formatNumber(r.n_cases, lang)}</td>
                        <td className="share-cell">
                          <button
                            type="button"
                            className="share-bar"
                            title={t("filterOne", { n: i + 1 })}
                            aria-label={t("filterOne", { n: i + 1 })}
                            onClick={() => push({ type: "variant", action: "retain", variants: [r.activities] })}
                            data-testid={`variant-bar-${i + 1}`}
                          >
                            <span style={{ width: `${Math.max(1, Math.round(r.share * 100))}%` }} />
                          </button>{" "}
                          <span data-testid={`variant-share-${i + 1}`}>{formatPercent(r.share, lang)}</span>
                        </td>
                        <td className="num">{formatDuration(r.mean_duration_s, lang)}</td>
                        <td className="num">{formatDuration(r.median_duration_s, lang)}</td>
                        <td className="num">{formatNumber(r.activities.length, lang)}</td>
                        <td className="sequence-cell" data-testid={`variant-sequence-${i + 1}`}>
                          <Sequence activities={r.activities} colours={colours} label={t("sequenceLabel", { n: i + 1, steps: r.activities.length })} />
                        </td>
                        {seesCases ? (
                          <td>
                            <Link to={casesUrl(r.activities)} data-testid={`variant-cases-${i + 1}`}>
                              {t("casesOf")}
                              <span className="visually-hidden"> {t("casesOfLabel", { n: i + 1 })}</span>
                            </Link>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted">{t("legend", { n: Math.min(CATEGORICAL.length, colours.size) })}</p>
            </>
          ) : null}
        </div>
        <aside aria-label={t("details")}>
          <FilterPanel workspaceId={workspaceId} workspaceName={info.data?.name ?? String(workspaceId)} log={log} />
        </aside>
      </div>
    </section>
  );
}
