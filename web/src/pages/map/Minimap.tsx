// A minimap for maps larger than the view: the nodes as small boxes and the visible part as a frame; click or
// drag in it to move the view. (Drawn from the node boxes, not from a rendered image of the map, so it costs
// nothing while the map changes.)
import { useEffect, useRef } from "react";
import type { Core } from "cytoscape";

const W = 180;
const H = 130;

export function Minimap({ cy, tick, label }: { cy: Core; tick: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = useRef({ s: 1, x0: 0, y0: 0 });

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const nodes = cy.nodes("[kind != 'label']");
    const bb = nodes.boundingBox({ includeLabels: false });
    const s = Math.min((W - 8) / Math.max(1, bb.w), (H - 8) / Math.max(1, bb.h));
    const x0 = bb.x1 - (W / s - bb.w) / 2;
    const y0 = bb.y1 - (H / s - bb.h) / 2;
    scale.current = { s, x0, y0 };
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = "#8aa0b4";
    ctx.lineWidth = 0.5;
    ctx.beginPath();
    cy.edges().forEach((e) => {
      const a = e.source().position();
      const b = e.target().position();
      ctx.moveTo((a.x - x0) * s, (a.y - y0) * s);
      ctx.lineTo((b.x - x0) * s, (b.y - y0) * s);
    });
    ctx.stroke();
    nodes.forEach((n) => {
      const p = n.position();
      const w = Math.max(2, n.width() * s);
      const h = Math.max(2, n.height() * s);
      ctx.fillStyle = String(n.data("fill") ?? "#5b6b7b");
      ctx.fillRect((p.x - x0) * s - w / 2, (p.y - y0) * s - h / 2, w, h);
    });
    const ext = cy.extent();
    ctx.strokeStyle = "#c05600";
    ctx.lineWidth = 2;
    ctx.strokeRect((ext.x1 - x0) * s, (ext.y1 - y0) * s, ext.w * s, ext.h * s);
  }, [cy, tick]);

  const moveTo = (ev: React.PointerEvent<HTMLCanvasElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    const { s, x0, y0 } = scale.current;
    const mx = (ev.clientX - r.left) / s + x0;
    const my = (ev.clientY - r.top) / s + y0;
    const z = cy.zoom();
    cy.pan({ x: cy.width() / 2 - mx * z, y: cy.height() / 2 - my * z });
  };

  return (
    <canvas
      ref={canvas}
      className="map-minimap"
      data-testid="map-minimap"
      width={W}
      height={H}
      role="img"
      aria-label={label}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1) moveTo(e);
      }}
    />
  );
}
