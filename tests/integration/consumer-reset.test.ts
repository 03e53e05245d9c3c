import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Admin, Consumer, Kafka } from "kafkajs";
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { callAsAdmin } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Consumer-group offset reset end to end: the real route handler, real Kafka and NATS JetStream, a
// fresh SQLite database. Committed offsets are checked with kafkajs's own admin, and JetStream
// consumers with the JetStream API, never through the code under test.
const { cleanup } = useTempConsoleEnv("eventscope-reset-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});

const PER_PARTITION = 10;
// Explicit CreateTime timestamps: message i of each partition is at BASE + i seconds.
const BASE = Date.UTC(2026, 0, 15, 12, 0, 0);
const topic = uniqueName("it-reset");
const group = uniqueName("it-reset-group");
let kafka: Kafka;
let admin: Admin;
let routes: Record<string, any>;

const reset = (cluster: string, name: string, body: unknown) =>
  callAsAdmin(routes.reset.POST, `/api/v1/clusters/${cluster}/consumers/${encodeURIComponent(name)}/reset`, { cluster, group: name }, jsonInit("POST", body));
const kafkaReset = (body: unknown, name = group) => reset("local-kafka", name, body);

async function committed(groupId = group): Promise<number[]> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return entry!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
}

async function startConsumer(): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
  await waitFor(async () => (await admin.describeGroups([group])).groups[0]?.state === "Stable", 30_000, "the consumer to join");
  return consumer;
}

beforeAll(async () => {
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await createTopic(kafka, topic, 2);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [0, 1].flatMap((partition) =>
      Array.from({ length: PER_PARTITION }, (_, i) => ({ partition, value: `p${partition}-${i}`, timestamp: String(BASE + i * 1000) })),
    ),
  });
  await producer.disconnect();
  routes = {
    reset: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/reset/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
    readOnly: await import("@/app/api/v1/settings/read-only/route"),
  };
}, 120_000);

