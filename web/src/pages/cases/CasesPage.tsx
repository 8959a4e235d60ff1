// The cases of the filtered log, a page at a time (analysts only; every read is audited by the server).
import { useEffect } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { formatDateTime, formatDuration, formatNumber } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useNumberParam } from "../../state/view";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";

const PAGE = 50;
/** case_idx is internal; the other columns get a translated heading (cases.columns.*) or keep their own name. */
const HIDDEN = new Set(["case_idx"]);

function cell(col: string, v: unknown, lang: string): string {
  if (v === null || v === undefined) return "–";
  if (col === "variant_id" && typeof v === "number") return formatNumber(v + 1, lang);
  if (typeof v === "number") return /duration|_s$|seconds/.test(col) ? formatDuration(v, lang) : formatNumber(v, lang, 2);
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return formatDateTime(v, lang);
  if (Array.isArray(v)) return v.join(" → ");
  return String(v);
}

export default function CasesPage() {
  const { t, i18n } = useTranslation(["cases", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec } = useFilters();
  const [page, setPage] = useNumberParam("page", 1);
  const offset = Math.max(0, (Math.floor(page) - 1) * PAGE);
  const setOffset = (o: number) => setPage(Math.floor(o / PAGE) + 1);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);
  const data = useAsync(
    (signal) => api.cases(workspaceId, log, { filter: spec, offset, limit: PAGE }, { signal }),
    [workspaceId, log, spec, offset],
  );
  const total = Number(data.data?.meta.n_total ?? 0);
  const columns = (data.data?.columns ?? []).filter((c) => !HIDDEN.has(c));
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p className="muted">{t("audited")}</p>
      <ProblemMessage error={data.error} />
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {data.data ? (
        <>
          <p data-testid="cases-total">{t("total", { count: total, n: formatNumber(total, lang) })}</p>
          <div className="table-scroll">
            <table className="data" data-testid="case-table">
              <caption className="visually-hidden">{t("caption", { log })}</caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col" data-column={c}>
                      {t(`columns.${c}`, { defaultValue: c })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.data.rows.map((r, i) => (
                  <tr key={i}>
                    {columns.map((c) => (
                      <td key={c}>
                        {c === "case_id" && r[c] != null ? (
                          <Link to={pageUrl(pageById("case"), workspaceId, log).replace(":caseId", encodeURIComponent(String(r[c])))} data-testid="case-link">
                            {String(r[c])}
                          </Link>
                        ) : (
                          cell(c, r[c], lang)
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="buttons" aria-label={t("paging")}>
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t("previous")}
            </button>
            <span>
              {t("showing", {
                from: formatNumber(total ? offset + 1 : 0, lang),
                to: formatNumber(Math.min(total, offset + PAGE), lang),
                n: formatNumber(total, lang),
              })}
            </span>
            <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              {t("next")}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}
