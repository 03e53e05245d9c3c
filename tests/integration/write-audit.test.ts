import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { openApiPathOf } from "@/lib/contract/openapi";
import type { AnyVerb } from "@/lib/verbs/verb";
import { waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";
import { DDL, PG_URL, insertRows, pgDb, seedRows, type Db, type Seeded } from "../support/outbox-seed";
import { deleteKeysWithPrefix } from "../support/redis-keys";

// Every write of the API records its audit event: each POST/PUT/PATCH/DELETE route under app/api is
// called once here, for real (a fresh SQLite database, Redis Streams and a Redis idempotency store on
// 127.0.0.1:6379, an outbox table on the local PostgreSQL), and the audit trail must then hold a new
// row with the action the route's verb names. A route without a case here fails ("covers every
// mutating route"), so a new write cannot skip this check. tests/unit/write-verbs.test.ts checks that
// each mutating route is a verb naming its audit actions.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = randomUUID().slice(0, 8);
const prefix = `it-wa-${run}-`;
const orders = `${prefix}orders`;
const dlq = `${orders}:dlq`;
const group = `${orders}.billing`;
const replayTarget = `${prefix}replayed`;
const outboxTable = `outbox_wa_${run}`;
const recordKey = `${prefix}processed:evt-1`;

const { cleanup } = useTempConsoleEnv("eventscope-write-audit-", {
  clusters: [{ id: "rs", name: "Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: `${prefix}*` }],
  idempotency: [{ id: "idem", kind: "redis", url: REDIS_URL, pattern: `${prefix}processed:*` }],
  outbox: [{ id: "ob", kind: "postgres", url: PG_URL, table: outboxTable, allowActions: true }],
});
delete process.env.EVENTSCOPE_ADMIN_PASSWORD;
const admin = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

const API_DIR = path.resolve(__dirname, "../../app/api");
const WRITES = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = Parameters<typeof call>[0] & { verb?: AnyVerb };

let redis: Redis;
let db: Db;
let rows: Seeded[];
let jobs: typeof import("@/lib/jobs/job-runner");
let entryIds: string[];
const handlers = new Map<string, Handler>();
/** The first admin's session cookie, from POST /auth/setup (tokens are managed by a user, not the bootstrap token). */
let session = "";
const state: Record<string, string> = {};

function routeFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

async function auditRows(): Promise<{ id: string; action: string; target: string }[]> {
  const { getDb } = await import("@/lib/db");
  return (await getDb()).auditEvent.findMany({ select: { id: true, action: true, target: true } });
}

const cookieOf = (response: Response) => /eventscope_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";
const asUser = () => ({ cookie: `eventscope_session=${session}` });

async function runJob(jobId: string) {
  await Promise.all(await jobs.runAvailableJobs());
  return waitFor(async () => {
    const { getDb } = await import("@/lib/db");
    const job = await (await getDb()).job.findUnique({ where: { id: jobId } });
    return job && ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 60_000, "the job to finish");
}

interface Case {
  /** "POST /api/v1/users/{user}": the route, as the contract writes it. */
  route: string;
  /** The audit action the call must leave (one of the verb's `audits`). */
  action: string;
  /** Calls the route once with a request that changes something (no dry run). */
  send: (handler: Handler) => Promise<{ status: number; body: any; response: Response }>;
  /** The success status the route answers. */
  status: number;
}

const u = encodeURIComponent;
const cases: Case[] = [
  {
    route: "POST /api/v1/auth/setup",
    action: "user.create-first-admin",
    status: 201,
    send: async (h) => {
      const answer = await call(h, "/api/v1/auth/setup", {}, jsonInit("POST", { username: "wa-first", password: "a-long-first-password" }));
      session = cookieOf(answer.response);
      return answer;
    },
  },
  {
    route: "POST /api/v1/tokens",
    action: "token.create",
    status: 201,
    send: async (h) => {
      const answer = await call(h, "/api/v1/tokens", {}, jsonInit("POST", { name: "wa-token" }, asUser()));
      state.token = answer.body?.apiToken?.id;
      return answer;
    },
  },
  {
    route: "DELETE /api/v1/tokens/{token}",
    action: "token.revoke",
    status: 204,
    send: (h) => call(h, `/api/v1/tokens/${state.token}`, { token: state.token! }, { method: "DELETE", headers: asUser() }),
  },
  {
    route: "POST /api/v1/auth/sign-in",
    action: "auth.sign-in",
    status: 200,
    send: (h) => call(h, "/api/v1/auth/sign-in", {}, jsonInit("POST", { username: "wa-first", password: "a-long-first-password" })),
  },
  {
    route: "POST /api/v1/auth/sign-out",
    action: "auth.sign-out",
    status: 204,
    send: (h) => call(h, "/api/v1/auth/sign-out", {}, { method: "POST", headers: asUser() }),
  },
  {
    route: "POST /api/v1/users",
    action: "user.create",
    status: 201,
    send: async (h) => {
      const answer = await call(h, "/api/v1/users", {}, jsonInit("POST", { username: "wa-alice", password: "a-long-alice-password", role: "viewer" }, admin));
      state.user = answer.body?.user?.id;
      return answer;
    },
  },
  {
    route: "PATCH /api/v1/users/{user}",
    action: "user.update",
    status: 200,
    send: (h) => call(h, `/api/v1/users/${state.user}`, { user: state.user! }, jsonInit("PATCH", { role: "operator" }, admin)),
  },
  {
    route: "DELETE /api/v1/users/{user}",
    action: "user.delete",
    status: 204,
    send: (h) => call(h, `/api/v1/users/${state.user}`, { user: state.user! }, { method: "DELETE", headers: admin }),
  },
  {
    route: "POST /api/v1/masking-rules",
    action: "masking-rule.create",
    status: 201,
    send: async (h) => {
      const answer = await call(h, "/api/v1/masking-rules", {}, jsonInit("POST", { kind: "json-path", pattern: "$.card" }, admin));
      state.rule = answer.body?.rule?.id;
      return answer;
    },
  },
  {
    route: "DELETE /api/v1/masking-rules/{rule}",
    action: "masking-rule.delete",
    status: 204,
    send: (h) => call(h, `/api/v1/masking-rules/${state.rule}`, { rule: state.rule! }, { method: "DELETE", headers: admin }),
  },
  {
    route: "PUT /api/v1/settings/read-only",
    action: "settings.read-only",
    status: 200,
    send: (h) => call(h, "/api/v1/settings/read-only", {}, jsonInit("PUT", { readOnly: false, clusters: { rs: false } }, admin)),
  },
  {
    route: "POST /api/v1/clusters",
    action: "cluster.create",
    status: 201,
    send: (h) => call(h, "/api/v1/clusters", {}, jsonInit("POST", { id: `wa-${run}`, name: "Added", kind: "redis-streams", url: REDIS_URL, pattern: `${prefix}none-*` }, admin)),
  },
  {
    route: "PUT /api/v1/clusters/{cluster}",
    action: "cluster.update",
    status: 200,
    send: (h) =>
      call(h, `/api/v1/clusters/wa-${run}`, { cluster: `wa-${run}` }, jsonInit("PUT", { id: `wa-${run}`, name: "Renamed", kind: "redis-streams", url: REDIS_URL, pattern: `${prefix}none-*` }, admin)),
  },
  {
    route: "DELETE /api/v1/clusters/{cluster}",
    action: "cluster.delete",
    status: 204,
    send: (h) => call(h, `/api/v1/clusters/wa-${run}`, { cluster: `wa-${run}` }, { method: "DELETE", headers: admin }),
  },
  {
    route: "POST /api/v1/clusters/{cluster}/consumers/{group}/pending/claim",
    action: "consumer.claim",
    status: 202,
    send: async (h) => {
      const answer = await call(h, `/api/v1/clusters/rs/consumers/${u(group)}/pending/claim`, { cluster: "rs", group }, jsonInit("POST", { consumer: "rescuer", ids: entryIds.slice(0, 2) }, admin));
      state.claimJob = answer.body?.job?.id;
      return answer;
    },
  },
  {
    // Cancels the claim job while it is still queued.
    route: "POST /api/v1/jobs/{job}/cancel",
    action: "job.cancel",
    status: 200,
    send: (h) => call(h, `/api/v1/jobs/${state.claimJob}/cancel`, { job: state.claimJob! }, { method: "POST", headers: admin }),
  },
  {
    route: "POST /api/v1/clusters/{cluster}/consumers/{group}/pending/ack",
    action: "consumer.ack",
    status: 202,
    send: (h) => call(h, `/api/v1/clusters/rs/consumers/${u(group)}/pending/ack`, { cluster: "rs", group }, jsonInit("POST", { ids: [entryIds[2]] }, admin)),
  },
  {
    route: "POST /api/v1/clusters/{cluster}/consumers/{group}/pending/dead-letter",
    action: "consumer.dead-letter",
    status: 202,
    send: async (h) => {
      const answer = await call(h, `/api/v1/clusters/rs/consumers/${u(group)}/pending/dead-letter`, { cluster: "rs", group }, jsonInit("POST", { minDeliveries: 1 }, admin));
      // The DLQ cases below act on what this job moves.
      if (answer.body?.job?.id) await runJob(answer.body.job.id);
      return answer;
    },
  },
  {
    route: "POST /api/v1/clusters/{cluster}/dlq/{topic}/discard",
    action: "dlq.discard",
    status: 200,
    send: async (h) => {
      const [first] = await redis.xrange(dlq, "-", "+", "COUNT", 1);
      return call(h, `/api/v1/clusters/rs/dlq/${u(dlq)}/discard`, { cluster: "rs", topic: dlq }, jsonInit("POST", { ids: [first![0]] }, admin));
    },
  },
  {
    route: "POST /api/v1/clusters/{cluster}/dlq/{topic}/requeue",
    action: "dlq.requeue",
    status: 202,
    send: (h) => call(h, `/api/v1/clusters/rs/dlq/${u(dlq)}/requeue`, { cluster: "rs", topic: dlq }, jsonInit("POST", { all: true }, admin)),
  },
  {
    route: "POST /api/v1/clusters/{cluster}/topics/{topic}/replay",
    action: "topic.replay",
    status: 202,
    send: (h) =>
      call(h, `/api/v1/clusters/rs/topics/${u(orders)}/replay`, { cluster: "rs", topic: orders }, jsonInit("POST", { from: { offset: 0 }, to: { offset: 2 }, target: replayTarget }, admin)),
  },
  {
    route: "POST /api/v1/clusters/{cluster}/consumers/{group}/reset",
    action: "consumer.reset",
    status: 200,
    send: (h) => call(h, `/api/v1/clusters/rs/consumers/${u(group)}/reset`, { cluster: "rs", group }, jsonInit("POST", { to: "latest" }, admin)),
  },
  {
    route: "DELETE /api/v1/idempotency/{store}/records/{key}",
    action: "idempotency.delete",
    status: 204,
    send: (h) => call(h, `/api/v1/idempotency/idem/records/${u(recordKey)}`, { store: "idem", key: recordKey }, { method: "DELETE", headers: admin }),
  },
  {
    route: "POST /api/v1/outbox/{source}/retry",
    action: "outbox.retry",
    status: 202,
    send: (h) => call(h, "/api/v1/outbox/ob/retry", { source: "ob" }, jsonInit("POST", { stuck: true }, admin)),
  },
  {
    route: "POST /api/v1/outbox/{source}/mark-failed",
    action: "outbox.mark-failed",
    status: 202,
    send: (h) => call(h, "/api/v1/outbox/ob/mark-failed", { source: "ob" }, jsonInit("POST", { ids: [rows.find((row) => row.status === "pending")!.id] }, admin)),
  },
];

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  const pipeline = redis.pipeline();
  for (let i = 0; i < 8; i++) pipeline.xadd(orders, "*", "order", JSON.stringify({ id: i }));
  entryIds = ((await pipeline.exec()) ?? []).map(([, id]) => String(id));
  await redis.xgroup("CREATE", orders, "billing", "0");
  await redis.xreadgroup("GROUP", "billing", "worker", "COUNT", 6, "STREAMS", orders, ">");
  await redis.xadd(replayTarget, "*", "seed", "1");
  await redis.set(recordKey, JSON.stringify({ eventId: "evt-1" }), "EX", 3600);
  db = await pgDb();
  rows = seedRows();
  await db.exec(DDL.postgres(outboxTable));
  await insertRows(db, "postgres", outboxTable, rows, `${prefix}outbox`);

  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner();
  for (const file of routeFiles(API_DIR)) {
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    const apiPath = openApiPathOf(["/api", ...path.relative(API_DIR, path.dirname(file)).split(path.sep)].join("/"));
    for (const method of WRITES) if (typeof mod[method] === "function") handlers.set(`${method} ${apiPath}`, mod[method]!);
  }
}, 120_000);

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  await db.exec(`DROP TABLE IF EXISTS ${outboxTable}`);
  await db.close();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("every write records its audit event", () => {
  it("covers every mutating route", () => {
    expect(handlers.size).toBeGreaterThan(20);
    expect([...handlers.keys()].filter((key) => !cases.some((c) => c.route === key)), "mutating routes without a case here").toEqual([]);
  });

  // In order: later cases use what earlier ones made (the session, the user, the dead-lettered entries).
  it.each(cases.map((c) => [c.route, c] as const))("%s", async (route, c) => {
    const handler = handlers.get(route);
    expect(handler, `${route} exists`).toBeDefined();
    expect(handler!.verb?.audits, `${route}: the verb names ${c.action}`).toContain(c.action);
    const before = new Set((await auditRows()).map((row) => row.id));
    const answer = await c.send(handler!);
    expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
    const added = (await auditRows()).filter((row) => !before.has(row.id));
    expect(added.map((row) => row.action), `${route} left no "${c.action}" audit row`).toContain(c.action);
  });
});
