import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Headers are checked before a requeue job exists, and a job tells a permanent broker refusal (fails
// at once with the reason, its messages pending again) from an outage (paused: since when, why).
// Before, every broker error was an "outage": such a job stayed "running" for 8.5 minutes, silently.
const { cleanup } = useTempConsoleEnv("eventscope-joberr-", {
  clusters: [
    { id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "n", name: "N", kind: "nats", servers: NATS_SERVERS },
    // Nothing listens on port 9 here: every call is refused, as in an outage.
    { id: "down", name: "Down", kind: "nats", servers: ["nats://127.0.0.1:9"] },
  ],
});
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const tag = uniqueName("e").replace(/-/g, "_").toLowerCase();
const SMALL = `IT_SMALL_${tag}`.toUpperCase();
const DLQ_STREAM = `IT_${tag}_DLQ`.toUpperCase();
const kafkaSmall = uniqueName("it-small");
const kafkaDlq = `${kafkaSmall}.DLT`;
let nats: Awaited<ReturnType<typeof connectNats>>;
let kafka: Kafka;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

const requeue = (cluster: string, topic: string, body: unknown) =>
  call(routes.requeue.POST, `/api/v1/clusters/${cluster}/dlq/${topic}/requeue`, { cluster, topic }, jsonInit("POST", body, auth));
const getJob = async (id: string) => (await call(routes.job.GET, `/api/v1/jobs/${id}`, { job: id }, { headers: auth })).body;

async function finish(jobId: string) {
  await Promise.all(await jobs.runAvailableJobs());
  // Well under the 8.5 minutes an "outage" would have been retried for.
  return waitFor(async () => {
    const job = await getJob(jobId);
    return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 60_000, "the job to finish");
}

beforeAll(async () => {
  nats = await connectNats();
  // A stream that refuses messages over 64 bytes: JetStream answers the publish with an API error.
  await nats.jsm.streams.add({ name: SMALL, subjects: [`${tag}.>`], max_msg_size: 64 });
  await nats.jsm.streams.add({ name: DLQ_STREAM, subjects: [`deadletter_${tag}.>`] });
  const h = natsHeaders();
  h.set("x-original-subject", `${tag}.orders`);
  h.set("x-error", "boom");
  await nats.js.publish(`deadletter_${tag}.orders`, JSON.stringify({ id: "big", padding: "x".repeat(200) }), { headers: h });

  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: kafkaSmall, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "max.message.bytes", value: "200" }] },
      { topic: kafkaDlq, numPartitions: 1, replicationFactor: 1 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: kafkaDlq,
    messages: [{ key: "k", value: JSON.stringify({ id: "big", padding: "x".repeat(2000) }), headers: { "kafka_dlt-original-topic": kafkaSmall, "kafka_dlt-exception-message": "boom" } }],
  });
  await producer.disconnect();

  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner();
  routes = {
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    jobs: await import("@/app/api/v1/jobs/route"),
  };
}, 120_000);

afterAll(async () => {
  await nats.jsm.streams.delete(SMALL).catch(() => undefined);
  await nats.jsm.streams.delete(DLQ_STREAM).catch(() => undefined);
  await nats.nc.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [kafkaSmall, kafkaDlq] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("setHeaders", () => {
  it.each([
    ["a space", "v"],
    ["colon:name", "v"],
    ["cr\rname", "v"],
    ["lf\nname", "v"],
    ["Nats-Msg-Id", "v"],
    ["Nats-Expected-Stream", "OTHER"],
    ["x-fine", "value\r\nPUB $JS.API.STREAM.DELETE.X 0"],
  ])("JetStream: refuses header %j with value %j (400 naming setHeaders, no job)", async (name, value) => {
    const before = (await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers: auth })).body.jobs.length;
    const response = await requeue("n", DLQ_STREAM, { all: true, setHeaders: { [name]: value } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "invalid-input", field: "setHeaders" });
    expect((await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers: auth })).body.jobs.length).toBe(before);
  });

  it("Kafka: refuses control characters and overlong names; allows ordinary ones", async () => {
    for (const name of ["a\u0001b", "a\nb", "h".repeat(256)]) {
      const response = await requeue("k", kafkaDlq, { all: true, dryRun: true, setHeaders: { [name]: "v" } });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe("setHeaders");
    }
    expect((await requeue("k", kafkaDlq, { all: true, dryRun: true, setHeaders: { "x-retry reason": "manual: ok" } })).status).toBe(200);
    expect((await requeue("n", DLQ_STREAM, { all: true, dryRun: true, setHeaders: { "x-retry-reason": "manual: ok\tfine" } })).status).toBe(200);
  });
});

