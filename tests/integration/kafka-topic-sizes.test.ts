import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka, Producer } from "kafkajs";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { deriveCycle, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { SeriesBook } from "@/lib/metrics/ring-series";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";

// Topic sizes from DescribeLogDirs on the real broker. Kafka counts record batches as stored (batch
// and record headers, CRCs), so the assertions are ranges around the payload bytes, never exact.
const topic = uniqueName("it-sizes");
const PAYLOAD = 1000;
let kafka: Kafka;
let producer: Producer;
const connector = new KafkaConnector({ id: "it-sizes", name: "IT sizes", kind: "kafka", brokers: KAFKA_BROKERS });

const produce = (count: number) =>
  producer.send({
    topic,
    messages: Array.from({ length: count }, (_, index) => ({ partition: index % 2, value: Buffer.alloc(PAYLOAD, 0x61 + (index % 26)) })),
  });

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  producer = kafka.producer();
  await producer.connect();
}, 60_000);

afterAll(async () => {
  await producer?.disconnect();
  await connector.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe("Kafka topic sizes", () => {
  it("are 0 bytes for an empty topic (known, since the broker reports it)", async () => {
    expect((await connector.describeTopic(topic)).bytes).toBe(0);
  });

  it("grow with what is produced, in describeTopic, listTopics and the snapshot alike", async () => {
    await produce(20);
    const first = (await connector.describeTopic(topic)).bytes;
    expect(first).toBeGreaterThanOrEqual(20 * PAYLOAD);
    expect(first).toBeLessThan(20 * PAYLOAD * 1.5);

    await produce(30);
    const second = (await connector.describeTopic(topic)).bytes!;
    expect(second - first!).toBeGreaterThanOrEqual(30 * PAYLOAD);
    expect(second - first!).toBeLessThan(30 * PAYLOAD * 1.5);

    const listed = (await connector.listTopics()).find((candidate) => candidate.name === topic);
    expect(listed?.bytes).toBe(second);
    const snapshot = await connector.snapshot();
    expect(snapshot.topics.find((candidate) => candidate.name === topic)?.bytes).toBe(second);
  });

  it("give the sampler real bytes/s from successive snapshots", async () => {
    const book = new SeriesBook(10);
    const bytesPerSec = async () => deriveCycle(book, await connector.snapshot(), newCommitTracker(), { intervalMs: 1000 }).topics.get(topic)?.bytesPerSec;
    expect(await bytesPerSec()).toBeNull(); // one sample: no rate yet
    await produce(40);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a measurable interval
    expect(await bytesPerSec()).toBeGreaterThan(0);
  });
});
