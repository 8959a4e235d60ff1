// Pure helpers of the variants explorer: the filter step for chosen variants, their share, the activity colours.
import type { FilterStep, VariantRow } from "../../api";
import { activityColours } from "../../charts/palette";

export type { VariantRow };

/** The filter step keeping (or removing) the cases of the chosen variants, in rank order. */
export function variantStep(rows: VariantRow[], chosen: ReadonlySet<number>, action: "retain" | "remove" = "retain"): FilterStep | null {
  const variants = rows.filter((r) => chosen.has(r.variant_id)).map((r) => r.activities);
  return variants.length ? { type: "variant", action, variants } : null;
}

/** Share of the cases the chosen variants hold together (0..1). */
export function chosenShare(rows: VariantRow[], chosen: ReadonlySet<number>): number {
  return rows.filter((r) => chosen.has(r.variant_id)).reduce((s, r) => s + r.share, 0);
}

/** Colours of the activities of these variants: the most frequent (events weighted by cases) first. */
export function variantColours(rows: readonly VariantRow[]): Map<string, string> {
  const w = new Map<string, number>();
  for (const r of rows) for (const a of r.activities) w.set(a, (w.get(a) ?? 0) + r.n_cases);
  return activityColours(w);
}
