// How long a fuzzed request may take (issue 11: "never more than a second"). One rule for the
// in-process fuzz test and the production-server one. Pure.
import type { FuzzRequest } from "./api-fuzz";

/** Every request answers within a second... */
export const REQUEST_BUDGET_MS = Number(process.env.EVENTSCOPE_FUZZ_BUDGET_MS ?? 1_000);

/**
 * ...except the trace, the one operation whose running time is the caller's to choose: `budgetMs`
 * (500 to 60,000, refused above: lib/contract/idempotency.ts traceQuery), 10 s when the
 * caller leaves it out (lib/trace/trace-event.ts DEFAULT_TRACE_BUDGET_MS). It may take what it was
 * given plus the one second every other request gets (for the reads in flight at its deadline).
 */
export const TRACE_TEMPLATE = "/api/v1/trace";
export const TRACE_DEFAULT_BUDGET_MS = 10_000;
export const TRACE_MAX_BUDGET_MS = 60_000;

export function fuzzBudgetMs(request: Pick<FuzzRequest, "operation" | "target" | "method">): number {
  if (request.operation.template !== TRACE_TEMPLATE || request.method !== "GET") return REQUEST_BUDGET_MS;
  const query = new URLSearchParams(request.target.split("?")[1] ?? "");
  const text = query.get("budgetMs");
  if (text === null) return TRACE_DEFAULT_BUDGET_MS + REQUEST_BUDGET_MS;
  // Read as the server reads it; anything it refuses (a 400 at once) gets the ordinary second.
  const asked = /^\d+$/.test(text) ? Number(text) : NaN;
  return asked >= 500 && asked <= TRACE_MAX_BUDGET_MS ? asked + REQUEST_BUDGET_MS : REQUEST_BUDGET_MS;
}
