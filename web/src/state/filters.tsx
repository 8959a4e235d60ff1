// The filter stack of the log being looked at: shared by every page of that log, kept for the browser tab.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { FilterSpec, FilterStep } from "../api";

interface FilterState {
  steps: FilterStep[];
  /** the spec to send, or null when there is no step */
  spec: FilterSpec | null;
  setSteps: (steps: FilterStep[]) => void;
  push: (step: FilterStep) => void;
}

const Ctx = createContext<FilterState | null>(null);
const key = (scope: string) => `sagsflow.filters.${scope}`;

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
  const spec = useMemo(() => (steps.length ? { version: 1 as const, steps } : null), [steps]);
  const value = useMemo(() => ({ steps, spec, setSteps, push }), [steps, spec, setSteps, push]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useFilters(): FilterState {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useFilters outside FilterProvider");
  return ctx;
}