afterAll(async () => {
  await admin?.disconnect();
  const { forgetCluster } = await import("@/lib/clusters/registry");
  await Promise.all([forgetCluster("local-kafka"), forgetCluster("local-nats")]);
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("Kafka consumer group reset", () => {
  it("is refused with 409 while a consumer is active, and applied once it has left", async () => {
    const consumer = await startConsumer();
    try {
      await waitFor(async () => (await committed()).every((offset) => offset === PER_PARTITION), 30_000, "the consumer to commit");

      const preview = await kafkaReset({ to: "earliest", dryRun: true });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ applied: false, dryRun: true, members: 1, method: "commit", blocked: { code: "conflict" } });
      expect(preview.body.blocked.message).toContain("has 1 active member");

      const refused = await kafkaReset({ to: "earliest" });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: "conflict", members: 1 });
      expect(refused.body.error.message).toMatch(/has 1 active member .*Stop the consumers first/);
      expect(await committed()).toEqual([10, 10]);
    } finally {
      await consumer.disconnect();
    }
    await waitFor(async () => (await admin.describeGroups([group])).groups[0]?.members.length === 0, 30_000, "the group to empty");

    const applied = await kafkaReset({ to: "earliest" });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, dryRun: false, members: 0, method: "commit", lag: 0, resultingLag: 20 });
    expect(applied.body).not.toHaveProperty("blocked");
    expect(applied.body.partitions).toEqual([
      { topic, partition: 0, from: 10, to: 0, low: 0, high: 10, lag: 0, resultingLag: 10 },
      { topic, partition: 1, from: 10, to: 0, low: 0, high: 10, lag: 0, resultingLag: 10 },
    ]);
    expect(await committed()).toEqual([0, 0]);

    const { getDb } = await import("@/lib/db");
    const events = await (await getDb()).auditEvent.findMany({ where: { action: "consumer.reset" }, orderBy: { at: "asc" } });
    expect(events.map((event) => JSON.parse(event.result).applied)).toEqual([false, true]);
    expect(events[1]).toMatchObject({ target: `consumer:local-kafka/${group}` });
    expect(JSON.parse(events[1]!.result)).toMatchObject({ method: "commit", partitions: 2, lagBefore: 0, lagAfter: 20 });
  });

  it("changes nothing on a dry run", async () => {
    const before = await committed();
    const preview = await kafkaReset({ to: "latest", dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, dryRun: true, lag: 20, resultingLag: 0 });
    expect(preview.body.partitions.map((p: { to: number }) => p.to)).toEqual([10, 10]);
    expect(await committed()).toEqual(before);
  });

  it("resets to latest, a time, a shift and specific offsets exactly", async () => {
    expect((await kafkaReset({ to: "latest" })).status).toBe(200);
    expect(await committed()).toEqual([10, 10]);

    // 3.5 s after BASE: the first message at or after it is offset 4 in both partitions.
    const timed = await kafkaReset({ to: { timestamp: new Date(BASE + 3_500).toISOString() } });
    expect(timed.status).toBe(200);
    expect(timed.body.partitions.map((p: { from: number; to: number; resultingLag: number }) => [p.from, p.to, p.resultingLag])).toEqual([
      [10, 4, 6],
      [10, 4, 6],
    ]);
    expect(await committed()).toEqual([4, 4]);
    // Timezone offsets are honoured: the same instant written as +02:00.
    expect((await kafkaReset({ to: { timestamp: "2026-01-15T14:00:06.000+02:00" } })).status).toBe(200);
    expect(await committed()).toEqual([6, 6]);
    // After the last message: the end of the log.
    const future = await kafkaReset({ to: { timestamp: "2030-01-01T00:00:00Z" }, dryRun: true });
    expect(future.body.partitions[0]).toMatchObject({ to: 10, noMessageAtOrAfter: true });

    expect((await kafkaReset({ to: { shiftBy: -3 } })).status).toBe(200);
    expect(await committed()).toEqual([3, 3]);
    expect((await kafkaReset({ to: { shiftBy: 5 }, topics: [topic] })).status).toBe(200);
    expect(await committed()).toEqual([8, 8]);
    const clamped = await kafkaReset({ to: { shiftBy: -100 } });
    expect(clamped.body.partitions[0]).toMatchObject({ from: 8, to: 0, clamped: "low", requested: -92 });
    expect(clamped.body.notes.join(" ")).toContain("2 partitions asked for an offset outside");
    expect(await committed()).toEqual([0, 0]);

    const specific = await kafkaReset({ to: { offsets: [{ topic, partition: 1, offset: 7 }] } });
    expect(specific.status).toBe(200);
    expect(specific.body.partitions).toEqual([{ topic, partition: 1, from: 0, to: 7, low: 0, high: 10, lag: 10, resultingLag: 3 }]);
    expect(await committed()).toEqual([0, 7]);
    const beyond = await kafkaReset({ to: { offsets: [{ topic, partition: 0, offset: 2 }, { topic, partition: 1, offset: 999 }] } });
    expect(beyond.body.partitions[1]).toMatchObject({ to: 10, clamped: "high", requested: 999, resultingLag: 0 });
    expect(await committed()).toEqual([2, 10]);

    // The consumer page agrees with the preview's resulting lag.
    const detail = await callAsAdmin(routes.consumer.GET, `/api/v1/clusters/local-kafka/consumers/${group}`, { cluster: "local-kafka", group });
    expect(detail.body.partitions.map((p: { committed: number; lag: number }) => [p.committed, p.lag])).toEqual([
      [2, 8],
      [10, 0],
    ]);
  });

  it("resets a topic the group has not consumed yet when it is named, but cannot shift it", async () => {
    const other = uniqueName("it-reset-other");
    await createTopic(kafka, other, 1);
    const preview = await kafkaReset({ to: "earliest", topics: [other], dryRun: true });
    expect(preview.body.partitions).toEqual([{ topic: other, partition: 0, from: null, to: 0, low: 0, high: 0, lag: 0, resultingLag: 0 }]);
    const shift = await kafkaReset({ to: { shiftBy: 1 }, topics: [topic, other] });
    expect(shift.status).toBe(400);
    expect(shift.body.error).toMatchObject({ field: "to.shiftBy", message: expect.stringContaining(`"${other}" partition 0 has no committed offset`) });
  });

  it.each([
    [{ to: "earliest", topics: ["no-such-topic-xyz"] }, "topics", 'topic "no-such-topic-xyz" does not exist'],
    [{ to: { offsets: [{ topic, partition: 0, offset: 1 }, { topic, partition: 9, offset: 1 }] } }, "to.offsets.1.partition", "has no partition 9"],
    [{ to: { offsets: [{ topic: "no-such-topic-xyz", partition: 0, offset: 1 }] } }, "to.offsets.0.topic", "does not exist"],
    [{ to: { offsets: [{ topic, partition: 0, offset: 1 }] }, topics: ["x"] }, "to.offsets.0.topic", "is not one of topics"],
    [{ to: { timestamp: "last tuesday" } }, "to.timestamp", "ISO 8601"],
    [{ to: { timestamp: 1700000000000 } }, "to.timestamp", "ISO 8601"],
    [{ to: "beginning" }, "to", 'expected "earliest"'],
    [{ to: { shiftBy: "ten" } }, "to.shiftBy", "whole number"],
    [{ to: { offsets: [{ topic, partition: 0, offset: -1 }] } }, "to.offsets.0.offset", "offset"],
    [{ to: "earliest", dryrun: true }, "body", "dryrun"],
    [{ to: "earliest", recreate: true }, "recreate", "only JetStream"],
  ])("answers 400 naming the field for %j", async (body, field, text) => {
    const before = await committed();
    const { status, body: answer } = await kafkaReset(body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ code: "invalid-input", field });
    expect(answer.error.message).toContain(text);
    expect(await committed()).toEqual(before);
  });

  it("answers 400 for a body that is not JSON, 404 for an unknown group, 403 on a read-only cluster", async () => {
    const notJson = await callAsAdmin(routes.reset.POST, `/api/v1/clusters/local-kafka/consumers/${group}/reset`, { cluster: "local-kafka", group }, {
      method: "POST",
      body: "{to: earliest",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.field).toBe("body");

    const unknown = await kafkaReset({ to: "earliest", dryRun: true }, "no-such-group-xyz");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('consumer group "no-such-group-xyz"');

    const set = (clusters: Record<string, boolean>) => callAsAdmin(routes.readOnly.PUT, "/api/v1/settings/read-only", {}, jsonInit("PUT", { clusters }));
    await set({ "local-kafka": true });
    try {
      const refused = await kafkaReset({ to: "earliest" });
      expect(refused.status).toBe(403);
      expect(refused.body.error.reason).toBe("read-only");
    } finally {
      await set({ "local-kafka": false });
    }
  });

  it("needs credentials", async () => {
    const anonymous = await call(routes.reset.POST, `/api/v1/clusters/local-kafka/consumers/${group}/reset`, { cluster: "local-kafka", group }, jsonInit("POST", { to: "earliest" }));
    expect(anonymous.status).toBe(401);
  });
});

