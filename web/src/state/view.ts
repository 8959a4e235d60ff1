// View state in the URL (`?measure=duration&page=2`), so a link reopens the same view: one hook per value,
// written with history.replace (moving a slider does not fill the back button's history).
import { useCallback, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";
import { FILTER_PARAM, stepsParam } from "./filters";
import type { FilterStep } from "../api";

/** A string view parameter: its value (or `fallback`) and a setter (`fallback` removes it from the URL). */
export function useViewParam(name: string, fallback: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? fallback;
  const set = useCallback(
    (next: string) =>
      setParams(
        (p) => {
          const out = new URLSearchParams(p);
          if (next === fallback) out.delete(name);
          else out.set(name, next);
          return out;
        },
        { replace: true },
      ),
    [name, fallback, setParams],
  );
  return [value, set];
}

/** A number view parameter (a value that is not a finite number reads as `fallback`). */
export function useNumberParam(name: string, fallback: number): [number, (value: number) => void] {
  const [raw, setRaw] = useViewParam(name, String(fallback));
  const n = Number(raw);
  const set = useCallback((v: number) => setRaw(String(v)), [setRaw]);
  return [Number.isFinite(n) ? n : fallback, set];
}

/** A page URL carrying a filter stack (and more view parameters). */
export function withView(url: string, steps: readonly FilterStep[], extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (steps.length) p.set(FILTER_PARAM, stepsParam(steps));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const q = p.toString();
  return q ? `${url}?${q}` : url;
}

/** A useState whose value lives in the URL as JSON (`?name=...`), for view settings a link should carry (the
 * map's sliders, measure and perspective). `check` keeps only a value of the expected shape (else null). */
export function useUrlState<T extends object>(name: string, check: (v: unknown) => T | null): [T | null, (next: T | null | ((prev: T | null) => T | null)) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get(name);
  const value = useMemo(() => {
    if (!raw) return null;
    try {
      return check(JSON.parse(raw));
    } catch {
      return null;
    }
  }, [raw]);
  const latest = useRef(value);
  latest.current = value;
  const set = useCallback(
    (next: T | null | ((prev: T | null) => T | null)) => {
      const v = typeof next === "function" ? (next as (p: T | null) => T | null)(latest.current) : next;
      latest.current = v;
      setParams(
        (p) => {
          const out = new URLSearchParams(p);
          if (v === null) out.delete(name);
          else out.set(name, JSON.stringify(v));
          return out;
        },
        { replace: true },
      );
    },
    [name, setParams],
  );
  return [value, set];
}
