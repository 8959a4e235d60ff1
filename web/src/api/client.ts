// The HTTP client: JSON in and out, the session cookie, X-CSRF-Token on mutating requests, problem details as errors.
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

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** raw FormData (multipart upload); sent as is */
  form?: FormData;
  /** "text" for non-JSON answers (model XML, CSV) */
  as?: "json" | "text";
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  /** called when an answer is 401 (the session ended): the app goes to the login page */
  onUnauthorized: (() => void) | null = null;
  private csrfToken: string | null = null;

  constructor(
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly base: string = "",
    private readonly cookies: () => string = () => (typeof document === "undefined" ? "" : document.cookie),
    /** the page's language (i18n keeps <html lang> current); sent as Accept-Language so that texts made by the
     * server (quality findings, job progress, compliance messages, model cards) arrive in it */
    private readonly language: () => string = () => (typeof document === "undefined" ? "" : document.documentElement.lang),
  ) {}

  /** Remember the CSRF token of a fresh login (the cookie holds it too). */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  csrf(): string | null {
    return readCookie(this.cookies(), CSRF_COOKIE) ?? this.csrfToken;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
    const lang = this.language();
    if (lang) headers["Accept-Language"] = lang;
    let body: BodyInit | undefined;
    if (opts.form) {
      body = opts.form;
    } else if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    if (MUTATING.has(method)) {
      const token = this.csrf();
      if (token) headers["X-CSRF-Token"] = token;
    }
    const res = await this.fetchImpl(this.base + path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: opts.signal,
    });
    if (!res.ok) {
      const problem = await toProblem(res);
      if (res.status === 401 && this.onUnauthorized && !path.endsWith("/auth/login")) this.onUnauthorized();
      throw new ApiError(problem);
    }
    if (res.status === 204) return undefined as T;
    if (opts.as === "text") return (await res.text()) as T;
    return (await res.json()) as T;
  }

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, opts);
  }
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("POST", path, { ...opts, body });
  }
  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("PUT", path, { ...opts, body });
  }
  patch<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("PATCH", path, { ...opts, body });
  }
  delete<T = void>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>("DELETE", path, opts);
  }
}

async function toProblem(res: Response): Promise<Problem> {
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (data && typeof data === "object") {
    const d = data as Record<string, unknown>;
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
