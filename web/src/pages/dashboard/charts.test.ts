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

describe("a click on a dashboard chart", () => {
  it("filters to the cases started or ended in a week, open on a day, or of a duration bin", async () => {
    const { throughputStep, wipStep, histogramStep, addDays } = await import("./charts");
    const weeks = [{ week: "2024-03-25", started: 3, ended: 1 }];
    expect(throughputStep(weeks, 0, 0)).toEqual({ type: "timeframe", action: "retain", start: "2024-03-25", end: "2024-04-01", mode: "started" });
    expect(throughputStep(weeks, 0, 1)).toMatchObject({ mode: "ended" });
    expect(throughputStep(weeks, 5, 0)).toBeNull();
    expect(wipStep([{ date: "2024-12-31", wip: 4 }], 0)).toMatchObject({ start: "2024-12-31", end: "2025-01-01" });
    expect(histogramStep([{ from_s: 86400, to_s: 2 * 86400 + 3600, cases: 4 }], 0)).toEqual({ type: "case_duration", action: "retain", min: "1d", max: "2d1h" });
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
  });
});
