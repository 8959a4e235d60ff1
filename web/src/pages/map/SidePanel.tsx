// Statistics of the clicked node or arc, and buttons that push a filter step built from it.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FilterStep, MapEdge, MapNode, ProcessMap } from "../../api";
import { formatDuration, formatNumber, toDurationText } from "../../i18n/format";

export type Selection = { kind: "node" | "edge"; id: string } | null;

const AGG_ORDER = ["mean", "median", "min", "max", "p25", "p75", "p90", "p95", "total"];

export function SidePanel({
  map,
  selection,
  onFilter,
  onClose,
}: {
  map: ProcessMap;
  selection: Selection;
  onFilter: (step: FilterStep) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation("map");
  const lang = i18n.language;
  const durId = useId();
  const [showDuration, setShowDuration] = useState(false);
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const nodes = new Map(map.nodes.map((n) => [n.id, n]));
  const el: MapNode | MapEdge | undefined =
    selection?.kind === "node" ? nodes.get(selection.id) : map.edges.find((e) => e.id === selection?.id);

  useEffect(() => {
    setShowDuration(false);
    const med = el?.duration?.median;
    setMin(typeof med === "number" ? toDurationText(med) : "");
    setMax("");
  }, [selection?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!selection || !el) return null;
  const activity = map.perspective === "activity";
  const attr = map.perspective;
  let title: string;
  const actions: { key: string; label: string; step: FilterStep }[] = [];
  let durationStep: ((min: string, max: string) => FilterStep) | null = null;

  if (selection.kind === "node") {
    const n = el as MapNode;
    title = n.label;
    // the resource perspective says per node what may select its cases (a team by its team attribute, never an
    // employee below individual figures: sagsflow.legal.employees); other perspectives filter by the node's value
    const by = map.node_filters ? map.node_filters[n.label] : { attribute: attr, equals: n.label };
    if (n.kind !== "start" && n.kind !== "end" && n.kind !== "other" && by) {
      actions.push(
        { key: "retain", label: t("retainThrough"), step: { type: "event_attribute", action: "retain", attribute: by.attribute, equals: by.equals, mode: "cases" } },
        { key: "remove", label: t("removeThrough"), step: { type: "event_attribute", action: "remove", attribute: by.attribute, equals: by.equals, mode: "cases" } },
      );
      if (activity) durationStep = (a, b) => withRange({ type: "node_duration", action: "retain", activity: n.label }, a, b);
    }
  } else {
    const e = el as MapEdge;
    const s = nodes.get(e.source);
    const g = nodes.get(e.target);
    title = `${s?.label ?? e.source} → ${g?.label ?? e.target}`;
    if (activity && s && g) {
      if (s.kind === "start" && g.kind === "node") {
        actions.push(
          { key: "retain", label: t("retainThrough"), step: { type: "endpoints", action: "retain", start: [g.label] } },
          { key: "remove", label: t("removeThrough"), step: { type: "endpoints", action: "remove", start: [g.label] } },
        );
      } else if (g.kind === "end" && s.kind === "node") {
        actions.push(
          { key: "retain", label: t("retainThrough"), step: { type: "endpoints", action: "retain", end: [s.label] } },
          { key: "remove", label: t("removeThrough"), step: { type: "endpoints", action: "remove", end: [s.label] } },
        );
      } else if (s.kind === "node" && g.kind === "node") {
        actions.push(
          { key: "retain", label: t("retainThrough"), step: { type: "directly_follows", action: "retain", source: s.label, target: g.label } },
          { key: "remove", label: t("removeThrough"), step: { type: "directly_follows", action: "remove", source: s.label, target: g.label } },
        );
        durationStep = (a, b) => withRange({ type: "arc_duration", action: "retain", source: s.label, target: g.label }, a, b);
      }
    }
  }

  return (
    <aside className="side-panel card" aria-labelledby="side-title" data-testid="side-panel">
      <div className="side-head">
        <h2 id="side-title">{title}</h2>
        <button type="button" onClick={onClose} aria-label={t("close")}>
          ✕
        </button>
      </div>
      <dl className="stats">
        <dt>{t("measures.frequency")}</dt>
        <dd data-testid="stat-frequency">{formatNumber(el.frequency, lang)}</dd>
        <dt>{t("measures.cases")}</dt>
        <dd>{formatNumber(el.cases, lang)}</dd>
        <dt>{t("measures.max_repetitions")}</dt>
        <dd>{formatNumber(el.max_repetitions, lang)}</dd>
        {el.duration
          ? AGG_ORDER.filter((k) => el.duration![k] !== undefined && el.duration![k] !== null).map((k) => (
              <div key={k} className="row">
                <dt>
                  {t("duration")} ({t(`aggregations.${k}`)})
                </dt>
                <dd>{formatDuration(el.duration![k] as number, lang)}</dd>
              </div>
            ))
          : null}
      </dl>
      {actions.length || durationStep ? (
        <div className="buttons vertical">
          {actions.map((a) => (
            <button key={a.key} type="button" data-testid={`filter-${a.key}`} onClick={() => onFilter(a.step)}>
              {a.label}
            </button>
          ))}
          {durationStep ? (
            <button type="button" data-testid="filter-duration" aria-expanded={showDuration} onClick={() => setShowDuration(!showDuration)}>
              {t("filterDuration")}
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted">{t("noFilterHere")}</p>
      )}
      {showDuration && durationStep ? (
        <form
          className="duration-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (min.trim() || max.trim()) onFilter(durationStep!(min, max));
          }}
        >
          <div className="field">
            <label htmlFor={`${durId}-min`}>{t("minDuration")}</label>
            <input id={`${durId}-min`} value={min} onChange={(e) => setMin(e.target.value)} aria-describedby={`${durId}-h`} />
          </div>
          <div className="field">
            <label htmlFor={`${durId}-max`}>{t("maxDuration")}</label>
            <input id={`${durId}-max`} value={max} onChange={(e) => setMax(e.target.value)} aria-describedby={`${durId}-h`} />
          </div>
          <small id={`${durId}-h`} className="muted">
            {t("durationHint")}
          </small>
          <button type="submit" className="primary">
            {t("applyFilter")}
          </button>
        </form>
      ) : null}
    </aside>
  );
}

function withRange(step: FilterStep, min: string, max: string): FilterStep {
  const out: Record<string, unknown> = { ...step };
  if (min.trim()) out.min = min.trim();
  if (max.trim()) out.max = max.trim();
  return out as FilterStep;
}
