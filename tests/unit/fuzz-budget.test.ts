import { describe, expect, it } from "vitest";
import { traceQuery } from "@/lib/contract/idempotency";
import { DEFAULT_TRACE_BUDGET_MS } from "@/lib/trace/trace-event";
import { REQUEST_BUDGET_MS, TRACE_DEFAULT_BUDGET_MS, TRACE_MAX_BUDGET_MS, fuzzBudgetMs } from "../support/fuzz-budget";

// The fuzz tests' time rule: a second for every request; the trace alone gets the budget its
// caller chose (bounded by the server) plus that second. The exemption follows the server's own
// limits, so raising them cannot silently widen it.
const request = (template: string, target: string, method = "GET") => ({ operation: { template } as never, target, method });

describe("fuzzBudgetMs", () => {
  it("gives every request a second, whatever its query says", () => {
    expect(REQUEST_BUDGET_MS).toBe(1_000);
    expect(fuzzBudgetMs(request("/api/v1/clusters/{cluster}/topics/{topic}/messages", "/api/v1/clusters/k/topics/t/messages?q=x&budgetMs=60000"))).toBe(1_000);
    expect(fuzzBudgetMs(request("/api/v1/idempotency/{store}/records", "/api/v1/idempotency/s/records?q=x"))).toBe(1_000);
    expect(fuzzBudgetMs(request("/api/v1/trace", "/api/v1/trace?budgetMs=60000", "POST"))).toBe(1_000);
  });

  it("gives the trace its chosen budget plus a second, the default when none is given, a second when the server refuses it", () => {
    expect(fuzzBudgetMs(request("/api/v1/trace", "/api/v1/trace?id=x&budgetMs=5000"))).toBe(6_000);
    expect(fuzzBudgetMs(request("/api/v1/trace", "/api/v1/trace?id=x"))).toBe(11_000);
    for (const refused of ["60001", "499", "1e4", "-1", " 5000", "NaN", ""]) {
      expect(fuzzBudgetMs(request("/api/v1/trace", `/api/v1/trace?id=x&budgetMs=${encodeURIComponent(refused)}`))).toBe(1_000);
    }
  });

  it("matches the server: the trace refuses budgets above the cap, and its default is the one assumed", () => {
    expect(DEFAULT_TRACE_BUDGET_MS).toBe(TRACE_DEFAULT_BUDGET_MS);
    expect(traceQuery.safeParse({ id: "x", budgetMs: String(TRACE_MAX_BUDGET_MS) }).success).toBe(true);
    expect(traceQuery.safeParse({ id: "x", budgetMs: String(TRACE_MAX_BUDGET_MS + 1) }).success).toBe(false);
    expect(traceQuery.safeParse({ id: "x", budgetMs: "499" }).success).toBe(false);
  });
});
