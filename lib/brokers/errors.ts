import { DomainError, isDomainError, brokerRefused, brokerUnavailable } from "@/lib/errors";

/** A broker's own reading of an error: a reason when retrying cannot help, else null (an outage). */
export type PermanentErrorReason = (error: unknown) => string | null;

// Broker clients throw many kinds of errors; operators need one plain sentence about why. Each
// connector says which of its broker's errors are permanent ("broker-refused": a job fails at once);
// everything else is taken as an outage ("broker-unavailable": a job pauses and retries). Anything
// that is already an DomainError (not found, invalid input) passes through.
export function toBrokerError(error: unknown, endpoints: string[], permanentReason?: PermanentErrorReason): DomainError {
  if (isDomainError(error)) return error;
  const refused = permanentReason?.(error);
  if (refused) return brokerRefused(refused.slice(0, 500));
  const text = errorText(error);
  const where = endpoints.join(", ");
  if (/ECONNREFUSED|connection refused|CONNECTION_REFUSED/i.test(text)) return brokerUnavailable(`connection refused to ${where}`);
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) return brokerUnavailable(`cannot resolve ${where}`);
  if (/timed? ?out|TIMEOUT/i.test(text)) return brokerUnavailable(`no answer from ${where} (timed out)`);
  return brokerUnavailable(`${where}: ${text}`.slice(0, 500));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as Error & { cause?: unknown; originalError?: unknown }).originalError ?? error.cause;
  const parts = [error.message];
  if (nested instanceof Error && nested.message !== error.message) parts.push(nested.message);
  const code = (error as Error & { code?: string }).code;
  if (code && !parts.some((part) => part.includes(code))) parts.push(code);
  return parts.join(": ");
}

/** Rejects with a broker-unavailable error when a call does not settle in time (no 30 s hangs). */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(brokerUnavailable(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs tasks with at most `limit` in flight, keeping input order in the result. */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
