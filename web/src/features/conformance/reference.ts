// The reference model chosen on the model page ("set as reference") for the conformance page of the same log:
// the discovered BPMN text and a file name, kept in the browser tab's session storage (nothing on the server).
export interface Reference {
  name: string;
  xml: string;
}

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const key = (workspaceId: number, log: string) => `sagsflow.reference.${workspaceId}/${log}`;

export function saveReference(workspaceId: number, log: string, ref: Reference, store: Store = sessionStorage): void {
  store.setItem(key(workspaceId, log), JSON.stringify(ref));
}

export function loadReference(workspaceId: number, log: string, store: Store = sessionStorage): Reference | null {
  try {
    const r = JSON.parse(store.getItem(key(workspaceId, log)) ?? "null") as Partial<Reference> | null;
    return r && typeof r.name === "string" && typeof r.xml === "string" ? { name: r.name, xml: r.xml } : null;
  } catch {
    return null;
  }
}

export function clearReference(workspaceId: number, log: string, store: Store = sessionStorage): void {
  store.removeItem(key(workspaceId, log));
}
