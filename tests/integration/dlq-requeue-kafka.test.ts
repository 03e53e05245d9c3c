import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { runJobToEnd, startJobsByHand } from "../support/jobs";

// Requeue from a Kafka DLQ end to end: real broker, real route handlers, real job runner, and a
// real consumer on the original topic counting what arrives.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-dlq-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_ADMIN_TOKEN = "test-admin-token-dlq";
// A killed worker's job lease runs out after 3 s (20 s by default), so the restarted one resumes soon.
process.env.EVENTSCOPE_JOB_LEASE_MS = "3000";
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [{ id: "k", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS }] }));
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const original = uniqueName("it-orders");
const dlq = `${original}.DLT`;
const COUNT = 1000;
let kafka: Kafka;
let routes: Record<string, any>;

async function seedDlq(topic: string, count: number, errorFor: (i: number) => string) {
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < count; start += 500) {
    await producer.send({
      topic,
      messages: Array.from({ length: Math.min(500, count - start) }, (_, j) => {
        const i = start + j;
        return {
          key: `order-${i}`,
          value: JSON.stringify({ id: `evt-${i}`, amount: i }),
          headers: {
            "kafka_dlt-original-topic": original,
            "kafka_dlt-original-partition": String(i % 3),
            "kafka_dlt-original-offset": String(i),
            "kafka_dlt-exception-message": errorFor(i),
            "trace-id": `t-${i}`,
          },
        };
      }),
    });
  }
  await producer.disconnect();
}

