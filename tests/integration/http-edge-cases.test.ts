import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { KAFKA_BROKERS } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Text the console cannot carry (lib/api/request-text.ts), through the real route handlers: NUL in
// a PostgreSQL idempotency store's key or query (PostgreSQL refuses NUL in text), a lone surrogate in
// a JSON body (no UTF-8 form; the database refused it). Each was a 500; now a 400 naming the field.
// TRACE and bad percent-encoding happen before the handlers: tests/e2e/http-edge-cases.test.ts.
const PG_BASE = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432";
const database = `eventscope_edge_${randomUUID().slice(0, 8)}`;

const { cleanup } = useTempConsoleEnv("eventscope-edge-", {
  clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
  idempotency: [{ id: "edge-pg", kind: "postgres", url: `${PG_BASE}/${database}`, table: "processed_events", keyColumn: "event_id" }],
});

async function sql(db: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_BASE}/${db}` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let routes: Record<string, any>;

beforeAll(async () => {
  await sql("postgres", `CREATE DATABASE ${database}`);
  await sql(database, "CREATE TABLE processed_events (event_id text PRIMARY KEY); INSERT INTO processed_events VALUES ('evt-1')");
  routes = {
    records: await import("@/app/api/v1/idempotency/[store]/records/route"),
    record: await import("@/app/api/v1/idempotency/[store]/records/[key]/route"),
    clusters: await import("@/app/api/v1/clusters/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
}, 120_000);

afterAll(async () => {
  const { closeStores } = await import("@/lib/idempotency/registry");
  await closeStores();
  await sql("postgres", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const expectInvalid = (result: { status: number; body: any }, field: string, problem: RegExp) => {
  expect(result.status, JSON.stringify(result.body)).toBe(400);
  expect(result.body.error).toMatchObject({ code: "invalid-input", field });
  expect(result.body.error.message).toMatch(problem);
};

describe("NUL in a PostgreSQL idempotency store's key or query", () => {
  it("answers 400 naming q", async () => {
    const result = await call(routes.records.GET, "/api/v1/idempotency/edge-pg/records?q=%00", { store: "edge-pg" });
    expectInvalid(result, "q", /q: must not contain NUL/);
  });

  it("answers 400 naming the key, for reading and deleting", async () => {
    const path = "/api/v1/idempotency/edge-pg/records/a%00b";
    expectInvalid(await call(routes.record.GET, path, { store: "edge-pg", key: "a\u0000b" }), "key", /NUL/);
    expectInvalid(await call(routes.record.DELETE, path, { store: "edge-pg", key: "a\u0000b" }, { method: "DELETE" }), "key", /NUL/);
  });

  it("answers 400 naming id when tracing such an event id", async () => {
    expectInvalid(await call(routes.trace.GET, "/api/v1/trace?id=evt%00", {}), "id", /NUL/);
  });

  it("still serves the store's ordinary records", async () => {
    const result = await call(routes.records.GET, "/api/v1/idempotency/edge-pg/records?q=evt", { store: "edge-pg" });
    expect(result.status).toBe(200);
    expect(result.body.records.map((record: { key: string }) => record.key)).toEqual(["evt-1"]);
  });
});

describe("ill-formed Unicode in a JSON body", () => {
  const cluster = (name: string) => ({ id: `edge-${randomUUID().slice(0, 8)}`, name, kind: "kafka", brokers: KAFKA_BROKERS });
  // JSON.stringify writes a lone surrogate as the escape \ud800, as an attacker's client would.
  const post = (body: unknown) => call(routes.clusters.POST, "/api/v1/clusters", {}, jsonInit("POST", body));

  it("answers 400 naming the cluster name that holds a lone surrogate", async () => {
    expectInvalid(await post(cluster("orders \ud800")), "name", /name: must be well-formed Unicode/);
  });

  it("names nested fields and keys too", async () => {
    expectInvalid(await post({ ...cluster("ok"), brokers: ["127.0.0.1:9092", "\udfff"] }), "brokers.1", /well-formed/);
    expectInvalid(await post({ ...cluster("ok"), ["x\u0000"]: 1 }), "x\u0000", /the key must not contain NUL/);
  });

  it("still creates a cluster whose name has emoji and accents", async () => {
    const result = await post(cluster("Bestellungen 😀 Grüße"));
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body.cluster.name).toBe("Bestellungen 😀 Grüße");
  });
});
