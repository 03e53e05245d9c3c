import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { jsonInit } from "../support/routes";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// The read API end to end through the real route handlers, against real Kafka and NATS, with a
// configuration file and a fresh SQLite database, as a user would run it.
// Every route needs credentials: calls go as the bootstrap admin (tests/support/auth.ts).
const { cleanup } = useTempConsoleEnv("eventscope-api-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
    { id: "gone-kafka", name: "Gone", kind: "kafka", brokers: ["127.0.0.1:1"] },
  ],
});

const topic = uniqueName("it-api");
const group = uniqueName("it-api-group");
let kafka: Kafka;
let routes: Record<string, any>;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 8 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: JSON.stringify({ i }) })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "1" }, { partition: 1, offset: "4" }] });
  await admin.disconnect();
  routes = {
    health: await import("@/app/api/v1/health/route"),
    clusters: await import("@/app/api/v1/clusters/route"),
    cluster: await import("@/app/api/v1/clusters/[cluster]/route"),
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    topic: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
  };
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("health and clusters", () => {
  it("reports every cluster's status, with the reason when down", async () => {
    const health = await call(routes.health.GET, "/api/v1/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: "ok",
      mode: "server",
      clusters: [
        { id: "local-kafka", status: "up" },
        { id: "local-nats", status: "up" },
        { id: "gone-kafka", status: "down" },
      ],
    });
    const clusters = await call(routes.clusters.GET, "/api/v1/clusters");
    expect(clusters.body.clusters[2]).toMatchObject({ id: "gone-kafka", kind: "kafka", status: "down", error: "connection refused to 127.0.0.1:1", source: "file" });
    expect(clusters.body.clusters[0]).toMatchObject({ id: "local-kafka", name: "Local Kafka", kind: "kafka", status: "up" });
  });

  it("answers 503 quickly for a cluster that is down, and 404 for an unknown one", async () => {
    const started = Date.now();
    const down = await call(routes.topics.GET, "/api/v1/clusters/gone-kafka/topics", { cluster: "gone-kafka" });
    expect(down.status).toBe(503);
    expect(down.body.error).toEqual({ code: "broker-unavailable", message: "connection refused to 127.0.0.1:1" });
    expect(Date.now() - started).toBeLessThan(10_000);
    const unknown = await call(routes.topics.GET, "/api/v1/clusters/nope/topics", { cluster: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not-found");
  });
});

describe("topics and messages", () => {
  it("lists topics with the fields of API.md", async () => {
    const { status, body } = await call(routes.topics.GET, "/api/v1/clusters/local-kafka/topics", { cluster: "local-kafka" });
    expect(status).toBe(200);
    expect(body.topics.find((t: { name: string }) => t.name === topic)).toEqual({
      name: topic,
      partitions: 2,
      messages: 8,
      bytes: expect.any(Number), // from DescribeLogDirs (see kafka-topic-sizes.test.ts)
      msgsPerSec: null,
      bytesPerSec: null,
      dlq: false,
      internal: false,
    });
  });

  it("describes a topic and reads its messages", async () => {
    const detail = await call(routes.topic.GET, `/api/v1/clusters/local-kafka/topics/${topic}`, { cluster: "local-kafka", topic });
    expect(detail.body).toEqual({
      name: topic,
      bytes: expect.any(Number),
      dlq: false,
      msgsPerSec: null,
      bytesPerSec: null,
      partitions: [
        { partition: 0, low: 0, high: 4, messages: 4, msgsPerSec: null },
        { partition: 1, low: 0, high: 4, messages: 4, msgsPerSec: null },
      ],
    });
    const page = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?partition=1&from=0&limit=2`, { cluster: "local-kafka", topic });
    expect(page.status).toBe(200);
    expect(page.body.next).toEqual({ partition: 1, offset: 2 });
    expect(page.body.messages[0]).toMatchObject({ partition: 1, offset: 0, key: "k1", encoding: "json", size: 7, headers: {} });
    const filtered = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?partition=1&from=0&q=k3`, { cluster: "local-kafka", topic });
    expect(filtered.body.messages.map((m: { key: string }) => m.key)).toEqual(["k3"]);
  });

  it.each([
    ["limit=1000000000", "limit"],
    ["limit=0", "limit"],
    ["partition=abc", "partition"],
    ["from=-1", "from"],
    ["since=yesterday", "since"],
  ])("rejects %s with a 400 naming %s", async (query, field) => {
    const { status, body } = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?${query}`, { cluster: "local-kafka", topic });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid-input");
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(new RegExp(`^${field}`));
  });

  it("answers 404 for an unknown topic and 400 for a partition it does not have", async () => {
    const missing = await call(routes.topic.GET, "/api/v1/clusters/local-kafka/topics/no-such-topic-x", { cluster: "local-kafka", topic: "no-such-topic-x" });
    expect(missing.status).toBe(404);
    const badPartition = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?partition=7`, { cluster: "local-kafka", topic });
    expect(badPartition.status).toBe(400);
  });
});

