// The activities slider's scale is the library's (sagsflow.analysis.process_map.slider_steps): the server sends
// it with every map as totals.activity_steps, the count kept at each whole percent 0-100. The page reads it here
// to show the count beside the slider while it is dragged and to find the position of a count; it computes no
// scale of its own.

/** How many activities the slider keeps at ``percent`` (0-100) on the server's scale. */
export function stepCount(steps: readonly number[], percent: number): number {
  if (!steps.length) return 0;
  return steps[Math.max(0, Math.min(steps.length - 1, Math.round(percent)))];
}

/** The lowest whole percent at which the slider keeps at least ``count`` activities (100 when none does). */
export function positionFor(steps: readonly number[], count: number): number {
  const p = steps.findIndex((c) => c >= count);
  return p < 0 ? 100 : p;
}

/** Node sets laid out ahead (MapPage) have at most this many activities: a larger one is shown at the places of
 * the full map's layout, or laid out when asked for (ELK on hundreds of nodes takes seconds). */
export const AHEAD_MAX = 80;
/** At most this many positions are laid out ahead. */
export const AHEAD_POSITIONS = 40;

/** The slider positions (whole percents) whose maps the page lays out ahead: the first position of each count
 * of activities below the whole map's (and at most AHEAD_MAX), nearest ``here`` first. */
export function aheadPositions(steps: readonly number[], here: number): number[] {
  const total = steps.length ? steps[steps.length - 1] : 0;
  const first = new Map<number, number>();
  steps.forEach((c, p) => {
    if (c > 0 && c < total && c <= AHEAD_MAX && !first.has(c)) first.set(c, p);
  });
  return [...first.values()].sort((a, b) => Math.abs(a - here) - Math.abs(b - here) || a - b).slice(0, AHEAD_POSITIONS);
}
