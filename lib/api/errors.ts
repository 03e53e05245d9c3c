// The one place that turns a domain error (lib/errors) into HTTP.
import type { DomainError, ErrorCode } from "@/lib/errors";

export { DomainError as AppError, isDomainError as isAppError, notFound, invalidInput, brokerUnavailable, brokerRefused } from "@/lib/errors";
export type { ErrorCode } from "@/lib/errors";

const statusByCode: Record<ErrorCode, number> = {
  "not-found": 404,
  "invalid-input": 400,
  "broker-unavailable": 503,
  // The broker answered and refused: retrying cannot help (not authorized, message too large, a
  // stream's limits, an invalid header). Jobs fail at once on it instead of waiting out an "outage".
  "broker-refused": 422,
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

export function statusOf(error: DomainError): number {
  return statusByCode[error.code] ?? 500;
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ?? {}) } };
}
