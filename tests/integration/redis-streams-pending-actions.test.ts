import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { call, jsonInit } from "../support/routes";
import { startJobsByHand, runJobToEnd } from "../support/jobs";
import { REDIS_URL, addEntries, readWithoutAck, useRedisStreamsConsole } from "../support/redis-streams";

// Claim and ack of a Redis Streams group's pending entries through the API, against the real Redis
// on 127.0.0.1:6379: dry runs that change nothing, audited jobs, selection by id or by idle time
// (re-checked at the instant of the action), the sorted view's paging, and hostile input refused
// with a 4xx before anything reaches Redis. Idle times are set with XCLAIM ... IDLE (no sleeping).
const NATS_SERVERS = [process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222"];
const { prefix, cleanup } = useRedisStreamsConsole("rspa", [
  { id: "rs-down", name: "Redis down", kind: "redis-streams", url: "redis://127.0.0.1:1", pattern: "*" },
  { id: "nats", name: "NATS", kind: "nats", servers: NATS_SERVERS },
]);
const orders = `${prefix}orders`;
const group = `${orders}.billing`;
const STUCK = 20;
const FRESH = 5;
const TEN_MINUTES = 600_000;

const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

let redis: Redis;
let routes: Record<string, any>;
let ids: string[];

const base = (cluster: string, g: string) => `/api/v1/clusters/${cluster}/consumers/${encodeURIComponent(g)}/pending`;
const claim = (body: unknown, g = group, cluster = "rs") =>
  call(routes.claim.POST, `${base(cluster, g)}/claim`, { cluster, group: g }, jsonInit("POST", body, auth));
const ack = (body: unknown, g = group, cluster = "rs") => call(routes.ack.POST, `${base(cluster, g)}/ack`, { cluster, group: g }, jsonInit("POST", body, auth));
const list = (query: string) => call(routes.pending.GET, `${base("rs", group)}${query}`, { cluster: "rs", group }, { headers: auth });

/** consumer -> ids it holds, from Redis itself. */
async function owners(): Promise<Map<string, string[]>> {
  const rows = (await redis.call("XPENDING", orders, "billing", "-", "+", 1000)) as [string, string, number, number][];
  const out = new Map<string, string[]>();
  for (const [id, consumer] of rows) out.set(consumer, [...(out.get(consumer) ?? []), id]);
  return out;
}

const deliveries = async () =>
  new Map(((await redis.call("XPENDING", orders, "billing", "-", "+", 1000)) as [string, string, number, number][]).map(([id, , , n]) => [id, n]));

/** Sets how long the given entries look idle (XCLAIM to their own consumer with IDLE). */
async function makeIdle(consumer: string, entryIds: string[], idleMs: number) {
  await redis.call("XCLAIM", orders, "billing", consumer, 0, ...entryIds, "IDLE", idleMs, "JUSTID");
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  ids = await addEntries(redis, orders, STUCK + FRESH + 3, (i) => ["order", String(i)]);
  await redis.xgroup("CREATE", orders, "billing", "0");
  // "crashy" read 20 entries (twice: 2 deliveries) and died ten minutes ago; "healthy" holds 5 now.
  await readWithoutAck(redis, orders, "billing", "crashy", STUCK, 1);
  await makeIdle("crashy", ids.slice(0, STUCK), TEN_MINUTES);
  await readWithoutAck(redis, orders, "billing", "healthy", FRESH);

  await startJobsByHand();
  routes = {
    pending: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/route"),
    claim: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/claim/route"),
    ack: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/ack/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    audit: await import("@/app/api/v1/audit/route"),
  };
}, 60_000);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("claiming pending entries", () => {
  it("counts the entries idle longer than N in a dry run that changes nothing, and says the consumer is new", async () => {
    const dry = await claim({ consumer: "rescuer", minIdleMs: TEN_MINUTES / 2, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ matched: STUCK, consumerExists: false });
    const known = await claim({ consumer: "healthy", minIdleMs: TEN_MINUTES / 2, dryRun: true });
    expect(known.body).toEqual({ matched: STUCK, consumerExists: true });
    expect((await owners()).get("crashy")).toHaveLength(STUCK);
  });

  it("claims every entry idle longer than N to the consumer as an audited job, keeping delivery counts", async () => {
    const before = await deliveries();
    const asked = await claim({ consumer: "rescuer", minIdleMs: TEN_MINUTES / 2 });
    expect(asked.status).toBe(202);
    const job = await runJobToEnd(asked.body.job.id);
    expect(job).toMatchObject({ kind: "pending-claim", state: "succeeded", total: STUCK, done: STUCK, failed: 0 });
    const now = await owners();
    expect(now.get("rescuer")).toEqual(ids.slice(0, STUCK));
    expect(now.get("crashy")).toBeUndefined();
    expect(now.get("healthy")).toEqual(ids.slice(STUCK, STUCK + FRESH));
    expect(await deliveries()).toEqual(before);
    // The claim made them busy again: nothing is idle that long any more.
    expect((await claim({ consumer: "rescuer", minIdleMs: TEN_MINUTES / 2, dryRun: true })).body.matched).toBe(0);
    const audit = await call(routes.audit.GET, "/api/v1/audit?limit=50", {}, { headers: auth });
    const entry = audit.body.events.find((e: { action: string }) => e.action === "consumer.claim");
    expect(entry).toMatchObject({ target: `consumer:rs/${group}` });
  });

  it("claims selected ids, and only those still idle at least minIdleMs when it acts", async () => {
    const chosen = ids.slice(0, 3);
    await makeIdle("rescuer", chosen.slice(0, 2), TEN_MINUTES);
    // The third was just claimed (idle ~0): the guard leaves it where it is.
    const dry = await claim({ consumer: "healthy", ids: chosen, minIdleMs: 60_000, dryRun: true });
    expect(dry.body).toEqual({ matched: 2, consumerExists: true });
    const asked = await claim({ consumer: "healthy", ids: [...chosen].reverse(), minIdleMs: 60_000 });
    expect(asked.status).toBe(202);
    expect(await runJobToEnd(asked.body.job.id)).toMatchObject({ state: "succeeded", total: 2, done: 2 });
    const now = await owners();
    expect(now.get("healthy")).toEqual([...chosen.slice(0, 2), ...ids.slice(STUCK, STUCK + FRESH)]);
    expect(now.get("rescuer")).toEqual(ids.slice(2, STUCK));
  });

  it("refuses bad consumer names, ids and idle bounds with a 400, and changes nothing", async () => {
    const before = await owners();
    const bad: unknown[] = [
      { consumer: " rescuer", minIdleMs: 1 },
      { consumer: "rescuer ", minIdleMs: 1 },
      { consumer: "res\u0000cuer", minIdleMs: 1 },
      { consumer: "res\ncuer", minIdleMs: 1 },
      { consumer: "x".repeat(257), minIdleMs: 1 },
      { consumer: "", minIdleMs: 1 },
      { consumer: "rescuer" }, // no selection: would claim everything, busy entries included
      { consumer: "rescuer", minIdleMs: 0 },
      { consumer: "rescuer", minIdleMs: -1 },
      { consumer: "rescuer", minIdleMs: 1.5 },
      { consumer: "rescuer", minIdleMs: 1e20 },
      { consumer: "rescuer", minIdleMs: "600000" },
      { consumer: "rescuer", ids: [] },
      { consumer: "rescuer", ids: ["12-abc"] },
      { consumer: "rescuer", ids: ["-"] },
      { consumer: "rescuer", ids: ["+"] },
      { consumer: "rescuer", ids: ["99999999999999999999-0"] },
      { consumer: "rescuer", ids: Array.from({ length: 1001 }, (_, i) => `1-${i}`) },
      { consumer: "rescuer", ids: ids[0] },
      { consumer: "rescuer", ids: [ids[0]], extra: 1 },
      { consumer: 42, ids: [ids[0]] },
    ];
    for (const body of bad) {
      const answer = await claim(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(await owners()).toEqual(before);
  });

  it("answers 404 for a group that does not exist, 422 for a broker without pending entries, 503 when Redis is down", async () => {
    expect((await claim({ consumer: "x", minIdleMs: 1, dryRun: true }, `${orders}.nobody`)).status).toBe(404);
    expect((await ack({ minIdleMs: 1, dryRun: true }, `${orders}.nobody`)).status).toBe(404);
    expect((await claim({ consumer: "x", minIdleMs: 1, dryRun: true }, "orders.billing", "nats")).status).toBe(422);
    const down = await claim({ consumer: "x", minIdleMs: 1, dryRun: true }, "orders.billing", "rs-down");
    expect(down.status).toBe(503);
  });
});

describe("acknowledging pending entries", () => {
  it("acks selected ids after a dry run that states the count; the entries stay in the stream", async () => {
    const chosen = ids.slice(STUCK, STUCK + 2); // held by healthy
    const dry = await ack({ ids: [...chosen, ids[STUCK + FRESH]], dryRun: true }); // the last was never delivered
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ matched: 2 });
    const length = await redis.xlen(orders);
    const asked = await ack({ ids: chosen });
    expect(asked.status).toBe(202);
    expect(await runJobToEnd(asked.body.job.id)).toMatchObject({ kind: "pending-ack", state: "succeeded", total: 2, done: 2 });
    const pendingIds = [...(await owners()).values()].flat();
    for (const id of chosen) expect(pendingIds).not.toContain(id);
    expect(await redis.xlen(orders)).toBe(length);
    const audit = await call(routes.audit.GET, "/api/v1/audit?limit=50", {}, { headers: auth });
    expect(audit.body.events.find((e: { action: string }) => e.action === "consumer.ack")).toMatchObject({ target: `consumer:rs/${group}` });
  });

  it("acks every entry idle longer than N and leaves the busy ones", async () => {
    const idle = ids.slice(5, 10); // held by rescuer
    await makeIdle("rescuer", idle, TEN_MINUTES);
    const total = (await list("")).body.total;
    expect((await ack({ minIdleMs: TEN_MINUTES / 2, dryRun: true })).body).toEqual({ matched: idle.length });
    const asked = await ack({ minIdleMs: TEN_MINUTES / 2 });
    expect(await runJobToEnd(asked.body.job.id)).toMatchObject({ state: "succeeded", done: idle.length });
    expect((await list("")).body.total).toBe(total - idle.length);
    const pendingIds = [...(await owners()).values()].flat();
    for (const id of idle) expect(pendingIds).not.toContain(id);
  });

  it("refuses an ack without a selection or with a bad id", async () => {
    for (const body of [{}, { dryRun: true }, { minIdleMs: 0 }, { ids: ["1-x"] }, { ids: [ids[0]], consumer: "x" }]) {
      expect((await ack(body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("the pending list sorted by idle time", () => {
  it("pages by offset, highest idle first, and refuses mixing the two ways of paging", async () => {
    await makeIdle("rescuer", [ids[12]], 3 * TEN_MINUTES);
    await makeIdle("rescuer", [ids[13]], 2 * TEN_MINUTES);
    const first = await list("?sort=idle&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { id: string }) => e.id)).toEqual([ids[12], ids[13]]);
    expect(first.body.nextOffset).toBe(2);
    const all = (await list("?sort=idle&limit=1000")).body.entries as { idleMs: number }[];
    const second = await list("?sort=idle&limit=2&offset=2");
    expect(second.body.entries).toHaveLength(Math.min(2, all.length - 2));
    expect(second.body.entries[0].idleMs).toBeLessThanOrEqual(first.body.entries[1].idleMs);
    expect((await list(`?sort=idle&limit=1000&offset=${all.length}`)).body).toMatchObject({ entries: [] });
    expect((await list("?offset=2")).status).toBe(400);
    expect((await list(`?sort=idle&after=${ids[0]}`)).status).toBe(400);
    expect((await list("?sort=idle&offset=-1")).status).toBe(400);
  });
});
