import { describe, expect, it } from "vitest";
import { chosenShare, variantRows, variantStep } from "./variants";

const table = {
  columns: ["variant_id", "activities", "n_events", "n_cases", "share", "cumulative_share", "mean_duration_s", "median_duration_s"],
  rows: [
    { variant_id: 0, activities: ["A", "B"], n_events: 4, n_cases: 2, share: 0.5, cumulative_share: 0.5, mean_duration_s: 60, median_duration_s: 60 },
    { variant_id: 1, activities: ["A", "C"], n_events: 2, n_cases: 1, share: 0.25, cumulative_share: 0.75, mean_duration_s: null, median_duration_s: null },
    { variant_id: 2, activities: ["A"], n_events: 1, n_cases: 1, share: 0.25, cumulative_share: 1, mean_duration_s: 0, median_duration_s: 0 },
  ],
  meta: {},
};

describe("variants", () => {
  it("makes a variant filter step of the chosen variants in rank order", () => {
    const rows = variantRows(table);
    expect(variantStep(rows, new Set([2, 0]))).toEqual({ type: "variant", action: "retain", variants: [["A", "B"], ["A"]] });
    expect(variantStep(rows, new Set([1]), "remove")).toEqual({ type: "variant", action: "remove", variants: [["A", "C"]] });
    expect(variantStep(rows, new Set())).toBeNull();
  });
  it("adds up the share of the chosen variants and keeps missing durations missing", () => {
    const rows = variantRows(table);
    expect(chosenShare(rows, new Set([0, 1]))).toBeCloseTo(0.75);
    expect(rows[1].mean_duration_s).toBeNull();
  });
});
