// The animation's model: where each case's token is at a moment, from the arc traversals (api/caseViews.ts) and
// the drawn arcs' routes (MapView). Pure and allocation-free per frame: traversals are sorted by start once; a
// sweep keeps the active ones as time moves forward (a jump back rebuilds them); positions are found along each
// route's polyline by its cumulative lengths. The renderer (AnimationLayer.tsx) draws all tokens of a frame as one
// canvas path.
import type { Movements } from "../../api/caseViews";

type Pt = { x: number; y: number };

export interface Track {
  pts: Pt[];
  cum: number[]; // cumulative length at each point
  len: number;
}

export function track(pts: Pt[]): Track {
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
  return { pts, cum, len: cum[cum.length - 1] ?? 0 };
}

/** The point at fraction f (0..1) along a track. */
export function along(t: Track, f: number, out: Pt): Pt {
  const pts = t.pts;
  if (pts.length === 1 || t.len === 0) {
    out.x = pts[0].x;
    out.y = pts[0].y;
    return out;
  }
  const d = Math.min(1, Math.max(0, f)) * t.len;
  let i = 1;
  while (i < pts.length - 1 && t.cum[i] < d) i++;
  const seg = t.cum[i] - t.cum[i - 1] || 1;
  const u = (d - t.cum[i - 1]) / seg;
  out.x = pts[i - 1].x + (pts[i].x - pts[i - 1].x) * u;
  out.y = pts[i - 1].y + (pts[i].y - pts[i - 1].y) * u;
  return out;
}

export class Player {
  readonly span: number;
  readonly nTrips: number;
  private order: Int32Array; // traversal indexes by start time
  private start: Float64Array;
  private end: Float64Array;
  private active: Int32Array;
  private nActive = 0;
  private next = 0;
  private last = -Infinity;
  /** a traversal that takes no time (from the start, to the end) is shown for this long (log seconds) */
  readonly minTrip: number;

  constructor(readonly mv: Movements) {
    const n = mv.case.length;
    this.nTrips = n;
    let span = 0;
    for (let i = 0; i < n; i++) span = Math.max(span, mv.end[i]);
    this.span = Math.max(1, span);
    this.minTrip = this.span / 400;
    this.start = Float64Array.from(mv.start);
    this.end = new Float64Array(n);
    for (let i = 0; i < n; i++) this.end[i] = Math.max(mv.end[i], mv.start[i] + this.minTrip);
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => this.start[a] - this.start[b]);
    this.order = Int32Array.from(idx);
    this.active = new Int32Array(n);
  }

  /** The traversals under way at log time t (seconds since t0): calls visit(i, fraction) for each. */
  each(t: number, visit: (i: number, f: number) => void): number {
    if (t < this.last) {
      this.nActive = 0;
      this.next = 0;
    }
    this.last = t;
    const { order, start, end, active } = this;
    while (this.next < order.length && start[order[this.next]] <= t) active[this.nActive++] = order[this.next++];
    let k = 0;
    for (let j = 0; j < this.nActive; j++) {
      const i = active[j];
      if (end[i] < t) continue;
      active[k++] = i;
      visit(i, (t - start[i]) / (end[i] - start[i]));
    }
    this.nActive = k;
    return k;
  }
}
