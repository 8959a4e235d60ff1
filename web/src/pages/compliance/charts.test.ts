import { describe, expect, it } from "vitest";
import type { Rule } from "../../api/compliance";
import { formatMonth, trendOption } from "./charts";
import { ruleName } from "./rules";

const row = (period: string, rate: number | null) => ({
  rule_id: "R01",
  rule: null,
  period,
  rate,
  n_met: 1,
  n_violated: 0,
  n_pending: 0,
  n_not_applicable: 0,
  n_cases: 1,
});

describe("compliance trend", () => {
  it("labels months in the user's language and plots rates as percent, gaps as null", () => {
    const o = trendOption([row("2024-01-01", 0.755), row("2024-02-01", null)], "R01", "da");
    expect(o.xAxis.data).toEqual([formatMonth("2024-01-01", "da"), formatMonth("2024-02-01", "da")]);
    expect(formatMonth("2024-01-01", "da")).toMatch(/jan/);
    expect(formatMonth("2024-01-01", "en")).toMatch(/Jan 2024/);
    expect(o.series[0].data).toEqual([75.5, null]);
  });

  it("names a rule in Danish or English, falling back to the other language", () => {
    const r = { id: "R01", title: "R01", name_da: "CV på Jobnet", name_en: null } as unknown as Rule;
    expect(ruleName(r, "da")).toBe("CV på Jobnet");
    expect(ruleName(r, "en")).toBe("CV på Jobnet");
    expect(ruleName({ ...r, name_en: "CV on Jobnet" }, "en")).toBe("CV on Jobnet");
  });
});

describe("a click on the compliance trend", () => {
  it("filters to the cases active in that month", async () => {
    const { monthStep } = await import("./charts");
    const r = { rule_id: "R01", rule: null, period: "2024-12-01", rate: 0.5, n_met: 1, n_violated: 1, n_pending: 0, n_not_applicable: 0, n_cases: 2 };
    expect(monthStep([r], 0)).toEqual({ type: "timeframe", action: "retain", start: "2024-12-01", end: "2025-01-01", mode: "intersecting" });
    expect(monthStep([r], 3)).toBeNull();
  });
});
