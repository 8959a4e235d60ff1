import { describe, expect, it } from "vitest";
import type { QualityColumn, QualityFinding } from "../../api/imports";
import { cellText, checkResultOf, missingColumns, severityCounts, sortFindings, tableColumns } from "./quality";

const finding = (code: string, severity: QualityFinding["severity"], share: number, count = 1): QualityFinding => ({
  code, severity, share, count, pattern: "collateral events", title: code, detail: "", effect: "", unit: "events", examples: [], breakdown: [],
});
const column = (name: string, share: number, in_source = true): QualityColumn => ({
  name, share_missing: share, in_source, kind: "attribute", level: "event", dtype: "VARCHAR", data_class: "process", n_missing: Math.round(share * 10),
});

describe("sortFindings", () => {
  it("puts errors first, then warnings, then notes, larger shares first within a severity", () => {
    const sorted = sortFindings([finding("a", "info", 0.9), finding("b", "warning", 0.1), finding("c", "error", 0.01), finding("d", "warning", 0.5)]);
    expect(sorted.map((f) => f.code)).toEqual(["c", "d", "b", "a"]);
  });
  it("keeps the server's order for ties and does not change its input", () => {
    const input = [finding("x", "warning", 0.2, 3), finding("y", "warning", 0.2, 3), finding("z", "warning", 0.2, 9)];
    expect(sortFindings(input).map((f) => f.code)).toEqual(["z", "x", "y"]);
    expect(input.map((f) => f.code)).toEqual(["x", "y", "z"]);
  });
});

describe("severityCounts", () => {
  it("counts every severity, zero when absent", () => {
    expect(severityCounts([finding("a", "error", 0), finding("b", "error", 0), finding("c", "info", 0)])).toEqual({ error: 2, warning: 0, info: 1 });
  });
});

describe("missingColumns", () => {
  it("leaves out roles the file does not have and lists the most missing first", () => {
    const cols = missingColumns([column("team", 0.1), column("resource", 1, false), column("note", 0.6), column("case_id", 0)]);
    expect(cols.map((c) => c.name)).toEqual(["note", "team", "case_id"]);
  });
});

describe("tableColumns", () => {
  it("collects every key in the order first seen", () => {
    expect(tableColumns([{ case_id: "S1", activity: "A" }, { case_id: "S2", copies: 2 }])).toEqual(["case_id", "activity", "copies"]);
  });
});

describe("cellText", () => {
  it("formats numbers and timestamps in the language and shows nothing as a dash", () => {
    expect(cellText(1234, "da")).toBe("1.234");
    expect(cellText(1234, "en")).toBe("1,234");
    expect(cellText(0.25, "da")).toBe("0,25");
    expect(cellText(null, "da")).toBe("–");
    expect(cellText("", "en")).toBe("–");
    expect(cellText("S-001", "da")).toBe("S-001");
    // UTC 23:00 is midnight in Copenhagen
    expect(cellText("1899-12-31T23:00:00+00:00", "en")).toContain("1900");
  });
});

describe("checkResultOf", () => {
  it("reads the report of a check job and rejects a result without one", () => {
    const r = checkResultOf({ status: "created", log: "x", rows_read: 26, events_added: 26, warnings: ["w"],
      quality: { overview: { n_events: 26 }, findings: [], columns: [] } });
    expect(r?.rows_read).toBe(26);
    expect(r?.warnings).toEqual(["w"]);
    expect(checkResultOf({ status: "created", log: "x" })).toBeNull();
    expect(checkResultOf(null)).toBeNull();
  });
});
