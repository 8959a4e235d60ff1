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
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { MapTable } from "./MapTable";
import { MapView, type MapViewHandle } from "./MapView";
import { SidePanel, type Selection } from "./SidePanel";
import { Slider } from "./Slider";

interface Settings {
  activities: number; // 0..100
  paths: number;
  measure: Measure;
  aggregation: Aggregation;
  perspective: string;
}

const DEFAULTS: Settings = { activities: 60, paths: 20, measure: "frequency", aggregation: "median", perspective: "activity" };

export default function MapPage() {
  const { t, i18n } = useTranslation(["map", "common"]);
  const lang = i18n.language;
  const { user } = useAuth();
  const { workspaceId, log } = useLogParams();
  const { spec, push } = useFilters();
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const [map, setMap] = useState<ProcessMap | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [attr, setAttr] = useState("");
  const view = useRef<MapViewHandle>(null);
  const ids = { measure: useId(), agg: useId(), persp: useId(), attr: useId() };
  const info = useAsync(async () => {
    const [ws, summary] = await Promise.all([api.workspace(workspaceId), api.log(workspaceId, log)]);
    return { ws, summary };
  }, [workspaceId, log]);

  useEffect(() => {
    document.title = `${t("title")}: ${log} – Sagsflow`;
  }, [t, log]);

  const request = useMemo(
    () => ({
      activities: settings.activities / 100,
      paths: settings.paths / 100,
      perspective: settings.perspective,
      measure: settings.measure,
      aggregation: settings.aggregation,
    }),
    [settings],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    api.processMap(workspaceId, log, { ...request, filter: spec }, { signal: ctrl.signal }).then(
      (m) => {
        if (ctrl.signal.aborted) return;
        performance.mark("sf-map-data");
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
  }, [workspaceId, log, request, spec]);

  // Once per filter and perspective, the map with every activity is fetched and laid out in the background:
  // the activities slider then shows the smaller maps at its places (nodes stay still, no layout to wait for).
  const prepared = useRef({ key: "", ctrl: null as AbortController | null });
  useEffect(() => {
    if (!map?.totals) return;
    const shown = map.nodes.filter((n) => n.kind === "node" || n.kind === "other").length;
    const key = JSON.stringify([workspaceId, log, spec, request.perspective]);
    if (shown >= map.totals.nodes || prepared.current.key === key) return;
    prepared.current.ctrl?.abort();
    const ctrl = new AbortController();
    prepared.current = { key, ctrl };
    api.processMap(workspaceId, log, { ...request, activities: 1, filter: spec }, { signal: ctrl.signal }).then(
      (full) => {
        if (!ctrl.signal.aborted) view.current?.prepare(full);
      },
      () => undefined, // only a head start: the maps are laid out as they come
    );
  }, [map, workspaceId, log, spec, request]);
  useEffect(() => () => prepared.current.ctrl?.abort(), []);

  const set = (patch: Partial<Settings>) =>
    setSettings((s) => (Object.entries(patch).every(([k, v]) => s[k as keyof Settings] === v) ? s : { ...s, ...patch }));
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
    set(patch);
  };
  const q = info.data?.summary.quarantine; // cases whose every event is quarantined are not in the log's total
  const total = info.data ? info.data.summary.n_cases - (q && !spec?.include_quarantined ? (q.n_cases_left_out ?? 0) : 0) : undefined;
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
        <Slider label={t("activities")} value={settings.activities} testid="slider-activities" onCommit={(v, r) => slide({ activities: v }, r)} />
        <Slider label={t("paths")} value={settings.paths} testid="slider-paths" onCommit={(v, r) => slide({ paths: v }, r)} />
        <div className="field">
          <label htmlFor={ids.measure}>{t("measure")}</label>
          <select id={ids.measure} data-testid="measure" value={settings.measure} onChange={(e) => set({ measure: e.target.value as Measure })}>
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
            onChange={(e) => set({ aggregation: e.target.value as Aggregation })}
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
                set({ perspective: a });
              } else set({ perspective: v });
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
              if (attr.trim()) set({ perspective: attr.trim() });
            }}
          >
            <label htmlFor={ids.attr}>{t("attribute")}</label>
            <input id={ids.attr} value={attr} onChange={(e) => setAttr(e.target.value)} onBlur={() => attr.trim() && set({ perspective: attr.trim() })} />
          </form>
        ) : null}
        <div className="export buttons">
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
          {map ? t("casesShown", { n: formatNumber(map.n_cases, lang), total: formatNumber(total ?? map.n_cases, lang) }) : ""}
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
      {map?.disclosure ? <p className="muted" data-testid="disclosure">{t("disclosure")}</p> : null}
      <div className="map-layout">
        <div className="map-area">
          <MapView ref={view} map={map} lang={lang} label={t("canvasLabel", { log })} onSelect={(kind, id) => setSelection(kind && id ? { kind, id } : null)} />
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
