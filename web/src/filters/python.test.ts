import { describe, expect, it } from "vitest";
import { pythonCode, toPython } from "./python";

describe("toPython", () => {
  it("writes JSON values as Python literals", () => {
    expect(toPython(null)).toBe("None");
    expect(toPython(true)).toBe("True");
    expect(toPython(false)).toBe("False");
    expect(toPython(3.5)).toBe("3.5");
    expect(toPython('Afgørelse "x"')).toBe('"Afgørelse \\"x\\""');
    expect(toPython(["a", 1])).toBe('["a", 1]');
    expect(toPython({ type: "case_length", min: 3 })).toBe('{"type": "case_length", "min": 3}');
  });

  it("breaks long structures over indented lines", () => {
    const out = toPython({ version: 1, steps: [{ type: "case_section", start_activity: "Application received", end_activity: "Decision", start_inclusive: true }] });
    expect(out).toContain('\n    "steps": [\n        {');
    expect(out).toContain('"start_inclusive": True');
  });
});

describe("pythonCode", () => {
  const map = { activities: 0.6, paths: 0.3, perspective: "activity", measure: "duration" as const, aggregation: "median" as const };

  it("opens the workspace, filters the log and computes the same map", () => {
    const code = pythonCode({ workspaceName: "demo", log: "dagpenge", steps: [{ type: "rework", action: "remove", activity: "X", min: 2 }], map });
    expect(code).toContain("import sagsflow\n");
    expect(code).toContain('ws = sagsflow.Workspace.open("PATH/TO/demo")');
    expect(code).toContain('log = ws.log("dagpenge").filter({\n    "version": 1,\n    "steps": [\n');
    expect(code).toContain('"action": "remove"');
    expect(code).toContain(
      'm = sagsflow.discover_process_map(log, activities=0.6, paths=0.3, perspective="activity", measure="duration", aggregation="median")',
    );
  });

  it("leaves out the filter when there is none, and shows small groups for analysts", () => {
    const code = pythonCode({ workspaceName: "w", log: "l", steps: [], map: { ...map, perspective: "resource" }, showSmallGroups: true });
    expect(code).toContain('log = ws.log("l")\n');
    expect(code).toContain("show_small_groups=True");
  });
});
