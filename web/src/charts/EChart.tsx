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

export function EChart({ option, label, testId, height = 260 }: { option: ChartOption; label: string; testId?: string; height?: number }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "svg" });
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
    // numbers on axes and in tooltips in the page's language (2.500 / 2,500)
    chart.current?.setOption(localizeChart({ animation: false, aria: { enabled: false }, ...option }, lang), true);
  }, [option, lang]);
  return <div ref={el} className="chart" role="img" aria-label={label} data-testid={testId} style={{ height }} />;
}
