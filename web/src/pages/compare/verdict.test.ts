import { describe, expect, it } from "vitest";
import { durationVerdict, pText, sideFilter } from "./verdict";

describe("durationVerdict", () => {
  it("says which side takes longer only when the test is significant", () => {
    expect(durationVerdict({ mann_whitney_p: 0.001, significant: true, effect_size: 0.4, effect_label: "medium" })).toEqual({ key: "longerB", p: 0.001, effect: "medium" });
    expect(durationVerdict({ mann_whitney_p: 0.01, significant: true, effect_size: -0.2, effect_label: "small" }).key).toBe("shorterB");
    expect(durationVerdict({ mann_whitney_p: 0.42, significant: false, effect_size: 0.07, effect_label: "negligible" })).toEqual({ key: "noDifference", p: 0.42, effect: "negligible" });
    expect(durationVerdict({ mann_whitney_p: null }).key).toBe("unknown");
  });
  it("writes p-values in the locale", () => {
    expect(pText(0.4212, "da")).toBe("0,421");
    expect(pText(0.00001, "en")).toBe("< 0.001");
  });
});

describe("sideFilter", () => {
  it("is a timeframe step when a date is given, else no filter", () => {
    expect(sideFilter("", "", "intersecting")).toBeNull();
    expect(sideFilter("2024-01-01", "", "started")).toEqual({ version: 1, steps: [{ type: "timeframe", action: "retain", mode: "started", start: "2024-01-01" }] });
  });
});
