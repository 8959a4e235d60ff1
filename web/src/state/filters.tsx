// The filter stack of the log being looked at: shared by every page of that log and kept in the URL (`?filter=`,
// the steps as JSON), so a link opens the same view; the browser tab also remembers it for the pages of that log.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { FilterSpec, FilterStep } from "../api";

export const FILTER_PARAM = "filter";

interface FilterState {
  steps: FilterStep[];
  /** the spec to send, or null when there is no step (and quarantined events are left out) */
  spec: FilterSpec | null;
  setSteps: (steps: FilterStep[]) => void;
  push: (step: FilterStep) => void;
  /** count the events outside the log's plausible period too (the spec's include_quarantined) */
  includeQuarantined: boolean;
  setIncludeQuarantined: (include: boolean) => void;
}

const Ctx = createContext<FilterState | null>(null);
const key = (scope: string) => `sagsflow.filters.${scope}`;
const includeKey = (scope: string) => `sagsflow.includeQuarantined.${scope}`;

function loadInclude(scope: string): boolean {
  try {
    return sessionStorage.getItem(includeKey(scope)) === "1";
  } catch {
    return false;
  }
}

/** The steps of a `?filter=` value (a JSON list of steps, or a spec with `steps`); [] when it is not one. */
export function parseSteps(raw: string | null): FilterStep[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    const list = Array.isArray(v) ? v : v && typeof v === "object" && Array.isArray((v as { steps?: unknown }).steps) ? (v as { steps: unknown[] }).steps : [];
    return list.filter((s): s is FilterStep => !!s && typeof s === "object" && typeof (s as { type?: unknown }).type === "string");
  } catch {
    return [];
  }
}

/** The `?filter=` value of a stack ("" for none). */
export function stepsParam(steps: readonly FilterStep[]): string {
  return steps.length ? JSON.stringify(steps) : "";
}

function remembered(scope: string): FilterStep[] {
  try {
    return parseSteps(sessionStorage.getItem(key(scope)));
  } catch {
    return [];
  }
}

function remember(scope: string, steps: FilterStep[]): void {
  try {
    sessionStorage.setItem(key(scope), JSON.stringify(steps));
  } catch {
    /* storage full or disabled: the URL still holds it */
  }
}

/** `scope` is "<workspace id>/<log>": each log has its own stack. */
export function FilterProvider({ scope, children }: { scope: string; children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const raw = params.get(FILTER_PARAM);
  // the URL wins; a page opened from the navigation (no ?filter=) takes the stack this tab used for the log
  const steps = useMemo(() => (raw !== null ? parseSteps(raw) : remembered(scope)), [raw, scope]);

  useEffect(() => {
    remember(scope, steps);
    if (raw === null && steps.length) {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set(FILTER_PARAM, stepsParam(steps));
          return next;
        },
        { replace: true },
      );
    }
  }, [scope, steps, raw, setParams]);

  const setSteps = useCallback(
    (next: FilterStep[]) => {
      remember(scope, next);
      setParams(
        (p) => {
          const out = new URLSearchParams(p);
          out.set(FILTER_PARAM, stepsParam(next));
          out.delete("page"); // a new selection starts at its first page
          return out;
        },
        { replace: false },
      );
    },
    [scope, setParams],
  );
  const push = useCallback((step: FilterStep) => setSteps([...steps, step]), [steps, setSteps]);
  const [include, setInclude] = useState<{ scope: string; on: boolean }>(() => ({ scope, on: loadInclude(scope) }));
  const includeQuarantined = include.scope === scope ? include.on : loadInclude(scope);
  const setIncludeQuarantined = useCallback(
    (on: boolean) => {
      try {
        sessionStorage.setItem(includeKey(scope), on ? "1" : "0");
      } catch {
        /* storage disabled: keep it in memory */
      }
      setInclude({ scope, on });
    },
    [scope],
  );
  const spec = useMemo(
    () =>
      steps.length || includeQuarantined
        ? { version: 1 as const, steps, ...(includeQuarantined ? { include_quarantined: true } : {}) }
        : null,
    [steps, includeQuarantined],
  );
  const value = useMemo(
    () => ({ steps, spec, setSteps, push, includeQuarantined, setIncludeQuarantined }),
    [steps, spec, setSteps, push, includeQuarantined, setIncludeQuarantined],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useFilters(): FilterState {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useFilters outside FilterProvider");
  return ctx;
}
