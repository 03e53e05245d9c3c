import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisStreamsClient } from "@/lib/brokers/redis-streams/redis-streams-client";
import { readStreamsSnapshot } from "@/lib/brokers/redis-streams/redis-streams-snapshot";
import { ackPending, autoClaimPending, claimPending, listPending } from "@/lib/brokers/redis-streams/redis-pending";
import { DLQ_FIELDS, deadLetterEntries, deadLetterPending, matchDeadLetterCandidates } from "@/lib/brokers/redis-streams/redis-dead-letter";
import { redisStreamsDelivery } from "@/lib/brokers/redis-streams/redis-delivery";
import { previewGroupReset, resetGroup } from "@/lib/brokers/redis-streams/redis-group-reset";
import { requireStream, resolveGroup } from "@/lib/brokers/redis-streams/redis-groups";
import { parseEntries } from "@/lib/brokers/redis-streams/stream-facts";
import { deleteKeysWithPrefix } from "../support/redis-keys";

// The Redis Streams operations against the real Redis on 127.0.0.1:6379: the sampling cycle, the
// pending entries list, claim and ack, dead-lettering with a real consumer's delivery counts, the
// requeue delivery exactly once when sent twice at once (kill -9 of a requeue job part way:
// redis-streams-requeue-crash.test.ts), group reset, bad input and a Redis that is down. Every key carries this run's prefix and is deleted at the end.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `it-rs-${randomUUID().slice(0, 8)}:`;
const key = (name: string) => `${prefix}${name}`;
const MARKER = "x-eventscope-requeue-id";

let redis: Redis;
let client: RedisStreamsClient;

async function addEntries(stream: string, count: number, field = "n"): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < count; i++) pipeline.xadd(stream, "*", field, String(i), "payload", JSON.stringify({ order: i }));
  const replies = (await pipeline.exec())!;
  return replies.map(([error, id]) => {
    if (error) throw error;
    return String(id);
  });
}

/** A consumer that reads `count` new entries and then, `crashes` times, restarts and reads its PEL again without acking (each read is a delivery). */
async function crashingConsumer(stream: string, group: string, consumer: string, count: number, crashes: number): Promise<void> {
  await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "STREAMS", stream, ">");
  for (let i = 0; i < crashes; i++) await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "STREAMS", stream, "0");
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  client = new RedisStreamsClient({ url: REDIS_URL });
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await client.close();
  redis.disconnect();
});

