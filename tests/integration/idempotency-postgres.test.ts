import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// The idempotency API against a real PostgreSQL (127.0.0.1:5432, trust auth): a throwaway database
// with a processed_events table (text keys) and one with uuid keys, created here and dropped after.
const PG_BASE = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432";
const run = randomUUID().slice(0, 8);
const database = `eventscope_it_${run}`;
const url = `${PG_BASE}/${database}`;
const topic = uniqueName("it-idem-pg");

const { cleanup } = useTempConsoleEnv("eventscope-idem-pg-", {
  clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
  idempotency: [
    {
      id: "it-pg",
      kind: "postgres",
      url,
      table: "processed_events",
      keyColumn: "event_id",
      processedAtColumn: "processed_at",
      consumerColumn: "consumer",
    },
    { id: "it-pg-uuid", kind: "postgres", url, table: "audit.handled", keyColumn: "id", valueColumn: "result" },
    { id: "it-pg-no-table", kind: "postgres", url, table: "processed_evnts", keyColumn: "event_id" },
    { id: "it-pg-no-column", kind: "postgres", url, table: "processed_events", keyColumn: "evnt_id" },
    { id: "it-pg-down", kind: "postgres", url: "postgres://postgres@127.0.0.1:1/x", table: "t", keyColumn: "k" },
  ],
});

const uuids = [randomUUID(), randomUUID(), randomUUID()];
const ROWS = 25;
const eventIds = Array.from({ length: ROWS }, (_, i) => `evt-${String(i).padStart(3, "0")}`);
let kafka: Kafka;
let routes: Record<string, any>;

