// The process map of a log: sliders, overlay, perspective, the map (Cytoscape + ELK), the clicked element's
// statistics with filter buttons, the filter panel, export as SVG/PNG, and the map as a table.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AGGREGATIONS, api, ApiError, MEASURES, type Aggregation, type Measure, type ProcessMap } from "../../api";
import { useAuth } from "../../auth/AuthContext";
import { FilterPanel } from "../../filters/FilterPanel";
import { formatNumber } from "../../i18n/format";
import { LogQuarantineNote } from "../../filters/QuarantineNote";
import { useFilters } from "../../state/filters";
import { useUrlState } from "../../state/view";
import { useAsync } from "../../state/useAsync";
import { withNodeNames } from "./elements";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { MapTable } from "./MapTable";
import { MapView, type MapViewHandle } from "./MapView";
import { SidePanel, type Selection } from "./SidePanel";
import { caseViews, type Movements } from "../../api/caseViews";
import { AnimationLayer } from "./AnimationLayer";
import { Slider } from "./Slider";
import { aheadPositions, positionFor, stepCount } from "./sliders";

interface Settings {
  activities: number; // 0..100
  paths: number;
  measure: Measure;
  aggregation: Aggregation;
  perspective: string;
}

const DEFAULTS: Settings = { activities: 60, paths: 0, measure: "frequency", aggregation: "median", perspective: "activity" };
/** A log opens with this many activities (the server puts the slider there; all when the log has fewer), and
 * the paths that connect them: a map that fits the window readably. */
export const DEFAULT_ACTIVITIES = 15;

/** What the map request asks for with these settings. */
function requestOf(s: Settings) {
  return { activities: s.activities / 100, paths: s.paths / 100, perspective: s.perspective, measure: s.measure, aggregation: s.aggregation };
}

/** Settings read from a link (anything else: null, the opening view). */
function readSettings(v: unknown): Settings | null {
  const s = v as Partial<Settings> | null;
  if (!s || typeof s !== "object" || typeof s.activities !== "number" || typeof s.paths !== "number") return null;
  return { ...DEFAULTS, ...s } as Settings;
}

