import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckPolicy } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { ADVISORY_STREAM, ADVISORY_SUBJECTS } from "@/lib/dlq/dlq-kinds";
import { NATS_SERVERS, connectNats, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { runJobToEnd, startJobsByHand } from "../support/jobs";
import { useTempConsoleEnv } from "../support/console-env";

// Requeue on JetStream: from a DLQ stream written by services, and from messages that hit MaxDeliver
// (found through captured advisories), with Nats-Msg-Id de-duplication and deletion after the PubAck.
const { cleanup } = useTempConsoleEnv("eventscope-jsdlq-", { clusters: [{ id: "n", name: "NATS", kind: "nats", servers: NATS_SERVERS }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const tag = uniqueName("x").replace(/-/g, "_").toLowerCase();
const ORIGINAL_STREAM = `IT_ORIG_${tag}`.toUpperCase();
const DLQ_STREAM = `IT_${tag}_DLQ`.toUpperCase();
const COUNT = 200;
let nats: Awaited<ReturnType<typeof connectNats>>;
let routes: Record<string, any>;

async function requeue(topic: string, body: unknown) {
  return call(routes.requeue.POST, `/api/v1/clusters/n/dlq/${topic}/requeue`, { cluster: "n", topic }, jsonInit("POST", body, auth));
}

beforeAll(async () => {
  nats = await connectNats();
  await nats.jsm.streams.add({ name: ORIGINAL_STREAM, subjects: [`${tag}.>`] });
  // Not under "dlq.>": the demo's DLQ stream may own that; the original subject comes from a header.
  await nats.jsm.streams.add({ name: DLQ_STREAM, subjects: [`deadletter_${tag}.>`] });
  for (let i = 0; i < COUNT; i++) {
    const h = natsHeaders();
    h.set("x-original-topic", ORIGINAL_STREAM);
    h.set("x-original-subject", `${tag}.orders.created`);
    h.set("x-original-offset", String(i + 1));
    h.set("x-error", i % 2 ? "missing field: data.order_id" : "invalid JSON");
    h.set("x-attempts", "3");
    await nats.js.publish(`deadletter_${tag}.orders.created`, JSON.stringify({ id: `e-${i}` }), { headers: h });
  }
  await startJobsByHand(); // the test drives the runner itself
  routes = {
    dlqs: await import("@/app/api/v1/clusters/[cluster]/dlq/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  await nats.jsm.streams.delete(ORIGINAL_STREAM).catch(() => undefined);
  await nats.jsm.streams.delete(DLQ_STREAM).catch(() => undefined);
  await nats.nc.close();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a JetStream DLQ stream", () => {
  it("is discovered and its messages point at the original subject", async () => {
    const { body } = await call(routes.dlqs.GET, "/api/v1/clusters/n/dlq", { cluster: "n" }, { headers: auth });
    expect(body.dlqs.find((d: { topic: string }) => d.topic === DLQ_STREAM)).toMatchObject({ kind: "topic", messages: COUNT, pending: COUNT });
    const page = await call(routes.messages.GET, `/api/v1/clusters/n/dlq/${DLQ_STREAM}/messages?limit=1`, { cluster: "n", topic: DLQ_STREAM }, { headers: auth });
    expect(page.body.messages[0]).toMatchObject({ id: "1", originalTopic: ORIGINAL_STREAM, originalSubject: `${tag}.orders.created`, error: "invalid JSON", attempts: 3 });
  });

  it("discards one message (deleting it) and requeues the rest exactly once, deleting each after its PubAck", async () => {
    const discard = (body: unknown) => call(routes.discard.POST, `/api/v1/clusters/n/dlq/${DLQ_STREAM}/discard`, { cluster: "n", topic: DLQ_STREAM }, jsonInit("POST", body, auth));
    // A dry run counts and deletes nothing.
    expect((await discard({ ids: ["1"], dryRun: true })).body).toEqual({ matched: 1 });
    expect((await discard({ all: true, dryRun: true })).body).toEqual({ matched: COUNT });
    expect((await nats.jsm.streams.info(DLQ_STREAM)).state.messages).toBe(COUNT);
    const discarded = await discard({ ids: ["1"] });
    expect(discarded.body).toEqual({ discarded: 1 });
    expect((await requeue(DLQ_STREAM, { all: true, dryRun: true })).body).toEqual({ matched: COUNT - 1 });
    const created = await requeue(DLQ_STREAM, { all: true, ratePerSec: 5000, dropHeaders: ["x-error"] });
    expect(created.status).toBe(202);
    const job = await runJobToEnd(created.body.job.id);
    expect(job).toMatchObject({ state: "succeeded", done: COUNT - 1, failed: 0 });

    const info = await nats.jsm.streams.info(ORIGINAL_STREAM);
    expect(info.state.messages).toBe(COUNT - 1);
    expect((await nats.jsm.streams.info(DLQ_STREAM)).state.messages).toBe(0);
    const ids = new Set<string>();
    for (let seq = 1; seq <= info.state.last_seq; seq++) {
      const message = await nats.jsm.streams.getMessage(ORIGINAL_STREAM, { seq });
      ids.add(message!.header.get("x-eventscope-requeue-id"));
      expect(message!.header.has("x-error")).toBe(false);
      expect(message!.subject).toBe(`${tag}.orders.created`);
    }
    expect(ids.size).toBe(COUNT - 1);
    expect((await requeue(DLQ_STREAM, { all: true })).status).toBe(422);
  }, 90_000);
});

describe("messages that hit MaxDeliver", () => {
  const stream = `IT_MD_${tag}`.toUpperCase();

  afterAll(async () => {
    await nats.jsm.streams.delete(stream).catch(() => undefined);
  });

  it("are found through captured advisories and requeued to their subject once", async () => {
    const { NatsConnector } = await import("@/lib/brokers/nats/nats-connector");
    const connector = new NatsConnector({ id: "n", name: "NATS", kind: "nats", servers: NATS_SERVERS });
    await connector.captureDeliveryAdvisories(ADVISORY_STREAM, ADVISORY_SUBJECTS);
    await connector.close();

    await nats.jsm.streams.add({ name: stream, subjects: [`md_${tag}.>`] });
    for (let i = 0; i < 3; i++) await nats.js.publish(`md_${tag}.payments`, JSON.stringify({ n: i }));
    await nats.jsm.consumers.add(stream, { durable_name: "flaky", ack_policy: AckPolicy.Explicit, max_deliver: 2, ack_wait: 1_000_000_000 });
    const consumer = await nats.js.consumers.get(stream, "flaky");
    // Refuse every delivery until the server gives up on all three messages.
    await waitFor(async () => {
      const batch = await consumer.fetch({ max_messages: 10, expires: 1000 });
      for await (const message of batch) message.nak();
      const info = await nats.jsm.streams.info(ADVISORY_STREAM, { subjects_filter: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.flaky` });
      return (info.state.subjects?.[`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.flaky`] ?? 0) >= 3;
    }, 30_000, "three MAX_DELIVERIES advisories");

    const page = await call(routes.messages.GET, `/api/v1/clusters/n/dlq/${ADVISORY_STREAM}/messages?originalTopic=${stream}&limit=10`, { cluster: "n", topic: ADVISORY_STREAM }, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.body.messages).toHaveLength(3);
    expect(page.body.messages[0]).toMatchObject({ originalTopic: stream, originalOffset: 1, attempts: 2, originalSubject: `md_${tag}.payments` });
    expect(page.body.messages[0].error).toMatch(/max deliveries reached \(2\) by consumer flaky/);
    expect(JSON.parse(page.body.messages[0].value)).toEqual({ n: 0 });

    const created = await requeue(ADVISORY_STREAM, { filter: { originalTopic: stream } });
    expect(created.status).toBe(202);
    expect(await runJobToEnd(created.body.job.id)).toMatchObject({ state: "succeeded", done: 3 });
    expect((await nats.jsm.streams.info(stream)).state.messages).toBe(6);
    const again = await requeue(ADVISORY_STREAM, { filter: { originalTopic: stream }, dryRun: true });
    expect(again.body).toEqual({ matched: 0 });
  }, 90_000);
});
