// The HTTP client: openapi-fetch typed by the types generated from the server's OpenAPI document
// (src/client/schema.ts, `make client`), plus the session cookie, X-CSRF-Token on mutating requests and problem
// details as errors. Every call names its path as the OpenAPI document does, so a changed route or payload is a
// type error here.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../client/schema";
import type { Problem } from "./types";

export const CSRF_COOKIE = "sagsflow_csrf";
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** An error answer of the API, with its problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.message);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

/** The value of a cookie in a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/** Options every call accepts. */
export interface RequestOptions {
  signal?: AbortSignal;
}

export type FetchLike = (request: Request) => Promise<Response>;
export type Http = Client<paths>;

export class ApiClient {
  /** called when an answer is 401 (the session ended): the app goes to the login page */
  onUnauthorized: (() => void) | null = null;
  private csrfToken: string | null = null;
  /** the typed client: `http.POST("/api/workspaces/{workspace_id}/...", { params, body })` */
  readonly http: Http;

  constructor(
    fetchImpl: FetchLike = (request) => fetch(request),
    base: string = typeof location === "undefined" ? "http://localhost" : "",
    private readonly cookies: () => string = () => (typeof document === "undefined" ? "" : document.cookie),
    /** the page's language (i18n keeps <html lang> current); sent as Accept-Language so that texts made by the
     * server (quality findings, job progress, compliance messages, model cards) arrive in it */
    private readonly language: () => string = () => (typeof document === "undefined" ? "" : document.documentElement.lang),
  ) {
    this.http = createClient<paths>({ baseUrl: base, fetch: fetchImpl, credentials: "same-origin" });
    this.http.use(this.middleware());
  }

  /** Remember the CSRF token of a fresh login (the cookie holds it too). */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  csrf(): string | null {
    return readCookie(this.cookies(), CSRF_COOKIE) ?? this.csrfToken;
  }

  private middleware(): Middleware {
    return {
      onRequest: ({ request }) => {
        request.headers.set("Accept", "application/json, application/problem+json");
        const lang = this.language();
        if (lang) request.headers.set("Accept-Language", lang);
        if (MUTATING.has(request.method)) {
          const token = this.csrf();
          if (token) request.headers.set("X-CSRF-Token", token);
        }
        return request;
      },
      onResponse: async ({ request, response }) => {
        if (response.ok) return response;
        const problem = await toProblem(response);
        const login = new URL(request.url).pathname.endsWith("/auth/login");
        if (response.status === 401 && this.onUnauthorized && !login) this.onUnauthorized();
        throw new ApiError(problem);
      },
    };
  }
}

/** The data of a call (errors were thrown as ApiError by the middleware; 204 gives undefined). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  return (await call).data as T;
}

async function toProblem(res: Response): Promise<Problem> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (body && typeof body === "object") {
    const d = body as Record<string, unknown>;
    const message =
      typeof d.message === "string"
        ? d.message
        : typeof d.detail === "string"
          ? d.detail
          : typeof d.title === "string"
            ? d.title
            : res.statusText || `HTTP ${res.status}`;
    return {
      type: typeof d.type === "string" ? d.type : undefined,
      status: res.status,
      message,
      hint: typeof d.hint === "string" ? d.hint : null,
      field: typeof d.field === "string" ? d.field : null,
    };
  }
  return { status: res.status, message: res.statusText || `HTTP ${res.status}` };
}

/** The client every page uses. */
export const client = new ApiClient();
/** Its typed calls. */
export const http: Http = client.http;
