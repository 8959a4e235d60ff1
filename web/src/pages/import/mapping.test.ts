import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { choicesFrom, logNameOf, problems, toMapping, toYaml } from "./mapping";

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
