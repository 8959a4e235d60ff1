// Pure helpers of the case inspector: order the events and work out elapsed and waiting time.

export type CaseEvent = Record<string, unknown>;

/** Columns shown as their own fields; the rest of an event's non-empty values are its attributes. */
export const ROLE_COLUMNS = ["case_id", "activity", "timestamp", "start_timestamp", "resource", "lifecycle", "registration_timestamp", "sequence", "quarantined"];

export interface TimelineRow {
  activity: string;
  timestamp: string | null;
  start: string | null;
  resource: string | null;
  lifecycle: string | null;
  /** seconds since the case's first event */
  elapsed_s: number | null;
  /** seconds since the previous event */
  wait_s: number | null;
  attributes: [string, string][];
  /** outside the log's plausible period: left out of every analysis (and of elapsed and waiting time here) */
  quarantined: boolean;
}

const ms = (v: unknown) => (typeof v === "string" && v ? Date.parse(v) : NaN);

export function timelineRows(events: CaseEvent[]): TimelineRow[] {
  const sorted = events
    .map((e, i) => ({ e, i, t: ms(e.timestamp) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? a.i - b.i : a.t - b.t || a.i - b.i));
  const kept = sorted.filter((x) => x.e.quarantined !== true);
  const first = kept.find((x) => !Number.isNaN(x.t))?.t ?? NaN;
  return sorted.map(({ e, t }) => {
    const k = kept.findIndex((x) => x.e === e);
    const prev = k > 0 ? kept[k - 1].t : NaN;
    const out = k < 0;
    return {
      activity: String(e.activity ?? ""),
      timestamp: typeof e.timestamp === "string" ? e.timestamp : null,
      start: typeof e.start_timestamp === "string" ? e.start_timestamp : null,
      resource: e.resource == null ? null : String(e.resource),
      lifecycle: e.lifecycle == null ? null : String(e.lifecycle),
      elapsed_s: out || Number.isNaN(t) || Number.isNaN(first) ? null : (t - first) / 1000,
      wait_s: out || Number.isNaN(t) || Number.isNaN(prev) ? null : (t - prev) / 1000,
      quarantined: out,
      attributes: Object.entries(e)
        .filter(([k2, v]) => !ROLE_COLUMNS.includes(k2) && v !== null && v !== undefined && v !== "")
        .map(([k2, v]) => [k2, typeof v === "object" ? JSON.stringify(v) : String(v)] as [string, string]),
    };
  });
}
