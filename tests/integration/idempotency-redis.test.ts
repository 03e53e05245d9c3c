import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// The idempotency API end to end against a real Redis (127.0.0.1:6379) and a real Kafka: stores list,
// record pages, detail, delete (audited), a store that is down, the per-message "processed" flag, and
// the trace. Keys carry a per-run prefix so parallel runs never see each other's records.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = randomUUID().slice(0, 8);
const prefix = `it-idem-${run}:processed:`;
const pattern = `${prefix}*`;
const topic = uniqueName("it-idem");
const headerTopic = uniqueName("it-idem-hdr");
const dlqTopic = `${topic}.dlq`;

const { cleanup } = useTempConsoleEnv("eventscope-idem-redis-", {
  clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
  idempotency: [
    { id: "it-redis", kind: "redis", url: REDIS_URL, pattern, ttlSeconds: 3600 },
    { id: "it-redis-down", kind: "redis", url: "redis://127.0.0.1:1", pattern: "processed:*" },
    // Uniform TTL, not configured: the TTL is inferred from the longest remaining TTL.
    { id: "it-redis-ttl", kind: "redis", url: REDIS_URL, pattern: `it-idem-${run}:ttl:*` },
  ],
  eventIds: [{ topic: headerTopic, from: "header", header: "x-event-id" }],
});

let redis: Redis;
let kafka: Kafka;
let routes: Record<string, any>;
const jsonKeys = Array.from({ length: 6 }, (_, i) => `${prefix}json-${i}`);
const plainKeys = Array.from({ length: 4 }, (_, i) => `${prefix}plain-${i}`);
const soonKeys = [`${prefix}soon-0`, `${prefix}soon-1`];
const hashKey = `${prefix}hash-0`;
const hugeKey = `${prefix}huge-0`;
const allKeys = [...jsonKeys, ...plainKeys, ...soonKeys, hashKey, hugeKey];
const processedAt = "2026-01-31T12:00:00.000Z";

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  const pipeline = redis.pipeline();
  jsonKeys.forEach((key, i) => pipeline.set(key, JSON.stringify({ consumer: `consumer-${i}`, processedAt }), "EX", 3600, "NX"));
  plainKeys.forEach((key) => pipeline.set(key, "1"));
  soonKeys.forEach((key) => pipeline.set(key, "done", "EX", 120));
  pipeline.hset(hashKey, { consumer: "hasher", processedAt });
  pipeline.set(hugeKey, JSON.stringify({ blob: "x".repeat(200_000) }), "EX", 3600);
  // A key of the same database outside the pattern: never listed, never deletable through the store.
  pipeline.set(`it-idem-${run}:other`, "keep");
  await pipeline.exec();

  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  await createTopic(kafka, headerTopic, 1);
  await createTopic(kafka, dlqTopic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 4 }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: `evt-${run}-${i}`, data: { order_id: `o-${run}-${i}` } }) })),
  });
  await producer.send({
    topic: headerTopic,
    messages: [
      { key: "k", value: "plain text", headers: { "x-event-id": `hdr-${run}-0` } },
      { key: "k", value: "plain text", headers: { "x-event-id": `hdr-${run}-1` } },
    ],
  });
  await producer.send({
    topic: dlqTopic,
    messages: [
      {
        key: `order-2`,
        value: JSON.stringify({ id: `evt-${run}-2` }),
        headers: { "x-original-topic": topic, "x-attempts": "3", "x-error": "inventory database timeout after 250 ms" },
      },
      {
        key: `order-1`,
        value: JSON.stringify({ id: `evt-${run}-1` }),
        headers: { "x-original-topic": topic, "x-original-partition": "0", "x-original-offset": "1", "x-attempts": "1", "x-error": "poison" },
      },
    ],
  });
  await producer.disconnect();
  // Processed: events 0 and 1 of the topic, and the first header event.
  await redis.set(`${prefix}evt-${run}-0`, JSON.stringify({ consumer: "inventory-service", processedAt }), "EX", 3600);
  await redis.set(`${prefix}evt-${run}-1`, "1");
  await redis.set(`${prefix}hdr-${run}-0`, "1", "EX", 600);

  // As if written 0, 20, 40 ... 180 s ago with EX 3600: 3 of them within the last minute.
  const ttlPipeline = redis.pipeline();
  for (let i = 0; i < 10; i++) ttlPipeline.set(`it-idem-${run}:ttl:e${i}`, JSON.stringify({ n: i }), "EX", 3600 - i * 20);
  await ttlPipeline.exec();

  routes = {
    stores: await import("@/app/api/v1/idempotency/route"),
    store: await import("@/app/api/v1/idempotency/[store]/route"),
    records: await import("@/app/api/v1/idempotency/[store]/records/route"),
    record: await import("@/app/api/v1/idempotency/[store]/records/[key]/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
}, 120_000);