describe("fromId on brokers whose messages carry no id", () => {
  it("is refused with a 400 naming it (browse and search), not ignored: Kafka and NATS messages have no id", async () => {
    const read = (cluster: string, t: string, query: string) => call(routes.messages.GET, `/api/v1/clusters/${cluster}/topics/${t}/messages${query}`, { cluster, topic: t });
    for (const [cluster, t] of [["local-kafka", topic], ["local-nats", "ORDERS"]]) {
      for (const query of ["?fromId=1733500000000-0", "?fromId=1733500000000-0&q=k1", "?fromId=5&partition=0"]) {
        const answer = await read(cluster, t, query);
        expect(answer.status, `${cluster} ${query}`).toBe(400);
        expect(answer.body.error.field).toBe("fromId");
        expect(answer.body.error.message).toMatch(/carry no id/);
      }
    }
    // Without it the same read works: the refusal is about fromId only.
    expect((await read("local-kafka", topic, "?partition=0&from=0")).status).toBe(200);
  });
});

describe("consumers", () => {
  it("pages groups and reports exact lag", async () => {
    const list = await call(routes.consumers.GET, `/api/v1/clusters/local-kafka/consumers?q=${group}`, { cluster: "local-kafka" });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.consumers[0]).toMatchObject({ group, state: "Empty", members: 0, topics: [topic], lag: 3, lagSeconds: null });
    const detail = await call(routes.consumer.GET, `/api/v1/clusters/local-kafka/consumers/${group}`, { cluster: "local-kafka", group });
    expect(detail.body).toMatchObject({ group, lag: 3, status: "UNKNOWN" });
    expect(detail.body.partitions.map((p: Record<string, unknown>) => [p.partition, p.committed, p.high, p.lag])).toEqual([
      [0, 1, 4, 3],
      [1, 4, 4, 0],
    ]);
    expect(detail.body.partitions[0].oldestUnconsumedAgeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("answers 404 for an unknown group and 400 for a bad limit", async () => {
    expect((await call(routes.consumer.GET, "/api/v1/clusters/local-kafka/consumers/nobody-x", { cluster: "local-kafka", group: "nobody-x" })).status).toBe(404);
    expect((await call(routes.consumers.GET, "/api/v1/clusters/local-kafka/consumers?limit=-5", { cluster: "local-kafka" })).status).toBe(400);
  });

  it("shows JetStream consumers by <stream>.<consumer>", async () => {
    const list = await call(routes.consumers.GET, "/api/v1/clusters/local-nats/consumers", { cluster: "local-nats" });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.consumers)).toBe(true);
  });
});

describe("clusters managed in the UI", () => {
  const body = { id: "ui-kafka", name: "UI Kafka", kind: "kafka", brokers: KAFKA_BROKERS };

  it("creates, edits and removes a cluster stored in the database", async () => {
    const created = await call(routes.clusters.POST, "/api/v1/clusters", {}, jsonInit("POST", body));
    expect(created.status).toBe(201);
    expect(created.body.cluster).toMatchObject({ id: "ui-kafka", source: "database", status: "up" });
    const edited = await call(routes.cluster.PUT, "/api/v1/clusters/ui-kafka", { cluster: "ui-kafka" }, jsonInit("PUT", { ...body, name: "Renamed" }));
    expect(edited.status).toBe(200);
    expect(edited.body.cluster.name).toBe("Renamed");
    const listed = await call(routes.clusters.GET, "/api/v1/clusters");
    expect(listed.body.clusters.map((c: { id: string }) => c.id)).toContain("ui-kafka");
    const removed = await call(routes.cluster.DELETE, "/api/v1/clusters/ui-kafka", { cluster: "ui-kafka" }, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect((await call(routes.cluster.GET, "/api/v1/clusters/ui-kafka", { cluster: "ui-kafka" })).status).toBe(404);
  });

  it("refuses duplicates, file clusters, bad bodies and cross-site requests clearly", async () => {
    expect((await call(routes.clusters.POST, "/api/v1/clusters", {}, jsonInit("POST", { ...body, id: "local-kafka" }))).status).toBe(409);
    const bad = await call(routes.clusters.POST, "/api/v1/clusters", {}, jsonInit("POST", { ...body, brokers: ["nohost"] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^brokers\.0/);
    const notJson = await call(routes.clusters.POST, "/api/v1/clusters", {}, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const crossSite = await call(routes.clusters.POST, "/api/v1/clusters", {}, jsonInit("POST", body, { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("cross-origin");
    expect((await call(routes.cluster.DELETE, "/api/v1/clusters/local-kafka", { cluster: "local-kafka" }, { method: "DELETE" })).status).toBe(409);
  });
});
