// Pickers of the filter forms: the log's attributes, their values with case counts (search, tick), and ranges
// with a histogram of the cases (a click on a bar takes its range). Counts come from the server, which hides
// values and bins of fewer than k cases from viewers.
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type AttributeInfo, type FilterSpec, type RangeHistogram } from "../api";
import { formatDateTime, formatDuration, formatNumber, toDurationText } from "../i18n/format";
import { useAsync } from "../state/useAsync";

/** What the pickers read counts from: the log and the filters before the step being edited. */
export interface PickerSource {
  workspaceId: number;
  log: string;
  filter: FilterSpec | null;
}

export function useAttributes(src: PickerSource | undefined) {
  return useAsync(
    (signal) => (src ? api.attributes(src.workspaceId, src.log, src.filter, { signal }) : Promise.resolve([] as AttributeInfo[])),
    [src?.workspaceId, src?.log, JSON.stringify(src?.filter ?? null)],
  );
}

/** A choice of attribute (levels: which attributes fit the filter type); free text when the list is missing. */
export function AttributeSelect({
  id,
  value,
  onChange,
  attributes,
  levels,
}: {
  id: string;
  value: string;
  onChange: (name: string) => void;
  attributes: AttributeInfo[] | null;
  levels: readonly ("case" | "event")[];
}) {
  const { t, i18n } = useTranslation("filters");
  const list = (attributes ?? []).filter((a) => levels.includes(a.level));
  if (attributes === null || !list.length) {
    // still loading, not readable, or no attribute of these levels: type the name
    return <input id={id} data-field="attribute" required value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <select id={id} data-field="attribute" required value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t("pickAttribute")}</option>
      {list.map((a) => (
        <option key={`${a.level}:${a.name}`} value={a.name}>
          {t("attributeOption", { name: a.name, n: formatNumber(a.n_values, i18n.language), level: t(`levels.${a.level}`) })}
        </option>
      ))}
      {value && !list.some((a) => a.name === value) ? <option value={value}>{value}</option> : null}
    </select>
  );
}

/** The values of an attribute with their case counts: tick several (`multiple`) or choose one. */
export function ValuePicker({
  src,
  attribute,
  selected,
  multiple,
  onChange,
  legend,
}: {
  src: PickerSource;
  attribute: string;
  selected: readonly string[];
  multiple: boolean;
  onChange: (values: string[]) => void;
  legend?: string;
}) {
  const { t, i18n } = useTranslation("filters");
  const lang = i18n.language;
  const [search, setSearch] = useState("");
  const base = useId();
  const values = useAsync(
    (signal) =>
      api.attributeValues(src.workspaceId, src.log, { attribute, filter: src.filter, search: search || null, limit: 200 }, { signal }),
    [src.workspaceId, src.log, JSON.stringify(src.filter), attribute, search],
  );
  const v = values.data;
  const chosen = new Set(selected);
  const toggle = (value: string) => {
    if (!multiple) return onChange([value]);
    const next = new Set(chosen);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    onChange([...next]);
  };
  return (
    <fieldset className="value-picker" data-testid="value-picker">
      <legend>{legend ?? t(multiple ? "pickValues" : "pickValue", { attribute })}</legend>
      <label htmlFor={`${base}-search`} className="visually-hidden">
        {t("searchValues")}
      </label>
      <input id={`${base}-search`} type="search" placeholder={t("searchValues")} value={search} onChange={(e) => setSearch(e.target.value)} />
      {values.error ? <p className="error">{values.error.message}</p> : null}
      {v ? (
        <>
          <ul className="values" role="list">
            {v.rows.map((r) => {
              const value = String(r.value);
              const id = `${base}-${value}`;
              return (
                <li key={value}>
                  <input type={multiple ? "checkbox" : "radio"} name={`${base}-v`} id={id} checked={chosen.has(value)} onChange={() => toggle(value)} />
                  <label htmlFor={id}>
                    {value} <span className="muted">({t("nCases", { n: formatNumber(r.n_cases, lang) })})</span>
                  </label>
                </li>
              );
            })}
          </ul>
          <p className="muted small" data-testid="value-picker-summary">
            {t("valuesShown", { shown: formatNumber(v.rows.length, lang), n: formatNumber(Number(v.meta.n_values ?? v.rows.length), lang) })}
            {Number(v.meta.n_hidden ?? 0) ? ` ${t("valuesHidden", { n: formatNumber(Number(v.meta.n_hidden), lang), k: formatNumber(Number(v.meta.min_group_size ?? 0), lang) })}` : ""}
          </p>
        </>
      ) : null}
    </fieldset>
  );
}

