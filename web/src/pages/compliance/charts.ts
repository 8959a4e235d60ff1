// The trend chart of the compliance page: one rule's compliance rate per month (a pure function of the rates).
import type { FilterStep } from "../../api";
import type { RateRow } from "../../api/compliance";
import { locale } from "../../i18n/format";

const BLUE = "#0b4f8a";

/** "jan. 2024" / "Jan 2024" for a period's first day (YYYY-MM-DD). */
export function formatMonth(period: string, lang: string): string {
  const d = new Date(`${period.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return period;
  return new Intl.DateTimeFormat(locale(lang), { month: "short", year: "numeric", timeZone: "UTC" }).format(d);
}

export function trendOption(rows: RateRow[], label: string, lang: string) {
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: "axis", valueFormatter: (v: number | null) => (v === null ? "–" : `${Math.round(v)} %`) },
    xAxis: { type: "category", data: rows.map((r) => formatMonth(String(r.period), lang)) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
    series: [
      {
        name: label,
        type: "line",
        connectNulls: false,
        data: rows.map((r) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10)),
        itemStyle: { color: BLUE },
      },
    ],
  };
}

/** A click on a month of the trend: the cases active in that month (the rates count cases by their trigger date,
 * which lies in the month for every case counted there). */
export function monthStep(rows: RateRow[], dataIndex: number): FilterStep | null {
  const p = rows[dataIndex]?.period;
  if (!p) return null;
  const start = String(p).slice(0, 10);
  const d = new Date(`${start}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return { type: "timeframe", action: "retain", start, end: d.toISOString().slice(0, 10), mode: "intersecting" };
}
