// The mapping editor's model: one choice per source column (role or attribute, personal-data class, level,
// timestamp format), read from the server's suggested mapping and written back as mapping YAML
// (docs/architecture.md, sagsflow.ingest.mapping).
import { parse, stringify } from "yaml";
import type { MappingDecision } from "../../api/imports";

export const ROLES = ["case_id", "activity", "timestamp", "start_timestamp", "resource", "lifecycle", "registration_timestamp", "sequence"] as const;
export type MappedRole = (typeof ROLES)[number];
export const REQUIRED: MappedRole[] = ["case_id", "activity", "timestamp"];
export const TIMESTAMP_ROLES: MappedRole[] = ["timestamp", "start_timestamp", "registration_timestamp"];
/** roles that may carry a personal-data class (and which ones) */
export const ROLE_CLASSES: Partial<Record<MappedRole, DataClass[]>> = {
  case_id: ["process", "citizen_id", "employee_id"],
  resource: ["process", "citizen_id", "employee_id"],
};
export const DATA_CLASSES = ["process", "citizen_id", "employee_id", "personal_attribute", "free_text"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface ColumnChoice {
  column: string;
  /** a canonical role, "attribute" (kept as an attribute) or "ignore" (not imported) */
  use: MappedRole | "attribute" | "ignore";
  dataClass: DataClass;
  level: "event" | "case";
  /** timestamp format ("auto" to detect) for timestamp roles */
  format: string;
  /** the name it is stored under, when not its own (an XES trace attribute "case:Age" is stored as "Age") */
  rename?: string;
}

type Obj = Record<string, unknown>;

/** The default class of a role when the mapping does not say (resources are employee ids). */
export function defaultClass(use: ColumnChoice["use"]): DataClass {
  return use === "resource" ? "employee_id" : "process";
}

/** Editor rows for the columns of a file, from the suggested mapping YAML (or nothing). */
export function choicesFrom(columns: string[], yamlText: string | null, detected: Record<string, { format: string }> = {}): { choices: ColumnChoice[]; extra: Obj } {
  const m = (yamlText ? (parse(yamlText) as Obj | null) : null) ?? {};
  const byColumn = new Map<string, ColumnChoice>();
  for (const role of ROLES) {
    const spec = m[role];
    if (spec === undefined || spec === null) continue;
    const s: Obj = typeof spec === "string" ? { column: spec } : (spec as Obj);
    const col = String(s.column);
    byColumn.set(col, {
      column: col,
      use: role,
      dataClass: (s.data_class as DataClass) ?? defaultClass(role),
      level: "event",
      format: typeof s.format === "string" ? s.format : TIMESTAMP_ROLES.includes(role) ? (detected[col]?.format ?? "auto") : "auto",
    });
  }
  const cols = (m.columns as Obj | undefined) ?? {};
  const dropOthers = m.other_columns === "drop";
  const choices = columns.map((c) => {
    const role = byColumn.get(c);
    if (role) return role;
    const spec = cols[c] as Obj | undefined;
    return {
      column: c,
      use: spec || !dropOthers ? "attribute" : "ignore",
      dataClass: (spec?.data_class as DataClass) ?? "process",
      level: (spec?.level as "event" | "case") ?? "event",
      format: typeof spec?.format === "string" ? spec.format : "auto",
      ...(typeof spec?.rename === "string" ? { rename: spec.rename } : {}),
    } satisfies ColumnChoice;
  });
  const extra: Obj = {};
  for (const [k, v] of Object.entries(m)) if (!ROLES.includes(k as MappedRole) && k !== "columns" && k !== "other_columns") extra[k] = v;
  return { choices, extra };
}

/** What is wrong with the choices (message keys of the import namespace with their values). */
export function problems(choices: ColumnChoice[]): { key: string; values: Record<string, string> }[] {
  const out: { key: string; values: Record<string, string> }[] = [];
  for (const role of ROLES) {
    const cols = choices.filter((c) => c.use === role).map((c) => c.column);
    if (cols.length === 0 && REQUIRED.includes(role)) out.push({ key: "missingRole", values: { role } });
    if (cols.length > 1) out.push({ key: "twiceRole", values: { role, columns: cols.join(", ") } });
  }
  return out;
}

/** The mapping as plain data (what the YAML holds). */
export function toMapping(choices: ColumnChoice[], extra: Obj = {}): Obj {
  const m: Obj = {};
  for (const role of ROLES) {
    const c = choices.find((x) => x.use === role);
    if (!c) continue;
    const spec: Obj = { column: c.column };
    if (TIMESTAMP_ROLES.includes(role) && c.format && c.format !== "auto") spec.format = c.format;
    if (ROLE_CLASSES[role] && c.dataClass !== defaultClass(role)) spec.data_class = c.dataClass;
    m[role] = Object.keys(spec).length === 1 ? c.column : spec;
  }
  Object.assign(m, extra);
  const columns: Obj = {};
  const ignored = choices.some((c) => c.use === "ignore");
  for (const c of choices) {
    if (c.use !== "attribute") continue;
    const spec: Obj = {};
    if (c.dataClass !== "process") spec.data_class = c.dataClass;
    if (c.level !== "event") spec.level = c.level;
    if (c.format && c.format !== "auto") spec.format = c.format;
    if (c.rename && c.rename !== c.column) spec.rename = c.rename;
    if (Object.keys(spec).length || ignored) columns[c.column] = spec;
  }
  if (Object.keys(columns).length) m.columns = columns;
  if (ignored) m.other_columns = "drop";
  return m;
}

export function toYaml(choices: ColumnChoice[], extra: Obj = {}): string {
  return stringify(toMapping(choices, extra));
}

/** A log name suggested from the file name ("Ydelser 2024.csv" -> "ydelser_2024"). */
export function logNameOf(file: string): string {
  const base = file.replace(/(\.[a-z0-9]+)?(\.gz)?$/i, "").toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
  const s = base.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return (s && /^[a-z0-9]/.test(s) ? s : `log_${s}`).slice(0, 63) || "log";
}

// ------------------------------------------------------------------ the decisions that matter

/** What happens to exact duplicate events (the mapping's `duplicates`). */
export const DUPLICATE_POLICIES = ["keep", "drop", "flag"] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

/** A decision of the inference, as the preview sends it (see api/imports.ts). */
export type Decision = MappingDecision;

/** The `n` decisions to show first: the server sends them most important first. */
export function keyDecisions(decisions: Decision[] | undefined, n = 10): Decision[] {
  return (decisions ?? []).slice(0, n);
}

export const decisionKey = (d: Decision): string => `${d.kind}:${d.column}`;

/** Whether the user's choices still say what the decision says (a changed column counts as decided by the user). */
export function stillAsSuggested(d: Decision, choices: ColumnChoice[]): boolean {
  const c = choices.find((x) => x.column === d.column);
  if (!c) return d.kind === "option";
  if (d.kind === "role") return c.use === d.value;
  if (d.kind === "data_class") return c.dataClass === d.value;
  if (d.kind === "level") return c.use === "attribute" && c.level === d.value;
  return true;
}

/**
 * The uncertain role decisions the user has not confirmed yet: a role guessed with low confidence must be
 * confirmed (or changed in the mapping table) before the import. Other uncertain guesses are marked but do not
 * hold the import up.
 */
export function unconfirmedRoles(decisions: Decision[] | undefined, confirmed: ReadonlySet<string>, choices: ColumnChoice[]): Decision[] {
  return (decisions ?? []).filter(
    (d) => d.kind === "role" && d.needs_confirmation && !confirmed.has(decisionKey(d)) && stillAsSuggested(d, choices),
  );
}

/** The mapping's options kept beside the columns: exact duplicates and lifecycle pairing. */
export function withOptions(extra: Obj, duplicates: DuplicatePolicy, pair: boolean | null): Obj {
  const out: Obj = { ...extra };
  delete out.duplicates;
  if (duplicates !== "keep") out.duplicates = duplicates;
  if (pair !== null) {
    const current = (extra.activity_instances as Obj | undefined) ?? {};
    if (pair) out.activity_instances = { ...current, pair: true };
    else delete out.activity_instances;
  }
  return out;
}
