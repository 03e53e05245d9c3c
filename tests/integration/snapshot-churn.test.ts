import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";

// Topics and consumer groups come and go while the sampler reads the cluster (a test suite, a
// deploy, an operator deleting a group). A snapshot taken meanwhile must still succeed: one failed
// cycle marks the whole cluster "down" in the console, and its API answers 503 for a few seconds.
const COUNT = 5;
const names = Array.from({ length: COUNT }, () => uniqueName("it-churn"));
const config = { id: "it-churn", name: "IT", kind: "kafka" as const, brokers: KAFKA_BROKERS };
const connector = new KafkaConnector(config);
let kafka: Kafka;

beforeAll(async () => {
  kafka = testKafka();
  const producer = kafka.producer();
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  for (const name of names) {
    await createTopic(kafka, name, 2);
    await producer.send({ topic: name, messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `m-${i}` })) });
    // A group per topic with committed offsets and no member, as a stopped consumer leaves it.
    await admin.setOffsets({ groupId: name, topic: name, partitions: [0, 1].map((partition) => ({ partition, offset: "3" })) });
  }
  await producer.disconnect();
  await admin.disconnect();
  await connector.snapshot(); // warm: coordinators cached, as in a running sampler
}, 180_000);

afterAll(async () => {
  await connector.close();
});

describe("snapshots while topics and groups are deleted", () => {
  it("never fail", async () => {
    const admin = kafka.admin();
    await admin.connect();
    let deleting = true;
    const churn = (async () => {
      for (const name of names) {
        await admin.deleteGroups([name]).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 150));
        await admin.deleteTopics({ topics: [name] }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      deleting = false;
    })();
    const failures: string[] = [];
    let snapshots = 0;
    while (deleting || snapshots < 5) {
      try {
        await connector.snapshot();
      } catch (error) {
        failures.push((error as Error).message);
      }
      snapshots++;
    }
    await churn;
    expect(failures).toEqual([]);
    expect(snapshots).toBeGreaterThan(5);
    // And the deleted ones are gone from the next snapshot, unless the broker itself still lists
    // them: this test shares the broker with others, and on a loaded machine a client with automatic
    // topic creation (kafkajs's producer and Java's consumer default to it) asked about a deleted
    // name in the instant after it went, and the broker created it again with one empty partition
    // (seen in a full run at load 22). The snapshot must agree with the broker, not with our wish.
    const after = await connector.snapshot();
    const listed = new Set(await admin.listTopics());
    const groupsListed = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const stale = after.topics.filter((topic) => names.includes(topic.name) && !listed.has(topic.name));
    expect(stale).toEqual([]);
    for (const topic of after.topics.filter((candidate) => names.includes(candidate.name))) {
      // Re-created by someone else: the new topic, not the deleted one's partitions and messages.
      expect(topic.partitions.reduce((sum, p) => sum + p.messages, 0)).toBe(0);
    }
    expect(after.consumers.filter((consumer) => names.includes(consumer.group) && !groupsListed.has(consumer.group))).toEqual([]);
    await admin.disconnect();
  }, 120_000);
});