afterAll(async () => {
  const { closeStores } = await import("@/lib/idempotency/registry");
  await closeStores();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `it-idem-${run}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, headerTopic, dlqTopic] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const recordsPath = (store: string, query = "") => `/api/v1/idempotency/${store}/records${query ? `?${query}` : ""}`;
const recordPath = (store: string, key: string) => `/api/v1/idempotency/${store}/records/${encodeURIComponent(key)}`;
const processedKeys = () => [`${prefix}evt-${run}-0`, `${prefix}evt-${run}-1`, `${prefix}hdr-${run}-0`];

describe("stores", () => {
  it("lists every store with counts and status; a down store says why, fast", async () => {
    const started = Date.now();
    const { status, body } = await call(routes.stores.GET, "/api/v1/idempotency");
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [up, down, uniform] = body.stores;
    expect(up).toMatchObject({
      id: "it-redis",
      kind: "redis",
      status: "up",
      records: allKeys.length + processedKeys().length,
      // soon-0, soon-1 expire within 5 minutes.
      expiringSoon: 2,
      newPerMinuteMethod: "net-growth",
      target: `redis://127.0.0.1:6379/0 ${pattern}`,
      capabilities: { newestFirst: false, ttl: true },
    });
    expect(up.recordsEstimated).toBeUndefined();
    expect(down).toMatchObject({ id: "it-redis-down", status: "down", records: null, error: "connection refused to 127.0.0.1:1" });
    expect(uniform).toMatchObject({
      id: "it-redis-ttl",
      records: 10,
      expiringSoon: 0,
      newPerMinute: 3,
      newPerMinuteMethod: "ttl",
      assumedTtlSeconds: 3600,
      capabilities: { newestFirst: true, ttl: true },
    });
  });

  it("lists the newest records first when records carry a uniform TTL", async () => {
    const { status, body } = await call(routes.records.GET, recordsPath("it-redis-ttl", "sort=newest&limit=4"), { store: "it-redis-ttl" });
    expect(status).toBe(200);
    expect(body.records.map((record: { eventId: string }) => record.eventId)).toEqual(["e0", "e1", "e2", "e3"]);
    expect(body.sampledRecords).toBeUndefined();
    // Not for a store whose records have no uniform TTL, with a search or without.
    expect((await call(routes.records.GET, recordsPath("it-redis", "sort=newest"), { store: "it-redis" })).body.error.field).toBe("sort");
    expect((await call(routes.records.GET, recordsPath("it-redis", "sort=newest&q=json"), { store: "it-redis" })).body.error.field).toBe("sort");
  });

  it("ranks a search newest first among every record it found, and says how many (Redis cannot order a search)", async () => {
    const all = await call(routes.records.GET, recordsPath("it-redis-ttl", "sort=newest&q=e&limit=3"), { store: "it-redis-ttl" });
    expect(all.status).toBe(200);
    expect(all.body.records.map((record: { eventId: string }) => record.eventId)).toEqual(["e0", "e1", "e2"]);
    expect(all.body.searched).toEqual({ matched: 10, complete: true });
    expect(all.body.next).toBeUndefined();
    const one = await call(routes.records.GET, recordsPath("it-redis-ttl", "sort=newest&q=e7"), { store: "it-redis-ttl" });
    expect(one.body.records.map((record: { eventId: string }) => record.eventId)).toEqual(["e7"]);
    expect(one.body.searched).toEqual({ matched: 1, complete: true });
    // Newest first is one page: a cursor is refused rather than ignored.
    expect((await call(routes.records.GET, recordsPath("it-redis-ttl", "sort=newest&q=e&cursor=abc"), { store: "it-redis-ttl" })).body.error.field).toBe("cursor");
  });

  it("answers 404 for an unknown store", async () => {
    const { status, body } = await call(routes.store.GET, "/api/v1/idempotency/nope", { store: "nope" });
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: "not-found", message: 'idempotency store "nope" was not found' });
    expect((await call(routes.records.GET, recordsPath("nope"), { store: "nope" })).status).toBe(404);
  });

  it("answers 503 with the reason for a store that is down, quickly", async () => {
    const started = Date.now();
    const { status, body } = await call(routes.records.GET, recordsPath("it-redis-down"), { store: "it-redis-down" });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: "store-unavailable", message: 'idempotency store "it-redis-down" is down: connection refused to 127.0.0.1:1' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("records", () => {
  it("pages through every record exactly once with the SCAN cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = `limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const { status, body } = await call(routes.records.GET, recordsPath("it-redis", query), { store: "it-redis" });
      expect(status).toBe(200);
      expect(body.records.length).toBeLessThanOrEqual(4);
      seen.push(...body.records.map((record: { key: string }) => record.key));
      cursor = body.next;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set([...allKeys, ...processedKeys()]));
    expect(seen).not.toContain(`it-idem-${run}:other`);
  });

  it("shows JSON values pretty-printed with TTL, processedAt and consumer; plain values without TTL", async () => {
    const { body: json } = await call(routes.record.GET, recordPath("it-redis", jsonKeys[2]!), { store: "it-redis", key: jsonKeys[2]! });
    expect(json).toMatchObject({
      key: jsonKeys[2],
      encoding: "json",
      value: `{\n  "consumer": "consumer-2",\n  "processedAt": "${processedAt}"\n}`,
      truncated: false,
      processedAt,
      consumer: "consumer-2",
      eventId: "json-2",
    });
    expect(json.ttlSeconds).toBeGreaterThan(3500);
    expect(json.ttlSeconds).toBeLessThanOrEqual(3600);
    const { body: plain } = await call(routes.record.GET, recordPath("it-redis", plainKeys[0]!), { store: "it-redis", key: plainKeys[0]! });
    expect(plain).toMatchObject({ key: plainKeys[0], ttlSeconds: null, value: "1", encoding: "text", size: 1 });
    expect(plain.processedAt).toBeUndefined();
  });

  it("cuts a huge value at 64 KiB and reports its full size; shows a hash as JSON", async () => {
    const { body: huge } = await call(routes.record.GET, recordPath("it-redis", hugeKey), { store: "it-redis", key: hugeKey });
    expect(huge).toMatchObject({ truncated: true, size: 200_011, encoding: "text" });
    expect(huge.value.length).toBe(64 * 1024);
    const { body: list } = await call(routes.records.GET, recordsPath("it-redis", "q=huge"), { store: "it-redis" });
    expect(list.records).toHaveLength(1);
    expect(list.records[0]).toMatchObject({ key: hugeKey, truncated: true, size: 200_011 });
    expect(list.records[0].value.length).toBe(2 * 1024);
    const { body: hash } = await call(routes.record.GET, recordPath("it-redis", hashKey), { store: "it-redis", key: hashKey });
    expect(hash).toMatchObject({ type: "hash", encoding: "json", consumer: "hasher", processedAt, ttlSeconds: null });
  });

  it("searches by substring (any case) and by glob", async () => {
    const { body: sub } = await call(routes.records.GET, recordsPath("it-redis", "q=PLAIN"), { store: "it-redis" });
    expect(sub.records.map((record: { key: string }) => record.key).sort()).toEqual([...plainKeys].sort());
    const { body: glob } = await call(routes.records.GET, recordsPath("it-redis", "q=soon-?"), { store: "it-redis" });
    expect(glob.records.map((record: { key: string }) => record.key).sort()).toEqual(soonKeys);
    const { body: none } = await call(routes.records.GET, recordsPath("it-redis", "q=no-such-record"), { store: "it-redis" });
    expect(none).toEqual({ records: [] });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=ten", "limit"],
    ["cursor=garbage", "cursor"],
    ["sort=oldest", "sort"],
  ])("rejects %s with a 400 naming %s", async (query, field) => {
    const { status, body } = await call(routes.records.GET, recordsPath("it-redis", query), { store: "it-redis" });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid-input");
    expect(body.error.field).toBe(field);
  });

  it("deletes a record (204, audited), then it is gone (404)", async () => {
    const key = jsonKeys[5]!;
    const deleted = await call(routes.record.DELETE, recordPath("it-redis", key), { store: "it-redis", key }, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await redis.exists(key)).toBe(0);
    expect((await call(routes.record.GET, recordPath("it-redis", key), { store: "it-redis", key })).status).toBe(404);
    expect((await call(routes.record.DELETE, recordPath("it-redis", key), { store: "it-redis", key }, { method: "DELETE" })).status).toBe(404);
    const { getDb } = await import("@/lib/db");
    const audit = await (await getDb()).auditEvent.findFirst({ where: { action: "idempotency.delete", target: `idempotency:it-redis/${key}` } });
    expect(audit).not.toBeNull();
    expect(JSON.parse(audit!.params)).toMatchObject({ store: "it-redis", key });
    expect(JSON.parse(audit!.result)).toMatchObject({ deleted: true, consumer: "consumer-5", eventId: "json-5" });
  });

  it("never reads or deletes a key outside the store's pattern", async () => {
    const other = `it-idem-${run}:other`;
    expect((await call(routes.record.GET, recordPath("it-redis", other), { store: "it-redis", key: other })).status).toBe(404);
    expect((await call(routes.record.DELETE, recordPath("it-redis", other), { store: "it-redis", key: other }, { method: "DELETE" })).status).toBe(404);
    expect(await redis.get(other)).toBe("keep");
  });

  it("refuses a cross-site delete", async () => {
    const key = jsonKeys[0]!;
    const { status } = await call(routes.record.DELETE, recordPath("it-redis", key), { store: "it-redis", key }, { method: "DELETE", headers: { origin: "https://evil.example" } });
    expect(status).toBe(403);
    expect(await redis.exists(key)).toBe(1);
  });
});

