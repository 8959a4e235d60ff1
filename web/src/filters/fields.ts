// Every filter type of the engine described as form fields, read from the JSON Schemas of the library's filter
// models (src/client/filters.json, generated from the server's OpenAPI document by `make client`); the filter
// panel's forms are generated from these descriptions, and formToStep/stepToForm convert between a form and a step.
import type { FilterStep, FilterType } from "../api";
import generated from "../client/filters.json";

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

/** A JSON Schema node as the generated document writes it. */
interface Json {
  $ref?: string;
  type?: string;
  const?: string;
  enum?: string[];
  format?: string;
  default?: unknown;
  anyOf?: Json[];
  oneOf?: Json[];
  items?: Json;
  properties?: Record<string, Json>;
  required?: string[];
}

const SCHEMAS = (generated as unknown as { schemas: Record<string, Json> }).schemas;
/** The attribute-condition fields (equals / in / min-max / regex) that one "condition" field edits. */
const CONDITION = ["attribute", "equals", "in", "min", "max", "regex"];

const deref = (s: Json): Json => (s.$ref ? SCHEMAS[s.$ref.split("/").pop()!] : s);
/** The schema of a value without its `null` alternative. */
const nonNull = (s: Json): Json => deref(s.anyOf?.find((x) => x.type !== "null") ?? s);

/** The form field of one property of a filter model. */
export function fieldOf(name: string, prop: Json, required: boolean): FieldDef {
  const s = nonNull(prop);
  const def = typeof prop.default === "string" || typeof prop.default === "boolean" ? { default: prop.default } : {};
  const base = { name, ...(required ? { required } : {}), ...def };
  if (s.enum) return { ...base, kind: "select", options: s.enum };
  if (s.format === "sagsflow-duration" || s.format === "duration") return { ...base, kind: "duration" };
  if (s.format === "sagsflow-moment" || s.format === "date-time") return { ...base, kind: "datetime" };
  if (s.type === "integer") return { ...base, kind: "integer" };
  if (s.type === "number") return { ...base, kind: "number" };
  if (s.type === "boolean") return { ...base, kind: "boolean" };
  if (s.properties?.attribute) return { ...base, kind: "condition" };
  if (s.type === "array") {
    const item = nonNull(s.items ?? {});
    if (item.type === "array") return { ...base, kind: "variants" };
    if (item.oneOf || item.properties || item.type === "object") return { ...base, kind: "steps" };
    return { ...base, kind: "list" };
  }
  return { ...base, kind: "text" };
}

/** The form fields of one filter model: required ones first, the attribute condition as one field. */
export function fieldsOfModel(model: Json): FieldDef[] {
  const props = model.properties ?? {};
  const req = new Set(model.required ?? []);
  const out: FieldDef[] = [];
  if (props.attribute && props.equals) out.push({ name: "", kind: "condition", required: true });
  for (const [name, prop] of Object.entries(props)) {
    if (name === "type" || name === "action" || (props.equals && CONDITION.includes(name))) continue;
    out.push(fieldOf(name, prop, req.has(name)));
  }
  return out.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
}

/** The filter models in the library's order, by their `type`. */
function filterModels(): [string, Json][] {
  const stack = SCHEMAS.FilterStack;
  const members = stack.properties!.steps.items!.oneOf!.map(deref);
  return members.map((m) => [m.properties!.type.const!, m]);
}

export const FILTER_FIELDS: Record<string, FieldDef[]> = Object.fromEntries(filterModels().map(([t, m]) => [t, fieldsOfModel(m)]));

export const FILTER_TYPES = Object.keys(FILTER_FIELDS) as FilterType[];

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
  const step: Record<string, unknown> = { type: form.type, action: form.action };
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
  return step as FilterStep;
}

/** The form that edits an existing step. */
export function stepToForm(filterStep: FilterStep): StepForm {
  const step = filterStep as Record<string, unknown> & FilterStep;
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
