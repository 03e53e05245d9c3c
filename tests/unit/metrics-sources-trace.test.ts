import { describe, expect, it } from "vitest";
import { placesOfHits, processingOutcomesFor } from "@/lib/metrics-sources/trace-outcomes";
import type { MetricsSourceSummary, TypeOutcome } from "@/lib/metrics-sources/types";

const outcome = (over: Partial<TypeOutcome>): TypeOutcome => ({
  type: "order.created",
  success: 10,
  failure: 1,
  failureRatio: 1 / 11,
  successTotal: 100,
  failureTotal: 10,
  spike: false,
  ...over,
});

const source = (id: string, byType: TypeOutcome[], over: Partial<MetricsSourceSummary> = {}): MetricsSourceSummary => ({
  id,
  status: "ok",
  scrapedAt: "2026-12-07T03:00:00.000Z",
  url: "http://127.0.0.1:9464/metrics",
  counter: "event_processed_total",
  intervalMs: 5000,
  lastAttemptAt: null,
  tookMs: 3,
  bytes: 100,
  byType,
  ...over,
});

describe("processing outcomes beside a trace", () => {
  it("takes the topics the event was published on and the topics its dead-lettered copies came from", () => {
    expect(
      placesOfHits([
        { where: "topic", cluster: "k", topic: "orders.created" },
        { where: "dlq", cluster: "k", topic: "orders.created.dlq", originalTopic: "orders.created" },
        { where: "idempotency" },
      ]),
    ).toEqual([
      { cluster: "k", topic: "orders.created" },
      { cluster: "k", topic: "orders.created" },
    ]);
  });

  it("gives the figures of the types on those topics (in the same cluster), with the source's status", () => {
    const sources = [
      source("inventory", [outcome({ cluster: "k", topic: "orders.created" }), outcome({ type: "order.paid", cluster: "k", topic: "payments" })]),
      source("elsewhere", [outcome({ cluster: "other", topic: "orders.created" })]),
      source("down", [outcome({ cluster: "k", topic: "orders.created", spike: true })], { status: "stale", error: "ECONNREFUSED" }),
      source("unplaced", [outcome({})]),
    ];
    const found = processingOutcomesFor([{ cluster: "k", topic: "orders.created" }], sources);
    expect(found.map((entry) => `${entry.source}:${entry.type}`)).toEqual(["inventory:order.created", "down:order.created"]);
    expect(found[0]).toMatchObject({ topic: "orders.created", success: 10, failure: 1, failureRatio: 1 / 11, status: "ok" });
    expect(found[1]).toMatchObject({ status: "stale", error: "ECONNREFUSED", spike: true });
    expect(processingOutcomesFor([], sources)).toEqual([]);
  });
});
