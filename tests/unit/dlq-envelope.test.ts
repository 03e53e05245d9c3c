import { describe, expect, it } from "vitest";
import { groupByError, parseDlqEnvelope } from "@/lib/dlq/parse-envelope";
import { dlqMessageId, parseDlqMessageId, requeueIdOf } from "@/lib/dlq/requeue-id";

describe("parseDlqEnvelope", () => {
  it("reads Eventscope's own headers", () => {
    expect(
      parseDlqEnvelope("orders.created.dlq", {
        "x-original-topic": "orders.created",
        "x-original-partition": "3",
        "x-original-offset": "1042",
        "x-error": "missing field: data.order_id",
        "x-attempts": "3",
      }),
    ).toEqual({ originalTopic: "orders.created", originalPartition: 3, originalId: null, originalOffset: 1042, error: "missing field: data.order_id", errorClass: null, attempts: 3 });
  });

  it("reads Spring Kafka's kafka_dlt-* headers", () => {
    expect(
      parseDlqEnvelope("payments.DLT", {
        "kafka_dlt-original-topic": "payments",
        "kafka_dlt-original-partition": "0",
        "kafka_dlt-original-offset": "7",
        "kafka_dlt-exception-message": "Listener failed",
        "kafka_dlt-exception-fqcn": "org.springframework.kafka.listener.ListenerExecutionFailedException",
      }),
    ).toMatchObject({ originalTopic: "payments", originalOffset: 7, error: "Listener failed", errorClass: "org.springframework.kafka.listener.ListenerExecutionFailedException" });
  });

  it("reads Kafka Connect's __connect.errors.* headers", () => {
    expect(
      parseDlqEnvelope("dlq-sink", {
        "__connect.errors.topic": "users",
        "__connect.errors.partition": "2",
        "__connect.errors.offset": "99",
        "__connect.errors.exception.message": "Converting byte[] to Kafka Connect data failed",
      }),
    ).toMatchObject({ originalTopic: "users", originalPartition: 2, originalOffset: 99 });
  });

  it("falls back to the DLQ name and says when there is no error header", () => {
    expect(parseDlqEnvelope("orders-dlq", {})).toMatchObject({ originalTopic: "orders", error: "unknown error (no error header)", attempts: null });
    expect(parseDlqEnvelope("custom", {}).originalTopic).toBeNull();
  });

  it("ignores malformed numbers and cuts huge errors", () => {
    const envelope = parseDlqEnvelope("x.dlq", { "x-original-offset": "12abc", "x-attempts": "-1", "x-error": "e".repeat(2000) });
    expect(envelope.originalOffset).toBeNull();
    expect(envelope.attempts).toBeNull();
    expect(envelope.error.length).toBe(501);
  });
});

describe("groupByError", () => {
  it("counts per error with oldest and newest, biggest first", () => {
    const groups = groupByError([
      { error: "a", timestamp: "2026-01-02T00:00:00.000Z", originalTopic: "t1" },
      { error: "b", timestamp: "2026-01-01T00:00:00.000Z", originalTopic: "t1" },
      { error: "b", timestamp: "2026-01-03T00:00:00.000Z", originalTopic: "t2" },
    ]);
    expect(groups).toEqual([
      { error: "b", example: "b", count: 2, oldest: "2026-01-01T00:00:00.000Z", newest: "2026-01-03T00:00:00.000Z", originalTopics: ["t1", "t2"] },
      { error: "a", example: "a", count: 1, oldest: "2026-01-02T00:00:00.000Z", newest: "2026-01-02T00:00:00.000Z", originalTopics: ["t1"] },
    ]);
  });
});

describe("requeue ids", () => {
  it("are deterministic per DLQ message and differ between messages", () => {
    expect(requeueIdOf("c", "t.dlq", "0-5")).toBe(requeueIdOf("c", "t.dlq", "0-5"));
    expect(requeueIdOf("c", "t.dlq", "0-5")).not.toBe(requeueIdOf("c", "t.dlq", "0-6"));
    expect(requeueIdOf("c", "t.dlq", "0-5")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("round-trip message ids and refuse malformed ones", () => {
    expect(parseDlqMessageId("kafka", dlqMessageId("kafka", 2, 40))).toEqual({ partition: 2, offset: 40 });
    expect(parseDlqMessageId("nats", dlqMessageId("nats", 0, 17))).toEqual({ partition: 0, offset: 17 });
    expect(parseDlqMessageId("kafka", "2:40")).toBeNull();
    expect(parseDlqMessageId("nats", "x")).toBeNull();
  });
});
