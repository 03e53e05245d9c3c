import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// A requeue request first counts the pending messages it covers (lib/dlq/count-pending.ts, a raw
// scan plus a status lookup per chunk). The count must be exactly what the DLQ list shows for the
// same filter: every filter the fast count handles, after discards and with claims in flight, on a
// Kafka DLQ of two partitions and on a JetStream DLQ stream. The expected figures come from the
// seed, and are checked against the list as well.
const { cleanup } = useTempConsoleEnv("eventscope-dlq-count-", {
  clusters: [
    { id: "k", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "n", name: "NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const COUNT = 3_000;
const OLD = Date.parse("2026-01-01T00:00:00Z");
const RECENT = Date.parse("2026-06-01T00:00:00Z");
const ordersTopic = uniqueName("it-count-orders");
const paymentsTopic = uniqueName("it-count-payments");
const dlq = `${uniqueName("it-count")}.dlq`;
const tag = uniqueName("cnt").replace(/-/g, "_").toLowerCase();
const DLQ_STREAM = `IT_${tag}_DLQ`.toUpperCase();

const errorOf = (i: number) => ["invalid JSON", "missing field: data.order_id", "timeout"][i % 3];
const originalOf = (i: number) => (i % 2 === 0 ? ordersTopic : paymentsTopic);
const timeOf = (i: number) => (i < 1_000 ? OLD + i : RECENT + i);

let kafka: Kafka;
let nats: Awaited<ReturnType<typeof connectNats>>;
let routes: Record<string, any>;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, dlq, 2);
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < COUNT; start += 500) {
    await producer.send({
      topic: dlq,
      messages: Array.from({ length: 500 }, (_, j) => {
        const i = start + j;
        return {
          partition: i % 2,
          key: `k-${i}`,
          value: JSON.stringify({ id: `evt-${i}` }),
          timestamp: String(timeOf(i)),
          headers: { "x-original-topic": originalOf(i), "x-error": errorOf(i) },
        };
      }),
    });
  }
  await producer.disconnect();

  nats = await connectNats();
  await nats.jsm.streams.add({ name: DLQ_STREAM, subjects: [`deadletter_${tag}.>`] });
  await Promise.all(
    Array.from({ length: 600 }, (_, i) => {
      const h = natsHeaders();
      h.set("x-original-topic", originalOf(i));
      h.set("x-original-subject", `${tag}.orders`);
      h.set("x-error", errorOf(i));
      return nats.js.publish(`deadletter_${tag}.orders`, JSON.stringify({ id: `e-${i}` }), { headers: h });
    }),
  );

  routes = {
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
  };
}, 120_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [dlq] }).catch(() => undefined);
  await admin.disconnect();
  await nats?.jsm.streams.delete(DLQ_STREAM).catch(() => undefined);
  await nats?.nc.close();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

async function dryRunCount(cluster: string, topic: string, body: Record<string, unknown>): Promise<number> {
  const { status, body: answer } = await call(routes.requeue.POST, `/api/v1/clusters/${cluster}/dlq/${topic}/requeue`, { cluster, topic }, jsonInit("POST", { ...body, dryRun: true }, auth));
  expect(status).toBe(200);
  return answer.matched;
}

/** Pending messages the list shows for the same filter, paging to the end. */
async function listedCount(cluster: string, topic: string, query: Record<string, string | undefined>): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const given = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const search = new URLSearchParams([...given, ["status", "pending"], ["limit", "500"], ...(cursor ? [["cursor", cursor]] : [])]);
    const { status, body } = await call(routes.messages.GET, `/api/v1/clusters/${cluster}/dlq/${topic}/messages?${search}`, { cluster, topic }, { headers: auth });
    expect(status).toBe(200);
    total += body.messages.length;
    cursor = body.next;
  } while (cursor);
  return total;
}

const expected = (keep: (i: number) => boolean, total: number, gone: Set<number>) =>
  Array.from({ length: total }, (_, i) => i).filter((i) => keep(i) && !gone.has(i)).length;

