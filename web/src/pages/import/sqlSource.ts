// A database query as the wizard's source: the :name bind parameters of a query and the values typed for
// them (text, number or NULL) as the request's params.
import type { SqlParam } from "../../api/imports";

export interface ParamRow {
  name: string;
  type: "text" | "number" | "null";
  value: string;
}

/** The bind parameters of a query (":name"), in order of first use; not "::" casts, nor inside quotes or comments. */
export function queryParams(query: string): string[] {
  const bare = query
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  const out: string[] = [];
  for (const m of bare.matchAll(/(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

/** Parameter rows for a query: one per bind parameter, keeping what was typed for names still used. */
export function syncParams(query: string, rows: ParamRow[]): ParamRow[] {
  return queryParams(query).map((name) => rows.find((r) => r.name === name) ?? { name, type: "text", value: "" });
}

/** The params of the request, or the names whose value is not a number although typed as one. */
export function paramValues(rows: ParamRow[]): { params: Record<string, SqlParam>; bad: string[] } {
  const params: Record<string, SqlParam> = {};
  const bad: string[] = [];
  for (const r of rows) {
    if (r.type === "null") params[r.name] = null;
    else if (r.type === "number") {
      const n = Number(r.value.trim().replace(",", "."));
      if (r.value.trim() === "" || !Number.isFinite(n)) bad.push(r.name);
      else params[r.name] = n;
    } else params[r.name] = r.value;
  }
  return { params, bad };
}

/** Whether the text looks like one SELECT (or WITH ... SELECT) statement, as the server requires. */
export function isSelect(query: string): boolean {
  const t = query.trim().replace(/;\s*$/, "").trim();
  return /^(select|with)\b/i.test(t) && !t.includes(";");
}
