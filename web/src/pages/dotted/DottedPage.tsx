// The dotted chart: every event of the (filtered) log's cases over time, one row per case in start order,
// coloured by activity (ECharts scatter in large mode on a canvas). Batches show as vertical lines of dots, dirty
// dates as dots far from the rest. Case-level (analysts; each load is an audited read); click a dot for its case.
import { useEffect, useMemo, useRef } from "react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { ScatterChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { caseViews, type DottedChart } from "../../api/caseViews";
import { formatDateTime, formatNumber } from "../../i18n/format";
import { FilterPanel } from "../../filters/FilterPanel";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";

echarts.use([ScatterChart, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The most frequent activities get a colour of their own; the others share one grey. */
const OWN_COLOURS = 12;
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
  "#393b79", "#637939", "#843c39"];

export interface Series {
  name: string;
  colour: string;
  points: [number, number, number][]; // time (ms), case, point index
  n: number;
}

/** Points grouped into one series per frequent activity (and one for the rest). */
export function seriesOf(d: DottedChart, other: string): Series[] {
  const counts = new Array(d.activities.length).fill(0);
  for (const a of d.activity) counts[a]++;
  const ranked = counts.map((n, i) => ({ n, i })).sort((a, b) => b.n - a.n || (d.activities[a.i] < d.activities[b.i] ? -1 : 1));
  const own = new Map(ranked.slice(0, OWN_COLOURS).map((r, k) => [r.i, k]));
  const series: Series[] = ranked.slice(0, OWN_COLOURS).map((r, k) => ({ name: d.activities[r.i], colour: PALETTE[k], points: [], n: r.n }));
  const rest: Series = { name: other, colour: "#9aa5b1", points: [], n: 0 };
  for (let j = 0; j < d.case.length; j++) {
    const k = own.get(d.activity[j]);
    const s = k === undefined ? rest : series[k];
    s.points.push([d.time[j], d.case[j], j]);
    if (k === undefined) rest.n++;
  }
  return rest.n ? [...series, rest] : series;
}

export default function DottedPage() {
  const { t, i18n } = useTranslation(["dotted", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const { spec } = useFilters();
  const navigate = useNavigate();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);
  const data = useAsync((signal) => caseViews.dottedChart(workspaceId, log, { filter: spec }, { signal }), [workspaceId, log, spec]);
  const d = data.data;
  const series = useMemo(() => (d ? seriesOf(d, lang.startsWith("da") ? "Øvrige aktiviteter" : "Other activities") : []), [d, lang]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => c.resize());
    ro?.observe(el.current);
    return () => {
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c || !d) return;
    c.setOption(
      {
        animation: false,
        aria: { enabled: false },
        grid: { left: 60, right: 20, top: 60, bottom: 70 },
        legend: { type: "scroll", top: 0 },
        tooltip: {
          trigger: "item",
          formatter: (p: { data: [number, number, number]; seriesName: string }) =>
            `${d.case_ids[p.data[1]]}<br/>${p.seriesName}<br/>${formatDateTime(new Date(p.data[0]).toISOString(), lang)}`,
        },
        xAxis: { type: "time", name: t("time"), nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "value", name: t("case"), inverse: true, min: 0, max: Math.max(1, d.n_cases_shown), minInterval: 1 },
        dataZoom: [{ type: "inside", xAxisIndex: 0 }, { type: "slider", xAxisIndex: 0, bottom: 8 }, { type: "inside", yAxisIndex: 0 }],
        series: series.map((s) => ({
          type: "scatter",
          name: s.name,
          large: true,
          largeThreshold: 2000,
          symbolSize: 4,
          itemStyle: { color: s.colour, opacity: 0.8 },
          data: s.points,
          dimensions: ["time", "case", "i"],
          encode: { x: 0, y: 1 },
        })),
      },
      true,
    );
    c.off("click");
    c.on("click", (p) => {
      const v = p.data as [number, number, number] | undefined;
      if (!v) return;
      navigate(pageUrl(pageById("case"), workspaceId, log).replace(":caseId", encodeURIComponent(d.case_ids[v[1]])));
    });
  }, [d, series, t, lang, navigate, workspaceId, log]);

  const nEvents = d?.case.length ?? 0;
  return (
    <div className="dotted-page">
      <h1>
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <p>{t("intro")}</p>
      {data.error ? <ProblemMessage error={data.error} /> : null}
      <p className="counts" data-testid="dotted-counts" data-cases={d?.n_cases_shown ?? ""} data-events={nEvents} aria-live="polite">
        {d
          ? d.sampled
            ? t("sampled", { n: formatNumber(d.n_cases_shown, lang), total: formatNumber(d.n_cases_total, lang) })
            : t("shown", { cases: formatNumber(d.n_cases_shown, lang), events: formatNumber(nEvents, lang) })
          : t("common:loading")}{" "}
        {d ? t("openCase") : null}
      </p>
      <div className="map-layout">
        <div>
          <div
            ref={el}
            className="dotted-chart"
            data-testid="dotted-chart"
            role="img"
            aria-label={t("chartLabel", { log, events: formatNumber(nEvents, lang), cases: formatNumber(d?.n_cases_shown ?? 0, lang) })}
          />
          {d ? (
            <details className="map-table">
              <summary>{t("asTable")}</summary>
              <table aria-label={t("asTable")}>
                <thead>
                  <tr>
                    <th scope="col">{t("activity")}</th>
                    <th scope="col">{t("events")}</th>
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.name}>
                      <td>
                        <span className="swatch" style={{ background: s.colour, display: "inline-block", width: "0.8rem", height: "0.8rem", marginRight: "0.35rem" }} aria-hidden="true" />
                        {s.name}
                      </td>
                      <td>{formatNumber(s.n, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
        </div>
        <div className="map-side">
          <FilterPanel workspaceId={workspaceId} workspaceName={String(workspaceId)} log={log} />
        </div>
      </div>
    </div>
  );
}
