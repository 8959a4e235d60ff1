// The comparison in plain words: which side takes longer, and whether the tests say it is more than chance.
import type { FilterSpec, FilterStep } from "../../api";

export interface DurationTests {
  median_a?: number | null;
  median_b?: number | null;
  mann_whitney_p?: number | null;
  ks_p?: number | null;
  effect_size?: number | null;
  effect_label?: string | null;
  significant?: boolean | null;
}

export type Verdict =
  | { key: "longerB" | "shorterB"; p: number; effect: string }
  | { key: "noDifference"; p: number; effect: string }
  | { key: "unknown" };

export function durationVerdict(d: DurationTests): Verdict {
  const p = d.mann_whitney_p;
  if (p === null || p === undefined || Number.isNaN(p)) return { key: "unknown" };
  const effect = d.effect_label ?? "negligible";
  if (!d.significant) return { key: "noDifference", p, effect };
  const delta = d.effect_size ?? ((d.median_b ?? 0) - (d.median_a ?? 0));
  return { key: delta >= 0 ? "longerB" : "shorterB", p, effect };
}

/** A p-value as people read it: "< 0.001" below a thousandth, else three decimals. */
export function pText(p: number, lang: string): string {
  const loc = lang.startsWith("da") ? "da-DK" : "en-GB";
  if (p < 0.001) return `< ${new Intl.NumberFormat(loc).format(0.001)}`;
  return new Intl.NumberFormat(loc, { maximumFractionDigits: 3, minimumFractionDigits: 3 }).format(p);
}

/** The filter of one side: a timeframe (dates, end excluded) when given, else none. */
export function sideFilter(start: string, end: string, mode: string): FilterSpec | null {
  if (!start && !end) return null;
  const step: Record<string, unknown> = { type: "timeframe", action: "retain", mode };
  if (start) step.start = start;
  if (end) step.end = end;
  return { version: 1, steps: [step as FilterStep] };
}
