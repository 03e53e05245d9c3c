// The delivery engine saves a broker's checkpoint before it publishes (lib/jobs/delivery-engine.ts):
// a Kafka requeue killed during its FIRST batch to a topic must find, on resume, where that topic's
// log ended before the batch, or it cannot tell which copies were sent and sends them again. The job
// runs against the real Kafka through a JobControl that records every cursor write; at the first
// write that carries the checkpoint, the target must still be where the checkpoint says (nothing
// published yet), and it must come before the first batch is recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";

const { cleanup } = useTempConsoleEnv("eventscope-checkpoint-", { clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }] });
const original = uniqueName("it-ckpt");
const dlq = `${original}.DLT`;
let kafka: Kafka;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, original, 2);
  await createTopic(kafka, dlq, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: dlq,
    messages: Array.from({ length: 12 }, (_, i) => ({ key: `k-${i}`, value: JSON.stringify({ id: i }), headers: { "kafka_dlt-original-topic": original, "kafka_dlt-exception-message": "boom" } })),
  });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [original, dlq] }).catch(() => undefined);
  await admin.disconnect();
  cleanup();
});

async function logEnds(topic: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [String(p.partition), Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

describe("a Kafka requeue's first batch", () => {
  it("saves the target's log ends in the cursor before anything is published, and before the batch is recorded", async () => {
    const { executeRequeue } = await import("@/lib/dlq/requeue-job");
    const before = await logEnds(original);
    const events: string[] = [];
    let savedStarts: Record<string, number> | undefined;
    let endsAtSave: Record<string, number> | undefined;
    const control = {
      async progress(delta: { done?: number }, cursor?: unknown) {
        const starts = (cursor as { delivery?: { targets?: Record<string, Record<string, number>> } } | undefined)?.delivery?.targets?.[original];
        if (starts && !savedStarts) {
          savedStarts = { ...starts };
          endsAtSave = await logEnds(original);
          events.push("checkpoint saved");
        }
        if ((delta.done ?? 0) > 0) events.push(`recorded ${delta.done}`);
      },
      async paused() {},
      async cancelRequested() {
        return false;
      },
      async setTotal() {},
    };
    const job = { id: uniqueName("job"), kind: "requeue" as const, clusterId: "k", params: { topic: dlq, dlqKind: "topic", all: true, ratePerSec: 1000 }, cursor: null, done: 0, failed: 0, createdBy: "test" };
    expect(await executeRequeue(job, control)).toBe("succeeded");
    expect(events[0]).toBe("checkpoint saved");
    expect(events).toContain("recorded 12");
    // Saved while the target still ended where it did before the job: nothing had been published.
    expect(savedStarts).toEqual(before);
    expect(endsAtSave).toEqual(before);
    const after = await logEnds(original);
    expect(Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0)).toBe(12);
  }, 120_000);
});
