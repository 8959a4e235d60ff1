// One typed function per REST operation the web app uses (operation ids in comments).
import { client, type ApiClient, type RequestOptions } from "./client";
import type {
  FilterSpec,
  Job,
  LogSummary,
  LoginResult,
  MapRequest,
  Municipality,
  ProcessMap,
  Quarantine,
  SavedFilter,
  Table,
  User,
  Workspace,
} from "./types";

const enc = encodeURIComponent;
const ws = (id: number) => `/api/workspaces/${id}`;
const lg = (id: number, log: string) => `${ws(id)}/logs/${enc(log)}`;

export function makeApi(c: ApiClient) {
  return {
    // auth
    /** ``municipality`` (name, code or id) only when the username exists in several municipalities. */
    async login(username: string, password: string, municipality?: string): Promise<LoginResult> {
      const body = municipality?.trim() ? { username, password, municipality: municipality.trim() } : { username, password };
      const r = await c.post<LoginResult>("/api/auth/login", body); // auth-login
      c.setCsrfToken(r.csrf_token);
      return r;
    },
    async logout(): Promise<void> {
      await c.post<void>("/api/auth/logout"); // auth-logout
      c.setCsrfToken(null);
    },
    me: () => c.get<User>("/api/auth/me"), // auth-me

    // administration
    municipalities: () => c.get<Municipality[]>("/api/municipalities"),
    createMunicipality: (name: string, code?: string) =>
      c.post<Municipality>("/api/municipalities", { name, code: code ?? null }),
    users: () => c.get<User[]>("/api/users"),
    workspaces: () => c.get<Workspace[]>("/api/workspaces"), // workspaces-list
    workspace: (id: number) => c.get<Workspace>(ws(id)), // workspaces-get
    createWorkspace: (name: string, municipality_id?: number) =>
      c.post<Workspace>("/api/workspaces", { name, municipality_id: municipality_id ?? null }),

    // logs
    logs: (id: number) => c.get<LogSummary[]>(`${ws(id)}/logs`), // logs-list
    log: (id: number, log: string) => c.get<LogSummary>(lg(id, log)), // logs-summary
    deleteLog: (id: number, log: string) => c.delete(lg(id, log)), // logs-delete
    quality: (id: number, log: string) => c.get<Record<string, unknown>>(`${lg(id, log)}/quality`),
    plausibleWindow: (id: number, log: string, opts?: RequestOptions) =>
      c.get<Quarantine>(`${lg(id, log)}/plausible-window`, opts), // logs-plausible-window

    // analysis
    processMap: (id: number, log: string, req: MapRequest, opts?: RequestOptions) =>
      c.post<ProcessMap>(`${lg(id, log)}/map`, req, opts), // analysis-process-map
    activityStatistics: (id: number, log: string, filter: FilterSpec | null, opts?: RequestOptions) =>
      c.post<Table>(`${lg(id, log)}/statistics/activities`, { filter }, opts),
    resourceStatistics: (id: number, log: string, filter: FilterSpec | null, opts?: RequestOptions) =>
      c.post<{
        use: "off" | "team" | "individual"; // the municipality's employee protection
        workload: Table;
        handovers: Table;
        automation_share: number | null;
        n_automation_events: number;
        n_events_with_resource: number;
        n_hidden_resources: number;
        n_hidden_handovers: number;
        team_attribute: string | null;
        purpose: string;
      }>(
        `${lg(id, log)}/statistics/resources`,
        { filter },
        opts,
      ),
    variants: (id: number, log: string, filter: FilterSpec | null, limit = 100, opts?: RequestOptions) =>
      c.post<Table>(`${lg(id, log)}/variants`, { filter, limit }, opts),

    // cases (analyst; audited)
    cases: (id: number, log: string, body: Record<string, unknown>, opts?: RequestOptions) =>
      c.post<Table>(`${lg(id, log)}/cases`, body, opts),
    caseTimeline: (id: number, log: string, caseId: string, opts?: RequestOptions) =>
      c.get<Record<string, unknown>>(`${lg(id, log)}/cases/${enc(caseId)}`, opts),

    // saved filters
    filters: (id: number) => c.get<SavedFilter[]>(`${ws(id)}/filters`), // filters-list
    saveFilter: (id: number, name: string, spec: FilterSpec, shared: boolean) =>
      c.post<SavedFilter>(`${ws(id)}/filters`, { name, spec, shared }), // filters-create
    deleteFilter: (id: number, fid: number) => c.delete(`${ws(id)}/filters/${fid}`), // filters-delete

    // jobs
    jobs: () => c.get<Job[]>("/api/jobs"),
    job: (jid: string) => c.get<Job>(`/api/jobs/${enc(jid)}`),
    cancelJob: (jid: string) => c.post<Job>(`/api/jobs/${enc(jid)}/cancel`),
  };
}

export type Api = ReturnType<typeof makeApi>;

/** The API every page uses. */
export const api: Api = makeApi(client);
