import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { runJobToEnd, startJobsByHand } from "../support/jobs";
import { useTempConsoleEnv } from "../support/console-env";

// Replay of an offset range to another topic (Kafka) and of a sequence range to a subject (JetStream).
const { cleanup } = useTempConsoleEnv("eventscope-replay-", { clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }, { id: "n", name: "N", kind: "nats", servers: NATS_SERVERS }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
const source = uniqueName("it-replay-src");
const target = uniqueName("it-replay-dst");
let kafka: Kafka;
let route: any;

const replay = (cluster: string, topic: string, body: unknown) =>
  call(route.POST, `/api/v1/clusters/${cluster}/topics/${topic}/replay`, { cluster, topic }, jsonInit("POST", body, auth));

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, source, 3);
  await createTopic(kafka, target, 1);
  const producer = kafka.producer();
  await producer.connect();
  for (let partition = 0; partition < 3; partition++) {
    await producer.send({ topic: source, messages: Array.from({ length: 20 }, (_, i) => ({ partition, key: `p${partition}-${i}`, value: `v${partition}-${i}` })) });
  }
  await producer.disconnect();
  await startJobsByHand(); // the test drives the runner itself
  route = await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/replay/route");
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("replay", () => {
  it("copies exactly the chosen offset range of chosen partitions", async () => {
    const body = { from: { offset: 5 }, to: { offset: 14 }, partitions: [0, 2], target };
    expect((await replay("k", source, { ...body, dryRun: true })).body).toEqual({ matched: 20 });
    const created = await replay("k", source, body);
    expect(created.status).toBe(202);
    expect(await runJobToEnd(created.body.job.id)).toMatchObject({ state: "succeeded", done: 20, total: 20 });

    const consumer = kafka.consumer({ groupId: uniqueName("it-replay-verify"), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: target, fromBeginning: true });
    const keys: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void keys.push(String(message.key)) });
    await waitFor(async () => keys.length >= 20, 30_000, "20 replayed messages");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await consumer.disconnect();
    const expected = [0, 2].flatMap((p) => Array.from({ length: 10 }, (_, i) => `p${p}-${i + 5}`));
    expect(keys.sort()).toEqual(expected.sort());
  }, 90_000);

  it("refuses bad ranges, partitions and targets clearly", async () => {
    expect((await replay("k", source, { from: { offset: 9 }, to: { offset: 2 }, target })).body.error.field).toBe("to");
    expect((await replay("k", source, { from: { offset: 0 }, to: { offset: 2 }, partitions: [9], target })).body.error.field).toBe("partitions");
    expect((await replay("k", source, { from: { offset: 50 }, to: { offset: 60 }, partitions: [0], target })).body.error.field).toBe("from");
    expect((await replay("k", source, { from: { offset: 0 }, to: { offset: 2 }, target: "no-such-target-zz" })).body.error.field).toBe("target");
    expect((await replay("k", source, { from: { offset: 0 }, to: { offset: 2 }, target, ratePerSec: 0 })).status).toBe(400);
    expect((await replay("k", "no-such-topic-zz", { from: { offset: 0 }, to: { offset: 2 }, target })).status).toBe(404);
    expect((await replay("k", source, { from: { timestamp: "2000-01-01T00:00:00Z" }, to: { timestamp: "2000-01-02T00:00:00Z" }, target })).status).toBe(422);
  });

  it("replays a JetStream sequence range to a subject", async () => {
    const nats = await connectNats();
    const tag = uniqueName("r").replace(/-/g, "_").toLowerCase();
    const stream = `IT_REPLAY_${tag}`.toUpperCase();
    await nats.jsm.streams.add({ name: stream, subjects: [`${tag}.>`] });
    for (let i = 1; i <= 10; i++) await nats.js.publish(`${tag}.in`, `m${i}`);
    const created = await replay("n", stream, { from: { offset: 3 }, to: { offset: 6 }, target: `${tag}.replayed` });
    expect(created.status).toBe(202);
    expect(await runJobToEnd(created.body.job.id)).toMatchObject({ state: "succeeded", done: 4 });
    const info = await nats.jsm.streams.info(stream, { subjects_filter: `${tag}.replayed` });
    expect(info.state.subjects?.[`${tag}.replayed`]).toBe(4);
    const first = await nats.jsm.streams.getMessage(stream, { seq: 11 });
    expect(new TextDecoder().decode(first!.data)).toBe("m3");
    await nats.jsm.streams.delete(stream);
    await nats.nc.close();
  }, 60_000);
});
