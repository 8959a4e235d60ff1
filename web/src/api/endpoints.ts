// One typed function per REST operation the pages use; paths and payloads are checked against the generated
// OpenAPI types (src/client/schema.ts).
import { client as defaultClient, data, type ApiClient, type RequestOptions } from "./client";
import type { components } from "../client/schema";
import type { FilterSpec, MapRequest } from "./types";

type ValuesRequest = components["schemas"]["ValuesRequest"];
type HistogramRequest = components["schemas"]["HistogramRequest"];

type Spec = FilterSpec | null;

export function makeApi(c: ApiClient) {
  const h = c.http;
  const W = (workspace_id: number) => ({ params: { path: { workspace_id } } });
  const L = (workspace_id: number, log: string) => ({ params: { path: { workspace_id, log } } });
  return {
    // auth
    /** ``municipality`` (name, code or id) only when the username exists in several municipalities. */
    async login(username: string, password: string, municipality?: string) {
      const body = municipality?.trim() ? { username, password, municipality: municipality.trim() } : { username, password };
      const r = await data(h.POST("/api/auth/login", { body }));
      c.setCsrfToken(r.csrf_token);
      return r;
    },
    async logout(): Promise<void> {
      await data(h.POST("/api/auth/logout"));
      c.setCsrfToken(null);
    },
    me: () => data(h.GET("/api/auth/me")),

    // administration
    municipalities: () => data(h.GET("/api/municipalities")),
    createMunicipality: (name: string, code?: string) =>
      data(h.POST("/api/municipalities", { body: { name, code: code ?? null } })),
    users: () => data(h.GET("/api/users")),
    workspaces: () => data(h.GET("/api/workspaces")),
    workspace: (id: number) => data(h.GET("/api/workspaces/{workspace_id}", W(id))),
    createWorkspace: (name: string, municipality_id?: number) =>
      data(h.POST("/api/workspaces", { body: { name, municipality_id: municipality_id ?? null } })),

    // logs
    logs: (id: number) => data(h.GET("/api/workspaces/{workspace_id}/logs", W(id))),
    log: (id: number, log: string) => data(h.GET("/api/workspaces/{workspace_id}/logs/{log}", L(id, log))),
    deleteLog: (id: number, log: string) => data(h.DELETE("/api/workspaces/{workspace_id}/logs/{log}", L(id, log))),
    quality: (id: number, log: string) => data(h.GET("/api/workspaces/{workspace_id}/logs/{log}/quality", L(id, log))),
    plausibleWindow: (id: number, log: string, opts?: RequestOptions) =>
      data(h.GET("/api/workspaces/{workspace_id}/logs/{log}/plausible-window", { ...L(id, log), ...opts })),

    // analysis
    processMap: (id: number, log: string, body: MapRequest, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/map", { ...L(id, log), body, ...opts })),
    activityStatistics: (id: number, log: string, filter: Spec, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/statistics/activities", { ...L(id, log), body: { filter }, ...opts })),
    resourceStatistics: (id: number, log: string, filter: Spec, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/statistics/resources", { ...L(id, log), body: { filter }, ...opts })),
    variants: (id: number, log: string, filter: Spec, limit = 100, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/variants", { ...L(id, log), body: { filter, limit }, ...opts })),

    // attribute pickers of the filter panel
    attributes: (id: number, log: string, filter: Spec, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/attributes", { ...L(id, log), body: { filter }, ...opts })),
    attributeValues: (id: number, log: string, body: ValuesRequest, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/attributes/values", { ...L(id, log), body, ...opts })),
    histogram: (id: number, log: string, body: HistogramRequest, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/attributes/histogram", { ...L(id, log), body, ...opts })),

    // cases (analyst; audited)
    cases: (id: number, log: string, body: { filter?: Spec; offset?: number; limit?: number }, opts?: RequestOptions) =>
      data(h.POST("/api/workspaces/{workspace_id}/logs/{log}/cases", { ...L(id, log), body, ...opts })),
    caseTimeline: (id: number, log: string, case_id: string, opts?: RequestOptions) =>
      data(h.GET("/api/workspaces/{workspace_id}/logs/{log}/cases/{case_id}", { params: { path: { workspace_id: id, log, case_id } }, ...opts })),

    // saved filters
    filters: (id: number) => data(h.GET("/api/workspaces/{workspace_id}/filters", W(id))),
    saveFilter: (id: number, name: string, spec: FilterSpec, shared: boolean) =>
      data(h.POST("/api/workspaces/{workspace_id}/filters", { ...W(id), body: { name, spec, shared } })),
    deleteFilter: (id: number, filter_id: number) =>
      data(h.DELETE("/api/workspaces/{workspace_id}/filters/{filter_id}", { params: { path: { workspace_id: id, filter_id } } })),

    // jobs
    jobs: () => data(h.GET("/api/jobs")),
    job: (job_id: string) => data(h.GET("/api/jobs/{job_id}", { params: { path: { job_id } } })),
    cancelJob: (job_id: string) => data(h.POST("/api/jobs/{job_id}/cancel", { params: { path: { job_id } } })),
  };
}

export type Api = ReturnType<typeof makeApi>;

/** The API every page uses. */
export const api: Api = makeApi(defaultClient);
