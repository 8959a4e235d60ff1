import { describe, expect, it, vi } from "vitest";
import { ApiClient, ApiError, data, readCookie } from "./client";
import { makeApi } from "./endpoints";

function fake(responses: Response[], cookies = "") {
  const calls: Request[] = [];
  const fetchImpl = vi.fn(async (req: Request) => {
    calls.push(req);
    return responses.shift() ?? new Response(null, { status: 204 });
  });
  return { client: new ApiClient(fetchImpl, "http://sagsflow.test", () => cookies), calls };
}

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
const user = { id: 1, username: "a", role: "analyst", municipality_id: 1, active: true };

describe("readCookie", () => {
  it("finds a cookie among several and decodes it", () => {
    expect(readCookie("a=1; sagsflow_csrf=x%3Dy; b=2", "sagsflow_csrf")).toBe("x=y");
    expect(readCookie("a=1", "sagsflow_csrf")).toBeNull();
  });
});

describe("ApiClient", () => {
  it("sends the CSRF cookie as X-CSRF-Token on mutating requests only", async () => {
    const { client, calls } = fake([json([]), json({ id: 1 })], "sagsflow_csrf=tok123");
    const api = makeApi(client);
    await api.workspaces();
    await api.saveFilter(1, "x", { version: 1, steps: [{ type: "case_length", min: 3 }] }, false);
    expect(calls[0].headers.get("X-CSRF-Token")).toBeNull();
    expect(calls[1].headers.get("X-CSRF-Token")).toBe("tok123");
    expect(calls[1].headers.get("Content-Type")).toBe("application/json");
    expect(await calls[1].text()).toBe(JSON.stringify({ name: "x", spec: { version: 1, steps: [{ type: "case_length", min: 3 }] }, shared: false }));
    expect(calls[1].credentials).toBe("same-origin");
  });

  it("uses the token of the login answer when the cookie is not readable", async () => {
    const { client, calls } = fake([json({ user, csrf_token: "fromlogin", expires_at: "" }), new Response(null, { status: 204 })]);
    const api = makeApi(client);
    await api.login("a", "pw");
    await api.logout();
    expect(calls[1].headers.get("X-CSRF-Token")).toBe("fromlogin");
    expect(client.csrf()).toBeNull();
  });

  it("turns a problem-details answer into an ApiError with message, hint and field", async () => {
    const { client } = fake([
      json({ type: "about:blank", status: 422, message: "step 0 (rework), field 'min': not a number", hint: "Use an integer.", field: "filter" }, 422, "application/problem+json"),
    ]);
    const err = await makeApi(client).variants(1, "x", null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.message).toContain("field 'min'");
    expect(e.problem.hint).toBe("Use an integer.");
    expect(e.problem.field).toBe("filter");
  });

  it("calls onUnauthorized on 401 (session ended), but not for a failed login", async () => {
    const { client } = fake([json({ message: "log in" }, 401), json({ message: "wrong" }, 401)]);
    const seen = vi.fn();
    client.onUnauthorized = seen;
    const api = makeApi(client);
    await expect(api.me()).rejects.toThrow("log in");
    expect(seen).toHaveBeenCalledTimes(1);
    await expect(api.login("a", "b")).rejects.toThrow("wrong");
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("returns undefined for 204 and text when asked", async () => {
    const { client } = fake([new Response(null, { status: 204 }), new Response("<xml/>", { status: 200 })]);
    expect(await makeApi(client).deleteLog(1, "x")).toBeUndefined();
    const xml = await data(client.http.POST("/api/workspaces/{workspace_id}/logs/{log}/discover", {
      params: { path: { workspace_id: 1, log: "x" } }, body: {}, parseAs: "text",
    }));
    expect(xml).toBe("<xml/>");
  });

  it("builds the REST paths of the endpoints (log names are URL-encoded)", async () => {
    const { client, calls } = fake([json({ nodes: [], edges: [], n_cases: 0, n_events: 0 })]);
    await makeApi(client).processMap(3, "dagpenge alle/æ", {
      activities: 0.5, paths: 0.2, perspective: "activity", measure: "frequency", aggregation: "mean",
    });
    expect(new URL(calls[0].url).pathname).toBe("/api/workspaces/3/logs/dagpenge%20alle%2F%C3%A6/map");
    expect(calls[0].method).toBe("POST");
  });
});
