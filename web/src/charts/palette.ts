// Categorical colours for activities (variants, dotted chart, ...): 20 hues distinguishable from each other, each
// with a light tint for backgrounds under dark text (contrast above 7:1) and the full colour for marks and edges.

export const CATEGORICAL = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
] as const;

/** The colour for activities past the palette (a neutral grey). */
export const OTHER_COLOUR = "#9aa3ad";

/** A light tint of a `#rrggbb` colour (share `amount` of white mixed in). */
export function tint(hex: string, amount = 0.82): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** Activity -> colour: the most frequent first (by `weight`), ties by name; past the palette, grey. */
export function activityColours(weights: ReadonlyMap<string, number>): Map<string, string> {
  const order = [...weights.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([a]) => a);
  return new Map(order.map((a, i) => [a, CATEGORICAL[i] ?? OTHER_COLOUR]));
}