export default function MapPage() {
  const { t, i18n } = useTranslation(["map", "common"]);
  const lang = i18n.language;
  const { user } = useAuth();
  const { workspaceId, log } = useLogParams();
  const { spec, push } = useFilters();
  // the sliders, overlay and perspective are in the URL (?map=...), so a link opens the same map
  const [chosen, setSettings] = useUrlState<Settings>("map", readSettings);
  const settings = chosen ?? DEFAULTS;
  const [rawMap, setMap] = useState<ProcessMap | null>(null);
  // the start and end pseudo-nodes carry the library's labels ("▶ start", "■ end"): shown in the page's language
  const map = useMemo(() => rawMap && withNodeNames(rawMap, t("startNode"), t("endNode")), [rawMap, t]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [attr, setAttr] = useState("");
  const view = useRef<MapViewHandle>(null);
  const [animate, setAnimate] = useState(false);
  const [movements, setMovements] = useState<Movements | null>(null);
  const [animError, setAnimError] = useState<Error | null>(null);
  const ids = { measure: useId(), agg: useId(), persp: useId(), attr: useId() };
  const info = useAsync(async () => {
    const [ws, summary] = await Promise.all([api.workspace(workspaceId), api.log(workspaceId, log)]);
    return { ws, summary };
  }, [workspaceId, log]);

  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  const nActivities = info.data?.summary.n_activities;
  const request = useMemo(() => requestOf(settings), [settings]);

  // Without settings in the link, the opening view: the server places the activities slider where the map shows
  // DEFAULT_ACTIVITIES activities and says where (sliders.activities); the page keeps that position, and does not
  // ask again for the map it already has.
  const opened = useRef<string | null>(null);
  useEffect(() => {
    const asked = JSON.stringify([workspaceId, log, request, spec]);
    if (chosen && opened.current === asked) {
      opened.current = null;
      return;
    }
    opened.current = null;
    const ctrl = new AbortController();
    setLoading(true);
    const body = chosen ? { ...request, filter: spec } : { ...request, activities_shown: DEFAULT_ACTIVITIES, filter: spec };
    api.processMap(workspaceId, log, body, { signal: ctrl.signal }).then(
      (m) => {
        if (ctrl.signal.aborted) return;
        performance.mark("sf-map-data");
        if (!chosen) {
          const first = { ...DEFAULTS, activities: Math.round(m.sliders.activities * 100) };
          opened.current = JSON.stringify([workspaceId, log, requestOf(first), spec]);
          setSettings((s) => s ?? first);
        }
        setMap(m);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [workspaceId, log, request, spec, chosen]);

  // Once per filter and perspective, the map with every activity is fetched and laid out in the background:
  // the activities slider then shows the smaller maps at its places (nodes stay still, no layout to wait for).
  // Then the node sets too small to be shown well at those places are fetched and laid out one by one, the
  // positions nearest the slider first: moving the activities slider anywhere then waits for no layout.
  const prepared = useRef({ key: "", ctrl: null as AbortController | null });
  const here = useRef(settings.activities);
  here.current = settings.activities;
  useEffect(() => {
    if (!map?.totals) return;
    const shown = map.nodes.filter((n) => n.kind === "node" || n.kind === "other").length;
    const key = JSON.stringify([workspaceId, log, spec, request.perspective]);
    if (shown >= map.totals.nodes || prepared.current.key === key) return;
    prepared.current.ctrl?.abort();
    const ctrl = new AbortController();
    prepared.current = { key, ctrl };
    const ask = (activities: number) =>
      api.processMap(workspaceId, log, { ...request, activities, filter: spec }, { signal: ctrl.signal });
    void (async () => {
      const full = await ask(1);
      if (ctrl.signal.aborted) return;
      await view.current?.prepare(full);
      // a map of few cases is laid out in no time (and each answer about fewer than k cases is an audited read)
      if (full.n_cases < 100) return;
      for (const p of aheadPositions(full.totals.activity_steps, here.current)) {
        if (ctrl.signal.aborted) return;
        const m = await ask(p / 100);
        if (ctrl.signal.aborted) return;
        await view.current?.prepare(m);
      }
    })().catch(() => undefined); // only a head start: the maps are laid out as they come
  }, [map, workspaceId, log, spec, request]);
  useEffect(() => () => prepared.current.ctrl?.abort(), []);

  // the opening view shows fewer activities until the map fits the window readably (never an unreadable map
  // by default); any setting the user changes ends that
  const opening = useRef(true);
  const onDrawn = (fits: boolean) => {
    if (!opening.current || fits || !map || !nodesTotal) return;
    const shown = map.nodes.filter((n) => n.kind === "node" || n.kind === "other").length;
    if (shown <= 2) {
      opening.current = false;
      return;
    }
    const fewer = Math.max(2, Math.min(shown - 1, Math.floor(shown * 0.8)));
    const steps = map.totals.activity_steps;
    setSettings((s) => (s ? { ...s, activities: Math.min(s.activities - 1, positionFor(steps, fewer)) } : s));
  };
  const userSet = (patch: Partial<Settings>) => {
    opening.current = false;
    set(patch);
  };
  // the animation: the cases' movements over the map's nodes (analysts; one audited read per change)
  useEffect(() => {
    if (!animate || !chosen) {
      setMovements(null);
      return;
    }
    const ctrl = new AbortController();
    caseViews
      .animation(workspaceId, log, { filter: spec, activities: request.activities, perspective: request.perspective }, { signal: ctrl.signal })
      .then(
        (mv) => {
          if (!ctrl.signal.aborted) {
            setMovements(mv);
            setAnimError(null);
          }
        },
        (err: unknown) => {
          if (!ctrl.signal.aborted) setAnimError(err instanceof Error ? err : new Error(String(err)));
        },
      );
    return () => ctrl.abort();
  }, [animate, workspaceId, log, spec, request.activities, request.perspective, chosen]);

  const set = (patch: Partial<Settings>) =>
    setSettings((s0) => {
      const s = s0 ?? DEFAULTS;
      return Object.entries(patch).every(([k, v]) => s[k as keyof Settings] === v) ? s : { ...s, ...patch };
    });
  const busy = useRef(false);
  busy.current = loading;
  // a slider let go where it paused while dragging: that map is asked for already (or drawn, then the time from
  // release to map is the next frame)
  const slide = (patch: Partial<Settings>, released: boolean) => {
    const same = Object.entries(patch).every(([k, v]) => settings[k as keyof Settings] === v);
    if (released && same && !busy.current && view.current?.settled()) {
      requestAnimationFrame(() => {
        if (!performance.getEntriesByName("sf-slider-release", "mark").length) return;
        performance.measure("sf-slider-to-map", "sf-slider-release");
        performance.clearMarks("sf-slider-release");
      });
    }
    userSet(patch);
  };
  const q = info.data?.summary.quarantine; // cases whose every event is quarantined are not in the log's total
  const total = info.data ? info.data.summary.n_cases - (q && !spec?.include_quarantined ? (q.n_cases_left_out ?? 0) : 0) : undefined;
  const nodesTotal = map?.totals?.nodes ?? nActivities;
  const activityCount = map ? map.nodes.filter((n) => n.kind === "node" || n.kind === "other").length : 0;
  const perspectiveChoice = ["activity", "resource"].includes(settings.perspective) ? settings.perspective : "attribute";

  function download(name: string, href: string) {
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  return (
    <div className="map-page">
      <h1>
        {t("title")}: <span className="log-name">{log}</span>
      </h1>
      <LogQuarantineNote />
      <section className="toolbar" aria-label={t("settings")}>
        <Slider
          label={t("activities")}
          value={settings.activities}
          testid="slider-activities"
          count={map ? (v) => t("sliderCount", { n: formatNumber(stepCount(map.totals.activity_steps, v), lang), total: formatNumber(map.totals.nodes, lang) }) : undefined}
          onCommit={(v, r) => slide({ activities: v }, r)}
        />
        <Slider label={t("paths")} value={settings.paths} testid="slider-paths" onCommit={(v, r) => slide({ paths: v }, r)} />
        <div className="field">
          <label htmlFor={ids.measure}>{t("measure")}</label>
          <select id={ids.measure} data-testid="measure" value={settings.measure} onChange={(e) => userSet({ measure: e.target.value as Measure })}>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`measures.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.agg}>{t("aggregation")}</label>
          <select
            id={ids.agg}
            data-testid="aggregation"
            value={settings.aggregation}
            disabled={settings.measure !== "duration"}
            onChange={(e) => userSet({ aggregation: e.target.value as Aggregation })}
          >
            {AGGREGATIONS.map((a) => (
              <option key={a} value={a}>
                {t(`aggregations.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.persp}>{t("perspective")}</label>
          <select
            id={ids.persp}
            data-testid="perspective"
            value={perspectiveChoice}
            onChange={(e) => {
              const v = e.target.value;
              setSelection(null);
              if (v === "attribute") {
                const a = attr.trim() || "lifecycle";
                setAttr(a);
                userSet({ perspective: a });
              } else userSet({ perspective: v });
            }}
          >
            <option value="activity">{t("perspectives.activity")}</option>
            {user?.role === "analyst" ? <option value="resource">{t("perspectives.resource")}</option> : null}
            <option value="attribute">{t("perspectives.attribute")}</option>
          </select>
        </div>
        {perspectiveChoice === "attribute" ? (
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault();
              if (attr.trim()) userSet({ perspective: attr.trim() });
            }}
          >
            <label htmlFor={ids.attr}>{t("attribute")}</label>
            <input id={ids.attr} value={attr} onChange={(e) => setAttr(e.target.value)} onBlur={() => attr.trim() && userSet({ perspective: attr.trim() })} />
          </form>
        ) : null}
        <div className="export buttons">
          {user?.role === "analyst" ? (
            <button type="button" data-testid="animate" aria-pressed={animate} disabled={!map} onClick={() => setAnimate(!animate)}>
              {animate ? t("stopAnimation") : t("animate")}
            </button>
          ) : null}
          <button type="button" data-testid="export-svg" disabled={!map} onClick={() => {
            const svg = view.current?.svg();
            if (svg) download(`${log}-map.svg`, URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })));
          }}>
            {t("exportSvg")}
          </button>
          <button type="button" data-testid="export-png" disabled={!map} onClick={() => {
            const png = view.current?.png();
            if (png) download(`${log}-map.png`, png);
          }}>
            {t("exportPng")}
          </button>
        </div>
      </section>
      <p className="counts" aria-live="polite">
        <span data-testid="case-count" data-cases={map?.n_cases ?? ""}>
          {map ? t("casesShown", { count: total ?? map.n_cases, n: formatNumber(map.n_cases, lang), total: formatNumber(total ?? map.n_cases, lang) }) : ""}
        </span>{" "}
        {map ? (
          <span data-testid="element-count">
            {t("elementsShown", {
              nodes: formatNumber(activityCount, lang),
              nodesTotal: formatNumber(map.totals?.nodes ?? activityCount, lang),
              edges: formatNumber(map.edges.length, lang),
              edgesTotal: formatNumber(map.totals?.edges ?? map.edges.length, lang),
            })}
          </span>
        ) : null}{" "}
        <span role="status" className="loading" data-testid="map-loading" data-loading={loading ? "1" : "0"}>
          {loading ? t("common:loading") : ""}
        </span>
      </p>
      {error ? <ProblemMessage error={error instanceof ApiError || error instanceof Error ? error : null} /> : null}
      {animError ? <ProblemMessage error={animError} /> : null}
      {map?.disclosure ? <p className="muted" data-testid="disclosure">{t("disclosure")}</p> : null}
      <div className="map-layout">
        <div className="map-area">
          <MapView ref={view} map={map} lang={lang} label={t("canvasLabel", { log })} onDrawn={onDrawn}
            overlay={movements ? (cy, routes) => <AnimationLayer mv={movements} cy={cy} routes={routes} lang={lang} /> : undefined}
            onSelect={(kind, id) => setSelection(kind && id ? { kind, id } : null)} />
          {map ? <MapTable map={map} onSelect={(s) => setSelection(s)} /> : null}
        </div>
        <div className="map-side">
          {map && selection ? (
            <SidePanel map={map} selection={selection} onClose={() => setSelection(null)} onFilter={(step) => { push(step); setSelection(null); }} />
          ) : (
            <p className="muted hint">{t("clickHint")}</p>
          )}
          <FilterPanel workspaceId={workspaceId} workspaceName={info.data?.ws.name ?? String(workspaceId)} log={log} map={request} />
        </div>
      </div>
    </div>
  );
}