/** Everything on the original topic, read by a real consumer group from the beginning. */
async function consumeOriginal(expected: number) {
  const consumer = kafka.consumer({ groupId: uniqueName("it-verify"), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: original, fromBeginning: true });
  const received: { key: string; value: string; headers: Record<string, string> }[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      received.push({ key: String(message.key), value: String(message.value), headers });
    },
  });
  await waitFor(async () => received.length >= expected, 60_000, `${expected} messages on the original topic`);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // anything extra would show up now
  await consumer.disconnect();
  return received;
}

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, original, 3);
  await createTopic(kafka, dlq, 1);
  await seedDlq(dlq, COUNT, (i) => (i % 4 === 0 ? "invalid JSON" : "missing field: data.order_id"));
  await startJobsByHand(); // the test drives the runner itself
  routes = {
    dlqs: await import("@/app/api/v1/clusters/[cluster]/dlq/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    summary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const requeue = (body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${dlq}/requeue`, { cluster: "k", topic: dlq }, jsonInit("POST", body, auth));

describe("a Kafka DLQ with Spring-style headers", () => {
  it("is discovered with its original topic and counts", async () => {
    const { body } = await call(routes.dlqs.GET, "/api/v1/clusters/k/dlq", { cluster: "k" }, { headers: auth });
    expect(body.dlqs.find((d: { topic: string }) => d.topic === dlq)).toEqual({ topic: dlq, kind: "topic", originalTopics: [original], messages: COUNT, pending: COUNT });
  });

  it("lists messages with envelope fields and pages with a cursor", async () => {
    const first = await call(routes.messages.GET, `/api/v1/clusters/k/dlq/${dlq}/messages?limit=2`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(first.status).toBe(200);
    expect(first.body.messages[0]).toMatchObject({ id: "0-0", originalTopic: original, originalPartition: 0, originalOffset: 0, error: "invalid JSON", status: "pending", key: "order-0" });
    expect(first.body.messages[0].payload).toBeUndefined();
    const second = await call(routes.messages.GET, `/api/v1/clusters/k/dlq/${dlq}/messages?limit=2&cursor=${first.body.next}`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(second.body.messages.map((m: { id: string }) => m.id)).toEqual(["0-2", "0-3"]);
    const filtered = await call(routes.messages.GET, `/api/v1/clusters/k/dlq/${dlq}/messages?limit=3&error=invalid%20JSON`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(filtered.body.messages.map((m: { id: string }) => m.id)).toEqual(["0-0", "0-4", "0-8"]);
  });

  it("summarises by error", async () => {
    const { body } = await call(routes.summary.GET, `/api/v1/clusters/k/dlq/${dlq}/summary`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(body.groups.map((g: { error: string; count: number }) => [g.error, g.count])).toEqual([
      ["missing field: data.order_id", 750],
      ["invalid JSON", 250],
    ]);
  });

  it("dry-runs a discard: answers the count and changes nothing", async () => {
    const discard = (body: unknown) => call(routes.discard.POST, `/api/v1/clusters/k/dlq/${dlq}/discard`, { cluster: "k", topic: dlq }, jsonInit("POST", body, auth));
    expect((await discard({ filter: { error: "invalid JSON" }, dryRun: true })).body).toEqual({ matched: 250 });
    expect((await discard({ all: true, dryRun: true })).body).toEqual({ matched: COUNT });
    expect((await discard({ ids: ["0-0", "0-1"], dryRun: true })).body).toEqual({ matched: 2 });
    expect((await discard({ ids: ["0-999999"], dryRun: true })).status).toBe(404);
    const { body } = await call(routes.dlqs.GET, "/api/v1/clusters/k/dlq", { cluster: "k" }, { headers: auth });
    expect(body.dlqs.find((d: { topic: string }) => d.topic === dlq)).toMatchObject({ messages: COUNT, pending: COUNT });
  });

  it("refuses bad requests clearly and sends nothing", async () => {
    expect((await requeue({ all: true, ratePerSec: 0 })).status).toBe(400);
    expect((await requeue({ all: true, ratePerSec: 1e9 })).status).toBe(400);
    expect((await requeue({ all: true, target: "no-such-topic-zz" })).body.error.message).toMatch(/^target: topic "no-such-topic-zz" does not exist/);
    expect((await requeue({ ids: ["0-999999"] })).status).toBe(404);
    expect((await requeue({ ids: ["nonsense"] })).status).toBe(400);
    expect((await requeue({ filter: { error: "no such error" } })).status).toBe(422);
    expect((await requeue({})).status).toBe(400);
    expect((await call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${dlq}/requeue`, { cluster: "k", topic: dlq }, { method: "POST", body: "{oops", headers: { ...auth, "content-type": "application/json" } })).status).toBe(400);
    expect((await call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${original}/requeue`, { cluster: "k", topic: original }, jsonInit("POST", { all: true }, auth))).status).toBe(404);
  });

  it("dry-runs, then requeues all 1,000 exactly once each, with key, value and headers; concurrent requests send nothing twice", async () => {
    expect((await requeue({ all: true, dryRun: true })).body).toEqual({ matched: COUNT });
    // Two operators click at the same moment: two jobs over the same messages.
    const [a, b] = await Promise.all([requeue({ all: true, ratePerSec: 20_000 }), requeue({ all: true, ratePerSec: 20_000 })]);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    const [jobA, jobB] = await Promise.all([runJobToEnd(a.body.job.id), runJobToEnd(b.body.job.id)]);
    expect(jobA.state).toBe("succeeded");
    expect(jobB.state).toBe("succeeded");
    expect(jobA.done + jobB.done).toBe(COUNT);

    const received = await consumeOriginal(COUNT);
    expect(received).toHaveLength(COUNT);
    const ids = new Set(received.map((m) => m.headers["x-eventscope-requeue-id"]));
    expect(ids.size).toBe(COUNT);
    const sample = received.find((m) => m.key === "order-7")!;
    expect(JSON.parse(sample.value)).toEqual({ id: "evt-7", amount: 7 });
    expect(sample.headers).toMatchObject({ "trace-id": "t-7", "x-eventscope-requeued-from": `k/${dlq}/0-7`, "kafka_dlt-original-topic": original });

    // A second requeue finds nothing pending and sends nothing.
    expect((await requeue({ all: true, dryRun: true })).body).toEqual({ matched: 0 });
    expect((await requeue({ all: true })).status).toBe(422);
    const listed = await call(routes.messages.GET, `/api/v1/clusters/k/dlq/${dlq}/messages?status=requeued&limit=1`, { cluster: "k", topic: dlq }, { headers: auth });
    expect(listed.body.messages[0].status).toBe("requeued");
  }, 120_000);
});

describe("a requeue job whose worker is killed with SIGKILL", () => {
  const crashOriginal = uniqueName("it-crash");
  const crashDlq = `${crashOriginal}.dlq`;
  const TOTAL = 600;
  let worker: ChildProcess | undefined;

  const startWorker = () =>
    spawn("npx", ["tsx", "--conditions=react-server", "scripts/job-worker.ts"], { env: process.env, stdio: "ignore", detached: true });

  afterAll(() => {
    if (worker?.pid) process.kill(-worker.pid, "SIGKILL");
  });

  it("resumes after a restart and still sends each message exactly once", async () => {
    await createTopic(kafka, crashOriginal, 1);
    await createTopic(kafka, crashDlq, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: crashDlq,
      messages: Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { "x-original-topic": crashOriginal, "x-error": "boom" } })),
    });
    await producer.disconnect();
    const created = await call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${crashDlq}/requeue`, { cluster: "k", topic: crashDlq }, jsonInit("POST", { all: true, ratePerSec: 150 }, auth));
    expect(created.status).toBe(202);
    const jobId = created.body.job.id;
    const readJob = async () => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: auth })).body;

    worker = startWorker();
    await waitFor(async () => (await readJob()).done >= 100, 60_000, "the job to be part-way");
    process.kill(-worker.pid!, "SIGKILL");
    const atCrash = await readJob();
    expect(atCrash.state).toBe("running");
    expect(atCrash.done).toBeLessThan(TOTAL);

    worker = startWorker();
    const finished = await waitFor(async () => {
      const job = await readJob();
      return job.state === "succeeded" ? job : undefined;
    }, 90_000, "the resumed job to finish");
    process.kill(-worker.pid!, "SIGKILL");
    worker = undefined;
    expect(finished.done).toBe(TOTAL);

    const consumer = kafka.consumer({ groupId: uniqueName("it-crash-verify"), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: crashOriginal, fromBeginning: true });
    const keys: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void keys.push(String(message.key)) });
    await waitFor(async () => keys.length >= TOTAL, 60_000, "all requeued messages");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await consumer.disconnect();
    expect(keys).toHaveLength(TOTAL);
    expect(new Set(keys).size).toBe(TOTAL);
  }, 240_000);
});
