import { describe, expect, it } from "vitest";
import { isSelect, paramValues, queryParams, syncParams } from "./sqlSource";

describe("queryParams", () => {
  it("finds :name parameters once each, in order", () => {
    expect(queryParams("SELECT * FROM t WHERE k = :kommune AND d >= :fra AND d < :til OR k = :kommune")).toEqual(["kommune", "fra", "til"]);
  });
  it("ignores casts, quoted text and comments", () => {
    const q = "SELECT x::date, ':not' AS a, \"col:umn\" FROM t -- :comment\n/* :block */ WHERE y = :real";
    expect(queryParams(q)).toEqual(["real"]);
  });
});

describe("syncParams", () => {
  it("keeps typed values for parameters still used and adds new ones as text", () => {
    const rows = syncParams("SELECT 1 WHERE a = :a AND b = :b", [{ name: "a", type: "number", value: "5" }, { name: "old", type: "text", value: "x" }]);
    expect(rows).toEqual([{ name: "a", type: "number", value: "5" }, { name: "b", type: "text", value: "" }]);
  });
});

describe("paramValues", () => {
  it("sends text, numbers (with a decimal comma) and NULL, and names values that are not numbers", () => {
    const { params, bad } = paramValues([
      { name: "k", type: "text", value: "007" },
      { name: "n", type: "number", value: "2,5" },
      { name: "z", type: "null", value: "ignored" },
      { name: "m", type: "number", value: "abc" },
    ]);
    expect(params).toEqual({ k: "007", n: 2.5, z: null });
    expect(bad).toEqual(["m"]);
  });
});

describe("isSelect", () => {
  it("accepts one SELECT or WITH statement, with a trailing semicolon", () => {
    expect(isSelect("  select * from t;")).toBe(true);
    expect(isSelect("WITH a AS (SELECT 1) SELECT * FROM a")).toBe(true);
    expect(isSelect("DELETE FROM t")).toBe(false);
    expect(isSelect("SELECT 1; DROP TABLE t")).toBe(false);
    expect(isSelect("selection")).toBe(false);
  });
});