describe("processed flag on messages", () => {
  it("marks each message whose event id has a record, with one batched lookup per store", async () => {
    const { RedisIdempotencyStore } = await import("@/lib/idempotency/redis/redis-store");
    const lookups = vi.spyOn(RedisIdempotencyStore.prototype, "lookupEventIds");
    const { status, body } = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?partition=0&from=0&limit=10`, {
      cluster: "local-kafka",
      topic,
    });
    expect(status).toBe(200);
    // One call per store (two live, one down) for the whole page.
    expect(lookups).toHaveBeenCalledTimes(3);
    expect(lookups.mock.calls[0]![0]).toHaveLength(4);
    lookups.mockRestore();
    const byId = Object.fromEntries(body.messages.map((m: { eventId: string }) => [m.eventId, m]));
    expect(Object.keys(byId).sort()).toEqual([0, 1, 2, 3].map((i) => `evt-${run}-${i}`));
    expect(byId[`evt-${run}-0`]).toMatchObject({ eventIdFrom: "json:$.id", processed: { store: "it-redis", key: `${prefix}evt-${run}-0`, processedAt, consumer: "inventory-service" } });
    expect(byId[`evt-${run}-0`].processed.ttlSeconds).toBeGreaterThan(3500);
    expect(byId[`evt-${run}-1`].processed).toEqual({ store: "it-redis", key: `${prefix}evt-${run}-1`, ttlSeconds: null });
    // Not processed; and the down store is named, since it might have held the record.
    expect(byId[`evt-${run}-2`]).toMatchObject({ processed: null, processedError: "it-redis-down: connection refused to 127.0.0.1:1" });
  });

  it("takes the id from a header where the config says so", async () => {
    const { body } = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${headerTopic}/messages?partition=0&from=0`, {
      cluster: "local-kafka",
      topic: headerTopic,
    });
    expect(body.messages.map((m: { eventId: string; eventIdFrom: string; processed: unknown }) => [m.eventId, m.eventIdFrom, m.processed !== null])).toEqual([
      [`hdr-${run}-0`, "header:x-event-id", true],
      [`hdr-${run}-1`, "header:x-event-id", false],
    ]);
  });
});

