import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Requeue and replay targets on real brokers: never a JetStream API subject (which would delete or
// purge a stream), never an internal Kafka topic, whether the operator names it or a DLQ message's
// headers do (lib/brokers/publish-targets.ts and each connector's checkTarget).
const { cleanup } = useTempConsoleEnv("eventscope-targets-", { clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }, { id: "n", name: "N", kind: "nats", servers: NATS_SERVERS }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const tag = uniqueName("t").replace(/-/g, "_").toLowerCase();
const VICTIM = `IT_VICTIM_${tag}`.toUpperCase();
const DLQ_STREAM = `IT_${tag}_DLQ`.toUpperCase();
const VICTIM_MESSAGES = 5;
const kafkaOriginal = uniqueName("it-targets");
const kafkaDlq = `${kafkaOriginal}.DLT`;
let nats: Awaited<ReturnType<typeof connectNats>>;
let kafka: Kafka;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

const requeue = (cluster: string, topic: string, body: unknown) =>
  call(routes.requeue.POST, `/api/v1/clusters/${cluster}/dlq/${topic}/requeue`, { cluster, topic }, jsonInit("POST", body, auth));
const replay = (cluster: string, topic: string, body: unknown) =>
  call(routes.replay.POST, `/api/v1/clusters/${cluster}/topics/${topic}/replay`, { cluster, topic }, jsonInit("POST", body, auth));
const dlqMessages = (topic: string) =>
  call(routes.messages.GET, `/api/v1/clusters/n/dlq/${topic}/messages?limit=50&status=pending`, { cluster: "n", topic }, { headers: auth });

async function finish(jobId: string) {
  await Promise.all(await jobs.runAvailableJobs());
  return waitFor(async () => {
    const job = (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: auth })).body;
    return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 60_000, "the job to finish");
}

async function publishDlqMessage(originalSubject: string, id: string) {
  const h = natsHeaders();
  h.set("x-original-topic", VICTIM);
  h.set("x-original-subject", originalSubject);
  h.set("x-error", "poisoned");
  await nats.js.publish(`deadletter_${tag}.x`, JSON.stringify({ id }), { headers: h });
}

beforeAll(async () => {
  nats = await connectNats();
  await nats.jsm.streams.add({ name: VICTIM, subjects: [`${tag}.>`] });
  for (let i = 0; i < VICTIM_MESSAGES; i++) await nats.js.publish(`${tag}.orders`, JSON.stringify({ i }));
  await nats.jsm.streams.add({ name: DLQ_STREAM, subjects: [`deadletter_${tag}.>`] });
  kafka = testKafka();
  await createTopic(kafka, kafkaOriginal, 1);
  await createTopic(kafka, kafkaDlq, 1);
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner();
  routes = {
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    replay: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/replay/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    jobs: await import("@/app/api/v1/jobs/route"),
  };
}, 120_000);

afterAll(async () => {
  await nats.jsm.streams.delete(VICTIM).catch(() => undefined);
  await nats.jsm.streams.delete(DLQ_STREAM).catch(() => undefined);
  await nats.nc.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [kafkaOriginal, kafkaDlq] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("an operator's requeue target on JetStream", () => {
  it("refuses $JS.API.STREAM.DELETE.<stream> with a 400 naming target, creates no job, and the stream survives", async () => {
    await publishDlqMessage(`${tag}.orders`, "op-1");
    const before = (await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers: auth })).body.jobs.length;
    const response = await requeue("n", DLQ_STREAM, { all: true, target: `$JS.API.STREAM.DELETE.${VICTIM}` });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "invalid-input", field: "target" });
    expect(response.body.error.message).toMatch(/^target: .*reserved/);
    expect((await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers: auth })).body.jobs.length).toBe(before);
    expect((await nats.jsm.streams.info(VICTIM)).state.messages).toBe(VICTIM_MESSAGES);
  });

  it.each(["_INBOX.abc", "$KV.bucket.key", "$SYS.REQ.SERVER.PING", "orders.*"])("refuses %s", async (target) => {
    const response = await requeue("n", DLQ_STREAM, { all: true, target });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("target");
  });

  it("refuses a subject no stream captures (it would go nowhere)", async () => {
    const response = await requeue("n", DLQ_STREAM, { all: true, target: `nobody_${tag}.listens` });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/no stream captures/);
  });

  it("refuses the same targets for a replay", async () => {
    const response = await replay("n", VICTIM, { from: { offset: 1 }, to: { offset: 2 }, target: `$JS.API.STREAM.DELETE.${VICTIM}` });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("target");
    expect((await nats.jsm.streams.info(VICTIM)).state.messages).toBe(VICTIM_MESSAGES);
  });
});

