// Every filter type of the engine (src/sagsflow/filters/spec.py) described as form fields; the filter panel's
// forms are generated from these descriptions, and formToStep/stepToForm convert between a form and a step.
import type { FilterStep } from "../api";

export type FieldKind =
  | "text" // a string (an activity, a regular expression)
  | "integer"
  | "number"
  | "duration" // '2d', '3h', '1d12h', 'P1W' (the engine parses it)
  | "datetime" // '2024-03-01' or '2024-03-01T09:30' (Danish time)
  | "list" // several strings, one per line (or comma-separated)
  | "select"
  | "boolean"
  | "condition" // attribute + equals / in / min-max / regex; name "" puts it at the top level of the step
  | "variants" // one variant per line, activities separated by ">"
  | "steps"; // nested steps of any_of / all_of, as JSON

export interface FieldDef {
  name: string;
  kind: FieldKind;
  required?: boolean;
  options?: readonly string[];
  default?: string | boolean;
}

const dur = (name: string): FieldDef => ({ name, kind: "duration" });
const act = (name: string): FieldDef => ({ name, kind: "text", required: true });
const measure: FieldDef = { name: "measure", kind: "select", options: ["total", "average", "max"], default: "total" };

export const FILTER_FIELDS: Record<string, FieldDef[]> = {
  case_attribute: [{ name: "", kind: "condition", required: true }],
  case_id: [
    { name: "ids", kind: "list" },
    { name: "pattern", kind: "text" },
  ],
  variant: [
    { name: "top", kind: "integer" },
    { name: "coverage", kind: "number" },
    { name: "variants", kind: "variants" },
  ],
  event_attribute: [
    { name: "", kind: "condition", required: true },
    { name: "mode", kind: "select", options: ["cases", "events"], default: "cases" },
  ],
  timeframe: [
    { name: "start", kind: "datetime" },
    { name: "end", kind: "datetime" },
    { name: "mode", kind: "select", options: ["intersecting", "contained", "started", "ended", "trim"], default: "intersecting" },
  ],
  case_duration: [dur("min"), dur("max")],
  case_length: [
    { name: "min", kind: "integer" },
    { name: "max", kind: "integer" },
  ],
  processing_time: [measure, dur("min"), dur("max")],
  waiting_time: [measure, dur("min"), dur("max")],
  node_duration: [act("activity"), dur("min"), dur("max")],
  arc_duration: [act("source"), act("target"), dur("min"), dur("max")],
  directly_follows: [act("source"), act("target"), dur("min"), dur("max")],
  eventually_follows: [act("source"), act("target"), dur("min"), dur("max")],
  rework: [act("activity"), { name: "min", kind: "integer" }, { name: "max", kind: "integer" }],
  case_section: [
    act("start_activity"),
    act("end_activity"),
    { name: "end_occurrence", kind: "select", options: ["next", "last"], default: "next" },
    { name: "start_inclusive", kind: "boolean", default: true },
    { name: "end_inclusive", kind: "boolean", default: true },
  ],
  endpoints: [
    { name: "start", kind: "list" },
    { name: "end", kind: "list" },
  ],
  attribute_combination: [
    { name: "first", kind: "condition", required: true },
    { name: "second", kind: "condition", required: true },
    { name: "scope", kind: "select", options: ["case", "event"], default: "case" },
  ],
  any_of: [{ name: "steps", kind: "steps", required: true }],
  all_of: [{ name: "steps", kind: "steps", required: true }],
};

export const FILTER_TYPES = Object.keys(FILTER_FIELDS);

export type ConditionOp = "equals" | "in" | "range" | "regex";
export const CONDITION_OPS: readonly ConditionOp[] = ["equals", "in", "range", "regex"];

export interface ConditionValue {
  attribute: string;
  op: ConditionOp;
  value: string; // equals / regex; "in": one value per line
  min: string;
  max: string;
}

export type FieldValue = string | boolean | ConditionValue;
export type FormValues = Record<string, FieldValue>;

export interface StepForm {
  type: string;
  action: "retain" | "remove";
  values: FormValues;
}

/** A field the user must correct; `field` is the field's name ("" for a top-level condition). */
export class FormError extends Error {
  constructor(
    readonly field: string,
    readonly reason: "required" | "number" | "json",
  ) {
    super(`${field || "condition"}: ${reason}`);
    this.name = "FormError";
  }
}

const emptyCondition = (): ConditionValue => ({ attribute: "", op: "equals", value: "", min: "", max: "" });

/** An empty form for a filter type, with the defaults filled in. */
export function emptyForm(type: string): StepForm {
  const values: FormValues = {};
  for (const f of fieldsOf(type)) {
    if (f.kind === "condition") values[f.name] = emptyCondition();
    else if (f.kind === "boolean") values[f.name] = f.default ?? false;
    else values[f.name] = typeof f.default === "string" ? f.default : "";
  }
  return { type, action: "retain", values };
}

