// The browser's one way to call the Eventscope API: same-origin fetch, JSON in and out, and every
// failure turned into an ApiError carrying the server's own message.

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** The offending input field, when the server names one (400/422). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get isValidation(): boolean {
    return this.status === 400 || this.status === 422;
  }
}

function readString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Names the field an error is about: an explicit `field`, the first issue's path, or none. */
function readField(error: Record<string, unknown>): string | undefined {
  const field = readString(error.field);
  if (field) return field;
  const issues = error.issues ?? error.details;
  if (Array.isArray(issues) && issues.length > 0) {
    const first = issues[0] as Record<string, unknown> | undefined;
    const path = first?.path;
    if (Array.isArray(path) && path.length > 0) return String(path[0]);
    const named = readString(first?.field);
    if (named) return named;
  }
  return undefined;
}

/**
 * Builds the ApiError for a failed response from its status and (possibly non-JSON) body. The API
 * promises `{"error": {"code", "message"}}`; proxies and crashes may send anything else.
 */
export function toApiError(status: number, statusText: string, body: unknown): ApiError {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object") {
      const record = error as Record<string, unknown>;
      const message = readString(record.message) ?? `Request failed with HTTP ${status}`;
      return new ApiError(status, readString(record.code) ?? "http-error", message, readField(record));
    }
    const message = readString(error);
    if (message) return new ApiError(status, "http-error", message);
  }
  if (typeof body === "string" && body.trim() !== "" && body.length < 300 && !body.trimStart().startsWith("<")) {
    return new ApiError(status, "http-error", body.trim());
  }
  const suffix = statusText ? ` ${statusText}` : "";
  return new ApiError(status, "http-error", `Request failed with HTTP ${status}${suffix}`);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export type QueryValue = string | number | boolean | null | undefined;

/** "/api/v1" + path + "?a=1&b=x", leaving out empty values. Path segments must already be encoded. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ""}`;
}

/** Encodes one path segment (a topic, group or cluster id may hold "/", "%", "#", spaces...). */
export const seg = (value: string): string => encodeURIComponent(value);

// Where a 401 is an answer to show (a wrong password), not a session that is gone.
const SIGN_IN_ENDPOINTS = ["/auth/sign-in", "/auth/sign-out", "/auth/setup"].map((path) => `${API_BASE}${path}`);

/** A 401 from anything but the sign-in endpoints means the session is gone: sign in again. */
export function shouldSignInAgain(url: string): boolean {
  const path = url.split("?")[0];
  return !SIGN_IN_ENDPOINTS.includes(path!);
}

let leavingForSignIn = false;
function goToSignIn(): void {
  if (typeof window === "undefined" || leavingForSignIn) return;
  leavingForSignIn = true;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        Accept: "application/json",
        // State-changing requests must declare JSON (the server's cross-site request check).
        ...(method !== "GET" ? { "Content-Type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ApiError(0, "network-error", `Could not reach the Eventscope server (${reason})`);
  }
  const parsed = await readBody(response);
  if (response.status === 401 && shouldSignInAgain(url)) goToSignIn();
  if (!response.ok) throw toApiError(response.status, response.statusText, parsed);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>("GET", apiUrl(path, query), undefined, signal),
  post: <T>(path: string, body: unknown) => request<T>("POST", apiUrl(path), body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", apiUrl(path), body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", apiUrl(path), body),
  delete: <T = void>(path: string) => request<T>("DELETE", apiUrl(path)),
};

/** A readable message for anything thrown (ApiError, Error, or other). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Unexpected error";
}
