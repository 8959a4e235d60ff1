// The filter stack of the log being looked at: shared by every page of that log, kept for the browser tab.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { FilterSpec, FilterStep } from "../api";

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

function load(scope: string): FilterStep[] {
  try {
    const raw = sessionStorage.getItem(key(scope));
    const v = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(v) ? (v as FilterStep[]) : [];
  } catch {
    return [];
  }
}

/** `scope` is "<workspace id>/<log>": each log has its own stack. */
export function FilterProvider({ scope, children }: { scope: string; children: ReactNode }) {
  const [state, setState] = useState<{ scope: string; steps: FilterStep[] }>(() => ({ scope, steps: load(scope) }));
  const steps = state.scope === scope ? state.steps : load(scope);

  useEffect(() => {
    if (state.scope !== scope) setState({ scope, steps: load(scope) });
  }, [scope, state.scope]);

  const setSteps = useCallback(
    (next: FilterStep[]) => {
      try {
        sessionStorage.setItem(key(scope), JSON.stringify(next));
      } catch {
        /* storage full or disabled: keep it in memory */
      }
      setState({ scope, steps: next });
    },
    [scope],
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
