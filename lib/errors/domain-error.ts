// Errors of the domain: what went wrong, in words any layer understands. No HTTP here: lib/api maps
// each code to a status in one place (lib/api/errors.ts). Broker connectors, jobs, stores and
// services throw these; plain types only, safe to import anywhere.
export type ErrorCode =
  | "not-found"
  | "invalid-input"
  | "broker-unavailable"
  /** The broker answered and refused: retrying cannot help (not authorized, too large, limits). */
  | "broker-refused"
  /** An idempotency store (Redis, PostgreSQL) that is down. */
  | "store-unavailable"
  /** An idempotency store whose table or column does not exist. */
  | "store-misconfigured"
  | "conflict"
  | "nothing-matched"
  /** Understood and valid, but the broker cannot do it (e.g. an old server). */
  | "unsupported"
  | "rate-limited"
  | "unauthorized"
  | "forbidden"
  | "cross-origin"
  | "internal";

/** Every code, once (the OpenAPI document lists them); the type check below fails when one is missing. */
export const ERROR_CODES = [
  "not-found",
  "invalid-input",
  "broker-unavailable",
  "broker-refused",
  "store-unavailable",
  "store-misconfigured",
  "conflict",
  "nothing-matched",
  "unsupported",
  "rate-limited",
  "unauthorized",
  "forbidden",
  "cross-origin",
  "internal",
] as const satisfies readonly ErrorCode[];
type UnlistedErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const everyErrorCodeListed: [UnlistedErrorCode] extends [never] ? true : UnlistedErrorCode = true;
void everyErrorCodeListed;

const KNOWN_CODES = new Set<string>(ERROR_CODES);

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/**
 * Bundlers may load this module more than once (one copy per server chunk), and then `instanceof`
 * fails across copies; the name and code identify a DomainError wherever it was made.
 */
export function isDomainError(error: unknown): error is DomainError {
  if (error instanceof DomainError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && error.name === "DomainError" && typeof code === "string" && KNOWN_CODES.has(code);
}

export const notFound = (what: string) => new DomainError("not-found", `${what} was not found`);
export const invalidInput = (field: string, problem: string) => new DomainError("invalid-input", `${field}: ${problem}`, { field });
export const brokerUnavailable = (reason: string) => new DomainError("broker-unavailable", reason);
export const brokerRefused = (reason: string) => new DomainError("broker-refused", reason);
export const conflict = (reason: string, details?: Record<string, unknown>) => new DomainError("conflict", reason, details);
export const unsupported = (reason: string) => new DomainError("unsupported", reason);