describe("JetStream consumer reset", () => {
  const stream = uniqueName("IT_RESET").replace(/-/g, "_");
  const subject = `${stream.toLowerCase()}.events`;
  const name = `${stream}.worker`;
  let nats: { nc: { close(): Promise<void>; subscribe(subject: string): { unsubscribe(): void } }; jsm: JetStreamManager; js: JetStreamClient };
  let splitAt: string;
  const natsReset = (body: unknown, consumer = name) => reset("local-nats", consumer, body);
  const info = () => nats.jsm.consumers.info(stream, "worker");

  beforeAll(async () => {
    nats = (await connectNats()) as typeof nats;
    await nats.jsm.streams.add({ name: stream, subjects: [`${stream.toLowerCase()}.>`] });
    for (let i = 1; i <= 5; i++) await nats.js.publish(subject, `m${i}`);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    splitAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 6; i <= 10; i++) await nats.js.publish(subject, `m${i}`);
    await nats.jsm.consumers.add(stream, {
      durable_name: "worker",
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: 7,
      ack_wait: 15_000_000_000,
      description: "reset test",
    });
    const consumer = await nats.js.consumers.get(stream, "worker");
    const batch = await consumer.fetch({ max_messages: 4, expires: 2_000 });
    for await (const message of batch) message.ack();
    await waitFor(async () => (await info()).ack_floor.stream_seq === 4, 10_000, "the acks");
  }, 60_000);

  afterAll(async () => {
    await nats?.jsm.streams.delete(stream).catch(() => undefined);
    await nats?.nc.close();
  });

  it("explains that the server cannot move a durable in place, in the preview and as a 422", async () => {
    const preview = await natsReset({ to: "earliest", dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      applied: false,
      method: "recreate",
      members: 0,
      partitions: [{ topic: stream, partition: 0, from: 5, to: 1, low: 1, high: 11, lag: 6, resultingLag: 10 }],
      blocked: { code: "unsupported" },
    });
    expect(preview.body.blocked.message).toMatch(/nats-server 2\.\d+\.\d+ cannot move a durable consumer's start in place/);
    expect(preview.body.blocked.message).toContain("recreate: true");

    const refused = await natsReset({ to: "earliest" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("unsupported");
    expect(refused.body.error.message).toBe(preview.body.blocked.message);
    expect((await info()).ack_floor.stream_seq).toBe(4);
  });

  it("recreates the durable at the new start on recreate: true, keeping its configuration", async () => {
    const preview = await natsReset({ to: "earliest", recreate: true, dryRun: true });
    expect(preview.body).not.toHaveProperty("blocked");
    expect(preview.body.notes.join(" ")).toContain("starting at stream sequence 1");

    const applied = await natsReset({ to: "earliest", recreate: true });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, method: "recreate", resultingLag: 10 });
    const after = await info();
    expect(after.config).toMatchObject({
      durable_name: "worker",
      deliver_policy: "by_start_sequence",
      opt_start_seq: 1,
      ack_policy: "explicit",
      max_deliver: 7,
      ack_wait: 15_000_000_000,
      description: "reset test",
    });
    expect(after.num_pending + after.num_ack_pending).toBe(10);
    const consumer = await nats.js.consumers.get(stream, "worker");
    const first = await consumer.next({ expires: 2_000 });
    expect(first?.seq).toBe(1);
    first?.nak();
  });

  it("resets to a time, a shift and a specific sequence exactly", async () => {
    const timed = await natsReset({ to: { timestamp: splitAt }, recreate: true });
    expect(timed.status).toBe(200);
    expect(timed.body.partitions[0]).toMatchObject({ to: 6, resultingLag: 5 });
    expect((await info()).config.opt_start_seq).toBe(6);
    expect((await info()).num_pending).toBe(5);

    // Nothing delivered since the recreate: the consumer stands at 6, and +2 takes it to 8.
    const shifted = await natsReset({ to: { shiftBy: 2 }, recreate: true });
    expect(shifted.body.partitions[0]).toMatchObject({ from: 6, to: 8, resultingLag: 3 });
    expect((await info()).config.opt_start_seq).toBe(8);

    const specific = await natsReset({ to: { offsets: [{ topic: stream, partition: 0, offset: 3 }] }, recreate: true });
    expect(specific.body.partitions[0]).toMatchObject({ from: 8, to: 3, resultingLag: 8 });
    const after = await info();
    expect(after.config.opt_start_seq).toBe(3);
    expect(after.num_pending).toBe(8);

    const detail = await callAsAdmin(routes.consumer.GET, `/api/v1/clusters/local-nats/consumers/${name}`, { cluster: "local-nats", group: name });
    expect(detail.body.lag).toBe(8);
  });

  it("refuses to recreate a durable while a client is bound to it (409)", async () => {
    const deliver = `deliver.${stream.toLowerCase()}`;
    await nats.jsm.consumers.add(stream, { durable_name: "pusher", ack_policy: AckPolicy.Explicit, deliver_subject: deliver });
    const subscription = nats.nc.subscribe(deliver);
    await waitFor(async () => (await nats.jsm.consumers.info(stream, "pusher")).push_bound === true, 10_000, "push_bound");
    const refused = await natsReset({ to: "latest", recreate: true }, `${stream}.pusher`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("stop the consumers first");
    subscription.unsubscribe();
    await waitFor(async () => !(await nats.jsm.consumers.info(stream, "pusher")).push_bound, 10_000, "the subscription to go");
    const applied = await natsReset({ to: "latest", recreate: true }, `${stream}.pusher`);
    expect(applied.status).toBe(200);
    const after = await nats.jsm.consumers.info(stream, "pusher");
    expect(after.config).toMatchObject({ deliver_subject: deliver, opt_start_seq: 11 });
    expect(after.num_pending).toBe(0);
  });

  it("answers 404 for an unknown consumer and 400 for another stream or partition", async () => {
    expect((await natsReset({ to: "earliest", dryRun: true }, `${stream}.nobody`)).status).toBe(404);
    const otherStream = await natsReset({ to: "earliest", topics: ["OTHER"], dryRun: true });
    expect(otherStream.status).toBe(400);
    expect(otherStream.body.error).toMatchObject({ field: "topics", message: expect.stringContaining(`its stream is "${stream}"`) });
    const partition = await natsReset({ to: { offsets: [{ topic: stream, partition: 1, offset: 3 }] }, dryRun: true });
    expect(partition.status).toBe(400);
    expect(partition.body.error).toMatchObject({ field: "to.offsets.0.partition", message: expect.stringContaining("only partition 0") });
  });
});