describe("the count of a requeue request", () => {
  const idOf = (i: number) => `${i % 2}-${Math.floor(i / 2)}`;
  const gone = new Set<number>();

  it("is every pending message of a Kafka DLQ, then excludes discarded and claimed ones", async () => {
    expect(await dryRunCount("k", dlq, { all: true })).toBe(COUNT);
    // Discard 10 (one of them twice: still once) and let a job claim 5 more.
    const discarded = [0, 1, 2, 3, 4, 1_500, 1_501, 2_998, 2_999, 777];
    const answer = await call(routes.discard.POST, `/api/v1/clusters/k/dlq/${dlq}/discard`, { cluster: "k", topic: dlq }, jsonInit("POST", { ids: [...discarded, 777].map(idOf) }, auth));
    expect(answer.status).toBe(200);
    const { claimForJob } = await import("@/lib/dlq/dlq-state");
    const claimed = [10, 11, 12, 2_000, 2_001];
    await claimForJob({ clusterId: "k", dlqTopic: dlq }, "some-job", claimed.map((i) => ({ messageId: idOf(i), requeueId: `r-${i}` })));
    for (const i of [...discarded, ...claimed]) gone.add(i);
    expect(await dryRunCount("k", dlq, { all: true })).toBe(COUNT - 15);
    expect(await listedCount("k", dlq, {})).toBe(COUNT - 15);
  });

  it.each([
    { name: "error", filter: { error: "timeout" }, query: { error: "timeout" }, keep: (i: number) => errorOf(i) === "timeout" },
    { name: "original topic", filter: { originalTopic: ordersTopic }, query: { originalTopic: ordersTopic }, keep: (i: number) => originalOf(i) === ordersTopic },
    { name: "since", filter: { since: "2026-03-01T00:00:00Z" }, query: { since: "2026-03-01T00:00:00Z" }, keep: (i: number) => timeOf(i) >= Date.parse("2026-03-01T00:00:00Z") },
    { name: "until", filter: { until: "2026-01-01T00:00:00.500Z" }, query: { until: "2026-01-01T00:00:00.500Z" }, keep: (i: number) => timeOf(i) <= OLD + 500 },
    {
      name: "error and original topic and time",
      filter: { error: "invalid JSON", originalTopic: paymentsTopic, since: "2026-03-01T00:00:00Z" },
      query: { error: "invalid JSON", originalTopic: paymentsTopic, since: "2026-03-01T00:00:00Z" },
      keep: (i: number) => errorOf(i) === "invalid JSON" && originalOf(i) === paymentsTopic && timeOf(i) >= Date.parse("2026-03-01T00:00:00Z"),
    },
  ])("matches the list with a filter on $name", async ({ filter, query, keep }) => {
    const want = expected(keep, COUNT, gone);
    expect(want).toBeGreaterThan(0);
    expect(await dryRunCount("k", dlq, { filter })).toBe(want);
    expect(await listedCount("k", dlq, query)).toBe(want);
  });

  it("counts a JetStream DLQ stream the same way, with and without a filter", async () => {
    expect(await dryRunCount("n", DLQ_STREAM, { all: true })).toBe(600);
    const { claimForJob } = await import("@/lib/dlq/dlq-state");
    // Sequences 1, 2 and 3 are claimed (errorOf 0, 1, 2: one of each).
    await claimForJob({ clusterId: "n", dlqTopic: DLQ_STREAM }, "some-job", ["1", "2", "3"].map((id) => ({ messageId: id, requeueId: `r-${id}` })));
    expect(await dryRunCount("n", DLQ_STREAM, { all: true })).toBe(597);
    expect(await dryRunCount("n", DLQ_STREAM, { filter: { error: "timeout" } })).toBe(199);
    expect(await listedCount("n", DLQ_STREAM, { error: "timeout" })).toBe(199);
  });
});
