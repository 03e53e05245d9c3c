import { describe, expect, it } from "vitest";
import { buildTimeline, mergeHits, traceOutcome } from "@/lib/trace/build-timeline";
import { findValuePath, matchMessage, requeuedFrom } from "@/lib/trace/match-message";
import type { TraceHit } from "@/lib/trace/types";
import type { IdSource } from "@/lib/idempotency/event-id";

const published: TraceHit = { where: "topic", cluster: "k", topic: "orders.created", partition: 2, offset: 41, timestamp: "2026-01-31T12:00:00.000Z", matchedBy: "json:$.id" };
const deadLettered: TraceHit = {
  where: "dlq",
  cluster: "k",
  topic: "orders.created.dlq",
  partition: 0,
  offset: 7,
  timestamp: "2026-01-31T12:00:01.000Z",
  attempts: 3,
  error: "inventory database timeout after 250 ms",
  originalTopic: "orders.created",
};
const requeued: TraceHit = { where: "topic", cluster: "k", topic: "orders.created", partition: 1, offset: 90, timestamp: "2026-01-31T12:05:00.000Z", requeuedFrom: "orders.created.dlq/0-7" };
const processed: TraceHit = { where: "idempotency", store: "orders-redis", key: "processed:e1", status: "processed", timestamp: "2026-01-31T12:05:00.500Z", consumer: "inventory-service", ttlSeconds: 3400 };

describe("buildTimeline", () => {
  it("tells the whole story in time order: published, failed N times, dead-lettered, requeued, processed", () => {
    // Given out of order on purpose.
    const hits = [processed, requeued, deadLettered, published];
    const timeline = buildTimeline(hits);
    expect(timeline.map((event) => [event.kind, event.title])).toEqual([
      ["published", "Published to orders.created (k) partition 2 offset 41"],
      ["failed", "Failed 3 times"],
      ["dead-lettered", "Dead-lettered to orders.created.dlq (k) partition 0 offset 7"],
      ["requeued", "Requeued to orders.created (k) partition 1 offset 90"],
      ["processed", "Processed by inventory-service"],
    ]);
    expect(timeline[1]).toMatchObject({ count: 3, detail: "inventory database timeout after 250 ms", hits: [2] });
    expect(timeline[2]!.detail).toBe("from orders.created");
    expect(timeline[3]!.detail).toBe("from orders.created.dlq/0-7");
    expect(timeline[4]!.detail).toBe("record processed:e1 in orders-redis; expires in 57 min");
    expect(traceOutcome(hits, timeline)).toBe("processed");
  });

  it("puts events of unknown time last, in story order", () => {
    const untimed: TraceHit = { ...processed, timestamp: undefined, ttlSeconds: null };
    const dlqRequeued: TraceHit = { ...deadLettered, status: "requeued", attempts: 1 };
    const timeline = buildTimeline([untimed, dlqRequeued, published]);
    expect(timeline.map((event) => event.kind)).toEqual(["published", "failed", "dead-lettered", "requeued", "processed"]);
    expect(timeline[1]!.title).toBe("Failed 1 time");
    expect(timeline[4]!.detail).toBe("record processed:e1 in orders-redis; never expires; time not recorded");
  });

  it("calls a second message with the same id in the same topic a duplicate", () => {
    const duplicate = { ...published, offset: 42, timestamp: "2026-01-31T12:00:02.000Z" };
    const timeline = buildTimeline([duplicate, published]);
    expect(timeline.map((event) => event.title)).toEqual([
      "Published to orders.created (k) partition 2 offset 41",
      "Published again to orders.created (k) partition 2 offset 42",
    ]);
    expect(timeline[1]!.detail).toContain("duplicate");
  });

  it("names where the story ends", () => {
    const outcome = (hits: TraceHit[]) => traceOutcome(hits, buildTimeline(hits));
    expect(outcome([])).toBe("not-found");
    expect(outcome([published])).toBe("published");
    expect(outcome([published, deadLettered])).toBe("dead-lettered");
    expect(outcome([published, deadLettered, requeued])).toBe("requeued");
    expect(outcome([published, deadLettered, requeued, processed])).toBe("processed");
    expect(outcome([deadLettered])).toBe("dead-lettered");
  });
});

describe("mergeHits", () => {
  it("merges the same DLQ message found by two sources, keeping the DLQ source's status", () => {
    const fromScan: TraceHit = { ...deadLettered, where: "dlq", source: "topics", matchedBy: "key" };
    const fromDlq: TraceHit = { where: "dlq", cluster: "k", topic: "orders.created.dlq", partition: 0, offset: 7, status: "pending", source: "dlq" };
    const merged = mergeHits([fromScan, processed, fromDlq, published]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toBe(merged.find((hit) => hit.topic === "orders.created"));
    expect(merged.find((hit) => hit.offset === 7)).toMatchObject({ status: "pending", attempts: 3, matchedBy: "key", where: "dlq" });
  });
});

describe("matchMessage", () => {
  const message = (patch: Partial<IdSource>): IdSource => ({ key: null, headers: {}, value: null, encoding: "text", ...patch });

  it("finds the id by the topic's rule, key, header or any JSON field", () => {
    const rules = [{ topic: "*", from: "json" as const, path: "$.id" }];
    expect(matchMessage(message({ value: '{"id":"e1"}', encoding: "json" }), "e1", rules)).toBe("json:$.id");
    expect(matchMessage(message({ key: "e1" }), "e1", [])).toBe("key");
    expect(matchMessage(message({ headers: { "x-event-id": "e1" } }), "e1", [])).toBe("header:x-event-id");
    expect(matchMessage(message({ value: '{"data":{"refs":[{"order_id":"e1"}]}}', encoding: "json" }), "e1", [])).toBe("json:$.data.refs[0].order_id");
    expect(matchMessage(message({ value: "e1" }), "e1", [])).toBe("value");
    expect(matchMessage(message({ key: "e10", value: '{"id":"e11"}', encoding: "json" }), "e1", rules)).toBeNull();
  });

  it("takes numbers for ids only in id-like fields", () => {
    expect(findValuePath({ data: { order_id: 1001 } }, "1001")).toEqual(["data", "order_id"]);
    expect(findValuePath({ orderIds: [5, 1001] }, "1001")).toEqual(["orderIds", 1]);
    expect(findValuePath({ items: [{ qty: 1001 }] }, "1001")).toBeNull();
    expect(findValuePath({ amount: "1001" }, "1001")).toEqual(["amount"]);
  });

  it("recognises a requeued copy by its headers", () => {
    expect(requeuedFrom({ "x-eventscope-requeued-from": "orders.dlq/0-3" })).toBe("orders.dlq/0-3");
    expect(requeuedFrom({ "x-eventscope-requeue-id": "abc" })).toBe("a DLQ");
    expect(requeuedFrom({})).toBeUndefined();
  });
});
