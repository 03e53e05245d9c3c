// One error type for everything the API reports, and one place that turns it into HTTP.
export type ErrorCode =
  | "not-found"
  | "invalid-input"
  | "broker-unavailable"
  | "store-unavailable"
  | "store-misconfigured"
  | "conflict"
  | "nothing-matched"
  | "unsupported"
  | "rate-limited"
  | "unauthorized"
  | "forbidden"
  | "cross-origin"
  | "internal";

const statusByCode: Record<ErrorCode, number> = {
  "not-found": 404,
  "invalid-input": 400,
  "broker-unavailable": 503,
  // An idempotency store (Redis, PostgreSQL) that is down, or whose table/column does not exist.
  "store-unavailable": 503,
  "store-misconfigured": 503,
  conflict: 409,
  "nothing-matched": 422,
  // The request is understood and valid, but the broker cannot do it (e.g. moving a JetStream
  // durable consumer's start in place on a server older than 2.14).
  unsupported: 422,
  "rate-limited": 429,
  unauthorized: 401,
  forbidden: 403,
  "cross-origin": 403,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/**
 * Bundlers may load this module more than once (one copy per server chunk), and then `instanceof`
 * fails across copies; the name and code identify an AppError wherever it was made.
 */
export function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && error.name === "AppError" && typeof code === "string" && code in statusByCode;
}

export function statusOf(error: AppError): number {
  return statusByCode[error.code] ?? 500;
}

export const notFound = (what: string) => new AppError("not-found", `${what} was not found`);
export const invalidInput = (field: string, problem: string) =>
  new AppError("invalid-input", `${field}: ${problem}`, { field });
export const brokerUnavailable = (reason: string) => new AppError("broker-unavailable", reason);

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ?? {}) } };
}