export function fieldsOf(type: string): FieldDef[] {
  const f = FILTER_FIELDS[type];
  if (!f) throw new Error(`unknown filter type ${type}`);
  return f;
}

const splitList = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
const isNumeric = (s: string) => /^-?\d+(\.\d+)?$/.test(s.trim());

function conditionToSpec(c: ConditionValue, field: string): Record<string, unknown> {
  const attribute = c.attribute.trim();
  if (!attribute) throw new FormError(field, "required");
  switch (c.op) {
    case "equals":
      if (!c.value.trim()) throw new FormError(field, "required");
      return { attribute, equals: c.value.trim() };
    case "in": {
      const list = c.value
        .split("\n")
        .map((x) => x.trim())
        .filter(Boolean);
      if (!list.length) throw new FormError(field, "required");
      return { attribute, in: list };
    }
    case "regex":
      if (!c.value.trim()) throw new FormError(field, "required");
      return { attribute, regex: c.value.trim() };
    case "range": {
      const out: Record<string, unknown> = { attribute };
      for (const k of ["min", "max"] as const) {
        const v = c[k].trim();
        if (v) out[k] = isNumeric(v) ? Number(v) : v;
      }
      if (!("min" in out) && !("max" in out)) throw new FormError(field, "required");
      return out;
    }
  }
}

function conditionFromSpec(d: Record<string, unknown>): ConditionValue {
  const c = emptyCondition();
  c.attribute = String(d.attribute ?? "");
  if (d.in !== undefined) {
    c.op = "in";
    c.value = (d.in as unknown[]).map(String).join("\n");
  } else if (d.regex !== undefined) {
    c.op = "regex";
    c.value = String(d.regex);
  } else if (d.min !== undefined || d.max !== undefined) {
    c.op = "range";
    c.min = d.min === undefined || d.min === null ? "" : String(d.min);
    c.max = d.max === undefined || d.max === null ? "" : String(d.max);
  } else {
    c.value = d.equals === undefined || d.equals === null ? "" : String(d.equals);
  }
  return c;
}

/** The filter step a form describes (throws FormError naming the field to correct). */
export function formToStep(form: StepForm): FilterStep {
  const step: FilterStep = { type: form.type, action: form.action };
  for (const f of fieldsOf(form.type)) {
    const raw = form.values[f.name];
    if (f.kind === "condition") {
      const spec = conditionToSpec(raw as ConditionValue, f.name);
      if (f.name) step[f.name] = spec;
      else Object.assign(step, spec);
      continue;
    }
    if (f.kind === "boolean") {
      step[f.name] = Boolean(raw);
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (!text) {
      if (f.required) throw new FormError(f.name, "required");
      continue;
    }
    switch (f.kind) {
      case "integer":
        if (!/^\d+$/.test(text)) throw new FormError(f.name, "number");
        step[f.name] = Number(text);
        break;
      case "number":
        if (!isNumeric(text)) throw new FormError(f.name, "number");
        step[f.name] = Number(text);
        break;
      case "list":
        step[f.name] = splitList(text);
        break;
      case "variants":
        step[f.name] = text
          .split("\n")
          .map((line) =>
            line
              .split(">")
              .map((a) => a.trim())
              .filter(Boolean),
          )
          .filter((v) => v.length);
        break;
      case "steps": {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new FormError(f.name, "json");
        }
        if (!Array.isArray(parsed)) throw new FormError(f.name, "json");
        step[f.name] = parsed;
        break;
      }
      default:
        step[f.name] = text;
    }
  }
  return step;
}

/** The form that edits an existing step. */
export function stepToForm(step: FilterStep): StepForm {
  const form = emptyForm(step.type);
  form.action = step.action === "remove" ? "remove" : "retain";
  for (const f of fieldsOf(step.type)) {
    if (f.kind === "condition") {
      const src = (f.name ? step[f.name] : step) as Record<string, unknown> | undefined;
      if (src) form.values[f.name] = conditionFromSpec(src);
      continue;
    }
    const v = step[f.name];
    if (v === undefined || v === null) continue;
    if (f.kind === "boolean") form.values[f.name] = Boolean(v);
    else if (f.kind === "list") form.values[f.name] = (v as unknown[]).map(String).join("\n");
    else if (f.kind === "variants") form.values[f.name] = (v as unknown[][]).map((x) => x.join(" > ")).join("\n");
    else if (f.kind === "steps") form.values[f.name] = JSON.stringify(v, null, 2);
    else form.values[f.name] = String(v);
  }
  return form;
}

/** A one-line description of a step's fields (the type's name is translated by the caller). */
export function describeStep(step: FilterStep): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(step)) {
    if (k === "type" || k === "action") continue;
    if (k === "steps" && Array.isArray(v)) {
      parts.push(`${v.length} ${k}`);
      continue;
    }
    const text = Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(">") : String(x))).join(", ") : typeof v === "object" && v ? describeStep(v as FilterStep) : String(v);
    parts.push(k === "attribute" ? text : `${k}: ${text}`);
  }
  return parts.join("; ");
}
