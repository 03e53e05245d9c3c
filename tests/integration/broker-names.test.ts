import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Topic (stream) and group (consumer) names are checked per broker before any broker call
// (connector.checkName): a 5,000-character stream name used to make nats-server drop the console's
// connection ("maximum control line exceeded"), failing the next normal reads.
const { cleanup } = useTempConsoleEnv("eventscope-names-", { clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }, { id: "n", name: "N", kind: "nats", servers: NATS_SERVERS }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
const STREAM = `IT_NAMES_${uniqueName("s").replace(/-/g, "_")}`.toUpperCase();
const TOPIC = uniqueName("it-names");
const LONG = "A".repeat(5000);
let nats: Awaited<ReturnType<typeof connectNats>>;
let kafka: Kafka;
let routes: Record<string, any>;

const get = (route: any, url: string, params: Record<string, string>) => call(route.GET, url, params, { headers: auth });
const post = (route: any, url: string, params: Record<string, string>, body: unknown) => call(route.POST, url, params, jsonInit("POST", body, auth));

/** Every route with {topic} or {group} in its path, called with the given name. */
function callsWith(cluster: string, name: string) {
  const t = { cluster, topic: name };
  const g = { cluster, group: name };
  return {
    topic: () => get(routes.topic, `/api/v1/clusters/${cluster}/topics/x`, t),
    topicMessages: () => get(routes.topicMessages, `/api/v1/clusters/${cluster}/topics/x/messages`, t),
    topicSearch: () => get(routes.topicMessages, `/api/v1/clusters/${cluster}/topics/x/messages?q=abc`, t),
    replay: () => post(routes.replay, `/api/v1/clusters/${cluster}/topics/x/replay`, t, { from: { offset: 0 }, to: { offset: 1 }, target: TOPIC, dryRun: true }),
    dlqMessages: () => get(routes.dlqMessages, `/api/v1/clusters/${cluster}/dlq/x/messages`, t),
    dlqSummary: () => get(routes.dlqSummary, `/api/v1/clusters/${cluster}/dlq/x/summary`, t),
    requeue: () => post(routes.requeue, `/api/v1/clusters/${cluster}/dlq/x/requeue`, t, { all: true, dryRun: true }),
    discard: () => post(routes.discard, `/api/v1/clusters/${cluster}/dlq/x/discard`, t, { all: true, dryRun: true }),
    topicHistory: () => get(routes.topicHistory, `/api/v1/clusters/${cluster}/topics/x/history?window=5m`, t),
    topicHistoryStored: () => get(routes.topicHistory, `/api/v1/clusters/${cluster}/topics/x/history?window=24h`, t),
    consumer: () => get(routes.consumer, `/api/v1/clusters/${cluster}/consumers/x`, g),
    consumerHistory: () => get(routes.consumerHistory, `/api/v1/clusters/${cluster}/consumers/x/history?window=5m`, g),
    consumerHistoryStored: () => get(routes.consumerHistory, `/api/v1/clusters/${cluster}/consumers/x/history?window=24h`, g),
    reset: () => post(routes.reset, `/api/v1/clusters/${cluster}/consumers/x/reset`, g, { to: "earliest", dryRun: true }),
  };
}
const groupRoutes = new Set(["consumer", "consumerHistory", "consumerHistoryStored", "reset"]);

beforeAll(async () => {
  nats = await connectNats();
  await nats.jsm.streams.add({ name: STREAM, subjects: [`${STREAM.toLowerCase()}.>`] });
  await nats.js.publish(`${STREAM.toLowerCase()}.a`, "hello");
  kafka = testKafka();
  await createTopic(kafka, TOPIC, 1);
  routes = {
    topic: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/route"),
    topicMessages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    replay: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/replay/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    dlqSummary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    topicHistory: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/history/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
    consumerHistory: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/history/route"),
    reset: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/reset/route"),
  };
}, 60_000);

afterAll(async () => {
  await nats.jsm.streams.delete(STREAM).catch(() => undefined);
  await nats.nc.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a 5,000-character stream name", () => {
  it("gets a 400 naming topic, and the console's NATS connection stays up for the next normal read", async () => {
    for (let round = 0; round < 5; round++) {
      const bad = await get(routes.topic, `/api/v1/clusters/n/topics/x`, { cluster: "n", topic: LONG });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: "invalid-input", field: "topic" });
      expect(bad.body.error.message.length).toBeLessThan(300);
      const good = await get(routes.topicMessages, `/api/v1/clusters/n/topics/${STREAM}/messages?limit=1`, { cluster: "n", topic: STREAM });
      expect(good.status).toBe(200);
      expect(good.body.messages).toHaveLength(1);
    }
  });

  it("and every other route taking {topic} or {group} answers 400 naming the field, on both brokers", async () => {
    for (const cluster of ["n", "k"]) {
      for (const [route, send] of Object.entries(callsWith(cluster, LONG))) {
        const response = await send();
        expect({ cluster, route, status: response.status, field: response.body?.error?.field }).toEqual({
          cluster,
          route,
          status: 400,
          field: groupRoutes.has(route) ? "group" : "topic",
        });
      }
    }
    const good = await get(routes.topic, `/api/v1/clusters/n/topics/${STREAM}`, { cluster: "n", topic: STREAM });
    expect(good.status).toBe(200);
  });
});

describe("names each broker refuses", () => {
  it.each([
    ["n", "topic", "ORDERS.CREATED"],
    ["n", "topic", "ORD ERS"],
    ["n", "topic", "ORDERS>"],
    ["n", "topic", "A".repeat(256)],
    ["n", "group", "ORDERS"],
    ["n", "group", `ORDERS.${"c".repeat(256)}`],
    ["k", "topic", "a".repeat(250)],
    ["k", "topic", "orders created"],
    ["k", "topic", ".."],
    ["k", "group", "g".repeat(1025)],
    ["k", "group", "billing\r\nx"],
  ])("%s %s name #%#: 400", async (cluster, kind, name) => {
    const calls = callsWith(cluster, name);
    const responses = kind === "topic" ? [await calls.topic(), await calls.topicHistory()] : [await calls.consumer(), await calls.consumerHistory()];
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(kind);
    }
  });

  it("reset names every topic in its body as a field", async () => {
    const response = await post(routes.reset, "/api/v1/clusters/k/consumers/x/reset", { cluster: "k", group: "some-group" }, {
      to: { offsets: [{ topic: "bad topic", partition: 0, offset: 0 }] },
      dryRun: true,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("to.offsets.0.topic");
  });

  it("still answers 404 for a valid name that does not exist", async () => {
    expect((await get(routes.topic, "/api/v1/clusters/n/topics/x", { cluster: "n", topic: "NO_SUCH_STREAM_X" })).status).toBe(404);
    expect((await get(routes.topic, "/api/v1/clusters/k/topics/x", { cluster: "k", topic: "no-such-topic-x" })).status).toBe(404);
  });
});
