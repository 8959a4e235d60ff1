// Case-level views over time (analysts only, audited): the cases' movements for the map animation
// (cases-animation) and the dotted chart (cases-dotted-chart).
import { client, type RequestOptions } from "./client";
import type { FilterSpec } from "./types";

const enc = encodeURIComponent;
const lg = (id: number, log: string) => `/api/workspaces/${id}/logs/${enc(log)}`;

/** Arc traversals as parallel columns; source/target index ``nodes`` (the map's node ids); times in seconds
 * since ``t0``. */
export interface Movements {
  t0: string;
  t1: string;
  nodes: string[];
  labels: string[];
  n_cases: number;
  n_cases_total: number;
  sampled: boolean;
  case: number[];
  source: number[];
  target: number[];
  start: number[];
  end: number[];
}

/** One point per event: case (its id in case_ids), activity (index into activities), time (ms since epoch). */
export interface DottedChart {
  activities: string[];
  case_ids: string[];
  case: number[];
  activity: number[];
  time: number[];
  n_cases_shown: number;
  n_cases_total: number;
  sampled: boolean;
}

export const caseViews = {
  animation: (
    id: number,
    log: string,
    req: { filter: FilterSpec | null; activities: number; perspective: string; max_cases?: number },
    opts?: RequestOptions,
  ) => client.post<Movements>(`${lg(id, log)}/animation`, req, opts),
  dottedChart: (id: number, log: string, req: { filter: FilterSpec | null; max_points?: number }, opts?: RequestOptions) =>
    client.post<DottedChart>(`${lg(id, log)}/dotted-chart`, req, opts),
};
