// The note beside every result of a log with events outside its plausible period (docs/importing.md): how many
// are left out, of which period, and one click to include them (the filter spec's include_quarantined) or leave
// them out again. The log pages use <LogQuarantineNote />; a page with its own filters (compare) passes the account
// of its answer.
import { useTranslation } from "react-i18next";
import { api, type FilterSpec, type Quarantine } from "../api";
import { useAuth } from "../auth/AuthContext";
import { formatDate, formatNumber } from "../i18n/format";
import { useLogParams } from "../pages/params";
import { useFilters } from "../state/filters";
import { useAsync } from "../state/useAsync";

export function QuarantineNote({ q, included, onToggle, label, testId = "quarantine-note" }: { q: Quarantine | null | undefined; included: boolean; onToggle?: (include: boolean) => void; label?: string; testId?: string }) {
  const { t, i18n } = useTranslation("quarantine");
  const lang = i18n.language;
  if (!q || q.n_quarantined === 0 || (q.n_quarantined === null && q.n_cases_affected === 0)) return null;
  const period = q.first_day && q.last_day ? { start: formatDate(q.first_day, lang), end: formatDate(q.last_day, lang) } : null;
  const n = q.n_quarantined === null ? null : formatNumber(q.n_quarantined, lang);
  const key = `${included ? "included" : "left"}${n === null ? "Few" : ""}${period ? "" : "NoPeriod"}`;
  return (
    <p className="notice quarantine-note" role="note" data-testid={testId} data-included={included ? "true" : "false"}>
      {label ? <strong>{label}: </strong> : null}
      {t(key, { n, count: q.n_quarantined ?? undefined, ...period })}
      {included && q.n_unrepresentable ? ` ${t("unrepresentable", { n: formatNumber(q.n_unrepresentable, lang), count: q.n_unrepresentable })}` : null}{" "}
      {onToggle ? (
        <button type="button" className="link" onClick={() => onToggle(!included)} data-testid={`${testId}-toggle`}>
          {t(included ? "leaveOut" : "include")}
        </button>
      ) : null}
    </p>
  );
}

/** The note of the log in the address, following the log's filter state (one click toggles it for every page;
 * analysts only: viewers see the events the analyses see). */
export function LogQuarantineNote() {
  const { workspaceId, log } = useLogParams();
  const { user } = useAuth();
  const { includeQuarantined, setIncludeQuarantined } = useFilters();
  const q = useAsync((signal) => api.plausibleWindow(workspaceId, log, { signal }), [workspaceId, log]);
  const analyst = user?.role === "analyst";
  return <QuarantineNote q={q.data} included={analyst && includeQuarantined} onToggle={analyst ? setIncludeQuarantined : undefined} />;
}

/** ``spec`` with the quarantined events included when ``include`` (a spec of its own when there is none). */
export function withQuarantined(spec: FilterSpec | null, include: boolean): FilterSpec | null {
  if (!include) return spec;
  return { version: 1, ...(spec ?? { steps: [] }), include_quarantined: true };
}