describe("trace", () => {
  it("finds an event in its topic, its DLQ and the store, and tells its story", async () => {
    const id = `evt-${run}-2`;
    await redis.set(`${prefix}${id}`, JSON.stringify({ consumer: "inventory-service", processedAt: new Date().toISOString() }), "EX", 3600);
    const { status, body } = await call(routes.trace.GET, `/api/v1/trace?id=${id}&cluster=local-kafka&topic=${encodeURIComponent(`${topic}*`)}`);
    expect(status).toBe(200);
    expect(body.hits.map((hit: { where: string; topic?: string; store?: string }) => [hit.where, hit.topic ?? hit.store])).toEqual([
      ["topic", topic],
      ["dlq", dlqTopic],
      ["idempotency", "it-redis"],
    ]);
    expect(body.hits[0]).toMatchObject({ cluster: "local-kafka", partition: 0, offset: 2, matchedBy: "json:$.id" });
    expect(body.hits[1]).toMatchObject({ attempts: 3, error: "inventory database timeout after 250 ms", originalTopic: topic });
    expect(body.hits[2]).toMatchObject({ key: `${prefix}${id}`, status: "processed", consumer: "inventory-service" });
    expect(body.timeline.map((event: { kind: string }) => event.kind)).toEqual(["published", "failed", "dead-lettered", "processed"]);
    expect(body.timeline[1].title).toBe("Failed 3 times");
    expect(body).toMatchObject({ outcome: "processed", scanned: 6, scannedTopics: 2, totalTopics: 2, truncated: false });
    expect(body.sources.find((source: { source: string }) => source.source === "idempotency").stores).toEqual([
      { store: "it-redis", status: "ok" },
      { store: "it-redis-down", status: "down", error: "connection refused to 127.0.0.1:1" },
      { store: "it-redis-ttl", status: "ok" },
    ]);
  });

  it("finds by order id in a nested JSON field, and says how far back it read", async () => {
    const { body } = await call(routes.trace.GET, `/api/v1/trace?id=o-${run}-3&cluster=local-kafka&topic=${topic}&perTopic=2`);
    // The newest 2 of 4 messages first, then the older ones (issue 12 item 4): the whole topic, said so.
    expect(body.hits).toEqual([expect.objectContaining({ where: "topic", offset: 3, matchedBy: "json:$.data.order_id" })]);
    expect(body).toMatchObject({ scanned: 4, truncated: false, outcome: "published" });
    const topics = body.sources.find((source: { source: string }) => source.source === "topics");
    expect(topics.coverage).toEqual([expect.objectContaining({ topic, scanned: 4, complete: true })]);
  });

  it("finds an older publish in a long topic: windows further back follow the newest one", async () => {
    // Only the newest message of the topic is in the first window; the older ones are read next.
    const { body } = await call(routes.trace.GET, `/api/v1/trace?id=evt-${run}-0&cluster=local-kafka&topic=${topic}&perTopic=1`);
    expect(body.hits.map((hit: { where: string; offset?: number }) => [hit.where, hit.offset])).toEqual([
      ["idempotency", undefined],
      ["topic", 0],
    ]);
    expect(body.truncated).toBe(false);
  });

  it("follows a DLQ message's x-original-offset to the original message", async () => {
    // Only the DLQ is scanned; its header points at partition 0, offset 1 of the topic.
    const { body } = await call(routes.trace.GET, `/api/v1/trace?id=evt-${run}-1&cluster=local-kafka&topic=${dlqTopic}`);
    const original = body.hits.find((hit: { where: string }) => hit.where === "topic");
    expect(original).toMatchObject({ topic, partition: 0, offset: 1, matchedBy: `x-original-offset of ${dlqTopic}` });
    expect(body.hits.find((hit: { where: string }) => hit.where === "dlq")).toMatchObject({ originalTopic: topic, originalPartition: 0, originalOffset: 1, attempts: 1 });
    expect(body.timeline.map((event: { kind: string }) => event.kind)).toEqual(["published", "failed", "dead-lettered", "processed"]);
  });

  it("streams progress as NDJSON, then the result", async () => {
    const { response, body } = await call(routes.trace.GET, `/api/v1/trace?id=evt-${run}-0&cluster=local-kafka&topic=${topic}&stream=1`);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    // call() reads the body as text (NDJSON is not one JSON document).
    const lines = (body as string).trim().split("\n").map((line) => JSON.parse(line));
    const last = lines.at(-1);
    expect(last.type).toBe("result");
    expect(last.result.outcome).toBe("processed");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(0, -1).every((line: { type: string }) => line.type === "progress")).toBe(true);
    expect(lines.at(-2)).toMatchObject({ type: "progress", scanned: 4, scannedTopics: 1, totalTopics: 1 });
  });

  it("validates its input", async () => {
    const missing = await call(routes.trace.GET, "/api/v1/trace");
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe("id");
    expect((await call(routes.trace.GET, "/api/v1/trace?id=x&perTopic=0")).body.error.field).toBe("perTopic");
    expect((await call(routes.trace.GET, "/api/v1/trace?id=x&cluster=nope")).status).toBe(404);
  });
});
