// Pure helpers of the variants explorer: typed rows and the filter step for chosen variants.
import type { FilterStep, Table } from "../../api";

export interface VariantRow {
  variant_id: number;
  activities: string[];
  n_events: number;
  n_cases: number;
  share: number;
  cumulative_share: number;
  mean_duration_s: number | null;
  median_duration_s: number | null;
}

export function variantRows(t: Table | undefined): VariantRow[] {
  return (t?.rows ?? []).map((r) => ({
    variant_id: Number(r.variant_id),
    activities: Array.isArray(r.activities) ? (r.activities as unknown[]).map(String) : [],
    n_events: Number(r.n_events ?? 0),
    n_cases: Number(r.n_cases ?? 0),
    share: Number(r.share ?? 0),
    cumulative_share: Number(r.cumulative_share ?? 0),
    mean_duration_s: r.mean_duration_s == null ? null : Number(r.mean_duration_s),
    median_duration_s: r.median_duration_s == null ? null : Number(r.median_duration_s),
  }));
}

/** The filter step keeping (or removing) the cases of the chosen variants, in rank order. */
export function variantStep(rows: VariantRow[], chosen: ReadonlySet<number>, action: "retain" | "remove" = "retain"): FilterStep | null {
  const variants = rows.filter((r) => chosen.has(r.variant_id)).map((r) => r.activities);
  return variants.length ? { type: "variant", action, variants } : null;
}

/** Share of the cases the chosen variants hold together (0..1). */
export function chosenShare(rows: VariantRow[], chosen: ReadonlySet<number>): number {
  return rows.filter((r) => chosen.has(r.variant_id)).reduce((s, r) => s + r.share, 0);
}
