import { describe, expect, it } from "vitest";
import type { VariantRow } from "../../api";
import { CATEGORICAL } from "../../charts/palette";
import { formatPercent } from "../../i18n/format";
import { chosenShare, variantColours, variantStep } from "./variants";

const rows: VariantRow[] = [
  { variant_id: 0, activities: ["A", "B"], n_events: 4, n_cases: 2, share: 0.5, cumulative_share: 0.5, mean_duration_s: 60, median_duration_s: 60 },
  { variant_id: 1, activities: ["A", "C"], n_events: 2, n_cases: 1, share: 0.25, cumulative_share: 0.75, mean_duration_s: null, median_duration_s: null },
  { variant_id: 2, activities: ["A"], n_events: 1, n_cases: 1, share: 0.25, cumulative_share: 1, mean_duration_s: 0, median_duration_s: 0 },
];

describe("variants", () => {
  it("makes a variant filter step of the chosen variants in rank order", () => {
    expect(variantStep(rows, new Set([2, 0]))).toEqual({ type: "variant", action: "retain", variants: [["A", "B"], ["A"]] });
    expect(variantStep(rows, new Set([1]), "remove")).toEqual({ type: "variant", action: "remove", variants: [["A", "C"]] });
    expect(variantStep(rows, new Set())).toBeNull();
  });
  it("adds up the share of the chosen variants", () => {
    expect(chosenShare(rows, new Set([0, 1]))).toBeCloseTo(0.75);
  });
  it("colours activities by how many cases pass them", () => {
    const c = variantColours(rows);
    expect(c.get("A")).toBe(CATEGORICAL[0]);
    expect(c.get("B")).toBe(CATEGORICAL[1]);
    expect(c.get("C")).toBe(CATEGORICAL[2]);
  });
  it("never shows a share of a few cases in a large log as 0 %", () => {
    expect(formatPercent(26 / 150_370, "en")).toBe("0.017%");
    expect(formatPercent(26 / 150_370, "da")).toMatch(/^0,017\s?%$/);
    expect(formatPercent(0, "en")).toBe("0%");
    expect(formatPercent(0.426, "en")).toBe("43%");
  });
});
