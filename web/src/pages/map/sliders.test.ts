import { describe, expect, it } from "vitest";
import { sliderCount, sliderPosition } from "./sliders";

describe("sliderCount", () => {
  it("gives the library's counts (slider_count's doctest)", () => {
    expect([0, 1, 2, 10, 50, 100].map((p) => sliderCount(p, 624))).toEqual([1, 2, 3, 11, 75, 624]);
    expect([0, 10, 50, 100].map((p) => sliderCount(p, 11))).toEqual([1, 2, 6, 11]);
  });

  it("moves by at most one at the low end and reaches every item at 100 %", () => {
    for (const n of [1, 2, 11, 54, 101, 102, 398, 624, 5000]) {
      const c = Array.from({ length: 101 }, (_, p) => sliderCount(p, n));
      expect(c[0]).toBe(Math.min(1, n));
      expect(c[100]).toBe(n);
      for (let p = 1; p <= 12; p++) expect(c[p] - c[p - 1]).toBeLessThanOrEqual(1);
    }
  });

  it("finds the position of a count", () => {
    expect(sliderPosition(15, 624)).toBe(14);
    expect(sliderPosition(15, 11)).toBe(100);
    expect(sliderCount(sliderPosition(15, 54), 54)).toBe(15);
  });
});
