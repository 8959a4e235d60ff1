import { describe, expect, it } from "vitest";
import { withQuarantined } from "./QuarantineNote";

describe("withQuarantined", () => {
  it("adds the flag to a spec, or makes a spec of its own", () => {
    const step = { type: "case_length" as const, min: 2 };
    expect(withQuarantined({ version: 1, steps: [step] }, true)).toEqual({ version: 1, steps: [step], include_quarantined: true });
    expect(withQuarantined(null, true)).toEqual({ version: 1, steps: [], include_quarantined: true });
  });
  it("leaves the spec as it is when the events stay out", () => {
    expect(withQuarantined(null, false)).toBeNull();
    const spec = { version: 1 as const, steps: [] };
    expect(withQuarantined(spec, false)).toBe(spec);
  });
});
