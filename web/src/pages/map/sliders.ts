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