describe("a permanent broker refusal", () => {
  it("JetStream: fails the job at once with JetStream's reason, and the message is pending again", async () => {
    const created = await requeue("n", DLQ_STREAM, { all: true });
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job.state).toBe("failed");
    expect(job.error).toMatch(/refused by JetStream: .*(size|maximum)/i);
    expect(job.pausedSince).toBeUndefined();
    const pending = await call(routes.messages.GET, `/api/v1/clusters/n/dlq/${DLQ_STREAM}/messages?status=pending`, { cluster: "n", topic: DLQ_STREAM }, { headers: auth });
    expect(pending.body.messages).toHaveLength(1);
    expect((await nats.jsm.streams.info(SMALL)).state.messages).toBe(0);
  }, 90_000);

  it("Kafka: fails the job at once when the topic refuses the message as too large", async () => {
    const created = await requeue("k", kafkaDlq, { all: true });
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job.state).toBe("failed");
    expect(job.error).toMatch(/refused by Kafka: .*larger than .*MESSAGE_TOO_LARGE/);
  }, 90_000);
});

describe("a replay", () => {
  it("fails at once with the broker's reason when the target refuses the message", async () => {
    const replay = await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/replay/route");
    const created = await call(replay.POST, `/api/v1/clusters/k/topics/${kafkaDlq}/replay`, { cluster: "k", topic: kafkaDlq }, jsonInit("POST", { from: { offset: 0 }, to: { offset: 0 }, target: kafkaSmall }, auth));
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job.state).toBe("failed");
    expect(job.error).toMatch(/refused by Kafka: .*MESSAGE_TOO_LARGE/);
  }, 90_000);

  it("pauses through an outage instead of failing", async () => {
    const { createJob, requestCancel } = await import("@/lib/jobs/job-store");
    const job = await createJob({
      kind: "replay",
      clusterId: "down",
      params: { topic: "ANY", target: "any.subject", ranges: [{ partition: 0, from: 1, to: 2 }], ratePerSec: 100 },
      total: 1,
      createdBy: "test",
    });
    const running = jobs.runJob(job.id);
    const paused = await waitFor(async () => {
      const view = await getJob(job.id);
      return view.pausedSince || view.state !== "running" ? view : undefined;
    }, 60_000, "the replay to pause");
    expect(paused).toMatchObject({ state: "running", pausedReason: expect.stringMatching(/^broker unavailable: /) });
    await requestCancel(job.id);
    expect(await running).toBe("cancelled");
  }, 90_000);
});

describe("an outage", () => {
  it("pauses the job, which says since when and why, until it is cancelled", async () => {
    const { createJob, requestCancel } = await import("@/lib/jobs/job-store");
    const job = await createJob({
      kind: "requeue",
      clusterId: "down",
      params: { topic: "ANY_DLQ", dlqKind: "topic", ratePerSec: 100 },
      total: 1,
      createdBy: "test",
    });
    const running = jobs.runJob(job.id);
    const paused = await waitFor(async () => {
      const view = await getJob(job.id);
      return view.pausedSince ? view : undefined;
    }, 60_000, "the job to pause");
    expect(paused.state).toBe("running");
    expect(paused.pausedReason).toMatch(/^broker unavailable: .*(refused|127\.0\.0\.1:9)/);
    expect(Number.isNaN(Date.parse(paused.pausedSince))).toBe(false);
    expect(paused.error).toBeUndefined();
    await requestCancel(job.id);
    expect(await running).toBe("cancelled");
    const ended = await getJob(job.id);
    expect(ended.state).toBe("cancelled");
    expect(ended.pausedSince).toBeUndefined();
  }, 90_000);
});
