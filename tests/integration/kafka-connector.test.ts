import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Consumer, Kafka, Producer } from "kafkajs";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { decodeMessage } from "@/lib/messages/decode-message";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";

// Recent, so the broker's 7-day retention never deletes the test's messages mid-run; in the past,
// because Kafka 4.x rejects timestamps more than an hour ahead.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const topic = uniqueName("it-orders");
const partialGroup = uniqueName("it-partial");
const activeGroup = uniqueName("it-active");

let kafka: Kafka;
let producer: Producer;
let activeConsumer: Consumer;
const connector = new KafkaConnector({ id: "it-kafka", name: "IT Kafka", kind: "kafka", brokers: KAFKA_BROKERS });

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 3);
  producer = kafka.producer();
  await producer.connect();
  // Ten messages per partition, one second apart, with keys, headers and a few awkward values.
  for (let partition = 0; partition < 3; partition++) {
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, index) => ({
        partition,
        key: `order-${partition}-${index}`,
        timestamp: String(T0 + index * 1000),
        headers: { "x-trace": `t-${index}`, "x-hostile": "<img src=x onerror=alert(1)>" },
        value:
          index === 7 ? Buffer.from([0x00, 0xff, 0xfe]) : index === 8 ? "not json {" : JSON.stringify({ id: `${partition}-${index}`, amount: index }),
      })),
    });
  }
  // A group part-way through: partition 0 at offset 4, partition 1 fully consumed, partition 2 never committed.
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: partialGroup, topic, partitions: [{ partition: 0, offset: "4" }, { partition: 1, offset: "10" }] });
  await admin.disconnect();
}, 120_000);

afterAll(async () => {
  await activeConsumer?.disconnect();
  await producer?.disconnect();
  await connector.close();
});

describe("KafkaConnector against a real broker", () => {
  it("is healthy", async () => {
    await expect(connector.checkHealth()).resolves.toBeUndefined();
  });

  it("lists the topic with its partitions and message count", async () => {
    const topics = await connector.listTopics();
    expect(topics.find((candidate) => candidate.name === topic)).toEqual({ name: topic, partitions: 3, messages: 30, bytes: expect.any(Number) });
  });

  it("describes partitions with low and high watermarks", async () => {
    const detail = await connector.describeTopic(topic);
    expect(detail.partitions).toEqual([0, 1, 2].map((partition) => ({ partition, low: 0, high: 10, messages: 10 })));
  });

  it("reads a partition from an offset, with keys, headers and a cursor to the next page", async () => {
    const page = await connector.readMessages(topic, { partition: 1, from: 3, limit: 4 });
    expect(page.messages.map((message) => message.offset)).toEqual([3, 4, 5, 6]);
    expect(page.next).toEqual({ partition: 1, offset: 7 });
    const first = decodeMessage(page.messages[0]);
    expect(first).toMatchObject({
      partition: 1,
      key: "order-1-3",
      encoding: "json",
      timestamp: new Date(T0 + 3000).toISOString(),
      headers: { "x-trace": "t-3", "x-hostile": "<img src=x onerror=alert(1)>" },
    });
    expect(JSON.parse(first.value!)).toEqual({ id: "1-3", amount: 3 });
  });

  it("decodes binary and non-JSON values safely and ends paging at the high watermark", async () => {
    const page = await connector.readMessages(topic, { partition: 2, from: 7, limit: 10 });
    expect(page.messages.map((message) => message.offset)).toEqual([7, 8, 9]);
    expect(page.next).toBeUndefined();
    const [binary, text] = page.messages.map(decodeMessage);
    expect(binary).toMatchObject({ encoding: "base64", value: "AP/+", size: 3 });
    expect(text).toMatchObject({ encoding: "text", value: "not json {" });
  });

  it("starts at a timestamp", async () => {
    const page = await connector.readMessages(topic, { partition: 0, since: new Date(T0 + 5000), limit: 2 });
    expect(page.messages.map((message) => message.offset)).toEqual([5, 6]);
  });

  it("shows the newest messages of every partition when no start is given", async () => {
    const page = await connector.readMessages(topic, { limit: 6 });
    expect(page.messages).toHaveLength(6);
    expect(page.messages.every((message) => message.offset >= 8)).toBe(true);
  });

  it("reports exact lag for a group part-way through the topic", async () => {
    const detail = await connector.describeConsumer(partialGroup);
    expect(detail.partitions).toEqual([
      { topic, partition: 0, committed: 4, high: 10, lag: 6 },
      { topic, partition: 1, committed: 10, high: 10, lag: 0 },
    ]);
    expect(detail.lag).toBe(6);
    expect(detail.members).toBe(0);
    expect(detail.state).toBe("Empty");
    const [listed] = await connector.listConsumers([partialGroup]);
    expect(listed.lag).toBe(6);
  });

  it("shows an active group's members and assignments, flagging partitions with no commit", async () => {
    activeConsumer = kafka.consumer({ groupId: activeGroup, sessionTimeout: 10_000 });
    await activeConsumer.connect();
    await activeConsumer.subscribe({ topic, fromBeginning: false });
    await activeConsumer.run({ autoCommit: false, eachMessage: async () => undefined });
    const detail = await waitFor(async () => {
      const described = await connector.describeConsumer(activeGroup);
      return described.state === "Stable" && described.members === 1 ? described : undefined;
    }, 30_000, "the active group to become stable");
    expect(detail.memberDetails[0].assignments).toEqual([{ topic, partitions: [0, 1, 2] }]);
    expect(detail.partitions.every((partition) => partition.noCommit && partition.lag === 10)).toBe(true);
    expect(detail.lag).toBe(30);
    expect(await connector.listConsumerNames()).toEqual(expect.arrayContaining([partialGroup, activeGroup]));
  });

  it("publishes with key and headers", async () => {
    const result = await connector.publish({ topic, partition: 2, key: "k", value: "v", headers: { h: "1" } });
    expect(result).toEqual({ partition: 2, offset: 10 });
    const [message] = (await connector.readMessages(topic, { partition: 2, from: 10, limit: 1 })).messages.map(decodeMessage);
    expect(message).toMatchObject({ key: "k", value: "v", headers: { h: "1" } });
  });

  it("answers not found for unknown topics and groups", async () => {
    await expect(connector.describeTopic(uniqueName("missing"))).rejects.toMatchObject({ code: "not-found" });
    await expect(connector.describeConsumer(uniqueName("missing"))).rejects.toMatchObject({ code: "not-found" });
    await expect(connector.readMessages(topic, { partition: 9, limit: 1 })).rejects.toMatchObject({ code: "invalid-input" });
  });
});

describe("a Kafka cluster that is not there", () => {
  it("fails quickly with the reason", async () => {
    const down = new KafkaConnector({ id: "down", name: "Down", kind: "kafka", brokers: ["127.0.0.1:1"] });
    const started = Date.now();
    await expect(down.checkHealth()).rejects.toMatchObject({ code: "broker-unavailable", message: "connection refused to 127.0.0.1:1" });
    expect(Date.now() - started).toBeLessThan(10_000);
    await down.close();
  });
});
