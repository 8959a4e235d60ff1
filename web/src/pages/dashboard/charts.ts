// ECharts options of the dashboard (pure functions of the overview payload, so they can be unit tested).
import type { Overview } from "../../api/overview";
import { formatDate, formatDuration } from "../../i18n/format";

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
