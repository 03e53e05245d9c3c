import { describe, expect, it } from "vitest";
import { checkKafkaGroupId, checkKafkaName, checkKafkaPublishTopic, checkKafkaTopicName } from "@/lib/brokers/kafka/kafka-names";
import { checkNatsName, checkNatsPublishSubject, checkNatsTopicOrGroup } from "@/lib/brokers/nats/nats-names";
import { addFailureCounts, countReasons, MAX_FAILURE_REASONS, OTHER_REASONS } from "@/lib/jobs/failure-counts";

describe("JetStream publish targets (by name)", () => {
  it.each(["orders.created", "a", "ORDERS_1.x-y.z", "tenant.42.$price"])("allows the ordinary subject %s", (subject) => {
    expect(checkNatsPublishSubject(subject)).toEqual({ ok: true });
  });

  it.each([
    "$JS.API.STREAM.DELETE.ORDERS",
    "$JS.API.STREAM.PURGE.ORDERS",
    "$KV.bucket.key",
    "$SYS.REQ.SERVER.PING",
    "$O.store.x",
    "_INBOX.abc",
    "_INBOX",
    "_inbox.abc",
  ])("refuses the reserved subject %s", (subject) => {
    expect(checkNatsPublishSubject(subject)).toMatchObject({ ok: false, code: "reserved" });
  });

  it.each(["", "orders.*", "orders.>", ">", "a b", "a\tb", "a\r\nPUB x 1", "a..b", ".a", "a.", "x".repeat(1025), "a\u0000b"])(
    "refuses the invalid subject %j",
    (subject) => {
      expect(checkNatsPublishSubject(subject)).toMatchObject({ ok: false, code: "invalid" });
    },
  );

  it("says why in a sentence that does not echo a huge name back", () => {
    const check = checkNatsPublishSubject(`$${"x".repeat(5000)}`);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason.length).toBeLessThan(300);
  });
});

describe("JetStream names", () => {
  it("accepts stream and consumer names up to 255 characters", () => {
    expect(checkNatsName("ORDERS", "stream")).toEqual({ ok: true });
    expect(checkNatsName("x".repeat(255), "stream")).toEqual({ ok: true });
    expect(checkNatsTopicOrGroup("group", "ORDERS.worker-1")).toEqual({ ok: true });
  });

  it.each(["", "x".repeat(256), "x".repeat(5000), "a b", "a.b", "a*", "a>", "a/b", "a\\b", "a\u0007"])("refuses the stream name %j", (name) => {
    expect(checkNatsTopicOrGroup("topic", name).ok).toBe(false);
  });

  it.each(["ORDERS", "ORDERS.", ".worker", "ORDERS.a.b", `ORDERS.${"c".repeat(256)}`, "ORD ERS.worker", "ORDERS.wor*ker"])("refuses the consumer %j", (group) => {
    expect(checkNatsTopicOrGroup("group", group).ok).toBe(false);
  });
});

describe("Kafka names", () => {
  it("accepts legal topic names up to 249 characters", () => {
    for (const name of ["orders", "orders.DLT", "a_b-c.1", "x".repeat(249), "__consumer_offsets"]) expect(checkKafkaTopicName(name)).toEqual({ ok: true });
  });

  it.each(["", ".", "..", "x".repeat(250), "a b", "a/b", "a:b", "ordérs", "a\nb"])("refuses the topic name %j", (name) => {
    expect(checkKafkaTopicName(name).ok).toBe(false);
  });

  it("bounds group ids and refuses control characters, but allows what Kafka clients use", () => {
    expect(checkKafkaGroupId("billing service / v2")).toEqual({ ok: true });
    expect(checkKafkaGroupId("x".repeat(1024))).toEqual({ ok: true });
    expect(checkKafkaGroupId("x".repeat(1025)).ok).toBe(false);
    expect(checkKafkaGroupId("").ok).toBe(false);
    expect(checkKafkaGroupId("a\u0000b").ok).toBe(false);
    expect(checkKafkaName("group", "a\r\nb").ok).toBe(false);
    expect(checkKafkaName("topic", "a b").ok).toBe(false);
  });

  it("never targets internal topics", () => {
    expect(checkKafkaPublishTopic("orders")).toEqual({ ok: true });
    for (const name of ["__consumer_offsets", "__transaction_state", "__connect-offsets", "_confluent-metrics"]) {
      expect(checkKafkaPublishTopic(name)).toMatchObject({ ok: false, code: "reserved" });
    }
    expect(checkKafkaPublishTopic("a b")).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("job failure counts", () => {
  it("adds counts per reason", () => {
    expect(addFailureCounts({ a: 1 }, countReasons(["a", "b", "a"]))).toEqual({ a: 3, b: 1 });
  });

  it("keeps at most MAX_FAILURE_REASONS reasons and counts the rest together", () => {
    let counts = {};
    for (let i = 0; i < MAX_FAILURE_REASONS + 5; i++) counts = addFailureCounts(counts, { [`reason ${i}`]: 1 });
    expect(Object.keys(counts)).toHaveLength(MAX_FAILURE_REASONS + 1);
    expect(counts).toMatchObject({ [OTHER_REASONS]: 5, "reason 0": 1 });
  });
});
