import { describe, expect, it } from "vitest";
import { activityColours, CATEGORICAL, OTHER_COLOUR, tint } from "./palette";

describe("activity colours", () => {
  it("give the most frequent activities the palette's colours in order and grey past it", () => {
    const w = new Map<string, number>([["B", 5], ["A", 5], ["C", 9]]);
    for (let i = 0; i < 25; i++) w.set(`x${String(i).padStart(2, "0")}`, 1);
    const c = activityColours(w);
    expect(c.get("C")).toBe(CATEGORICAL[0]);
    expect(c.get("A")).toBe(CATEGORICAL[1]); // ties by name
    expect(c.get("B")).toBe(CATEGORICAL[2]);
    expect(c.get("x24")).toBe(OTHER_COLOUR);
    expect(new Set(CATEGORICAL).size).toBe(CATEGORICAL.length);
  });

  it("tints towards white", () => {
    expect(tint("#000000", 0.5)).toBe("#808080");
    expect(tint("#ffffff")).toBe("#ffffff");
  });
});