describe("a DLQ message whose headers name a JetStream API subject", () => {
  it("is not sent on a default requeue: the job reports it failed with the reason, the others go, the stream keeps its messages", async () => {
    // The DLQ holds op-1 (from above, an ordinary original subject) and the poisoned one.
    await publishDlqMessage(`$JS.API.STREAM.PURGE.${VICTIM}`, "poisoned-1");
    const created = await requeue("n", DLQ_STREAM, { all: true });
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job).toMatchObject({ state: "succeeded", done: 1, failed: 1 });
    expect(job.failures).toHaveLength(1);
    expect(job.failures[0]).toMatchObject({ count: 1 });
    expect(job.failures[0].reason).toMatch(/refused: reserved/);
    // The name is not repeated: a job's reasons are shown to every viewer, and the header may be masked.
    expect(job.failures[0].reason).not.toContain("PURGE");
    // Not purged: its messages plus op-1's requeued copy.
    expect((await nats.jsm.streams.info(VICTIM)).state.messages).toBe(VICTIM_MESSAGES + 1);
    // The poisoned message stays in the DLQ, pending, for someone to look at.
    const pending = (await dlqMessages(DLQ_STREAM)).body.messages;
    expect(pending).toHaveLength(1);
    expect(pending[0].originalSubject).toBe(`$JS.API.STREAM.PURGE.${VICTIM}`);
  }, 90_000);
});

describe("a default requeue in which every message is refused", () => {
  it("JetStream: fails, saying why, instead of reporting success (the poisoned message is all that is pending)", async () => {
    const created = await requeue("n", DLQ_STREAM, { all: true });
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job).toMatchObject({ state: "failed", done: 0, failed: 1 });
    expect(job.error).toMatch(/^its one message was not sent: the target its headers name was refused: reserved/);
    expect((await nats.jsm.streams.info(VICTIM)).state.messages).toBe(VICTIM_MESSAGES + 1);
    expect((await dlqMessages(DLQ_STREAM)).body.messages).toHaveLength(1);
  }, 90_000);

  it("Kafka: a DLQ whose messages all name an internal topic fails the job with the reason", async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: kafkaDlq,
      messages: [1, 2].map((i) => ({ value: JSON.stringify({ i }), headers: { "x-original-topic": "__consumer_offsets", "x-error": "poisoned" } })),
    });
    await producer.disconnect();
    const created = await requeue("k", kafkaDlq, { all: true });
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job).toMatchObject({ state: "failed", done: 0, failed: 2 });
    expect(job.error).toMatch(/^none of its 2 messages was sent: the target its headers name was refused: reserved .*internal topic/);
  }, 90_000);
});

describe("Kafka targets", () => {
  it("refuses __consumer_offsets for a requeue with a 400 naming target", async () => {
    const response = await requeue("k", kafkaDlq, { all: true, target: "__consumer_offsets" });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "invalid-input", field: "target" });
    expect(response.body.error.message).toMatch(/internal topic/);
  });

  it.each(["__transaction_state", "_confluent-metrics", "no such topic"])("refuses %s", async (target) => {
    const response = await requeue("k", kafkaDlq, { all: true, target });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("target");
  });

  it("refuses __consumer_offsets for a replay", async () => {
    const response = await replay("k", kafkaOriginal, { from: { offset: 0 }, to: { offset: 0 }, target: "__consumer_offsets" });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("target");
  });
});
