import { DomainError } from "@/lib/errors";

export const storeUnavailable = (storeId: string, reason: string) =>
  new DomainError("store-unavailable", `idempotency store "${storeId}" is down: ${reason}`, { store: storeId, reason });

export const storeMisconfigured = (storeId: string, problem: string) =>
  new DomainError("store-misconfigured", `idempotency store "${storeId}" is misconfigured: ${problem}`, { store: storeId, reason: problem });

/** Turns a network error from a client library into a short reason ("connection refused to 127.0.0.1:1"). */
export function describeConnectionError(error: unknown): string {
  const err = error as { code?: string; address?: string; port?: number; hostname?: string; message?: string } | null;
  const where = err?.address ? `${err.address}${err.port ? `:${err.port}` : ""}` : undefined;
  switch (err?.code) {
    case "ECONNREFUSED":
      return `connection refused${where ? ` to ${where}` : ""}`;
    case "ETIMEDOUT":
      return `connection timed out${where ? ` to ${where}` : ""}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found${err.hostname ? `: ${err.hostname}` : ""}`;
    case "ECONNRESET":
      return `connection reset${where ? ` by ${where}` : ""}`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `host unreachable${where ? `: ${where}` : ""}`;
    default:
      return err?.message || String(error);
  }
}
