// An ECharts chart as an image for assistive technology (role="img" + aria-label); pages put a table with the
// same figures next to it. Only the chart types the pages use are bundled.
import { useEffect, useRef } from "react";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import { localizeChart } from "../i18n/format";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** A click on a bar or point: its index in the series' data and the series. */
export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
}

export function EChart({
  option,
  label,
  testId,
  height = 260,
  onClick,
}: {
  option: ChartOption;
  label: string;
  testId?: string;
  height?: number;
  /** a click on a bar or a point (pages filter by it; the table beside the chart offers the same by keyboard) */
  onClick?: (c: ChartClick) => void;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.current = c;
    c.on("click", (p) => {
      if (typeof p.dataIndex === "number") click.current?.({ dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0 });
    });
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => c.resize());
    ro?.observe(el.current);
    return () => {
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // numbers on axes and in tooltips in the page's language (2.500 / 2,500)
    chart.current?.setOption(localizeChart({ animation: false, aria: { enabled: false }, ...option }, lang), true);
  }, [option, lang]);
  return (
    <div
      ref={el}
      className={onClick ? "chart clickable" : "chart"}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height, cursor: onClick ? "pointer" : undefined }}
    />
  );
}
