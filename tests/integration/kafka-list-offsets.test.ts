import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Admin, Kafka } from "kafkajs";
import { createInternalCluster, refreshAllTopicsMetadata, type KafkaInternalCluster } from "@/lib/brokers/kafka/internal-cluster";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { EARLIEST, LATEST, listOffsets, supportsOwnListOffsets } from "@/lib/brokers/kafka/list-offsets";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";

// Our ListOffsets v3 (list-offsets.ts) against the real broker: the earliest and latest offsets it
// reads must be exactly kafkajs's (admin.fetchTopicOffsets), including a partition whose log start
// moved (deleteTopicRecords) and an empty one, both straight from one request per leader and through
// the connector's snapshot, which the sampler takes every cycle.
const busy = uniqueName("it-listoffsets");
const empty = uniqueName("it-listoffsets-empty");
let kafka: Kafka;
let admin: Admin;
let cluster: KafkaInternalCluster;
const connector = new KafkaConnector({ id: "it-listoffsets", name: "IT list offsets", kind: "kafka", brokers: KAFKA_BROKERS });

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, busy, 3);
  await createTopic(kafka, empty, 2);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: busy,
    messages: Array.from({ length: 40 }, (_, index) => ({ partition: index % 3, value: `m${index}` })),
  });
  await producer.disconnect();
  admin = kafka.admin();
  await admin.connect();
  await admin.fetchTopicMetadata({ topics: [busy] }); // kafkajs's deleteTopicRecords needs it loaded
  // Partition 1 loses its first 5 records: its log start offset moves to 5.
  await admin.deleteTopicRecords({ topic: busy, partitions: [{ partition: 1, offset: "5" }] });
  cluster = createInternalCluster(kafka);
  await cluster.connect();
}, 60_000);

afterAll(async () => {
  await connector.close();
  await cluster?.disconnect();
  await admin?.deleteTopics({ topics: [busy, empty] }).catch(() => undefined);
  await admin?.disconnect();
});

async function kafkajsOffsets(topic: string) {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }))
    .sort((a, b) => a.partition - b.partition);
}

describe("ListOffsets v3 (our codec) on the real broker", () => {
  it("reads the same earliest and latest offsets as kafkajs, in one request per leader", async () => {
    const metadata = await refreshAllTopicsMetadata(cluster);
    const byLeader = new Map<number, { topic: string; partitions: number[] }[]>();
    for (const topic of metadata.topicMetadata.filter((t) => t.topic === busy || t.topic === empty)) {
      for (const p of topic.partitionMetadata) {
        const list = byLeader.get(p.leader) ?? [];
        const entry = list.find((candidate) => candidate.topic === topic.topic) ?? list[list.push({ topic: topic.topic, partitions: [] }) - 1];
        entry.partitions.push(p.partitionId);
        byLeader.set(p.leader, list);
      }
    }
    const ours = new Map<string, { partition: number; low?: number; high?: number }>();
    for (const [leader, wanted] of byLeader) {
      const broker = await cluster.findBroker({ nodeId: String(leader) });
      expect(supportsOwnListOffsets(broker)).toBe(true);
      const note = (field: "low" | "high") => (topic: string, partition: number, offset: number) => {
        const key = `${topic}/${partition}`;
        ours.set(key, { ...(ours.get(key) ?? { partition }), [field]: offset });
      };
      await listOffsets(broker, wanted, LATEST, note("high"));
      await listOffsets(broker, wanted, EARLIEST, note("low"));
    }
    for (const topic of [busy, empty]) {
      const expected = await kafkajsOffsets(topic);
      const got = [...ours].filter(([key]) => key.startsWith(`${topic}/`)).map(([, value]) => value).sort((a, b) => a.partition - b.partition);
      expect(got).toEqual(expected);
    }
    expect(ours.get(`${busy}/1`)).toEqual({ partition: 1, low: 5, high: 13 });
  });

  it("gives the sampler's snapshot exactly kafkajs's watermarks", async () => {
    const snapshot = await connector.snapshot();
    for (const topic of [busy, empty]) {
      const found = snapshot.topics.find((candidate) => candidate.name === topic);
      expect(found?.partitions.map(({ partition, low, high }) => ({ partition, low, high }))).toEqual(await kafkajsOffsets(topic));
    }
  });
});
