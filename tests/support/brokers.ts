// Real broker clients for test setup, independent of the connectors under test.
import { Kafka, logLevel } from "kafkajs";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager, jetstream } from "@nats-io/jetstream";
import { randomUUID } from "node:crypto";

export const KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS ?? "localhost:9092").split(",");
export const NATS_SERVERS = (process.env.TEST_NATS_SERVERS ?? "nats://127.0.0.1:4222").split(",");

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function testKafka() {
  return new Kafka({ clientId: "eventscope-tests", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
}

// Test topics keep their messages for good: several tests write explicit CreateTime timestamps months
// in the past, and the broker's 7-day retention would delete them at its next retention check (every
// 5 minutes from broker start), so a lookup by time or offset would find an empty log part way through
// a run (seen in CI: a reset to a time found no message).
const KEEP_FOREVER = [{ name: "retention.ms", value: "-1" }];

export async function createTopic(kafka: Kafka, topic: string, partitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: KEEP_FOREVER }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function connectNats() {
  const nc = await connect({ servers: NATS_SERVERS });
  return { nc, jsm: await jetstreamManager(nc), js: jetstream(nc) };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
