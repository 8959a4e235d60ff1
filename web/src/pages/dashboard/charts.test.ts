import { describe, expect, it } from "vitest";
import { histogramOption, throughputOption } from "./charts";

const l = { started: "Started", ended: "Ended", wip: "Open", cases: "Cases" };

describe("dashboard charts", () => {
  it("plot started and ended cases per week, keeping hidden (null) counts as gaps", () => {
    const o = throughputOption(
      [
        { week: "2024-01-01", started: 3, ended: null },
        { week: "2024-01-08", started: 0, ended: 2 },
      ],
      l,
      "en",
    );
    expect(o.series.map((s) => s.name)).toEqual(["Started", "Ended"]);
    expect(o.series[1].data).toEqual([null, 2]);
    expect(o.xAxis.data).toHaveLength(2);
  });
  it("label duration bins by their range", () => {
    const o = histogramOption([{ from_s: 0, to_s: 86400, cases: 4 }], l, "en");
    expect(o.xAxis.data[0]).toMatch(/^0s–1d$/);
    expect(o.series[0].data).toEqual([4]);
  });
});
