// The sliders' rank-based scale, as the library computes it (sagsflow.analysis.process_map.slider_count; the
// server uses that one): how many of n ranked activities a slider position keeps. The page uses it to show the
// count beside the slider while it is dragged, and to open a log at a readable number of activities.

const STEPS = 100;
const knees = new Map<number, [number, number]>();

/** For n > 101 items: the position (in steps) up to which each step adds one item, and the growth per step after. */
function knee(n: number): [number, number] {
  let k = knees.get(n);
  if (k) return k;
  let lo = 0;
  let hi = STEPS;
  const target = Math.log(n);
  for (let i = 0; i < 60; i++) {
    const m = (lo + hi) / 2;
    if (Math.log(m + 1) + (STEPS - m) * Math.log1p(1 / (m + 1)) > target) lo = m;
    else hi = m;
  }
  const m = (lo + hi) / 2;
  k = [m, 1 + 1 / (m + 1)];
  knees.set(n, k);
  return k;
}

/** How many of n ranked items the slider keeps at ``percent`` (0-100). */
export function sliderCount(percent: number, n: number): number {
  if (n <= 1) return Math.max(n, 0);
  if (percent >= STEPS) return n;
  const x = Math.max(0, percent);
  if (n <= STEPS + 1) return Math.min(n, 1 + Math.floor((x * (n - 1)) / STEPS + 1e-9));
  const [m, r] = knee(n);
  if (x <= m) return 1 + Math.floor(x + 1e-9);
  return Math.max(1, Math.min(n, Math.floor((m + 1) * r ** (x - m) + 1e-9)));
}

/** The lowest whole percent at which the slider keeps at least ``count`` of n items. */
export function sliderPosition(count: number, n: number): number {
  for (let p = 0; p <= STEPS; p++) if (sliderCount(p, n) >= Math.min(count, n)) return p;
  return STEPS;
}
