import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { callAsAdmin as call } from "../support/auth";
import { jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";
import { DDL, DEBEZIUM_DDL, MYSQL_URL, PG_URL, insertRows, mysqlDb, pgDb, seedRows, type Db, type Seeded } from "../support/outbox-seed";

// Outbox sources through the routes against the real PostgreSQL (127.0.0.1:5432, trust) and MariaDB
// (127.0.0.1:3306, root), database `test`: each run makes its own tables (outbox_it_<run>_...) in
// the seeds' shape and drops them after.
const run = randomUUID().slice(0, 8);
const table = (name: string) => `outbox_it_${run}_${name}`;
const TOPIC = `outbox-it-${run}.orders`;

const sources = (kind: "postgres" | "mysql", url: string) => [
  { id: `${kind}-main`, kind, url, table: table("main"), maxAttempts: 5, retryGraceSeconds: 60, warnAgeSeconds: 60 },
  { id: `${kind}-actions`, kind, url, table: table("act"), allowActions: true },
  { id: `${kind}-later`, kind, url, table: table("later") },
  { id: `${kind}-no-column`, kind, url, table: table("main"), columns: { attempts: "tries" } },
  { id: `${kind}-debezium`, kind, url, table: table("dbz"), layout: "debezium" },
];
const { cleanup } = useTempConsoleEnv("eventscope-outbox-", {
  clusters: [],
  outbox: [
    ...sources("postgres", PG_URL),
    ...sources("mysql", MYSQL_URL),
    { id: "postgres-down", kind: "postgres", url: "postgres://postgres@127.0.0.1:1/test", table: "reliable_outbox" },
    { id: "mysql-down", kind: "mysql", url: "mysql://root@127.0.0.1:1/test", table: "reliable_outbox" },
  ],
});

let routes: Record<string, any>;
const dbs: Partial<Record<"postgres" | "mysql", Db>> = {};
const seeded: Partial<Record<"postgres" | "mysql", Seeded[]>> = {};

beforeAll(async () => {
  for (const kind of ["postgres", "mysql"] as const) {
    const db = kind === "postgres" ? await pgDb() : await mysqlDb();
    dbs[kind] = db;
    const rows = seedRows();
    seeded[kind] = rows;
    await db.exec(DDL[kind](table("main")));
    await insertRows(db, kind, table("main"), rows, TOPIC);
    await db.exec(DDL[kind](table("act")));
    await insertRows(db, kind, table("act"), rows, TOPIC);
    await db.exec(DEBEZIUM_DDL[kind](table("dbz")));
    for (let i = 0; i < 3; i++) {
      await db.exec(
        `INSERT INTO ${table("dbz")} (id, aggregatetype, aggregateid, type, payload) VALUES (${kind === "postgres" ? "$1, $2, $3, $4, $5" : "?, ?, ?, ?, ?"})`,
        [randomUUID(), "order", `order-${i}`, "OrderCreated", JSON.stringify({ n: i })],
      );
    }
  }
  const { registerJobKinds } = await import("@/lib/jobs/start-jobs");
  registerJobKinds();
  routes = {
    list: await import("@/app/api/v1/outbox/route"),
    source: await import("@/app/api/v1/outbox/[source]/route"),
    rows: await import("@/app/api/v1/outbox/[source]/rows/route"),
    history: await import("@/app/api/v1/outbox/[source]/history/route"),
    retry: await import("@/app/api/v1/outbox/[source]/retry/route"),
    markFailed: await import("@/app/api/v1/outbox/[source]/mark-failed/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    masking: await import("@/app/api/v1/masking-rules/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
}, 120_000);

afterAll(async () => {
  const { closeOutboxSources } = await import("@/lib/outbox/registry");
  await closeOutboxSources();
  for (const db of Object.values(dbs)) {
    for (const name of ["main", "act", "later", "dbz"]) await db!.exec(`DROP TABLE IF EXISTS ${table(name)}`).catch(() => undefined);
    await db!.close();
  }
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

async function runJobsUntilDone(jobId: string) {
  const { runJob } = await import("@/lib/jobs/job-runner");
  await runJob(jobId);
  return (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId })).body;
}

describe.each(["postgres", "mysql"] as const)("%s outbox", (kind) => {
  const id = (name: string) => `${kind}-${name}`;

  it("lists every source: figures of the good ones, down with a reason naming what is wrong", async () => {
    const { status, body } = await call(routes.list.GET, "/api/v1/outbox");
    expect(status).toBe(200);
    const byId = new Map<string, any>(body.sources.map((source: any) => [source.id, source]));
    const main = byId.get(id("main"));
    expect(main).toMatchObject({ kind, backlog: 6, stuck: 2, status: "warn" });
    expect(main.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(main.reason).toContain("2 rows stuck");
    expect(main.target).not.toContain("password");
    expect(byId.get(id("later"))).toMatchObject({ status: "down", backlog: null });
    expect(byId.get(id("later")).reason).toContain(table("later"));
    expect(byId.get(id("no-column"))).toMatchObject({ status: "down" });
    expect(byId.get(id("no-column")).reason).toContain('"tries"');
    expect(byId.get(id("no-column")).reason).toContain("columns.attempts");
    expect(byId.get(`${kind}-down`)).toMatchObject({ status: "down" });
    expect(byId.get(`${kind}-down`).reason).toMatch(/refused/);
  });

  it("counts rows by status, stuck rows by cause, and names the layout", async () => {
    const { status, body } = await call(routes.source.GET, `/api/v1/outbox/${id("main")}`, { source: id("main") });
    expect(status).toBe(200);
    expect(body.byStatus).toEqual({ published: 10, pending: 6, failed: 2 });
    expect(body).toMatchObject({ stuckByAttempts: 1, stuckByRetry: 1, stuck: 2, actionsAllowed: false });
    expect(body.columns).toMatchObject({ id: "id", nextRetryAt: "next_retry_at" });
  });

  it("a Debezium-shaped table: every row waits, no status, no stuck figure", async () => {
    const { body } = await call(routes.source.GET, `/api/v1/outbox/${id("debezium")}`, { source: id("debezium") });
    expect(body).toMatchObject({ status: "ok", backlog: 3, stuck: null, byStatus: {} });
    const rows = await call(routes.rows.GET, `/api/v1/outbox/${id("debezium")}/rows?q=order-1`, { source: id("debezium") });
    expect(rows.body.rows).toHaveLength(1);
    expect(rows.body.rows[0]).toMatchObject({ aggregateType: "order", aggregateId: "order-1", type: "OrderCreated", payload: { n: 1 } });
  });

  it("a table created later is found by itself (down, then up)", async () => {
    await dbs[kind]!.exec(DDL[kind](table("later")));
    const { body } = await call(routes.source.GET, `/api/v1/outbox/${id("later")}`, { source: id("later") });
    expect(body).toMatchObject({ status: "ok", backlog: 0, reason: "nothing waits to be published" });
  });

  it("pages through rows newest first with a cursor, filters by status and finds an id", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await call(routes.rows.GET, `/api/v1/outbox/${id("main")}/rows?limit=5${cursor ? `&cursor=${cursor}` : ""}`, { source: id("main") });
      expect(status).toBe(200);
      seen.push(...body.rows.map((row: any) => row.id));
      cursor = body.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(18);
    expect(seen[0]).toBe(seeded[kind]!.find((row) => row.createdSecondsAgo === 90)!.id);

    const failed = await call(routes.rows.GET, `/api/v1/outbox/${id("main")}/rows?status=failed`, { source: id("main") });
    expect(failed.body.rows.map((row: any) => row.status)).toEqual(["failed", "failed"]);
    expect(failed.body.rows[0]).toMatchObject({ topic: TOPIC, attempts: 9 });
    expect(failed.body.rows[0].payload).toMatchObject({ card: "4111111111111111" });

    const stuck = seeded[kind]!.find((row) => row.attempts === 7)!;
    const found = await call(routes.rows.GET, `/api/v1/outbox/${id("main")}/rows?q=${stuck.id}`, { source: id("main") });
    expect(found.body.rows.map((row: any) => row.id)).toEqual([stuck.id]);
    const none = await call(routes.rows.GET, `/api/v1/outbox/${id("main")}/rows?q=${encodeURIComponent("x' OR 1=1 --")}`, { source: id("main") });
    expect(none.status).toBe(200);
    expect(none.body.rows).toEqual([]);
  });

  it("answers bad query parameters with 400 and an unknown source with 404", async () => {
    const path = `/api/v1/outbox/${id("main")}/rows`;
    expect((await call(routes.rows.GET, `${path}?limit=0`, { source: id("main") })).status).toBe(400);
    expect((await call(routes.rows.GET, `${path}?limit=abc`, { source: id("main") })).status).toBe(400);
    expect((await call(routes.rows.GET, `${path}?cursor=garbage`, { source: id("main") })).status).toBe(400);
    expect((await call(routes.rows.GET, `${path}?status=${"x".repeat(65)}`, { source: id("main") })).status).toBe(400);
    expect((await call(routes.history.GET, `/api/v1/outbox/${id("main")}/history?window=2y`, { source: id("main") })).status).toBe(400);
    expect((await call(routes.rows.GET, "/api/v1/outbox/nope/rows", { source: "nope" })).status).toBe(404);
    expect((await call(routes.source.GET, "/api/v1/outbox/nope", { source: "nope" })).status).toBe(404);
    // Rows of a source that is down: 503 with the reason.
    const down = await call(routes.rows.GET, `/api/v1/outbox/${kind}-down/rows`, { source: `${kind}-down` });
    expect(down.status).toBe(503);
  });

  it("keeps history of the samples", async () => {
    const { status, body } = await call(routes.history.GET, `/api/v1/outbox/${id("main")}/history`, { source: id("main") });
    expect(status).toBe(200);
    expect(body.points.length).toBeGreaterThan(0);
    expect(body.points.at(-1)).toMatchObject({ backlog: 6, stuck: 2 });
  });

  it("refuses actions on a source that does not allow them, and never wrote", async () => {
    const { status, body } = await call(routes.retry.POST, `/api/v1/outbox/${id("main")}/retry`, { source: id("main") }, jsonInit("POST", { stuck: true, dryRun: true }));
    expect(status).toBe(403);
    expect(body.error.message).toContain("allowActions");
    expect((await call(routes.retry.POST, `/api/v1/outbox/${id("actions")}/retry`, { source: id("actions") }, jsonInit("POST", { dryRun: true }))).status).toBe(400);
  });

  it("retry now and mark failed: a dry run counts, the job changes only unpublished rows", async () => {
    const rows = seeded[kind]!;
    const stuckRows = rows.filter((row) => row.status === "pending" && (row.attempts >= 5 || (row.retrySecondsAgo ?? 0) > 60));
    const dry = await call(routes.retry.POST, `/api/v1/outbox/${id("actions")}/retry`, { source: id("actions") }, jsonInit("POST", { stuck: true, dryRun: true }));
    expect(dry).toMatchObject({ status: 200, body: { matched: 2 } });
    const accepted = await call(routes.retry.POST, `/api/v1/outbox/${id("actions")}/retry`, { source: id("actions") }, jsonInit("POST", { stuck: true }));
    expect(accepted.status).toBe(202);
    const job = await runJobsUntilDone(accepted.body.job.id);
    expect(job).toMatchObject({ state: "succeeded", done: 2, kind: "outbox-retry" });
    const db = dbs[kind]!;
    const ageSql = kind === "postgres" ? "EXTRACT(EPOCH FROM now() - next_retry_at)" : "TIMESTAMPDIFF(SECOND, next_retry_at, NOW(6))";
    const placeholder = kind === "postgres" ? "$1" : "?";
    for (const row of stuckRows) {
      const [after] = (await db.exec(`SELECT ${ageSql} AS age, status FROM ${table("act")} WHERE id = ${placeholder}`, [row.id])) as { age: number; status: string }[];
      expect(Math.abs(Number(after!.age))).toBeLessThan(60);
      expect(after!.status).toBe("pending");
    }
    // Mark failed: a published id in the list is left alone (counted failed).
    const published = rows.find((row) => row.status === "published")!;
    const pending = rows.find((row) => row.status === "pending" && row.attempts === 0)!;
    const marked = await call(routes.markFailed.POST, `/api/v1/outbox/${id("actions")}/mark-failed`, { source: id("actions") }, jsonInit("POST", { ids: [pending.id, published.id] }));
    expect(marked.status).toBe(202);
    expect(marked.body.job.total).toBe(1);
    expect(await runJobsUntilDone(marked.body.job.id)).toMatchObject({ state: "succeeded", done: 1 });
    const statuses = (await db.exec(`SELECT id, status FROM ${table("act")} WHERE id IN (${kind === "postgres" ? "$1, $2" : "?, ?"})`, [pending.id, published.id])) as { id: string; status: string }[];
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [pending.id]: "failed", [published.id]: "published" });
  });
});

describe("event trace", () => {
  it("starts an event's story at its outbox row, in each database", async () => {
    const row = seeded.postgres!.find((candidate) => candidate.attempts === 7)!;
    const { status, body } = await call(routes.trace.GET, `/api/v1/trace?id=${row.id}`);
    expect(status).toBe(200);
    const hit = body.hits.find((candidate: any) => candidate.where === "outbox" && candidate.store === "postgres-main");
    expect(hit).toMatchObject({ key: row.id, status: "pending", attempts: 7, topic: TOPIC });
    expect(body.timeline[0]).toMatchObject({ kind: "outboxed" });
    expect(body.timeline[0].title).toContain("postgres-main");
    expect(body.outcome).toBe("in-outbox");
    expect(body.sources.find((source: any) => source.source === "outbox").status).toBe("partial");
    const mysqlRow = seeded.mysql!.find((candidate) => candidate.attempts === 7)!;
    const other = await call(routes.trace.GET, `/api/v1/trace?id=${mysqlRow.id}`);
    expect(other.body.hits.find((candidate: any) => candidate.store === "mysql-main")).toMatchObject({ key: mysqlRow.id, status: "pending" });
  });
});

describe("masking", () => {
  it("masks payload fields as messages of the row's topic are masked", async () => {
    const created = await call(routes.masking.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: TOPIC, kind: "json-path", pattern: "$.card" }));
    expect(created.status).toBe(201);
    const { body } = await call(routes.rows.GET, `/api/v1/outbox/postgres-main/rows?status=failed`, { source: "postgres-main" });
    expect(body.rows[0].payload.card).toBe("***");
    expect(body.rows[0].masked).toBe(true);
    expect(JSON.stringify(body)).not.toContain("4111111111111111");
  });
});
