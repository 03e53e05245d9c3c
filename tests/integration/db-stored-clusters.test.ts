import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "@/lib/errors";
import {
  createStoredCluster,
  deleteStoredCluster,
  getStoredCluster,
  listStoredClusters,
  updateStoredCluster,
} from "@/lib/clusters/stored-clusters";
import type { ClusterConfig } from "@/lib/config/schema";
import { disconnectDb, getDatabaseKind, getDb } from "@/lib/db";

// lib/db.ts (getDb: first call creates the database and migrates it) and the stored-cluster
// functions, against a fresh SQLite file and a throwaway PostgreSQL database.

const ADMIN_URL = process.env.EVENTSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const originalDatabaseUrl = process.env.DATABASE_URL;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-db-clusters-"));
// The key that seals stored credentials is generated here, not in the repository's .data/.
process.env.EVENTSCOPE_SECRET_KEY_FILE = path.join(tmpRoot, "secret.key");
const createdDatabases: string[] = [];

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function pgUrl(database: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

const newDatabaseName = () => `eventscope_test_${randomBytes(6).toString("hex")}`;

async function createPgDatabase(name = newDatabaseName()) {
  await adminQuery(`CREATE DATABASE ${name}`);
  createdDatabases.push(name);
  return pgUrl(name);
}

async function useDatabase(url: string) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
}

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await disconnectDb();
  if (originalDatabaseUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = originalDatabaseUrl;
  for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

const kafka: ClusterConfig = {
  id: "orders-kafka",
  name: "Orders (Kafka)",
  kind: "kafka",
  brokers: ["localhost:9092", "localhost:9094"],
  sasl: { mechanism: "scram-sha-256", username: "console", password: "s3cret-password" },
  samplingIntervalMs: 5000,
};

const nats: ClusterConfig = { id: "events-nats", name: "Events (NATS)", kind: "nats", servers: ["nats://localhost:4222"], token: "t0ken" };

async function expectAppError(promise: Promise<unknown>, code: DomainError["code"], message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message) expect((error as DomainError).message).toMatch(message);
}

const backends = [
  {
    kind: "sqlite" as const,
    // A folder that does not exist yet: getDb() creates it.
    setup: async () => `file:${path.join(tmpRoot, "not", "there", "yet", "eventscope.db")}`,
  },
  { kind: "postgres" as const, setup: () => createPgDatabase() },
];