describe("sampling cycle", () => {
  it("reads streams, groups, consumers, lag in messages and seconds, memory, status, and skips other keys", async () => {
    const orders = key("snap:orders");
    const ids = await addEntries(orders, 10);
    await redis.xgroup("CREATE", orders, "done", "$");
    await redis.xgroup("CREATE", orders, "slow", "0");
    await redis.xgroup("CREATE", orders, "idle", "0");
    // slow: reads 4, acks 1 -> 3 pending, 6 undelivered.
    const read = (await redis.xreadgroup("GROUP", "slow", "w1", "COUNT", 4, "STREAMS", orders, ">")) as [string, [string, string[]][]][];
    await redis.xack(orders, "slow", read[0][1][0][0]);
    await redis.set(key("snap:not-a-stream"), "x");
    // A stream where Redis cannot tell the lag: an entry deleted after the group's position.
    const holes = key("snap:holes");
    const holeIds = await addEntries(holes, 6);
    await redis.xgroup("CREATE", holes, "g", holeIds[1]);
    await redis.xdel(holes, holeIds[3]);
    await redis.xgroup("SETID", holes, "g", holeIds[1]);

    const snap = await readStreamsSnapshot(client, `${prefix}snap:*`);
    expect(snap.streams.map((s) => s.facts.key)).toEqual([holes, orders]);
    const o = snap.streams.find((s) => s.facts.key === orders)!;
    expect(o.facts).toMatchObject({ length: 10, firstId: ids[0] });
    expect(o.lastId).toBe(ids[9]);
    expect(o.facts.memoryBytes).toBeGreaterThan(0);
    const byName = Object.fromEntries(o.groups.map((g) => [g.facts.name, g]));
    expect(byName.done.lag).toMatchObject({ lag: 0, lagSeconds: 0 });
    expect(byName.done.status).toBe("OK");
    expect(byName.slow.lag).toMatchObject({ lag: 9, pending: 3, undelivered: { count: 6, source: "redis" } });
    expect(byName.slow.facts.oldestPending?.id).toBe(ids[1]);
    expect(byName.slow.oldestUndeliveredId).toBe(ids[4]);
    expect(byName.slow.facts.consumers).toMatchObject([{ name: "w1", pending: 3 }]);
    expect(byName.slow.lag.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(byName.idle.lag).toMatchObject({ lag: 10 });
    expect(byName.idle.status).toBe("ERR");
    expect(byName.idle.reason).toMatch(/no consumers; 10 entries waiting/);

    const h = snap.streams.find((s) => s.facts.key === holes)!;
    expect(h.groups[0].facts.lag).toBeNull(); // Redis 7 cannot say
    expect(h.groups[0].lag.undelivered).toEqual({ count: 3, source: "counted" });
    expect(h.groups[0].lag.lag).toBe(3);
  });

  it("lag in seconds of a stopped group grows with wall time", async () => {
    const s = key("snap2:stopped");
    await addEntries(s, 3);
    await redis.xgroup("CREATE", s, "g", "0");
    const first = (await readStreamsSnapshot(client, `${prefix}snap2:*`)).streams[0].groups[0];
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = (await readStreamsSnapshot(client, `${prefix}snap2:*`)).streams[0].groups[0];
    expect(second.lag.lag).toBe(3);
    expect(second.lag.lagSeconds! - first.lag.lagSeconds!).toBeGreaterThanOrEqual(1);
  });
});

describe("pending entries", () => {
  it("lists oldest first with consumer, idle and deliveries; pages; sorts by deliveries; claims and acks", async () => {
    const s = key("pel:orders");
    const ids = await addEntries(s, 30);
    await redis.xgroup("CREATE", s, "g", "0");
    await crashingConsumer(s, "g", "crashed", 10, 2); // ids 0..9: 3 deliveries
    await redis.xreadgroup("GROUP", "g", "other", "COUNT", 5, "STREAMS", s, ">"); // ids 10..14: 1 delivery

    const first = await listPending(redis, s, "g", { limit: 4 });
    expect(first.total).toBe(15);
    expect(first.entries.map((e) => e.id)).toEqual(ids.slice(0, 4));
    expect(first.entries[0]).toMatchObject({ consumer: "crashed", deliveries: 3 });
    expect(first.entries[0].idleMs).toBeGreaterThanOrEqual(0);
    const second = await listPending(redis, s, "g", { limit: 20, after: first.next });
    expect(second.entries.map((e) => e.id)).toEqual(ids.slice(4, 15));
    expect(second.next).toBeUndefined();
    const sorted = await listPending(redis, s, "g", { limit: 15, sort: "deliveries" });
    expect(sorted.entries.slice(-5).map((e) => e.consumer)).toEqual(Array(5).fill("other"));
    expect((await listPending(redis, s, "g", { limit: 50, consumer: "other" })).entries.map((e) => e.id)).toEqual(ids.slice(10, 15));

    // Claim: the idle threshold leaves alone what is not idle long enough.
    expect(await claimPending(redis, s, "g", "rescuer", [ids[0], ids[1]], 3_600_000)).toEqual([]);
    expect(await claimPending(redis, s, "g", "rescuer", [ids[0], ids[1]], 0)).toEqual([ids[0], ids[1]]);
    const auto = await autoClaimPending(redis, s, "g", "rescuer", 0, "0-0", 3);
    expect(auto.claimed).toEqual(ids.slice(0, 3));
    const afterClaim = await listPending(redis, s, "g", { limit: 3 });
    expect(afterClaim.entries.map((e) => [e.consumer, e.deliveries])).toEqual([["rescuer", 3], ["rescuer", 3], ["rescuer", 3]]);
    expect(await ackPending(redis, s, "g", [ids[0], ids[0], ids[29]])).toBe(1);
    expect((await listPending(redis, s, "g", { limit: 1 })).total).toBe(14);
  });

  it("bad input: a malformed id, a key that is not a stream, a group that does not exist", async () => {
    const s = key("pel:bad");
    await addEntries(s, 1);
    await redis.xgroup("CREATE", s, "g", "0");
    await redis.set(key("pel:string"), "x");
    await expect(listPending(redis, s, "g", { limit: 5, after: "12-x" })).rejects.toMatchObject({ code: "invalid-input" });
    await expect(client.run((r) => listPending(r, s, "nope", { limit: 5 }), { stream: s, group: "nope" })).rejects.toMatchObject({ code: "not-found" });
    await expect(client.run((r) => listPending(r, key("pel:string"), "g", { limit: 5 }), { stream: key("pel:string") })).rejects.toMatchObject({ code: "invalid-input" });
    await expect(client.run((r) => requireStream(r, key("pel:string")))).rejects.toMatchObject({ code: "invalid-input", message: expect.stringMatching(/not a stream \(the key holds a string\)/) });
    await expect(client.run((r) => requireStream(r, key("pel:missing")))).rejects.toMatchObject({ code: "not-found" });
    await expect(client.run((r) => resolveGroup(r, `${s}.g`))).resolves.toEqual({ stream: s, group: "g" });
    await expect(client.run((r) => resolveGroup(r, `${s}.nope`))).rejects.toMatchObject({ code: "not-found", message: expect.stringContaining('"nope"') });
    await expect(client.run((r) => resolveGroup(r, `${key("pel:string")}.g`))).rejects.toMatchObject({ code: "invalid-input" });
    await expect(client.run((r) => resolveGroup(r, "no-dot"))).rejects.toMatchObject({ code: "invalid-input" });
  });

  it("resolves <stream>.<group> when both contain dots", async () => {
    const s = key("pel:a.b");
    await addEntries(s, 1);
    await redis.xgroup("CREATE", s, "c.d", "0");
    await expect(client.run((r) => resolveGroup(r, `${s}.c.d`))).resolves.toEqual({ stream: s, group: "c.d" });
  });
});

describe("dead-letter and requeue", () => {
  const TOTAL = 1_000;

  it("moves 1,000 entries a real consumer left past the delivery limit, once, even when asked twice at once", async () => {
    const s = key("dl:orders");
    const dlq = `${s}:dlq`;
    const ids = await addEntries(s, TOTAL + 20);
    await redis.xgroup("CREATE", s, "billing", "0");
    await crashingConsumer(s, "billing", "worker-1", TOTAL, 4); // 5 deliveries each
    await redis.xreadgroup("GROUP", "billing", "worker-2", "COUNT", 20, "STREAMS", s, ">"); // 1 delivery: stay

    const dry = await matchDeadLetterCandidates(redis, s, "billing", { minDeliveries: 5 });
    expect(dry).toHaveLength(TOTAL);
    expect(await redis.exists(dlq)).toBe(0); // the dry run moved nothing

    const [a, b] = await Promise.all([
      deadLetterPending(redis, s, "billing", dlq, { minDeliveries: 5 }),
      deadLetterPending(redis, s, "billing", dlq, { minDeliveries: 5 }),
    ]);
    expect(a.moved + b.moved).toBe(TOTAL);
    expect(await redis.xlen(dlq)).toBe(TOTAL);
    const pel = await listPending(redis, s, "billing", { limit: 100 });
    expect(pel.total).toBe(20);
    expect(pel.entries.every((e) => e.consumer === "worker-2")).toBe(true);

    const dead = parseEntries(await redis.xrange(dlq, "-", "+"));
    expect(dead.map((e) => Object.fromEntries(e.fields)[DLQ_FIELDS.originalId])).toEqual(ids.slice(0, TOTAL));
    expect(Object.fromEntries(dead[0].fields)).toMatchObject({
      n: "0",
      payload: JSON.stringify({ order: 0 }),
      [DLQ_FIELDS.originalStream]: s,
      [DLQ_FIELDS.group]: "billing",
      [DLQ_FIELDS.consumer]: "worker-1",
      [DLQ_FIELDS.deliveries]: "5",
    });
    expect(Object.fromEntries(dead[0].fields)[DLQ_FIELDS.error]).toMatch(/delivered 5 times/);
  });

  it("leaves alone an entry acked, or below the threshold, between the listing and the move", async () => {
    const s = key("dl:race");
    const dlq = `${s}:dlq`;
    const ids = await addEntries(s, 3);
    await redis.xgroup("CREATE", s, "g", "0");
    await crashingConsumer(s, "g", "w", 3, 2);
    const listed = (await matchDeadLetterCandidates(redis, s, "g", { minDeliveries: 3 })).map((e) => e.id);
    expect(listed).toEqual(ids);
    await redis.xack(s, "g", ids[1]); // the consumer finally acked it after the listing
    const { moved } = await deadLetterEntries(redis, s, "g", dlq, listed, { minDeliveries: 3, minIdleMs: 0 });
    expect(moved.map((m) => m.id)).toEqual([ids[0], ids[2]]);
    expect(parseEntries(await redis.xrange(dlq, "-", "+")).map((e) => Object.fromEntries(e.fields)[DLQ_FIELDS.originalId])).toEqual([ids[0], ids[2]]);
    const none = await deadLetterPending(redis, s, "g", dlq, { minDeliveries: 4 });
    expect(none).toEqual({ matched: 0, moved: 0, refused: [] });
    await redis.set(key("dl:string"), "x");
    await redis.xreadgroup("GROUP", "g", "w", "COUNT", 1, "STREAMS", s, "0");
    await expect(client.run(async (r) => {
      await addEntries(s, 1);
      await r.xreadgroup("GROUP", "g", "w", "COUNT", 1, "STREAMS", s, ">");
      await r.xreadgroup("GROUP", "g", "w", "COUNT", 1, "STREAMS", s, "0");
      return deadLetterPending(r, s, "g", key("dl:string"), { minDeliveries: 1 });
    })).rejects.toMatchObject({ code: "invalid-input" });
  });

  it("requeues through the console's delivery exactly once when sent twice at once, and refuses a target that is not a stream", async () => {
    // The requeue job's path (redis-delivery.ts); the job around it: redis-streams-api and -requeue-crash.
    const s = key("rq:orders");
    const dlq = `${s}:dlq`;
    await redis.xadd(s, "*", "seed", "1");
    const dlqIds = await addEntries(dlq, 50);
    const delivery = redisStreamsDelivery(client, MARKER);
    const copies = dlqIds.map((id, i) => ({
      request: { topic: s, value: JSON.stringify({ n: String(i) }), headers: { [MARKER]: `rq-${id}` } },
      marker: `rq-${id}`,
      source: { topic: dlq, partition: 0, offset: i, id },
    }));
    await Promise.all([delivery.publishOnce(copies), delivery.publishOnce(copies)]);
    expect(await redis.xlen(dlq)).toBe(0);
    const back = parseEntries(await redis.xrange(s, "-", "+")).slice(1).map((e) => Object.fromEntries(e.fields));
    expect(back).toHaveLength(50);
    expect(back[0]).toEqual({ n: "0", [MARKER]: `rq-${dlqIds[0]}` });
    expect(new Set(back.map((f) => f[MARKER]))).toEqual(new Set(copies.map((c) => c.marker)));
    expect(await delivery.settle(undefined, copies)).toEqual(new Set(copies.map((c) => c.marker)));

    const [left] = await addEntries(dlq, 1);
    const to = (topic: string) => [{ ...copies[0], request: { ...copies[0].request, topic }, source: { topic: dlq, partition: 0, offset: 0, id: left } }];
    await redis.set(key("rq:string"), "x");
    await expect(delivery.publishOnce(to(key("rq:string")))).rejects.toMatchObject({ code: "broker-refused", message: expect.stringMatching(/holds a string/) });
    await expect(delivery.publishOnce(to(key("rq:gone")))).rejects.toMatchObject({ code: "broker-refused", message: expect.stringMatching(/does not exist/) });
    expect(await redis.xlen(dlq)).toBe(1); // the refused requeues moved nothing
  });

  it("reports, and leaves in place, an entry with more fields than a script can copy", async () => {
    const s = key("big:orders");
    const dlq = `${s}:dlq`;
    const wide = Array.from({ length: 4_000 }, (_, i) => [`f${i}`, "v"]).flat();
    const [small, big] = [await redis.xadd(s, "*", "a", "1"), await redis.xadd(s, "*", ...wide)];
    await redis.xgroup("CREATE", s, "g", "0");
    await crashingConsumer(s, "g", "w", 2, 1);
    const result = await deadLetterPending(redis, s, "g", dlq, { minDeliveries: 2 });
    expect(result).toMatchObject({ matched: 2, moved: 1, refused: [{ id: big, reason: expect.stringMatching(/more than 3900 fields/) }] });
    expect((await listPending(redis, s, "g", { limit: 5 })).entries.map((e) => e.id)).toEqual([big]);
    expect(await redis.xlen(dlq)).toBe(1);
    expect(small).toBeTruthy();
  });
});

describe("group reset", () => {
  it("previews the resulting lag and moves the group, keeping Redis's lag known", async () => {
    const s = key("reset:orders");
    const ids = await addEntries(s, 20);
    await redis.xgroup("CREATE", s, "g", "$");
    await redis.xadd(s, "*", "late", "1");
    await redis.xreadgroup("GROUP", "g", "w", "COUNT", 1, "STREAMS", s, ">"); // 1 pending
    const preview = await previewGroupReset(redis, s, "g", ids[14]);
    expect(preview).toMatchObject({ id: ids[14], pending: 1, consumers: 1, lagNow: 1, lagAfter: 6 + 1, lagAfterIsLowerBound: false, entriesRead: 15 });
    await resetGroup(redis, preview);
    const groups = (await redis.xinfo("GROUPS", s)) as unknown[][];
    const info = Object.fromEntries(Array.from({ length: groups[0].length / 2 }, (_, i) => [groups[0][2 * i], groups[0][2 * i + 1]]));
    expect(info).toMatchObject({ "last-delivered-id": ids[14], lag: 6, "entries-read": 15 });
    expect((await previewGroupReset(redis, s, "g", "0")).lagAfter).toBe(22);
    expect((await previewGroupReset(redis, s, "g", "$")).lagAfter).toBe(1);
    await expect(previewGroupReset(redis, s, "g", "yesterday")).rejects.toMatchObject({ code: "invalid-input" });
    await expect(client.run((r) => previewGroupReset(r, s, "nope", "0"), { stream: s, group: "nope" })).rejects.toMatchObject({ code: "not-found" });
  });
});

describe("Redis down", () => {
  it("answers broker-unavailable with the reason, fast", async () => {
    const down = new RedisStreamsClient({ url: "redis://127.0.0.1:1" });
    await expect(readStreamsSnapshot(down, "*")).rejects.toMatchObject({ code: "broker-unavailable", message: expect.stringMatching(/127\.0\.0\.1:1.*connection refused/) });
    // Second call while ioredis reconnects in the background: the last reason, without waiting.
    await expect(down.run((r) => r.ping())).rejects.toMatchObject({ code: "broker-unavailable", message: expect.stringMatching(/connection refused|not connected/) });
    await down.close();
  });
});
