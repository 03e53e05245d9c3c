import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// What a crash leaves behind, set up by hand on a real JetStream (the shared server cannot be killed
// here): (a) claims a job had sent but not recorded, (b) "requeued" entries that came back into the
// DLQ stream because their deletion was lost. The job's `done`, the DLQ list's `pending` and a
// requeue dry run must all tell the truth about them.
const { cleanup } = useTempConsoleEnv("eventscope-crashcount-", { clusters: [{ id: "n", name: "N", kind: "nats", servers: NATS_SERVERS }, { id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const tag = uniqueName("c").replace(/-/g, "_").toLowerCase();
const ORIGINAL = `IT_ORIG_${tag}`.toUpperCase();
const DLQ_A = `IT_${tag}_A_DLQ`.toUpperCase();
const DLQ_B = `IT_${tag}_B_DLQ`.toUpperCase();
const kafkaOriginal = uniqueName("it-crash");
const kafkaDlq = `${kafkaOriginal}.DLT`;
let kafka: Kafka;
let nats: Awaited<ReturnType<typeof connectNats>>;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");
let state: typeof import("@/lib/dlq/dlq-state");
let requeueIdOf: typeof import("@/lib/dlq/requeue-id").requeueIdOf;

const requeue = (topic: string, body: unknown) =>
  call(routes.requeue.POST, `/api/v1/clusters/n/dlq/${topic}/requeue`, { cluster: "n", topic }, jsonInit("POST", body, auth));
const listedPending = async (topic: string) =>
  (await call(routes.dlqs.GET, "/api/v1/clusters/n/dlq", { cluster: "n" }, { headers: auth })).body.dlqs.find((d: { topic: string }) => d.topic === topic)?.pending;
const dryRun = async (topic: string) => (await requeue(topic, { all: true, dryRun: true })).body.matched;

async function seed(stream: string, count: number) {
  await nats.jsm.streams.add({ name: stream, subjects: [`dl_${stream.toLowerCase()}.>`] });
  for (let i = 0; i < count; i++) {
    const h = natsHeaders();
    h.set("x-original-subject", `${tag}.orders`);
    h.set("x-error", "boom");
    await nats.js.publish(`dl_${stream.toLowerCase()}.x`, JSON.stringify({ id: `${stream}-${i}` }), { headers: h });
  }
}

beforeAll(async () => {
  nats = await connectNats();
  await nats.jsm.streams.add({ name: ORIGINAL, subjects: [`${tag}.>`] });
  await seed(DLQ_A, 10);
  await seed(DLQ_B, 6);
  kafka = testKafka();
  await createTopic(kafka, kafkaOriginal, 1);
  await createTopic(kafka, kafkaDlq, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: kafkaDlq,
    messages: Array.from({ length: 10 }, (_, i) => ({ key: `k-${i}`, value: JSON.stringify({ id: i }), headers: { "kafka_dlt-original-topic": kafkaOriginal, "kafka_dlt-exception-message": "boom" } })),
  });
  await producer.disconnect();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  state = await import("@/lib/dlq/dlq-state");
  ({ requeueIdOf } = await import("@/lib/dlq/requeue-id"));
  startJobs();
  jobs.stopJobRunner();
  routes = {
    dlqs: await import("@/app/api/v1/clusters/[cluster]/dlq/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  for (const stream of [ORIGINAL, DLQ_A, DLQ_B]) await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [kafkaOriginal, kafkaDlq] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a requeue job resumed after a crash", () => {
  it("counts the messages it finds already sent as done, so done matches what the target holds", async () => {
    const created = await requeue(DLQ_A, { all: true });
    expect(created.status).toBe(202);
    const jobId: string = created.body.job.id;
    // The crash: the job had claimed seqs 1-4, published them (under their Nats-Msg-Id) and deleted
    // them from the DLQ, but died before recording them as requeued or counting them.
    const key = { clusterId: "n", dlqTopic: DLQ_A };
    const ids = ["1", "2", "3", "4"];
    await state.claimForJob(key, jobId, ids.map((id) => ({ messageId: id, requeueId: requeueIdOf("n", DLQ_A, id) })));
    for (const id of ids) {
      const original = await nats.jsm.streams.getMessage(DLQ_A, { seq: Number(id) });
      await nats.js.publish(`${tag}.orders`, original!.data, { msgID: requeueIdOf("n", DLQ_A, id) });
      await nats.jsm.streams.deleteMessage(DLQ_A, Number(id));
    }

    await Promise.all(await jobs.runAvailableJobs());
    const job = await waitFor(async () => {
      const view = (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: auth })).body;
      return ["succeeded", "failed", "cancelled"].includes(view.state) ? view : undefined;
    }, 60_000, "the job to finish");
    expect((await nats.jsm.streams.info(ORIGINAL)).state.messages).toBe(10);
    expect(job).toMatchObject({ state: "succeeded", total: 10, done: 10, failed: 0 });
    expect((await nats.jsm.streams.info(DLQ_A)).state.messages).toBe(0);
  }, 90_000);
});

describe("a Kafka requeue job resumed after a crash", () => {
  it("counts the copies it finds on the target by their requeue id as done", async () => {
    const requeueKafka = (body: unknown) =>
      call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${kafkaDlq}/requeue`, { cluster: "k", topic: kafkaDlq }, jsonInit("POST", body, auth));
    const created = await requeueKafka({ all: true });
    expect(created.status).toBe(202);
    const jobId: string = created.body.job.id;
    // The crash: the job had noted the target's log end, claimed offsets 0-3 and sent them (with
    // their requeue id header), but died before recording or counting them.
    const { getDb } = await import("@/lib/db");
    const db = await getDb();
    await db.job.update({ where: { id: jobId }, data: { state: "running", cursor: JSON.stringify({ targets: { [kafkaOriginal]: { "0": 0 } } }) } });
    const key = { clusterId: "k", dlqTopic: kafkaDlq };
    const ids = ["0-0", "0-1", "0-2", "0-3"];
    await state.claimForJob(key, jobId, ids.map((id) => ({ messageId: id, requeueId: requeueIdOf("k", kafkaDlq, id) })));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: kafkaOriginal,
      messages: ids.map((id, i) => ({ key: `k-${i}`, value: JSON.stringify({ id: i }), headers: { "x-eventscope-requeue-id": requeueIdOf("k", kafkaDlq, id) } })),
    });
    await producer.disconnect();

    await Promise.all(await jobs.runAvailableJobs());
    const job = await waitFor(async () => {
      const view = (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: auth })).body;
      return ["succeeded", "failed", "cancelled"].includes(view.state) ? view : undefined;
    }, 60_000, "the job to finish");
    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchTopicOffsets(kafkaOriginal);
    await admin.disconnect();
    expect(Number(offsets.high)).toBe(10); // each message once
    expect(job).toMatchObject({ state: "succeeded", total: 10, done: 10, failed: 0 });
  }, 90_000);
});

describe("requeued entries that came back into the DLQ stream", () => {
  it("are not pending in the DLQ list, as in the dry run", async () => {
    expect(await listedPending(DLQ_B)).toBe(6);
    expect(await dryRun(DLQ_B)).toBe(6);
    // A real requeue of one message: sent, recorded and deleted from the stream.
    const one = await requeue(DLQ_B, { ids: ["6"] });
    await Promise.all(await jobs.runAvailableJobs());
    await waitFor(async () => (await call(routes.job.GET, `/api/v1/jobs/${one.body.job.id}`, { job: one.body.job.id }, { headers: auth })).body.state === "succeeded", 60_000, "the requeue");
    expect(await listedPending(DLQ_B)).toBe(5);
    expect(await dryRun(DLQ_B)).toBe(5);

    // The crash: seqs 2 and 3 were requeued and recorded, but their deletion was lost, so they are
    // back in the stream (here: never deleted).
    const key = { clusterId: "n", dlqTopic: DLQ_B };
    const ids = ["2", "3"];
    await state.claimForJob(key, "crashed-job", ids.map((id) => ({ messageId: id, requeueId: requeueIdOf("n", DLQ_B, id) })));
    await state.markRequeued(key, "crashed-job", ids);
    expect((await nats.jsm.streams.info(DLQ_B)).state.messages).toBe(5);
    expect(await dryRun(DLQ_B)).toBe(3);
    expect(await listedPending(DLQ_B)).toBe(3);
  }, 90_000);
});
