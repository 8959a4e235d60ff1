import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { choicesFrom, keyDecisions, logNameOf, problems, toMapping, toYaml, unconfirmedRoles, withOptions, type Decision } from "./mapping";

const suggested = "case_id: sagsnr\nactivity: aktivitet\ntimestamp: tidspunkt\nresource: sagsbehandler\ncolumns:\n  cpr:\n    data_class: citizen_id\n    level: case\n  notat:\n    data_class: free_text\n";
const columns = ["sagsnr", "aktivitet", "tidspunkt", "sagsbehandler", "cpr", "notat", "team"];

describe("mapping editor", () => {
  it("reads the suggested mapping into one choice per column", () => {
    const { choices } = choicesFrom(columns, suggested, { tidspunkt: { format: "%d-%m-%Y %H:%M" } });
    const by = Object.fromEntries(choices.map((c) => [c.column, c]));
    expect(by.sagsnr.use).toBe("case_id");
    expect(by.tidspunkt.format).toBe("%d-%m-%Y %H:%M");
    expect(by.sagsbehandler.dataClass).toBe("employee_id");
    expect(by.cpr).toMatchObject({ use: "attribute", dataClass: "citizen_id", level: "case" });
    expect(by.team).toMatchObject({ use: "attribute", dataClass: "process", level: "event" });
    expect(problems(choices)).toEqual([]);
  });

  it("writes back a mapping the server reads: roles, detected format, classes and levels, defaults left out", () => {
    const { choices, extra } = choicesFrom(columns, suggested, { tidspunkt: { format: "%d-%m-%Y %H:%M" } });
    const m = parse(toYaml(choices, extra));
    expect(m).toEqual({
      case_id: "sagsnr",
      activity: "aktivitet",
      timestamp: { column: "tidspunkt", format: "%d-%m-%Y %H:%M" },
      resource: "sagsbehandler",
      columns: { cpr: { data_class: "citizen_id", level: "case" }, notat: { data_class: "free_text" } },
    });
  });

  it("lists every kept column and drops the others when a column is ignored", () => {
    const { choices } = choicesFrom(columns, suggested);
    choices.find((c) => c.column === "notat")!.use = "ignore";
    choices.find((c) => c.column === "sagsnr")!.dataClass = "citizen_id";
    const m = toMapping(choices);
    expect(m.other_columns).toBe("drop");
    expect(Object.keys(m.columns as object).sort()).toEqual(["cpr", "team"]);
    expect(m.case_id).toEqual({ column: "sagsnr", data_class: "citizen_id" });
  });

  it("names missing and doubled roles", () => {
    const { choices } = choicesFrom(["a", "b"], null);
    choices[0].use = "activity";
    choices[1].use = "activity";
    expect(problems(choices)).toHaveLength(3);
    expect(problems(choices)).toContainEqual({ key: "twiceRole", values: { role: "activity", columns: "a, b" } });
    expect(problems(choices)).toContainEqual({ key: "missingRole", values: { role: "case_id" } });
  });
});

describe("logNameOf", () => {
  it("makes a valid log name of a file name", () => {
    expect(logNameOf("Ydelser Århus 2024.csv")).toBe("ydelser_aarhus_2024");
    expect(logNameOf("x.xes.gz")).toBe("x");
    expect(logNameOf("_Æble.xlsx")).toBe("aeble");
  });
});

describe("the decisions that matter", () => {
  const decisions: Decision[] = [
    { column: "sag", kind: "role", value: "case_id", confidence: 1, evidence: "name", importance: 0, needs_confirmation: false },
    { column: "dato", kind: "role", value: "timestamp", confidence: 0.4, evidence: "values", importance: 0, needs_confirmation: true },
    { column: "team", kind: "level", value: "case", confidence: 0.55, evidence: "one value per case", importance: 4, needs_confirmation: true },
    { column: "duplicates", kind: "option", value: "keep", confidence: 0.5, evidence: "3 copies", importance: 2, needs_confirmation: true },
  ];
  const cols = ["sag", "dato", "aktivitet", "team"];
  const yaml = "case_id: sag\nactivity: aktivitet\ntimestamp: dato\ncolumns:\n  team:\n    level: case\n";

  it("asks to confirm an uncertain role until it is confirmed or changed", () => {
    const { choices } = choicesFrom(cols, yaml);
    expect(unconfirmedRoles(decisions, new Set(), choices).map((d) => d.column)).toEqual(["dato"]);
    expect(unconfirmedRoles(decisions, new Set(["role:dato"]), choices)).toEqual([]);
    const changed = choices.map((c) => (c.column === "dato" ? { ...c, use: "attribute" as const } : c));
    expect(unconfirmedRoles(decisions, new Set(), changed)).toEqual([]);
    expect(keyDecisions(decisions, 2).map((d) => d.column)).toEqual(["sag", "dato"]);
  });

  it("keeps the stored name of an XES trace attribute and writes the options", () => {
    const xes = "case_id: case:concept:name\nactivity: concept:name\ntimestamp: time:timestamp\nlifecycle: lifecycle:transition\n" +
      "activity_instances:\n  pair: true\ncolumns:\n  case:Start date:\n    level: case\n    rename: Start date\n";
    const { choices, extra } = choicesFrom(["case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition", "case:Start date"], xes);
    const m = parse(toYaml(choices, withOptions(extra, "drop", true)));
    expect(m.columns["case:Start date"]).toEqual({ level: "case", rename: "Start date" });
    expect(m.activity_instances).toEqual({ pair: true });
    expect(m.duplicates).toBe("drop");
    const off = parse(toYaml(choices, withOptions(extra, "keep", false)));
    expect(off.activity_instances).toBeUndefined();
    expect(off.duplicates).toBeUndefined();
  });
});
