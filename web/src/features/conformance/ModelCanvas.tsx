// A BPMN model on a page: zoom buttons and the bpmn-js drawing with the deviation overlay. One block for the
// model page (the discovered model) and the conformance page (the reference model); `svg` downloads the drawing.
import { forwardRef, useImperativeHandle, useRef } from "react";
import { useTranslation } from "react-i18next";
import { BpmnView, type BpmnViewHandle, type BpmnViewProps } from "./BpmnView";

export interface ModelCanvasHandle {
  svg(): Promise<string>;
}

type Props = BpmnViewProps; // the canvas takes exactly what the drawing takes

export const ModelCanvas = forwardRef<ModelCanvasHandle, Props>(function ModelCanvas({ xml, label, onError, onDrawn, markers }, ref) {
  const { t } = useTranslation("conformance");
  const view = useRef<BpmnViewHandle>(null);
  useImperativeHandle(ref, () => ({ svg: async () => (await view.current?.svg()) ?? "" }));
  return (
    <>
      <div className="buttons" role="group" aria-label={t("zoom")}>
        <button type="button" onClick={() => view.current?.zoom(1.25)}>{t("zoomIn")}</button>
        <button type="button" onClick={() => view.current?.zoom(0.8)}>{t("zoomOut")}</button>
        <button type="button" onClick={() => view.current?.fit()}>{t("fit")}</button>
      </div>
      <BpmnView ref={view} xml={xml} label={label} onError={onError} onDrawn={onDrawn} markers={markers} />
    </>
  );
});
