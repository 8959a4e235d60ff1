import { describe, expect, it } from "vitest";
import da from "./da.json";
import en from "./en.json";
import { initialLanguage } from "./index";
import { FILTER_TYPES, FILTER_FIELDS } from "../filters/fields";
import { formatDuration, toDurationText } from "./format";

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  const fda = flatten(da as Tree);
  const fen = flatten(en as Tree);

  it("have every key in both languages", () => {
    expect([...fda.keys()].filter((k) => !fen.has(k))).toEqual([]);
    expect([...fen.keys()].filter((k) => !fda.has(k))).toEqual([]);
  });

  it("use the same placeholders in both languages and no empty texts", () => {
    for (const [k, v] of fda) {
      expect(placeholders(v), k).toEqual(placeholders(fen.get(k)!));
      expect(v.trim(), k).not.toBe("");
    }
  });

  it("name and explain every filter type and label every field", () => {
    for (const ty of FILTER_TYPES) {
      expect(fda.has(`filters.types.${ty}.name`), ty).toBe(true);
      expect(fda.has(`filters.types.${ty}.help`), ty).toBe(true);
      for (const f of FILTER_FIELDS[ty]) expect(fda.has(`filters.fields.${f.name || "condition"}`), `${ty}.${f.name}`).toBe(true);
    }
  });

  it("are really Danish and English", () => {
    expect(fda.get("shell.logout")).toBe("Log ud");
    expect(fen.get("shell.logout")).toBe("Log out");
  });
});

describe("initialLanguage", () => {
  it("is Danish for a Danish browser, English otherwise, and a saved choice wins", () => {
    expect(initialLanguage(null, "da-DK")).toBe("da");
    expect(initialLanguage(null, "da")).toBe("da");
    expect(initialLanguage(null, "en-US")).toBe("en");
    expect(initialLanguage(null, "de-DE")).toBe("en");
    expect(initialLanguage("en", "da-DK")).toBe("en");
    expect(initialLanguage("xx", "da-DK")).toBe("da");
  });
});

describe("format", () => {
  it("writes durations with the two largest units in the locale", () => {
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59, "en")).toMatch(/^3d 4h$/);
    expect(formatDuration(90, "en")).toMatch(/^1m 30s$/);
    expect(formatDuration(null, "da")).toBe("–");
    // the second unit is rounded and carried: 24 d 23 h 59 min is 25 d, never "24 d 24 h"
    expect(formatDuration(24 * 86400 + 23 * 3600 + 59 * 60, "en")).toBe("25d");
    expect(formatDuration(7200, "en")).toBe("2h");
    expect(formatDuration(42, "en")).toBe("42s");
  });
  it("gives the engine's duration text", () => {
    expect(toDurationText(86400 + 12 * 3600)).toBe("1d12h");
    expect(toDurationText(5400)).toBe("1h30min");
    expect(toDurationText(0)).toBe("0s");
  });
});

describe("plurals", () => {
  it("have a singular and a plural form for every plural key, in both languages", () => {
    for (const tree of [da, en]) {
      const keys = [...flatten(tree as Tree).keys()];
      for (const k of keys.filter((x) => x.endsWith("_one"))) expect(keys, k).toContain(k.replace(/_one$/, "_other"));
    }
  });

  it("say 1 advarsel and 2 advarsler", async () => {
    const { createInstance } = await import("i18next");
    const i = createInstance();
    await i.init({ resources: { da, en }, lng: "da", ns: Object.keys(da), defaultNS: "common", interpolation: { escapeValue: false } });
    expect(i.t("import:warnings", { count: 1, n: "1" })).toBe("1 advarsel");
    expect(i.t("import:warnings", { count: 2500, n: "2.500" })).toBe("2.500 advarsler");
    expect(i.t("cases:total", { count: 1, n: "1" })).toBe("1 sag");
    await i.changeLanguage("en");
    expect(i.t("import:warnings", { count: 1, n: "1" })).toBe("1 warning");
    expect(i.t("import:quality.units.events", { count: 1 })).toBe("event");
  });
});

describe("localizeChart", () => {
  it("writes axis and tooltip numbers in the page's locale and keeps a page's own formatter", async () => {
    const { localizeChart } = await import("./format");
    const own = (v: number) => `${v} d`;
    const o = localizeChart({ xAxis: { type: "category" }, yAxis: [{ type: "value" }, { type: "value", axisLabel: { formatter: own } }], tooltip: { trigger: "axis" } }, "da");
    const y = o.yAxis as { axisLabel: { formatter: (v: number) => string } }[];
    expect(y[0].axisLabel.formatter(2500)).toBe("2.500");
    expect(y[1].axisLabel.formatter).toBe(own);
    expect((o.tooltip as unknown as { valueFormatter: (v: number) => string }).valueFormatter(1234.5)).toBe("1.234,5");
    expect((o.xAxis as { axisLabel?: unknown }).axisLabel).toBeUndefined();
    const en = localizeChart({ yAxis: {} }, "en");
    expect((en.yAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter(2500)).toBe("2,500");
  });
});
