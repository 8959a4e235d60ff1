import { describe, expect, it } from "vitest";
import { clearReference, loadReference, saveReference } from "./reference";

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe("reference model", () => {
  it("is kept per workspace and log", () => {
    const s = memory();
    saveReference(1, "a", { name: "a-split-miner.bpmn", xml: "<x/>" }, s);
    expect(loadReference(1, "a", s)).toEqual({ name: "a-split-miner.bpmn", xml: "<x/>" });
    expect(loadReference(1, "b", s)).toBeNull();
    expect(loadReference(2, "a", s)).toBeNull();
    clearReference(1, "a", s);
    expect(loadReference(1, "a", s)).toBeNull();
  });

  it("reads a damaged entry as none", () => {
    const s = memory();
    s.setItem("sagsflow.reference.1/a", "{not json");
    expect(loadReference(1, "a", s)).toBeNull();
    s.setItem("sagsflow.reference.1/a", JSON.stringify({ name: 3 }));
    expect(loadReference(1, "a", s)).toBeNull();
  });
});
