// ECharts options of the dashboard (pure functions of the overview payload, so they can be unit tested).
import type { FilterStep } from "../../api";
import type { Overview } from "../../api/overview";
import { formatDate, formatDuration, toDurationText } from "../../i18n/format";

const BLUE = "#0b4f8a";
const ORANGE = "#b35900";

export interface Labels {
  started: string;
  ended: string;
  wip: string;
  cases: string;
}

const grid = { left: 48, right: 16, top: 40, bottom: 32 };

export function throughputOption(rows: Overview["throughput"], l: Labels, lang: string) {
  return {
    grid,
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [l.started, l.ended] },
    xAxis: { type: "category", data: rows.map((r) => formatDate(r.week, lang)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: l.started, type: "bar", data: rows.map((r) => r.started), itemStyle: { color: BLUE } },
      { name: l.ended, type: "bar", data: rows.map((r) => r.ended), itemStyle: { color: ORANGE } },
    ],
  };
}

export function wipOption(rows: Overview["wip"], l: Labels, lang: string) {
  return {
    grid,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((r) => formatDate(r.date, lang)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: l.wip, type: "line", showSymbol: false, data: rows.map((r) => r.wip), itemStyle: { color: BLUE }, areaStyle: { opacity: 0.15 } }],
  };
}

/** Bars labelled by the bin's start ("2d", "4d" ...); the last bin is the tail up to the longest case. */
export function histogramOption(rows: Overview["duration_histogram"], l: Labels, lang: string) {
  return {
    grid,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: rows.map((r) => `${formatDuration(r.from_s, lang)}–${formatDuration(r.to_s, lang)}`) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: l.cases, type: "bar", data: rows.map((r) => r.cases), itemStyle: { color: BLUE } }],
  };
}

// ------------------------------------------------------------------ a click on a chart filters the log

/** The next day of a local date ("2024-03-31" -> "2024-04-01"); `days` ahead. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A click on a week's bar: the cases started (first series) or ended (second) that week. */
export function throughputStep(rows: Overview["throughput"], dataIndex: number, seriesIndex: number): FilterStep | null {
  const w = rows[dataIndex];
  if (!w) return null;
  return { type: "timeframe", action: "retain", start: w.week, end: addDays(w.week, 7), mode: seriesIndex === 1 ? "ended" : "started" };
}

/** A click on a day of the work in progress: the cases open that day. */
export function wipStep(rows: Overview["wip"], dataIndex: number): FilterStep | null {
  const d = rows[dataIndex];
  return d ? { type: "timeframe", action: "retain", start: d.date, end: addDays(d.date, 1), mode: "intersecting" } : null;
}

/** A click on a duration bin: the cases whose duration lies in it. */
export function histogramStep(rows: Overview["duration_histogram"], dataIndex: number): FilterStep | null {
  const b = rows[dataIndex];
  return b ? { type: "case_duration", action: "retain", min: toDurationText(b.from_s), max: toDurationText(b.to_s) } : null;
}