async function admin<T>(work: (client: pg.Client) => Promise<T>, db = "postgres"): Promise<T> {
  const client = new pg.Client({ connectionString: `${PG_BASE}/${db}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin((client) => client.query(`CREATE DATABASE ${database}`));
  await admin(async (client) => {
    await client.query(`CREATE TABLE processed_events (
      event_id text PRIMARY KEY,
      consumer text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb
    )`);
    // 20 rows processed an hour ago, 5 just now (new per minute: 5).
    for (const [i, id] of eventIds.entries()) {
      await client.query("INSERT INTO processed_events (event_id, consumer, processed_at, payload) VALUES ($1, $2, now() - $3::interval, $4)", [
        id,
        i % 2 === 0 ? "inventory-service" : "billing",
        i < 20 ? "1 hour" : "0 seconds",
        i === 3 ? { note: "big", blob: "z".repeat(100_000) } : { attempt: 1 },
      ]);
    }
    await client.query("CREATE SCHEMA audit");
    await client.query("CREATE TABLE audit.handled (id uuid PRIMARY KEY, result text)");
    for (const [i, id] of uuids.entries()) await client.query("INSERT INTO audit.handled VALUES ($1, $2)", [id, i === 0 ? '{"ok":true}' : "done"]);
  }, database);

  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [eventIds[0]!, "evt-not-there", eventIds[24]!].map((id) => ({ key: id, value: JSON.stringify({ id }) })) });
  await producer.disconnect();

  routes = {
    stores: await import("@/app/api/v1/idempotency/route"),
    records: await import("@/app/api/v1/idempotency/[store]/records/route"),
    record: await import("@/app/api/v1/idempotency/[store]/records/[key]/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
}, 120_000);

afterAll(async () => {
  const { closeStores } = await import("@/lib/idempotency/registry");
  await closeStores();
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await kafkaAdmin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const recordsPath = (store: string, query = "") => `/api/v1/idempotency/${store}/records${query ? `?${query}` : ""}`;

describe("stores", () => {
  it("counts rows and new rows per minute, and names a missing table or column", async () => {
    const started = Date.now();
    const { status, body } = await call(routes.stores.GET, "/api/v1/idempotency");
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(8_000);
    const byId = Object.fromEntries(body.stores.map((store: { id: string }) => [store.id, store]));
    expect(byId["it-pg"]).toMatchObject({
      kind: "postgres",
      status: "up",
      records: ROWS,
      newPerMinute: 5,
      newPerMinuteMethod: "processed-at",
      target: `postgres://127.0.0.1:5432/${database} processed_events`,
      capabilities: { newestFirst: true, ttl: false },
    });
    expect(byId["it-pg-uuid"]).toMatchObject({ status: "up", records: 3, newPerMinuteMethod: "count-delta" });
    expect(byId["it-pg-no-table"]).toMatchObject({
      status: "misconfigured",
      records: null,
      error: `table "processed_evnts" does not exist in database "${database}", the search path (public)`,
    });
    expect(byId["it-pg-no-column"]).toMatchObject({
      status: "misconfigured",
      error: 'table "public.processed_events" has no column "evnt_id" (keyColumn); its columns are event_id, consumer, processed_at, payload',
    });
    expect(byId["it-pg-down"]).toMatchObject({ status: "down", records: null });
    expect(byId["it-pg-down"].error).toMatch(/connection refused/);
  });

  it("answers 503 for a misconfigured or down store, naming the problem", async () => {
    const missing = await call(routes.records.GET, recordsPath("it-pg-no-column"), { store: "it-pg-no-column" });
    expect(missing.status).toBe(503);
    expect(missing.body.error.code).toBe("store-misconfigured");
    expect(missing.body.error.message).toContain('has no column "evnt_id"');
    const started = Date.now();
    const down = await call(routes.records.GET, recordsPath("it-pg-down"), { store: "it-pg-down" });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe("store-unavailable");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("records", () => {
  it("pages through every row exactly once in key order (keyset)", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await call(routes.records.GET, recordsPath("it-pg", `limit=7${cursor ? `&cursor=${cursor}` : ""}`), { store: "it-pg" });
      expect(status).toBe(200);
      seen.push(...body.records.map((record: { key: string }) => record.key));
      cursor = body.next;
    } while (cursor);
    expect(seen).toEqual(eventIds);
  });

  it("searches keys with ILIKE, % and _ taken literally", async () => {
    const { body } = await call(routes.records.GET, recordsPath("it-pg", "q=EVT-01"), { store: "it-pg" });
    expect(body.records.map((record: { key: string }) => record.key)).toEqual(eventIds.slice(10, 20));
    const { body: none } = await call(routes.records.GET, recordsPath("it-pg", "q=evt_0%25"), { store: "it-pg" });
    expect(none.records).toEqual([]);
  });

  it("lists newest first by the processed-at column", async () => {
    const { body } = await call(routes.records.GET, recordsPath("it-pg", "sort=newest&limit=5"), { store: "it-pg" });
    expect(body.records.map((record: { key: string }) => record.key)).toEqual(eventIds.slice(20).reverse());
  });

  it("shows a row with processedAt and consumer, the row as pretty JSON, big values cut", async () => {
    const { status, body } = await call(routes.record.GET, `/api/v1/idempotency/it-pg/records/${eventIds[2]}`, { store: "it-pg", key: eventIds[2] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ key: eventIds[2], ttlSeconds: null, consumer: "inventory-service", encoding: "json", truncated: false, eventId: eventIds[2] });
    expect(Date.parse(body.processedAt)).toBeLessThan(Date.now() - 3_000_000);
    expect(JSON.parse(body.value)).toMatchObject({ event_id: eventIds[2], consumer: "inventory-service", payload: { attempt: 1 } });
    expect(body.value).toContain('\n  "event_id"');
    const { body: big } = await call(routes.record.GET, `/api/v1/idempotency/it-pg/records/${eventIds[3]}`, { store: "it-pg", key: eventIds[3] });
    expect(big.truncated).toBe(true);
    expect(big.size).toBeGreaterThan(100_000);
    expect(big.value.length).toBe(64 * 1024);
  });

  it("reads uuid keys natively and the value column as the value", async () => {
    const { body } = await call(routes.records.GET, recordsPath("it-pg-uuid"), { store: "it-pg-uuid" });
    expect(body.records.map((record: { key: string }) => record.key)).toEqual([...uuids].sort());
    const { body: one } = await call(routes.record.GET, `/api/v1/idempotency/it-pg-uuid/records/${uuids[0]}`, { store: "it-pg-uuid", key: uuids[0] });
    expect(one).toMatchObject({ key: uuids[0], value: '{\n  "ok": true\n}', encoding: "json" });
    // Not a uuid: simply not there (no SQL error).
    expect((await call(routes.record.GET, "/api/v1/idempotency/it-pg-uuid/records/nope", { store: "it-pg-uuid", key: "nope" })).status).toBe(404);
  });

  it("deletes a row (204, audited), then it is gone (404)", async () => {
    const key = eventIds[7]!;
    const deleted = await call(routes.record.DELETE, `/api/v1/idempotency/it-pg/records/${key}`, { store: "it-pg", key }, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    const left = await admin((client) => client.query("SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1", [key]), database);
    expect(left.rows[0].n).toBe(0);
    expect((await call(routes.record.GET, `/api/v1/idempotency/it-pg/records/${key}`, { store: "it-pg", key })).status).toBe(404);
    expect((await call(routes.record.DELETE, `/api/v1/idempotency/it-pg/records/${key}`, { store: "it-pg", key }, { method: "DELETE" })).status).toBe(404);
    const { getDb } = await import("@/lib/db");
    const audit = await (await getDb()).auditEvent.findFirst({ where: { action: "idempotency.delete", target: `idempotency:it-pg/${key}` } });
    expect(JSON.parse(audit!.result)).toMatchObject({ deleted: true, consumer: "billing" });
  });
});

describe("processed flag and trace", () => {
  it("marks messages whose id has a row, with processedAt and consumer", async () => {
    const { body } = await call(routes.messages.GET, `/api/v1/clusters/local-kafka/topics/${topic}/messages?partition=0&from=0`, { cluster: "local-kafka", topic });
    const [first, second, third] = body.messages;
    expect(first).toMatchObject({ eventId: eventIds[0], processed: { store: "it-pg", key: eventIds[0], ttlSeconds: null, consumer: "inventory-service" } });
    expect(Date.parse(first.processed.processedAt)).toBeGreaterThan(0);
    expect(second).toMatchObject({ eventId: "evt-not-there", processed: null });
    expect(second.processedError).toMatch(/it-pg-no-table: .*does not exist/);
    expect(third.processed).toMatchObject({ store: "it-pg", key: eventIds[24], consumer: "inventory-service" });
  });

  it("finds a processed row by direct lookup in the trace", async () => {
    const { body } = await call(routes.trace.GET, `/api/v1/trace?id=${eventIds[24]}&cluster=local-kafka&topic=${topic}`);
    // The row was written (processed_at) before the test published the message: hits are in time order.
    expect(body.hits.map((hit: { where: string }) => hit.where).sort()).toEqual(["idempotency", "topic"]);
    expect(body.hits.find((hit: { where: string }) => hit.where === "idempotency")).toMatchObject({ store: "it-pg", key: eventIds[24], status: "processed", consumer: "inventory-service", ttlSeconds: null });
    expect(body.outcome).toBe("processed");
    const report = body.sources.find((source: { source: string }) => source.source === "idempotency");
    expect(report.status).toBe("partial");
    expect(report.stores.map((store: { store: string; status: string }) => [store.store, store.status])).toEqual([
      ["it-pg", "ok"],
      ["it-pg-down", "down"],
      ["it-pg-no-column", "misconfigured"],
      ["it-pg-no-table", "misconfigured"],
      ["it-pg-uuid", "ok"],
    ]);
  });
});
