import { describe, expect, it } from "vitest";
import type { FilterStep, FilterType } from "../api";
import { emptyForm, FILTER_FIELDS, FILTER_TYPES, formToStep, FormError, stepToForm, describeStep, type ConditionValue } from "./fields";

/** Every filter type of the generated TypeScript types; the compiler refuses this object when one is missing or
 * unknown, so the forms (read from filters.json at run time) and the types (schema.ts) cannot disagree. */
const TYPED: Record<FilterType, true> = {
  case_attribute: true, case_id: true, variant: true, event_attribute: true, timeframe: true, case_duration: true,
  case_length: true, processing_time: true, waiting_time: true, node_duration: true, arc_duration: true,
  directly_follows: true, eventually_follows: true, rework: true, case_section: true, endpoints: true,
  attribute_combination: true, any_of: true, all_of: true,
};

const SAMPLES: FilterStep[] = [
  { type: "case_attribute", action: "retain", attribute: "kommune", in: ["Aarhus", "Odense"] },
  { type: "case_id", action: "remove", ids: ["S-1", "S-2"] },
  { type: "variant", action: "retain", top: 10 },
  { type: "variant", action: "retain", variants: [["A", "B"], ["A", "C"]] },
  { type: "event_attribute", action: "retain", attribute: "activity", equals: "Refund", mode: "events" },
  { type: "timeframe", action: "retain", start: "2024-01-01", end: "2024-04-01", mode: "started" },
  { type: "case_duration", action: "retain", min: "30d" },
  { type: "case_length", action: "retain", min: 3, max: 20 },
  { type: "processing_time", action: "retain", measure: "average", max: "2h" },
  { type: "waiting_time", action: "retain", measure: "max", min: "14d" },
  { type: "node_duration", action: "retain", activity: "Assess", min: "5d" },
  { type: "arc_duration", action: "retain", source: "A", target: "B", max: "21d" },
  { type: "directly_follows", action: "remove", source: "Decision", target: "Complaint" },
  { type: "eventually_follows", action: "retain", source: "A", target: "D", max: "28d" },
  { type: "rework", action: "retain", activity: "Request documents", min: 2 },
  { type: "case_section", action: "retain", start_activity: "A", end_activity: "D", end_occurrence: "last", start_inclusive: true, end_inclusive: false },
  { type: "endpoints", action: "retain", start: ["A"], end: ["D", "W"] },
  {
    type: "attribute_combination", action: "retain", first: { attribute: "activity", equals: "Decision" },
    second: { attribute: "amount", min: 1000, max: 5000 }, scope: "event",
  },
  { type: "any_of", action: "retain", steps: [{ type: "case_length", min: 3 }, { type: "case_duration", min: "60d" }] },
  { type: "all_of", action: "remove", steps: [{ type: "case_length", min: 3 }] },
];

describe("filter field descriptions", () => {
  it("cover exactly the engine's filter types (from the generated schema)", () => {
    expect([...FILTER_TYPES].sort()).toEqual(Object.keys(TYPED).sort());
    expect(FILTER_TYPES.length).toBe(19);
  });

  it("read each field's kind, requirement and default from the schema", () => {
    expect(FILTER_FIELDS.node_duration).toEqual([
      { name: "activity", kind: "text", required: true },
      { name: "min", kind: "duration" },
      { name: "max", kind: "duration" },
    ]);
    expect(FILTER_FIELDS.case_attribute).toEqual([{ name: "", kind: "condition", required: true }]);
    expect(FILTER_FIELDS.timeframe.map((f) => f.kind)).toEqual(["datetime", "datetime", "select"]);
    expect(FILTER_FIELDS.timeframe[2].options).toEqual(["contained", "intersecting", "started", "ended", "trim"]);
    expect(FILTER_FIELDS.timeframe[2].default).toBe("intersecting");
    expect(FILTER_FIELDS.variant.map((f) => [f.name, f.kind])).toEqual([["variants", "variants"], ["top", "integer"], ["coverage", "number"]]);
    expect(FILTER_FIELDS.attribute_combination.map((f) => f.kind)).toEqual(["condition", "condition", "select"]);
    expect(FILTER_FIELDS.any_of).toEqual([{ name: "steps", kind: "steps", required: true }]);
    expect(FILTER_FIELDS.case_section.find((f) => f.name === "start_inclusive")).toEqual({ name: "start_inclusive", kind: "boolean", default: true });
    expect(FILTER_FIELDS.endpoints.map((f) => f.kind)).toEqual(["list", "list"]);
  });

  it("give back every sample step after a round trip through the form", () => {
    for (const step of SAMPLES) {
      const defaults = formToStep(stepToForm(step));
      // defaults the engine would fill in anyway (mode, measure, scope, ...) may be added; nothing may change
      for (const [k, v] of Object.entries(step)) expect((defaults as Record<string, unknown>)[k], `${step.type}.${k}`).toEqual(v);
    }
  });

  it("make the empty form of each type with its defaults", () => {
    expect(emptyForm("event_attribute").values.mode).toBe("cases");
    expect(emptyForm("case_section").values.start_inclusive).toBe(true);
    expect(emptyForm("timeframe").values.mode).toBe("intersecting");
    expect((emptyForm("case_attribute").values[""] as ConditionValue).op).toBe("equals");
  });

  it("name the field to fill in when a required one is empty", () => {
    const f = emptyForm("node_duration");
    expect(() => formToStep(f)).toThrow(FormError);
    try {
      formToStep(f);
    } catch (e) {
      expect((e as FormError).field).toBe("activity");
      expect((e as FormError).reason).toBe("required");
    }
  });

  it("refuse a non-number where a number is expected and bad JSON for nested steps", () => {
    const f = emptyForm("case_length");
    f.values.min = "three";
    expect(() => formToStep(f)).toThrow(/min: number/);
    const g = emptyForm("any_of");
    g.values.steps = "[{not json";
    expect(() => formToStep(g)).toThrow(/steps: json/);
  });

  it("read lists one per line or comma-separated, and range values as numbers when numeric", () => {
    const f = emptyForm("endpoints");
    f.values.start = "A, B\nC";
    expect((formToStep(f) as Record<string, unknown>).start).toEqual(["A", "B", "C"]);
    const c = emptyForm("case_attribute");
    c.values[""] = { attribute: "age", op: "range", value: "", min: "18", max: "2024-01-01" };
    expect(formToStep(c)).toMatchObject({ attribute: "age", min: 18, max: "2024-01-01" });
  });

  it("describe a step in one line", () => {
    expect(describeStep(SAMPLES[0])).toBe("kommune; in: Aarhus, Odense");
    expect(describeStep(SAMPLES[12])).toBe("source: Decision; target: Complaint");
  });
});
