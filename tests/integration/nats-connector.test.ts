import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckPolicy } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { NatsConnector } from "@/lib/brokers/nats/nats-connector";
import { decodeMessage } from "@/lib/messages/decode-message";
import { NATS_SERVERS, connectNats, uniqueName, waitFor } from "../support/brokers";

const suffix = uniqueName("s").replace(/-/g, "_").toUpperCase();
const stream = `IT_${suffix}`;
const subject = `it.${suffix.toLowerCase()}`;
let nats: Awaited<ReturnType<typeof connectNats>>;
const connector = new NatsConnector({ id: "it-nats", name: "IT NATS", kind: "nats", servers: NATS_SERVERS });

beforeAll(async () => {
  nats = await connectNats();
  await nats.jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
  for (let index = 1; index <= 10; index++) {
    const h = headers();
    h.set("x-trace", `t-${index}`);
    h.set("x-hostile", "<script>alert(1)</script>");
    await nats.js.publish(`${subject}.created`, JSON.stringify({ id: index }), { headers: h });
  }
  // A durable consumer with 6 delivered, 3 acknowledged: 4 pending, 3 waiting for an ack.
  await nats.jsm.consumers.add(stream, { durable_name: "inventory", ack_policy: AckPolicy.Explicit, ack_wait: 60_000_000_000 });
  const consumer = await nats.js.consumers.get(stream, "inventory");
  const batch = await consumer.fetch({ max_messages: 6, expires: 2_000 });
  let received = 0;
  for await (const message of batch) {
    if (received < 3) message.ack();
    received++;
    if (received === 6) break;
  }
  await waitFor(async () => {
    const info = await nats.jsm.consumers.info(stream, "inventory");
    return info.num_ack_pending === 3 && info.num_pending === 4;
  }, 10_000, "acks to settle");
}, 60_000);

afterAll(async () => {
  await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.close();
  await connector.close();
});

describe("NatsConnector against a real JetStream server", () => {
  it("is healthy", async () => {
    await expect(connector.checkHealth()).resolves.toBeUndefined();
  });

  it("lists streams as topics with messages and bytes", async () => {
    const found = (await connector.listTopics()).find((topic) => topic.name === stream);
    expect(found).toMatchObject({ name: stream, partitions: 1, messages: 10 });
    expect(found!.bytes).toBeGreaterThan(0);
  });

  it("describes a stream as one partition of sequences, with subjects", async () => {
    const detail = await connector.describeTopic(stream);
    expect(detail.partitions).toEqual([{ partition: 0, low: 1, high: 11, messages: 10 }]);
    expect(detail.subjects).toEqual([`${subject}.>`]);
  });

  it("reads by stream sequence with headers and subject", async () => {
    const page = await connector.readMessages(stream, { from: 2, limit: 3 });
    expect(page.messages.map((message) => message.offset)).toEqual([2, 3, 4]);
    expect(page.next).toEqual({ partition: 0, offset: 5 });
    expect(decodeMessage(page.messages[0])).toMatchObject({
      subject: `${subject}.created`,
      encoding: "json",
      headers: { "x-trace": "t-2", "x-hostile": "<script>alert(1)</script>" },
    });
  });

  it("reads from a time and the newest by default", async () => {
    const all = await connector.readMessages(stream, { from: 1, limit: 10 });
    const sixth = all.messages[5];
    const since = await connector.readMessages(stream, { since: new Date(sixth.timestamp), limit: 1 });
    expect(since.messages[0].timestamp >= sixth.timestamp).toBe(true);
    expect(since.messages[0].offset).toBeLessThanOrEqual(6);
    const newest = await connector.readMessages(stream, { limit: 2 });
    expect(newest.messages.map((message) => message.offset)).toEqual([9, 10]);
  });

  it("reports lag as pending plus ack pending, with both parts", async () => {
    const detail = await connector.describeConsumer(`${stream}.inventory`);
    expect(detail).toMatchObject({ group: `${stream}.inventory`, lag: 7, pending: 4, ackPending: 3, delivered: 6 });
    expect(detail.partitions).toEqual([{ topic: stream, partition: 0, committed: 4, high: 11, lag: 7 }]);
    const listed = await connector.listConsumers([`${stream}.inventory`]);
    expect(listed).toHaveLength(1);
    expect(await connector.listConsumerNames()).toContain(`${stream}.inventory`);
  });

  it("publishes with a message id and reports duplicates", async () => {
    const first = await connector.publish({ topic: `${subject}.requeued`, value: "once", msgId: `${suffix}-m1`, headers: { "x-eventscope-requeue-id": "r1" } });
    const second = await connector.publish({ topic: `${subject}.requeued`, value: "once", msgId: `${suffix}-m1` });
    expect(first).toEqual({ partition: 0, offset: 11, duplicate: false });
    expect(second.duplicate).toBe(true);
  });

  it("answers not found for unknown streams and consumers", async () => {
    await expect(connector.describeTopic("NO_SUCH_STREAM_X")).rejects.toMatchObject({ code: "not-found" });
    await expect(connector.describeConsumer(`${stream}.nobody`)).rejects.toMatchObject({ code: "not-found" });
    // Names JetStream cannot have are refused before any call (400 naming the field), not looked up.
    await expect(connector.describeTopic("bad.name")).rejects.toMatchObject({ code: "invalid-input", details: { field: "topic" } });
    await expect(connector.describeConsumer("no-dot")).rejects.toMatchObject({ code: "invalid-input", details: { field: "group" } });
    await expect(connector.readMessages(stream, { partition: 1, limit: 1 })).rejects.toMatchObject({ code: "invalid-input" });
  });
});

describe("a NATS server that is not there", () => {
  it("fails quickly with the reason", async () => {
    const down = new NatsConnector({ id: "down", name: "Down", kind: "nats", servers: ["nats://127.0.0.1:1"] });
    await expect(down.checkHealth()).rejects.toMatchObject({ code: "broker-unavailable", message: expect.stringMatching(/127\.0\.0\.1:1/) });
    await down.close();
  });
});
