import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { claimForJob, markDiscarded, markRequeued, releaseClaims, statusesOf } from "@/lib/dlq/dlq-state";

// The per-message DLQ state (lib/dlq/dlq-state.ts) is what keeps a requeue exactly-once: a claim
// is an insert that skips rows somebody else holds, in one statement per batch. These tests run it
// on SQLite, on PostgreSQL and on PostgreSQL with a ?schema= (the statement is raw SQL, so each
// dialect and the table qualification are exercised for real).

const ADMIN_URL = process.env.EVENTSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const originalDatabaseUrl = process.env.DATABASE_URL;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-dlq-claims-"));
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

async function createPgDatabase(query = "") {
  const name = `eventscope_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  createdDatabases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString() + query;
}

afterAll(async () => {
  await disconnectDb();
  if (originalDatabaseUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = originalDatabaseUrl;
  for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

const backends = [
  { name: "SQLite", setup: async () => `file:${path.join(tmpRoot, "claims.db")}` },
  { name: "PostgreSQL", setup: () => createPgDatabase() },
  { name: "PostgreSQL with ?schema=", setup: () => createPgDatabase("?schema=eventscope") },
];

const entries = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ messageId: `0-${from + i}`, requeueId: `rq-${from + i}` }));

describe.each(backends)("DLQ claims on $name", ({ setup }) => {
  const key = { clusterId: "c1", dlqTopic: `orders.dlq.${randomBytes(3).toString("hex")}` };

  beforeAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = await setup();
  });

  it("claims free messages, skips held ones, and keeps the first holder's row", async () => {
    expect([...(await claimForJob(key, "job-a", entries(0, 3)))].sort()).toEqual(["0-0", "0-1", "0-2"]);
    const second = await claimForJob(key, "job-b", entries(1, 5));
    expect([...second].sort()).toEqual(["0-3", "0-4"]);
    const db = await getDb();
    const row = await db.dlqMessageState.findUniqueOrThrow({ where: { clusterId_dlqTopic_messageId: { ...key, messageId: "0-1" } } });
    expect(row).toMatchObject({ jobId: "job-a", status: "requeuing", requeueId: "rq-1" });
    expect(row.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(row.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("gives each message to exactly one of many concurrent claimers, across insert chunks", async () => {
    const all = entries(100, 4_600); // more than one INSERT chunk
    const winners = await Promise.all(["x", "y", "z"].map((job) => claimForJob(key, job, all)));
    const total = winners.reduce((sum, won) => sum + won.size, 0);
    expect(total).toBe(all.length);
    const union = new Set(winners.flatMap((won) => [...won]));
    expect(union.size).toBe(all.length);
  });

  it("looks up, marks and releases batches bigger than any bind-variable limit", async () => {
    // Prisma's SQLite adapter refuses more than 999 bind values; ids travel as one JSON parameter.
    const big = entries(20_000, 23_000);
    const ids = big.map((entry) => entry.messageId);
    expect((await claimForJob(key, "job-big", big)).size).toBe(3_000);
    expect([...(await statusesOf(key, ids)).values()].every((status) => status === "requeuing")).toBe(true);
    await markRequeued(key, "job-big", ids.slice(0, 2_000));
    await releaseClaims(key, "job-big", ids); // only the 1,000 still in flight go back
    const statuses = await statusesOf(key, ids);
    expect(statuses.size).toBe(2_000);
    expect([...statuses.values()].every((status) => status === "requeued")).toBe(true);
    const db = await getDb();
    const row = await db.dlqMessageState.findUniqueOrThrow({ where: { clusterId_dlqTopic_messageId: { ...key, messageId: "0-20000" } } });
    expect(row).toMatchObject({ jobId: "job-big", status: "requeued", requeueId: "rq-20000" });
  });

  it("requeued and discarded rows are not claimable; released claims are", async () => {
    await markRequeued(key, "job-a", ["0-0"]);
    await releaseClaims(key, "job-a", ["0-2"]);
    const discarded = await markDiscarded(key, [...entries(2, 3), ...entries(3, 4), ...entries(9_000, 9_002)]);
    // 0-2 was released (free again), 0-3 is held by job-b, 9000-9001 were never seen.
    expect(discarded.sort()).toEqual(["0-2", "0-9000", "0-9001"]);
    expect((await claimForJob(key, "job-c", entries(0, 4))).size).toBe(0);
    const statuses = await statusesOf(key, ["0-0", "0-1", "0-2", "0-3", "0-9999"]);
    expect(Object.fromEntries(statuses)).toEqual({ "0-0": "requeued", "0-1": "requeuing", "0-2": "discarded", "0-3": "requeuing" });
  });
});