/** The (min, max) texts the range fields take for a bin; counts are whole numbers, the last bin holds its end. */
export function binRange(kind: string, start: number, end: number, last: boolean): [string, string] {
  if (kind === "duration") return [toDurationText(start), toDurationText(end)];
  if (kind === "count") {
    const lo = Math.ceil(start);
    const hi = last || !Number.isInteger(end) ? Math.floor(end) : end - 1;
    return [String(lo), String(Math.max(lo, hi))];
  }
  if (kind === "datetime") return [new Date(start * 1000).toISOString().slice(0, 19) + "Z", new Date(end * 1000).toISOString().slice(0, 19) + "Z"];
  return [String(Number(start.toPrecision(6))), String(Number(end.toPrecision(6)))];
}

function edgeLabel(h: RangeHistogram, x: number, lang: string): string {
  const kind = String(h.meta.kind ?? "number");
  if (kind === "duration") return formatDuration(x, lang);
  if (kind === "datetime") return formatDateTime(new Date(x * 1000).toISOString(), lang);
  return formatNumber(x, lang, 2);
}

/** Cases per bin as bars; a click (or Enter) on a bar sets the range to the bin. */
export function RangeHistogramView({
  src,
  attribute,
  measure,
  onPick,
}: {
  src: PickerSource;
  attribute?: string;
  measure?: "case_duration" | "case_length";
  onPick: (min: string, max: string) => void;
}) {
  const { t, i18n } = useTranslation("filters");
  const lang = i18n.language;
  const h = useAsync(
    (signal) =>
      api.histogram(src.workspaceId, src.log, { filter: src.filter, attribute: attribute ?? null, measure: measure ?? null, bins: 12 }, { signal }),
    [src.workspaceId, src.log, JSON.stringify(src.filter), attribute, measure],
  );
  const max = useMemo(() => Math.max(1, ...(h.data?.rows ?? []).map((r) => r.n_cases ?? 0)), [h.data]);
  if (h.error) return <p className="muted small">{h.error.message}</p>;
  if (!h.data || !h.data.rows.length) return null;
  const data = h.data;
  return (
    <figure className="range-histogram" data-testid="range-histogram">
      <figcaption className="muted small">{t("histogramHint")}</figcaption>
      <div className="bars">
        {data.rows.map((r, i) => {
          const label = t("binOption", { from: edgeLabel(data, r.start, lang), to: edgeLabel(data, r.end, lang), n: r.n_cases === null ? t("fewer", { k: Number(data.meta.min_group_size ?? 0) }) : formatNumber(r.n_cases, lang) });
          return (
            <button
              type="button"
              key={i}
              className="bar"
              title={label}
              aria-label={label}
              onClick={() => onPick(...binRange(String(data.meta.kind ?? "number"), r.start, r.end, i === data.rows.length - 1))}
              data-testid={`bin-${i}`}
            >
              <span style={{ height: `${Math.round(((r.n_cases ?? 0) / max) * 100)}%` }} />
            </button>
          );
        })}
      </div>
      <div className="axis muted small">
        <span>{edgeLabel(data, data.rows[0].start, lang)}</span>
        <span>{edgeLabel(data, data.rows[data.rows.length - 1].end, lang)}</span>
      </div>
    </figure>
  );
}
