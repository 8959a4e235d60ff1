// Names for the REST API payloads. Every type here is an alias of the types generated from the server's OpenAPI
// document (src/client/schema.ts, `make client`): none is written by hand, so they cannot drift from the server.
import type { components } from "../client/schema";

type S = components["schemas"];

export type Role = S["UserOut"]["role"];
export type User = S["UserOut"];
export type LoginResult = S["LoginOut"];
export type Municipality = S["MunicipalityOut"];
export type Workspace = S["WorkspaceOut"];
export type LogSummary = S["LogSummary"];
export type LogAttribute = S["AttributeOut"];

/** A filter spec: `{version: 1, steps: [...]}` (docs/filters.md; the library's FilterStack). */
export type FilterSpec = S["FilterStack"];
/** One filter step: a `type`, an `action` and the type's fields (one of the library's filter models). */
export type FilterStep = NonNullable<FilterSpec["steps"]>[number];
export type FilterType = FilterStep["type"];
export type SavedFilter = S["SavedFilterOut"];

export type MapRequest = S["MapRequest"];
export type Measure = NonNullable<MapRequest["measure"]>;
export type Aggregation = NonNullable<MapRequest["aggregation"]>;

/** A log's plausible period and the events outside it (``QuarantineOut``); counts are null for viewers when they
 * rest on fewer than k cases. */
export type Quarantine = S["QuarantineOut"];
export const MEASURES: Measure[] = ["frequency", "cases", "max_repetitions", "duration"];
export const AGGREGATIONS: Aggregation[] = ["mean", "median", "min", "max", "total", "p25", "p75", "p90", "p95"];
export type ProcessMap = S["MapOut"];
export type MapNode = S["MapNodeOut"];
export type MapEdge = S["MapEdgeOut"];
/** Duration statistics in seconds (count, mean, median, min, max, total, p25 ... p95). */
export type DurationStats = NonNullable<MapNode["duration"]>;

/** A result table: columns, rows, facts (`meta`). Typed tables (VariantsOut, ...) name their row's columns. */
export type Table<Row = Record<string, unknown>> = Omit<S["TableOut"], "rows"> & { rows: Row[] };
export type Variants = S["VariantsOut"];
export type VariantRow = S["VariantRow"];
export type Activities = S["ActivitiesOut"];
export type ActivityRow = S["ActivityRow"];
export type Cases = S["CasesOut"];
export type CaseRow = S["CaseRow"];
export type Timeline = S["TimelineOut"];
export type EventRow = S["EventRow"];
export type Resources = S["ResourcesOut"];

export type AttributeInfo = S["AttributeInfoOut"];
export type AttributeValues = S["AttributeValuesOut"];
export type ValueRow = S["ValueRow"];
export type RangeHistogram = S["RangeHistogramOut"];

export type Job = S["JobOut"];
export type Health = S["HealthOut"];

/** A problem-details body (application/problem+json). */
export type Problem = Omit<S["Problem"], "type" | "hint" | "field"> & { type?: string; hint?: string | null; field?: string | null };
