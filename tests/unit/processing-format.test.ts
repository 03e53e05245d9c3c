import { describe, expect, it } from "vitest";
import { dlqLinksOf, formatEventRate, formatFailureRatio, sourceStatusTitle, sourceTotals, topicLinkOf } from "@/lib/client/processing-format";
import type { TypeOutcome } from "@/lib/metrics-sources/types";

const outcome = (over: Partial<TypeOutcome>): TypeOutcome => ({
  type: "order.created",
  success: 1,
  failure: 0,
  failureRatio: 0,
  successTotal: 0,
  failureTotal: 0,
  spike: false,
  ...over,
});

describe("processing page words", () => {
  it("formats ratios and rates, unknown as a dash", () => {
    expect(formatFailureRatio(0.0912)).toBe("9.1 %");
    expect(formatFailureRatio(0.5)).toBe("50 %");
    expect(formatFailureRatio(0)).toBe("0 %");
    expect(formatFailureRatio(0.0001)).toBe("< 0.1 %");
    expect(formatFailureRatio(null)).toBe("—");
    expect(formatEventRate(0.2)).toBe("0.2/s");
    expect(formatEventRate(0.01)).toBe("< 0.1/s");
    expect(formatEventRate(null)).toBe("—");
  });

  it("links a type to its topic and to its DLQs, or to the cluster's DLQ list", () => {
    const known = outcome({ cluster: "local-kafka", topic: "orders.created", topicFrom: "convention", dlqTopics: ["orders.created.dlq"] });
    expect(topicLinkOf(known)?.href).toBe("/clusters/local-kafka/topics/orders.created");
    expect(dlqLinksOf(known)).toEqual([{ label: "orders.created.dlq", href: "/clusters/local-kafka/dlq/orders.created.dlq" }]);
    expect(dlqLinksOf(outcome({ cluster: "c", topic: "t", dlqTopics: [] }))).toEqual([{ label: "DLQs of the cluster", href: "/clusters/c/dlq" }]);
    expect(dlqLinksOf(outcome({ topic: "t" }))).toEqual([]);
    expect(topicLinkOf(outcome({}))).toBeNull();
  });

  it("sums a source's failures and finds its worst type", () => {
    const totals = sourceTotals({ byType: [outcome({ failure: 1, failureRatio: 0.1 }), outcome({ type: "b", failure: 2, failureRatio: 0.5, spike: true }), outcome({ failure: null, failureRatio: null })] });
    expect(totals.failurePerSec).toBe(3);
    expect(totals.worst?.type).toBe("b");
    expect(totals.spikes).toBe(1);
  });

  it("says why a source is stale", () => {
    expect(sourceStatusTitle({ status: "stale", error: "ECONNREFUSED", scrapedAt: null })).toBe("Stale: ECONNREFUSED (never scraped)");
  });
});
