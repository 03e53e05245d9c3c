import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { runJobToEnd, startJobsByHand } from "../support/jobs";
import { useTempConsoleEnv } from "../support/console-env";

// "Requeue and clear the record" end to end: a Kafka DLQ whose events were already recorded as
// processed in a real Redis (SETNX processed:<id>), the DLQ list saying so per message, and a requeue
// that deletes those records first (audited) so an idempotent consumer processes the events again.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = randomUUID().slice(0, 8);
const prefix = `it-rqc-${run}:processed:`;
const original = uniqueName("it-rqc-orders");
const dlq = `${original}.dlq`;

const { cleanup } = useTempConsoleEnv("eventscope-rqc-", {
  clusters: [{ id: "k", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
  idempotency: [{ id: "orders-redis", kind: "redis", url: REDIS_URL, pattern: `${prefix}*` }],
});
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const EVENTS = ["evt-0", "evt-1", "evt-2", "evt-3"].map((id) => `${id}-${run}`);
let kafka: Kafka;
let redis: Redis;
let routes: Record<string, any>;
let ids: string[] = [];

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  // Events 0, 1 and 3 were processed (their records block a requeued copy); event 2 was not.
  for (const index of [0, 1, 3]) await redis.set(`${prefix}${EVENTS[index]}`, JSON.stringify({ consumer: "inventory" }), "EX", 3600);
  kafka = testKafka();
  await createTopic(kafka, original, 1);
  await createTopic(kafka, dlq, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: dlq,
    messages: EVENTS.map((id, i) => ({
      key: `order-${i}`,
      value: JSON.stringify({ id, order_id: `o-${i}` }),
      headers: { "x-original-topic": original, "x-original-partition": "0", "x-original-offset": String(i), "x-error": "inventory timeout", "x-attempts": "3" },
    })),
  });
  await producer.disconnect();
  await startJobsByHand(); // the test drives the runner itself
  routes = {
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
}, 120_000);

afterAll(async () => {
  await redis.del(...EVENTS.map((id) => `${prefix}${id}`));
  await redis.quit();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const requeue = (body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${dlq}/requeue`, { cluster: "k", topic: dlq }, jsonInit("POST", body, auth));
const recordExists = async (index: number) => (await redis.exists(`${prefix}${EVENTS[index]}`)) === 1;

describe("requeue and clear the idempotency record", () => {
  it("says beside each DLQ message whether its event has a record", async () => {
    const { status, body } = await call(routes.messages.GET, `/api/v1/clusters/k/dlq/${dlq}/messages?limit=10`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(status).toBe(200);
    const byEvent = new Map(body.messages.map((message: any) => [message.eventId, message]));
    expect([...byEvent.keys()].sort()).toEqual([...EVENTS].sort());
    for (const index of [0, 1, 3]) expect((byEvent.get(EVENTS[index]) as any).processed).toMatchObject({ store: "orders-redis", key: `${prefix}${EVENTS[index]}` });
    expect((byEvent.get(EVENTS[2]) as any).processed).toBeNull();
    ids = EVENTS.map((event) => (byEvent.get(event) as any).id);
  });

  it("refuses to clear records for a filter or everything, naming the field; nothing changes", async () => {
    for (const body of [{ all: true, clearIdempotencyRecords: true }, { filter: { error: "inventory" }, clearIdempotencyRecords: true }]) {
      const response = await requeue(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain("clearIdempotencyRecords");
    }
    for (const index of [0, 1, 3]) expect(await recordExists(index)).toBe(true);
  });

  it("dry run: counts the records that would be deleted and deletes none", async () => {
    const { status, body } = await requeue({ ids: ids.slice(0, 3), clearIdempotencyRecords: true, dryRun: true });
    expect(status).toBe(200);
    expect(body).toEqual({ matched: 3, recordsToClear: 2 });
    for (const index of [0, 1]) expect(await recordExists(index)).toBe(true);
  });

  it("deletes the records first (audited), then requeues; a plain requeue leaves its record", async () => {
    const cleared = await requeue({ ids: ids.slice(0, 3), clearIdempotencyRecords: true });
    expect(cleared.status).toBe(202);
    expect(cleared.body.clearedRecords).toBe(2);
    expect(await recordExists(0)).toBe(false);
    expect(await recordExists(1)).toBe(false);

    const plain = await requeue({ ids: [ids[3]] });
    expect(plain.status).toBe(202);
    expect(plain.body.clearedRecords).toBeUndefined();

    for (const job of [cleared.body.job, plain.body.job]) expect((await runJobToEnd(job.id)).state).toBe("succeeded");
    expect(await recordExists(3)).toBe(true);

    const { getDb } = await import("@/lib/db");
    const audits = await (await getDb()).auditEvent.findMany({ where: { action: "idempotency.delete" } });
    expect(audits.map((audit) => JSON.parse(audit.params).eventId).sort()).toEqual([EVENTS[0], EVENTS[1]].sort());
    for (const audit of audits) expect(JSON.parse(audit.params).reason).toBe("requeue");
    const requeueAudit = await (await getDb()).auditEvent.findFirst({ where: { action: "dlq.requeue", target: `dlq:k/${dlq}` }, orderBy: { at: "asc" } });
    expect(JSON.parse(requeueAudit!.result)).toMatchObject({ matched: 3, clearedRecords: 2 });

    // The copies arrived on the original topic, each once.
    const consumer = kafka.consumer({ groupId: uniqueName("it-rqc-verify"), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: original, fromBeginning: true });
    const received: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void received.push(JSON.parse(String(message.value)).id) });
    await waitFor(async () => received.length >= 4, 60_000, "4 requeued messages");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await consumer.disconnect();
    expect(received.sort()).toEqual([...EVENTS].sort());
  });

  it("the trace tells the story: dead-lettered, requeued (status from the database), published again", async () => {
    const { status, body } = await call(routes.trace.GET, `/api/v1/trace?id=${EVENTS[0]}&cluster=k&topic=${encodeURIComponent(`${original}*`)}`, {}, { headers: auth });
    expect(status).toBe(200);
    expect(body.hits.find((hit: { where: string }) => hit.where === "dlq")).toMatchObject({ topic: dlq, status: "requeued" });
    const kinds = body.timeline.map((event: { kind: string }) => event.kind);
    expect(kinds).toContain("dead-lettered");
    expect(kinds).toContain("requeued");
    // Its record was cleared, so the story ends with the requeue, not with "processed".
    expect(body.hits.some((hit: { where: string }) => hit.where === "idempotency")).toBe(false);
  });
});
