import { describe, expect, it } from "vitest";
import { deviationByActivity } from "../../api/conformance";
import { overlayClass } from "./overlay";

describe("conformance overlay", () => {
  it("keeps the activities where cases deviate, with their share", () => {
    const m = deviationByActivity({
      columns: ["activity", "share_cases_deviating"],
      rows: [
        { activity: "A", share_cases_deviating: 0 },
        { activity: "B", share_cases_deviating: 0.3 },
        { activity: "C", share_cases_deviating: null },
      ],
      meta: {},
    });
    expect([...m.entries()]).toEqual([["B", 0.3]]);
  });
  it("grades the share of deviating cases into three marker classes", () => {
    expect(overlayClass(0)).toBeNull();
    expect(overlayClass(0.05)).toBe("sf-dev-low");
    expect(overlayClass(0.2)).toBe("sf-dev-mid");
    expect(overlayClass(0.5)).toBe("sf-dev-high");
  });
});
