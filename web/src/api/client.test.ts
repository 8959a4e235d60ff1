import { describe, expect, it, vi } from "vitest";
import { ApiClient, ApiError, readCookie } from "./client";
import { makeApi } from "./endpoints";

type Call = { url: string; init: RequestInit };

function fake(responses: Response[], cookies = "") {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init: init ?? {} });
    return responses.shift() ?? new Response(null, { status: 204 });
  });
  return { client: new ApiClient(fetchImpl, "", () => cookies), calls };
}

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

describe("readCookie", () => {
  it("finds a cookie among several and decodes it", () => {
    expect(readCookie("a=1; sagsflow_csrf=x%3Dy; b=2", "sagsflow_csrf")).toBe("x=y");
    expect(readCookie("a=1", "sagsflow_csrf")).toBeNull();
  });
});

describe("ApiClient", () => {
  it("sends the CSRF cookie as X-CSRF-Token on mutating requests only", async () => {
    const { client, calls } = fake([json({ ok: 1 }), json({ ok: 2 })], "sagsflow_csrf=tok123");
    await client.get("/api/workspaces");
    await client.post("/api/workspaces/1/filters", { name: "x" });
    const h0 = calls[0].init.headers as Record<string, string>;
    const h1 = calls[1].init.headers as Record<string, string>;
    expect(h0["X-CSRF-Token"]).toBeUndefined();
    expect(h1["X-CSRF-Token"]).toBe("tok123");
    expect(h1["Content-Type"]).toBe("application/json");
    expect(calls[1].init.body).toBe(JSON.stringify({ name: "x" }));
    expect(calls[1].init.credentials).toBe("same-origin");
  });

  it("uses the token of the login answer when the cookie is not readable", async () => {
    const { client, calls } = fake([
      json({ user: { id: 1, username: "a", role: "analyst", municipality_id: 1, active: true }, csrf_token: "fromlogin", expires_at: "" }),
      new Response(null, { status: 204 }),
    ]);
    const api = makeApi(client);
    await api.login("a", "pw");
    await api.logout();
    expect((calls[1].init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("fromlogin");
    expect(client.csrf()).toBeNull();
  });

  it("turns a problem-details answer into an ApiError with message, hint and field", async () => {
    const { client } = fake([
      json({ type: "about:blank", status: 422, message: "step 0 (rework), field 'min': not a number", hint: "Use an integer.", field: "filter" }, 422, "application/problem+json"),
    ]);
    const err = await client.post("/api/x", {}).catch((e: unknown) => e);
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
    await expect(client.get("/api/auth/me")).rejects.toThrow("log in");
    expect(seen).toHaveBeenCalledTimes(1);
    await expect(client.post("/api/auth/login", {})).rejects.toThrow("wrong");
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("returns undefined for 204 and text when asked", async () => {
    const { client } = fake([new Response(null, { status: 204 }), new Response("<xml/>", { status: 200 })]);
    expect(await client.delete("/api/x")).toBeUndefined();
    expect(await client.get<string>("/api/y", { as: "text" })).toBe("<xml/>");
  });

  it("builds the REST paths of the endpoints (log names are URL-encoded)", async () => {
    const { client, calls } = fake([json({ nodes: [], edges: [], n_cases: 0, n_events: 0 })]);
    await makeApi(client).processMap(3, "dagpenge alle/æ", {
      activities: 0.5, paths: 0.2, perspective: "activity", measure: "frequency", aggregation: "mean",
    });
    expect(calls[0].url).toBe("/api/workspaces/3/logs/dagpenge%20alle%2F%C3%A6/map");
    expect(calls[0].init.method).toBe("POST");
  });
});
