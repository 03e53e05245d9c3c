import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { call, jsonInit } from "../support/routes";
import { startJobsByHand, runJobToEnd } from "../support/jobs";
import { REDIS_URL, addEntries, readWithoutAck, useRedisStreamsConsole } from "../support/redis-streams";
import { deleteKeysWithPrefix } from "../support/redis-keys";

// The `redis-streams` cluster kind through the API against the real Redis on 127.0.0.1:6379: streams,
// a group with its Redis figures, the pending entries list, the dead-letter job (dry run, job, asked
// again), its audit, the dead-letter stream in the DLQ views and a requeue from it exactly once, bad
// input, and a Redis that is down. Keys carry this run's prefix and are deleted at the end.
const { prefix, cleanup } = useRedisStreamsConsole("rsapi", [{ id: "rs-down", name: "Redis down", kind: "redis-streams", url: "redis://127.0.0.1:1", pattern: "*" }]);
const orders = `${prefix}orders`;
const dlq = `${orders}:dlq`;
const group = `${orders}.billing`;
const POISON = 50;
const HEALTHY = 10;

const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

let redis: Redis;
let routes: Record<string, any>;
let ids: string[];

const get = (route: string, url: string, params: Record<string, string>) => call(routes[route].GET, url, params, { headers: auth });
const pendingUrl = (cluster: string, g: string, query = "") => `/api/v1/clusters/${cluster}/consumers/${encodeURIComponent(g)}/pending${query}`;
const getPending = (g: string, query = "", cluster = "rs") => call(routes.pending.GET, pendingUrl(cluster, g, query), { cluster, group: g }, { headers: auth });
const deadLetter = (g: string, body: unknown, cluster = "rs") =>
  call(routes.deadLetter.POST, `${pendingUrl(cluster, g)}/dead-letter`, { cluster, group: g }, jsonInit("POST", body, auth));

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  ids = await addEntries(redis, orders, POISON + HEALTHY + 5, (i) => ["order", JSON.stringify({ id: i }), "x-trace-id", `t-${i}`]);
  await redis.xgroup("CREATE", orders, "billing", "0");
  // A consumer that crashes on the first 50 entries four times over (each restart re-reads its PEL)...
  await readWithoutAck(redis, orders, "billing", "crashy", POISON, 3);
  // ...and a healthy one that has 10 in hand; 5 entries are not delivered yet.
  await readWithoutAck(redis, orders, "billing", "healthy", HEALTHY);
  await redis.set(`${prefix}plain-key`, "not a stream");

  await startJobsByHand();
  routes = {
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    topicMessages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    pending: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/route"),
    deadLetter: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/dead-letter/route"),
    dlqs: await import("@/app/api/v1/clusters/[cluster]/dlq/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    audit: await import("@/app/api/v1/audit/route"),
  };
}, 60_000);

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a redis-streams cluster", () => {
  it("lists its streams (not other keys) and a group with lag = undelivered + pending", async () => {
    const topics = await get("topics", "/api/v1/clusters/rs/topics", { cluster: "rs" });
    expect(topics.status).toBe(200);
    const names = (topics.body.topics as { name: string }[]).map((t) => t.name);
    expect(names).toEqual([orders]);
    const detail = await call(routes.consumer.GET, `/api/v1/clusters/rs/consumers/${encodeURIComponent(group)}`, { cluster: "rs", group }, { headers: auth });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ group, lag: POISON + HEALTHY + 5, topics: [orders] });
    expect(detail.body.brokerFigures).toMatchObject({ stream: orders, group: "billing", pending: POISON + HEALTHY, undelivered: 5 });
    expect(detail.body.brokerFigures.lagSeconds).toBeGreaterThanOrEqual(0);
  });

  it("answers the pending entries oldest first, pages them, and refuses bad input with a 4xx", async () => {
    const first = await getPending(group, "?limit=20");
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(POISON + HEALTHY);
    expect(first.body.entries[0]).toMatchObject({ id: ids[0], consumer: "crashy", deliveries: 4 });
    expect(first.body.entries.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 20));
    const rest = await getPending(group, `?limit=1000&after=${first.body.next}`);
    expect(rest.body.entries).toHaveLength(POISON + HEALTHY - 20);
    expect((await getPending(group, "?after=12-abc")).status).toBe(400);
    expect((await getPending(group, "?limit=5000")).status).toBe(400);
    expect((await getPending(`${orders}.nobody`)).status).toBe(404);
    expect((await getPending(`${prefix}plain-key.billing`)).status).toBe(400);
    expect((await getPending("no-dot-at-all")).status).toBe(400);
  });

  it("dead-letters the entries past the delivery limit as an audited job, once", async () => {
    const dry = await deadLetter(group, { minDeliveries: 4, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ matched: POISON, destination: dlq });
    expect(await redis.exists(dlq)).toBe(0);

    const asked = await deadLetter(group, { minDeliveries: 4 });
    expect(asked.status).toBe(202);
    const job = await runJobToEnd(asked.body.job.id);
    expect(job).toMatchObject({ kind: "dead-letter", state: "succeeded", done: POISON, failed: 0 });
    expect(await redis.xlen(dlq)).toBe(POISON);
    expect((await getPending(group)).body.total).toBe(HEALTHY);

    const again = await deadLetter(group, { minDeliveries: 4 });
    expect(again.status).toBe(202);
    expect(await runJobToEnd(again.body.job.id)).toMatchObject({ state: "succeeded", done: 0 });
    expect(await redis.xlen(dlq)).toBe(POISON);

    const audit = await call(routes.audit.GET, "/api/v1/audit?limit=50", {}, { headers: auth });
    expect(audit.body.events.filter((e: { action: string }) => e.action === "consumer.dead-letter")).toHaveLength(2);
  });

  it("refuses a malformed dead-letter body", async () => {
    expect((await deadLetter(group, { minDeliveries: 0 })).status).toBe(400);
    expect((await deadLetter(group, { minDeliveries: 2, extra: true })).status).toBe(400);
    expect((await deadLetter(group, { minDeliveries: "3" })).status).toBe(400);
    expect((await deadLetter(`${orders}.nobody`, { minDeliveries: 3, dryRun: true })).status).toBe(404);
  });

  it("shows the dead-letter stream in the DLQ views and requeues from it exactly once", async () => {
    const list = await get("dlqs", "/api/v1/clusters/rs/dlq", { cluster: "rs" });
    expect(list.status).toBe(200);
    expect(list.body.dlqs.find((d: { topic: string }) => d.topic === dlq)).toMatchObject({ messages: POISON, pending: POISON, originalTopics: [orders] });
    const page = await call(routes.dlqMessages.GET, `/api/v1/clusters/rs/dlq/${encodeURIComponent(dlq)}/messages?limit=5`, { cluster: "rs", topic: dlq }, { headers: auth });
    expect(page.status).toBe(200);
    const message = page.body.messages[0];
    expect(message.id).toMatch(/^\d+-\d+$/);
    expect(message.originalTopic).toBe(orders);
    expect(message.error).toMatch(/delivered 4 times/);

    const before = await redis.xlen(orders);
    const body = { filter: {}, dryRun: false };
    const [a, b] = await Promise.all([
      call(routes.requeue.POST, `/api/v1/clusters/rs/dlq/${encodeURIComponent(dlq)}/requeue`, { cluster: "rs", topic: dlq }, jsonInit("POST", body, auth)),
      call(routes.requeue.POST, `/api/v1/clusters/rs/dlq/${encodeURIComponent(dlq)}/requeue`, { cluster: "rs", topic: dlq }, jsonInit("POST", body, auth)),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    await runJobToEnd(a.body.job.id);
    await runJobToEnd(b.body.job.id);
    expect(await redis.xlen(dlq)).toBe(0);
    expect(await redis.xlen(orders)).toBe(before + POISON);
    const back = (await redis.xrange(orders, "-", "+")).slice(before);
    const markers = back.map(([, fields]) => fields[fields.indexOf("x-eventscope-requeue-id") + 1]);
    expect(new Set(markers).size).toBe(POISON);
    expect(back[0][1].slice(0, 2)).toEqual(["order", JSON.stringify({ id: 0 })]);
  });

  it("refuses hostile names and keys it does not watch with a 4xx, and reads entries with their ids", async () => {
    expect((await getPending(`${orders}.${"g".repeat(5_000)}`)).status).toBe(400);
    const dotty = await getPending(`${orders}${".x".repeat(300)}`);
    expect([400, 404]).toContain(dotty.status);
    expect((await getPending(`${orders}.bill\u0000ing`)).status).toBe(400);
    const messages = (topic: string, query = "") =>
      call(routes.topicMessages.GET, `/api/v1/clusters/rs/topics/${encodeURIComponent(topic)}/messages${query}`, { cluster: "rs", topic }, { headers: auth });
    expect((await messages(`${prefix}plain-key`)).status).toBe(400); // matches the pattern, not a stream
    expect((await messages("someone-elses-stream")).status).toBe(404); // outside the pattern
    const page = await messages(orders, "?limit=2");
    expect(page.status).toBe(200);
    expect(page.body.messages[0].id).toBe(ids[0]);
  });

  it("answers 503 fast when Redis is down", async () => {
    const down = await getPending("orders.billing", "", "rs-down");
    expect(down.status).toBe(503);
    expect(down.body.error.message).toMatch(/127\.0\.0\.1:1/);
  });
});
