import { describe, expect, it } from "vitest";
import { auditQuery } from "../../api/audit";
import { toIso } from "./query";

describe("audit query", () => {
  it("leaves out empty fields and encodes the rest", () => {
    expect(auditQuery({ username: " analyst ", action: "", limit: 100, offset: 0 })).toBe("?username=analyst&limit=100&offset=0");
    expect(auditQuery({})).toBe("");
    expect(auditQuery({ action: "case.read", since: "2024-01-01T00:00:00.000Z" })).toBe("?action=case.read&since=2024-01-01T00%3A00%3A00.000Z");
  });
  it("turns a local date-time into an instant and nothing into nothing", () => {
    expect(toIso("")).toBe("");
    expect(toIso("2024-03-01T10:00")).toMatch(/^2024-03-01T\d\d:00:00\.000Z$/);
  });
});
