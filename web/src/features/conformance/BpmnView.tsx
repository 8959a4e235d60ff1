// A BPMN 2.0 diagram drawn by bpmn-js (navigated viewer: pan with the mouse, zoom with the buttons or wheel).
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "./conformance.css";

export interface BpmnViewHandle {
  fit(): void;
  zoom(step: number): void;
  svg(): Promise<string>;
}

interface Canvas {
  zoom(level?: number | "fit-viewport", center?: "auto"): number;
  addMarker(id: string, cls: string): void;
  removeMarker(id: string, cls: string): void;
}

interface Registry {
  getAll(): { id: string; type: string; businessObject?: { name?: string } }[];
}

const MARKERS = ["sf-dev-low", "sf-dev-mid", "sf-dev-high"];

export interface BpmnViewProps {
  xml: string;
  label: string;
  onError: (e: Error) => void;
  onDrawn?: () => void;
  /** task name -> marker class (conformance overlay) */
  markers?: Map<string, string>;
}

export const BpmnView = forwardRef<BpmnViewHandle, BpmnViewProps>(
  function BpmnView({ xml, label, onError, onDrawn, markers }, ref) {
    const [drawnXml, setDrawnXml] = useState<string | null>(null);
    const el = useRef<HTMLDivElement>(null);
    const viewer = useRef<NavigatedViewer | null>(null);
    useEffect(() => {
      if (!el.current) return;
      viewer.current = new NavigatedViewer({ container: el.current });
      return () => {
        viewer.current?.destroy();
        viewer.current = null;
      };
    }, []);
    useEffect(() => {
      const v = viewer.current;
      if (!v) return;
      let live = true;
      v.importXML(xml).then(
        () => {
          if (!live) return;
          v.get<Canvas>("canvas").zoom("fit-viewport", "auto");
          setDrawnXml(xml);
          onDrawn?.();
        },
        (e: unknown) => live && onError(e instanceof Error ? e : new Error(String(e))),
      );
      return () => {
        live = false;
      };
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [xml]);
    useEffect(() => {
      const v = viewer.current;
      if (!v || drawnXml !== xml) return;
      const canvas = v.get<Canvas>("canvas");
      for (const el of v.get<Registry>("elementRegistry").getAll()) {
        // every kind of task (user, service, manual ... as Camunda, Signavio and bpmn.io draw them) and sub-process
        if (!/Task$|SubProcess$|CallActivity$/.test(el.type)) continue;
        for (const m of MARKERS) canvas.removeMarker(el.id, m);
        const cls = markers?.get(el.businessObject?.name ?? "");
        if (cls) canvas.addMarker(el.id, cls);
      }
    }, [markers, drawnXml, xml]);
    useImperativeHandle(ref, () => ({
      fit: () => viewer.current?.get<Canvas>("canvas").zoom("fit-viewport", "auto"),
      zoom: (step: number) => {
        const c = viewer.current?.get<Canvas>("canvas");
        if (c) c.zoom(Math.max(0.1, c.zoom() * step));
      },
      svg: async () => (viewer.current ? (await viewer.current.saveSVG()).svg : ""),
    }));
    // not role="img": bpmn-js puts focusable parts (the canvas, the bpmn.io link) inside
    return (
      <figure className="bpmn-figure" data-testid="bpmn-figure">
        <div ref={el} className="bpmn-canvas" data-testid="bpmn-canvas" />
        <figcaption className="muted">{label}</figcaption>
      </figure>
    );
  },
);
