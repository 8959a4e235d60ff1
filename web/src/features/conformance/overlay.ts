// The marker class of a BPMN task by the share of cases deviating at it (conformance overlay).
export function overlayClass(share: number): string | null {
  if (!(share > 0)) return null;
  return share >= 0.4 ? "sf-dev-high" : share >= 0.15 ? "sf-dev-mid" : "sf-dev-low";
}
