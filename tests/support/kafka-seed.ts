// Seeding Kafka for a test and clearing it afterwards, with one admin or producer connection per
// step: the topics a test owns, the messages it writes, and a best-effort removal at the end.
import type { Kafka, Message } from "kafkajs";
import { createTopic } from "./brokers";

export interface TopicSpec {
  topic: string;
  /** Default 1. */
  partitions?: number;
}

/** Creates the topics and waits for their leaders, so a produce right after does not fail. */
export async function createTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map(({ topic, partitions = 1 }) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Writes each batch in order (one send per batch, so offsets follow the order given). */
export async function produce(kafka: Kafka, batches: readonly { topic: string; messages: Message[] }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const batch of batches) await producer.send(batch);
  } finally {
    await producer.disconnect();
  }
}

/** Deletes what a test created; a broker that is gone or a topic already deleted is not an error here. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[], groups: readonly string[] = []): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    if (groups.length > 0) await admin.deleteGroups([...groups]).catch(() => undefined);
    await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
  } catch {
    // cleanup only
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface TopicWithGroup {
  topic: string;
  group: string;
  /** Messages written to each partition. */
  perPartition: number;
  /** The group's committed offset on each partition, in partition order (their count is the topic's partitions): lag = perPartition - committed. */
  committed: readonly number[];
}

/**
 * A topic with messages and a group behind it by a known amount, without a consumer: what the sampler
 * tests read lag from. Creates the topic (kept forever, see createTopic), writes `perPartition`
 * messages to each partition in one send, and commits the group's offsets.
 */
export async function seedTopicWithGroup(kafka: Kafka, { topic, group, perPartition, committed }: TopicWithGroup): Promise<void> {
  const partitions = committed.length;
  await createTopic(kafka, topic, partitions);
  const messages = Array.from({ length: perPartition * partitions }, (_, i) => ({ partition: i % partitions, value: `m-${i}` }));
  await produce(kafka, [{ topic, messages }]);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId: group, topic, partitions: committed.map((offset, partition) => ({ partition, offset: String(offset) })) });
  } finally {
    await admin.disconnect();
  }
}
