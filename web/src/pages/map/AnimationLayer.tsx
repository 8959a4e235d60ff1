// Cases moving over the map in time: a canvas over the Cytoscape map (no element per token) and its controls
// (play/pause, speed, time slider, the moment shown). Tokens follow the drawn arcs' routes (MapView.routes());
// an arc the paths slider hides is travelled in a straight line. The canvas carries data-fps and data-tokens
// (frames per second and tokens drawn in the last second) for the tests and the browser benchmark.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Core } from "cytoscape";
import type { Movements } from "../../api/caseViews";
import { formatDateTime, formatNumber } from "../../i18n/format";
import { along, Player, track, type Track } from "./animation";

const SPEEDS = [1, 2, 5, 10, 30];
/** At speed 1 the whole period plays in this many seconds. */
const BASE_SECONDS = 120;

export function AnimationLayer({
  mv,
  cy,
  routes,
  lang,
}: {
  mv: Movements;
  cy: Core;
  routes: () => Map<string, { x: number; y: number }[]>;
  lang: string;
}) {
  const { t } = useTranslation("map");
  const canvas = useRef<HTMLCanvasElement>(null);
  const [playing, setPlaying] = useState(true);
  const [speed, setSpeed] = useState(5);
  const [at, setAt] = useState(0); // log seconds
  const now = useRef(0);
  const ids = { speed: useId(), time: useId() };
  const player = useMemo(() => new Player(mv), [mv]);
  const t0 = useMemo(() => new Date(mv.t0).getTime(), [mv]);

  // the tracks of the arcs, by traversal: the drawn route, or a straight line between the two nodes; made again
  // whenever the map is redrawn (routes() is then a new map)
  const tracks = useRef<{ of: unknown; per: (Track | null)[] }>({ of: null, per: [] });
  const tracksNow = (): (Track | null)[] => {
    const drawn = routes();
    if (tracks.current.of === drawn) return tracks.current.per;
    const byArc = new Map<string, Track | null>();
    const per: (Track | null)[] = new Array(mv.case.length);
    for (let i = 0; i < mv.case.length; i++) {
      const key = `${mv.nodes[mv.source[i]]}->${mv.nodes[mv.target[i]]}`;
      let tr = byArc.get(key);
      if (tr === undefined) {
        const r = drawn.get(key);
        if (r && r.length >= 2) tr = track(r);
        else {
          const a = cy.getElementById(mv.nodes[mv.source[i]]);
          const b = cy.getElementById(mv.nodes[mv.target[i]]);
          tr = a.nonempty() && b.nonempty() ? track([{ ...a.position() }, { ...b.position() }]) : null;
        }
        byArc.set(key, tr);
      }
      per[i] = tr;
    }
    tracks.current = { of: drawn, per };
    return per;
  };
  const tracksRef = useRef(tracksNow);
  tracksRef.current = tracksNow;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    let raf = 0;
    let prev = performance.now();
    let frames = 0;
    let tokens = 0;
    let second = prev;
    const p = { x: 0, y: 0 };
    const frame = (ts: number) => {
      const dpr = window.devicePixelRatio || 1;
      const w = cy.width();
      const h = cy.height();
      if (el.width !== Math.round(w * dpr) || el.height !== Math.round(h * dpr)) {
        el.width = Math.round(w * dpr);
        el.height = Math.round(h * dpr);
      }
      if (playing) {
        now.current = Math.min(player.span, now.current + ((ts - prev) / 1000) * (player.span / BASE_SECONDS) * speed);
        if (now.current >= player.span) now.current = 0;
      }
      prev = ts;
      const z = cy.zoom();
      const pan = cy.pan();
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      ctx.beginPath();
      const r = Math.max(2, 4 * Math.min(1, z));
      const per = tracksRef.current();
      const n = player.each(now.current, (i, f) => {
        const tr = per[i];
        if (!tr) return;
        along(tr, f, p);
        const x = p.x * z + pan.x;
        const y = p.y * z + pan.y;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      });
      ctx.fillStyle = "rgba(192, 86, 0, 0.85)";
      ctx.fill();
      frames++;
      tokens += n;
      if (ts - second >= 1000) {
        el.dataset.fps = String(Math.round((frames * 1000) / (ts - second)));
        el.dataset.tokens = String(Math.round(tokens / Math.max(1, frames)));
        frames = 0;
        tokens = 0;
        second = ts;
        setAt(now.current);
      }
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [player, cy, playing, speed]);

  return (
    <>
      <canvas ref={canvas} className="map-animation" data-testid="animation-canvas" aria-hidden="true" />
      <div className="animation-controls" role="group" aria-label={t("animation")} data-testid="animation-controls">
        <button type="button" data-testid="animation-play" aria-pressed={playing} onClick={() => setPlaying(!playing)}>
          {playing ? t("pause") : t("play")}
        </button>
        <label htmlFor={ids.speed}>{t("speed")}</label>
        <select id={ids.speed} data-testid="animation-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <label htmlFor={ids.time}>{t("moment")}</label>
        <input
          id={ids.time}
          type="range"
          min={0}
          max={1000}
          data-testid="animation-time"
          value={Math.round((at / player.span) * 1000)}
          aria-valuetext={formatDateTime(new Date(t0 + at * 1000).toISOString(), lang)}
          onChange={(e) => {
            now.current = (Number(e.target.value) / 1000) * player.span;
            setAt(now.current);
          }}
        />
        <output data-testid="animation-moment">{formatDateTime(new Date(t0 + at * 1000).toISOString(), lang)}</output>
        <span className="muted" data-testid="animation-cases">
          {mv.sampled
            ? t("animationSampled", { n: formatNumber(mv.n_cases, lang), total: formatNumber(mv.n_cases_total, lang) })
            : t("animationCases", { n: formatNumber(mv.n_cases, lang) })}
        </span>
      </div>
    </>
  );
}
