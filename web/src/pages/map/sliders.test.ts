import { describe, expect, it } from "vitest";
import { AHEAD_MAX, AHEAD_POSITIONS, aheadPositions, positionFor, stepCount } from "./sliders";

// slider_steps(624) of the library at 0..16 %, then jumps (the server's totals.activity_steps)
const STEPS_624 = [...Array.from({ length: 23 }, (_, p) => p + 1), ...Array.from({ length: 78 }, (_, i) => 24 + i * 8)];
STEPS_624[100] = 624;

describe("the server's slider scale", () => {
  it("reads the count at a position, rounding and clamping it", () => {
    expect(stepCount(STEPS_624, 0)).toBe(1);
    expect(stepCount(STEPS_624, 13.6)).toBe(15);
    expect(stepCount(STEPS_624, 140)).toBe(624);
    expect(stepCount(STEPS_624, -3)).toBe(1);
    expect(stepCount([], 50)).toBe(0);
  });

  it("finds the lowest position that keeps at least a count", () => {
    expect(positionFor(STEPS_624, 15)).toBe(14);
    expect(positionFor(STEPS_624, 1)).toBe(0);
    expect(positionFor(STEPS_624, 25)).toBe(24);
    expect(positionFor(STEPS_624, 5000)).toBe(100);
    const eleven = Array.from({ length: 101 }, (_, p) => 1 + Math.floor((p * 10) / 100));
    expect(positionFor(eleven, 15)).toBe(100);
  });
});

describe("the positions laid out ahead", () => {
  it("takes the first position of each count below the whole map, nearest the slider first", () => {
    const steps = [1, 1, 2, 2, 3, 4, 4, 5, 6, 6, 6];
    expect(aheadPositions(steps, 0)).toEqual([0, 2, 4, 5, 7]);
    expect(aheadPositions(steps, 6)).toEqual([5, 7, 4, 2, 0]);
  });

  it("leaves out large node sets and keeps at most AHEAD_POSITIONS", () => {
    const ahead = aheadPositions(STEPS_624, 50);
    expect(ahead.length).toBeLessThanOrEqual(AHEAD_POSITIONS);
    for (const p of ahead) expect(STEPS_624[p]).toBeLessThanOrEqual(AHEAD_MAX);
    expect(new Set(ahead.map((p) => STEPS_624[p])).size).toBe(ahead.length);
    expect(aheadPositions([], 10)).toEqual([]);
  });
});