describe.each(backends)("stored clusters on $kind", ({ kind, setup }) => {
  beforeAll(async () => {
    await useDatabase(await setup());
  });

  it("opens and migrates the database on the first getDb(), then hands out the same client", async () => {
    expect(getDatabaseKind()).toBe(kind);
    if (kind === "sqlite") expect(fs.existsSync(path.join(tmpRoot, "not", "there", "yet"))).toBe(false);
    const db = await getDb();
    expect(await getDb()).toBe(db);
    if (kind === "sqlite") expect(fs.existsSync(path.join(tmpRoot, "not", "there", "yet", "eventscope.db"))).toBe(true);
    expect(await db.storedCluster.count()).toBe(0);
  });

  it("creates, lists, reads, updates and deletes clusters", async () => {
    expect(await createStoredCluster(kafka)).toEqual(kafka);
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt, for the order
    await createStoredCluster(nats);

    expect(await listStoredClusters()).toEqual([kafka, nats]);
    expect(await getStoredCluster("orders-kafka")).toEqual(kafka); // secrets survive the round trip
    expect(await getStoredCluster("nope")).toBeNull();

    const db = await getDb();
    const row = await db.storedCluster.findUniqueOrThrow({ where: { id: "events-nats" } });
    expect(row).toMatchObject({ name: "Events (NATS)", kind: "nats" });
    // Credentials are sealed at rest (lib/clusters/cluster-secrets.ts); the rest of the row stays readable.
    const { sealedSecrets, ...readable } = JSON.parse(row.config);
    const { token: _token, ...natsWithoutToken } = nats as Extract<ClusterConfig, { kind: "nats" }>;
    expect(readable).toEqual(natsWithoutToken);
    expect(sealedSecrets).toMatch(/^v1\./);
    expect(row.config).not.toContain("t0ken");

    const renamed: ClusterConfig = { ...nats, name: "Events", servers: ["nats://a:4222", "nats://b:4222"] };
    expect(await updateStoredCluster("events-nats", renamed)).toEqual(renamed);
    expect(await getStoredCluster("events-nats")).toEqual(renamed);
    const updatedRow = await db.storedCluster.findUniqueOrThrow({ where: { id: "events-nats" } });
    expect(updatedRow.name).toBe("Events");
    expect(updatedRow.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
    expect(updatedRow.createdAt.getTime()).toBe(row.createdAt.getTime());

    expect(await deleteStoredCluster("events-nats")).toBe(true);
    expect(await deleteStoredCluster("events-nats")).toBe(false);
    expect(await listStoredClusters()).toEqual([kafka]);
  });

  it("reports a duplicate id as a conflict, a missing one as not found, a bad config as invalid input", async () => {
    await expectAppError(createStoredCluster({ ...kafka, name: "again" }), "conflict", /orders-kafka.*already exists/);
    expect((await getStoredCluster("orders-kafka"))?.name).toBe(kafka.name);

    await expectAppError(updateStoredCluster("ghost", { ...nats, id: "ghost" }), "not-found", /cluster "ghost"/);
    await expectAppError(updateStoredCluster("orders-kafka", { ...kafka, id: "other" }), "invalid-input", /does not match/);
    await expectAppError(createStoredCluster({ ...kafka, id: "bad", brokers: ["no-port"] } as ClusterConfig), "invalid-input", /brokers/);
    expect(await getStoredCluster("bad")).toBeNull();
  });

  it("skips and logs rows that no longer validate instead of failing the whole list", async () => {
    const db = await getDb();
    await db.storedCluster.create({ data: { id: "broken-json", name: "x", kind: "kafka", config: "{not json" } });
    await db.storedCluster.create({
      data: { id: "old-shape", name: "x", kind: "kafka", config: JSON.stringify({ ...kafka, id: "old-shape", brokers: [] }) },
    });
    await db.storedCluster.create({ data: { id: "mismatch", name: "x", kind: "nats", config: JSON.stringify(kafka) } });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    expect(await listStoredClusters()).toEqual([kafka]);
    expect(await getStoredCluster("old-shape")).toBeNull();

    const logged = warn.mock.calls.map((call) => String(call[0])).join("\n");
    expect(logged).toContain('"broken-json": its config is not valid JSON');
    expect(logged).toMatch(/"old-shape": brokers: /);
    expect(logged).toContain('"mismatch": its config has id "orders-kafka"');
    expect(logged).not.toContain(kafka.sasl?.password);
  });
});

describe("getDb() start-up", () => {
  it("does not cache a failed start: the next call tries again", async () => {
    const name = newDatabaseName();
    await useDatabase(pgUrl(name)); // the database does not exist yet
    await expect(getDb()).rejects.toThrow(new RegExp(name));
    await createPgDatabase(name);
    const db = await getDb();
    expect(await db.storedCluster.count()).toBe(0);
  });

  it("refuses an unsupported DATABASE_URL", async () => {
    await useDatabase("mysql://root@localhost/eventscope");
    expect(() => getDatabaseKind()).toThrow(/postgres:\/\/, postgresql:\/\/ or file:/);
    await expect(getDb()).rejects.toThrow(/scheme "mysql"/);
  });

  it("uses PostgreSQL's ?schema= for the tables and the client", async () => {
    const url = await createPgDatabase();
    await useDatabase(`${url}?schema=console`);
    await createStoredCluster(nats);
    expect(await listStoredClusters()).toEqual([nats]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: stored } = await client.query('SELECT id FROM console."StoredCluster"');
      expect(stored).toEqual([{ id: "events-nats" }]);
    } finally {
      await client.end();
    }
  });
});
