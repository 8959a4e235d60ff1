import { describe, expect, it } from "vitest";
import { timelineRows } from "./timeline";

describe("timelineRows", () => {
  it("orders events by time and gives elapsed and waiting time in seconds", () => {
    const rows = timelineRows([
      { case_id: "c", activity: "B", timestamp: "2024-01-01T10:00:00Z", resource: "M-1", team: "Syd", notat: null },
      { case_id: "c", activity: "A", timestamp: "2024-01-01T09:00:00Z", resource: null, team: null },
      { case_id: "c", activity: "C", timestamp: "2024-01-02T10:00:00Z", resource: "M-2" },
    ]);
    expect(rows.map((r) => r.activity)).toEqual(["A", "B", "C"]);
    expect(rows.map((r) => r.elapsed_s)).toEqual([0, 3600, 90000]);
    expect(rows.map((r) => r.wait_s)).toEqual([null, 3600, 86400]);
    expect(rows[1].attributes).toEqual([["team", "Syd"]]);
    expect(rows[0].resource).toBeNull();
  });

  it("marks quarantined events and measures time over the others", () => {
    const rows = timelineRows([
      { activity: "A", timestamp: "2024-01-01T09:00:00Z", quarantined: false },
      { activity: "X", timestamp: "1900-01-01T00:00:00Z", quarantined: true },
      { activity: "B", timestamp: "2024-01-01T10:00:00Z", quarantined: false },
    ]);
    expect(rows.map((r) => [r.activity, r.quarantined])).toEqual([["X", true], ["A", false], ["B", false]]);
    expect(rows.map((r) => r.elapsed_s)).toEqual([null, 0, 3600]);
    expect(rows.map((r) => r.wait_s)).toEqual([null, null, 3600]);
    expect(rows[0].attributes).toEqual([]);
  });
});
